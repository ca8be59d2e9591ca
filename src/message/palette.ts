// One status palette for every surface: console chips, Slack emoji, Teams card colours, XLSX
// fills and the board pack's HTML and charts. Ongoing (business as usual) is teal, never the
// blue of Complete. Every `ink` colour reads at ≥ 4.5:1 on white (WCAG AA for text), so a status
// word may be written in it; `fill` is a light background that dark text reads on.
//
// Teams: Adaptive Cards only take named colours, resolved by the Teams theme. In Teams' light
// theme "Good" (#92C353, 2.07:1) and "Warning" (#F8D22A, 1.47:1) fail for text on white, so
// cards write green, amber and teal statuses in the Default colour with a coloured symbol in
// front (the symbol carries the colour; the word carries the meaning) and use only named
// colours whose text passes: Attention (red) and Accent (blue). TEAMS_LIGHT_TEXT records those
// theme colours so a test can compute the contrast.
import type { ActionStatus } from '../register/status.js';

export type TeamsColour = 'Default' | 'Attention' | 'Accent' | 'Good' | 'Warning' | 'Dark' | 'Light';

export interface StatusColours {
  /** The colour's name, for the console chip ("[AMBER] At risk"). */
  name: string;
  /** Text colour on white (≥ 4.5:1), e.g. the status word in HTML and XLSX. */
  ink: string;
  /** A light background for a cell or chip, dark text on it (≥ 4.5:1 with `ink` and black). */
  fill: string;
  /** Chart bar / swatch colour (non-text; ≥ 3:1 against white where it must be told apart). */
  swatch: string;
  /** Slack and Teams: the coloured symbol in front of the status word. */
  emoji: string;
  /** Adaptive Card TextBlock colour for the status word (only contrast-safe names). */
  card: Extract<TeamsColour, 'Default' | 'Attention' | 'Accent'>;
}

export const STATUS_PALETTE: Record<ActionStatus, StatusColours> = {
  on_track: { name: 'green', ink: '#1a6b32', fill: '#dff3e4', swatch: '#2e8540', emoji: '🟢', card: 'Default' },
  at_risk: { name: 'amber', ink: '#8a4b00', fill: '#fff0cc', swatch: '#e8a317', emoji: '🟠', card: 'Default' },
  off_track: { name: 'red', ink: '#b00020', fill: '#fde0e0', swatch: '#d32f2f', emoji: '🔴', card: 'Attention' },
  blocked: { name: 'red', ink: '#7a0019', fill: '#f6d5dc', swatch: '#8e1b3a', emoji: '⛔', card: 'Attention' },
  not_started: { name: 'grey', ink: '#595959', fill: '#ececec', swatch: '#9e9e9e', emoji: '⚪', card: 'Default' },
  ongoing: { name: 'teal', ink: '#00655e', fill: '#d6f0ee', swatch: '#00897b', emoji: '🔄', card: 'Default' },
  complete: { name: 'blue', ink: '#1b4f9c', fill: '#dbe7f7', swatch: '#1f5fbf', emoji: '✅', card: 'Accent' },
  cancelled: { name: 'grey', ink: '#595959', fill: '#ececec', swatch: '#c4c4c4', emoji: '✖️', card: 'Default' },
};

/** Overdue is not a status but boards want it marked wherever an open action is past due. */
export const OVERDUE_COLOURS = { ink: '#b00020', fill: '#fde0e0', swatch: '#d32f2f' } as const;

/** Teams light theme's text colours for the named colours (what a card's text is drawn in). */
export const TEAMS_LIGHT_TEXT: Record<TeamsColour, string> = {
  Default: '#242424',
  Dark: '#252423',
  Light: '#ffffff',
  Accent: '#6264a7',
  Good: '#92c353',
  Warning: '#f8d22a',
  Attention: '#c4314b',
};

/** XLSX fills are ARGB without '#'. */
export const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;

function channel(v: number): number {
  const c = v / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance of a #rrggbb colour. */
export function luminance(hex: string): number {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
}

/** WCAG contrast ratio between two #rrggbb colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}
