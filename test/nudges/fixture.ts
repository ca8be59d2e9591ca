// A small partnership as nudge state, for the pure policy and batching tests.
import { atLocalTime } from '../../src/calendar/zone.js';
import { DEFAULT_SETTINGS, type Settings } from '../../src/settings/index.js';
import type { NudgeAction, NudgeContract, NudgeState, PartnershipNudgeState } from '../../src/nudges/index.js';

export const TZ = 'Europe/London';

/** The instant a minute after the local time on the day (default: just after the 09:30 send time). */
export const at = (day: string, hhmm = '09:31') => atLocalTime(day, hhmm, TZ);

let seq = 0;
export function action(over: Partial<NudgeAction> = {}): NudgeAction {
  seq++;
  return {
    id: over.id ?? `a${seq}`,
    ref: over.ref ?? `TRS-${String(seq).padStart(2, '0')}`,
    title: 'Launch the hospital-to-community treatment pathway',
    status: 'on_track',
    dueDate: null,
    leadAgencyId: 'lbth',
    subgroupId: 'tr',
    statusSince: new Date('2026-01-05T10:00:00Z'),
    // Updated recently by default so the quiet policy stays out of the way.
    lastUpdateAt: null,
    createdAt: new Date('2026-01-05T10:00:00Z'),
    snoozedUntil: null,
    ...over,
  };
}

export function contract(over: Partial<NudgeContract> = {}): NudgeContract {
  seq++;
  return {
    id: over.id ?? `c${seq}`,
    ref: over.ref ?? `C-${String(seq).padStart(2, '0')}`,
    service: 'Adult community drug and alcohol treatment',
    provider: 'Reset Recovery',
    expiryDate: '2027-11-23',
    extensionNoticeDate: null,
    route: 'undecided',
    stage: 'not_started',
    commissionerId: null,
    commissionerAgencyId: 'council',
    subgroupId: 'tr',
    lastUpdateAt: null,
    createdAt: new Date('2024-04-01T10:00:00Z'),
    ...over,
  };
}

export function partnership(parts: { actions?: NudgeAction[]; contracts?: NudgeContract[]; settings?: Partial<Settings> } = {}): PartnershipNudgeState {
  return {
    id: 'p1',
    name: 'Tower Hamlets CDP',
    timezone: TZ,
    settings: { ...DEFAULT_SETTINGS, ...parts.settings },
    actions: parts.actions ?? [],
    contracts: parts.contracts ?? [],
    people: {
      alex: { id: 'alex', name: 'Alex Wilber', email: 'alexw@example.com', agencyIds: ['lbth'] },
      sam: { id: 'sam', name: 'Sam Patel', email: 'sam@example.com', agencyIds: ['lbth'] },
      megan: { id: 'megan', name: 'Megan Bowen', email: 'meganb@example.com', agencyIds: [] },
      adele: { id: 'adele', name: 'Adele Vance', email: 'adelev@example.com', agencyIds: ['council'] },
    },
    agencies: {
      lbth: { id: 'lbth', name: 'LBTH Substance Misuse', personIds: ['alex', 'sam'] },
      mps: { id: 'mps', name: 'Metropolitan Police Service', personIds: [] },
      council: { id: 'council', name: 'LBTH Public Health', personIds: ['adele'] },
    },
    subgroups: {
      tr: { id: 'tr', name: 'Treatment & Recovery', chairIds: ['megan'] },
      sup: { id: 'sup', name: 'Supply', chairIds: [] },
    },
    adminIds: ['adele'],
    commissionerIds: ['adele'],
  };
}

export const stateOf = (...ps: PartnershipNudgeState[]): NudgeState => ({ partnerships: ps });
