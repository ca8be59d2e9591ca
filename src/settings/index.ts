// Partnership settings: read from Partnership.settings JSON with SPEC defaults, changed one key
// at a time (`cdp settings set <key> <value>`), shown (`cdp settings show`).
import { err, ok, domainError, type Result } from '../result.js';
import { isValidTimeZone } from '../calendar/zone.js';
import { DEFAULT_SETTINGS, type Settings } from './schema.js';
import { SETTING_FIELDS, defaultOf, findField, getPath, withPath } from './fields.js';

export { DEFAULT_SETTINGS, settingsSchema, FORBIDDEN_TIME_WINDOW, type Settings } from './schema.js';
export { SETTING_FIELDS, findField, type SettingField } from './fields.js';
export { readSubgroupSettings, updateSubgroupSettings, type SubgroupSettings } from './subgroup.js';

/**
 * Settings from the stored JSON. Missing keys take the SPEC default; a stored value that is no
 * longer valid also falls back to its default (listed by `invalidStoredSettings`), so a bad row
 * never stops reminders.
 */
export function readSettings(json: unknown): Settings {
  let out: Settings = structuredClone(DEFAULT_SETTINGS) as Settings;
  for (const field of SETTING_FIELDS) {
    const raw = getPath(json, field.key);
    if (raw === undefined) continue;
    const parsed = field.schema.safeParse(raw);
    if (parsed.success) out = withPath(out, field.key, parsed.data);
  }
  return out;
}

/** Stored keys whose values are invalid (and so read as their defaults). */
export function invalidStoredSettings(json: unknown): string[] {
  return SETTING_FIELDS.filter((f) => {
    const raw = getPath(json, f.key);
    return raw !== undefined && !f.schema.safeParse(raw).success;
  }).map((f) => f.key);
}

const keyList = () => SETTING_FIELDS.map((f) => f.key).join(', ');

/**
 * Sets one key. `value` may be typed text ("14,3", "7d", "9:30", "mon") or an already-typed
 * value. Returns the new settings, or an error saying what was wrong and what is accepted;
 * `current` is never changed.
 */
export function updateSettings(current: Settings, key: string, value: unknown): Result<Settings> {
  const field = findField(key);
  if (!field) {
    if (/^(time ?zone|tz)$/i.test(key.trim())) {
      return err(domainError('settings_timezone', 'The time zone is stored on the partnership, not in these settings.', 'Use `cdp settings set timezone Europe/London` (see validateTimeZone).'));
    }
    return err(domainError('settings_unknown_key', `There is no setting called "${key}".`, `Settings: ${keyList()}.`));
  }
  const candidate = typeof value === 'string' ? field.fromText(value) : value;
  const parsed = field.schema.safeParse(candidate);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => i.message).join('; ');
    return err(domainError('settings_invalid_value', `"${String(value)}" is not a valid ${field.key} (${field.description}): ${why}.`, `Example: cdp settings set ${field.key} ${field.example}`));
  }
  return ok(withPath(current, field.key, parsed.data));
}

/** Checks a time zone name for `cdp settings set timezone …` (stored on Partnership.timezone). */
export function validateTimeZone(tz: string): Result<string> {
  const t = tz.trim();
  if (isValidTimeZone(t)) return ok(t);
  return err(domainError('settings_invalid_timezone', `"${tz}" is not a time zone this server knows.`, 'Use an IANA name such as Europe/London.'));
}

/** Only the keys that differ from the defaults: what to store in Partnership.settings. */
export function settingsOverrides(settings: Settings): Record<string, unknown> {
  let out: Record<string, unknown> = {};
  for (const field of SETTING_FIELDS) {
    const v = getPath(settings, field.key);
    if (JSON.stringify(v) !== JSON.stringify(defaultOf(field))) out = withPath(out, field.key, v);
  }
  return out;
}

const show = (v: unknown) =>
  Array.isArray(v) ? v.join(', ')
    : v && typeof v === 'object' ? Object.entries(v).map(([k, x]) => `${k}=${String(x)}`).join('; ') || 'none'
      : String(v);

/** Lines for `cdp settings show`: key, value, "(default)" or the default, description. */
export function describeSettings(settings: Settings, timezone?: string): string[] {
  const lines = timezone ? [`timezone = ${timezone}  — the partnership's time zone`] : [];
  for (const field of SETTING_FIELDS) {
    const v = getPath(settings, field.key);
    const d = defaultOf(field);
    const mark = JSON.stringify(v) === JSON.stringify(d) ? '(default)' : `(default ${show(d)})`;
    lines.push(`${field.key} = ${show(v)} ${mark}  — ${field.description}`);
  }
  return lines;
}
