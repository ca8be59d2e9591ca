import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SETTINGS, describeSettings, invalidStoredSettings, readSettings, readSubgroupSettings, settingsOverrides,
  updateSettings, updateSubgroupSettings, validateTimeZone,
} from '../src/settings/index.js';

describe('partnership settings', () => {
  it('reads {} as the SPEC defaults', () => {
    const s = readSettings({});
    expect(s).toEqual(DEFAULT_SETTINGS);
    expect(s.dueSoonDays).toEqual([14, 3]);
    expect(s.contractCheckinMonths).toEqual([18, 12, 9, 6, 3, 1]);
    expect(s.sendTime).toBe('09:30');
    expect(s.digestDay).toBe('monday');
    expect(s.outbox.maxAttempts).toBe(8);
    expect(readSettings(null)).toEqual(DEFAULT_SETTINGS);
  });

  it('keeps valid stored overrides and falls back per key on invalid ones', () => {
    const stored = { quietDays: 21, sendTime: '25:00', contractEscalations: { noRouteAtMonths: 10 } };
    const s = readSettings(stored);
    expect(s.quietDays).toBe(21);
    expect(s.sendTime).toBe('09:30');
    expect(s.contractEscalations).toEqual({ noRouteAtMonths: 10, noAwardAtMonths: 6 });
    expect(invalidStoredSettings(stored)).toEqual(['sendTime']);
  });

  it('sets values from typed text', () => {
    let s = DEFAULT_SETTINGS;
    const set = (k: string, v: string) => {
      const r = updateSettings(s, k, v);
      if (!r.ok) throw new Error(r.error.message);
      s = r.value;
    };
    set('dueSoonDays', '3, 14, 7');
    set('send-time', '8:45');
    set('digestDay', 'Tue');
    set('quietDays', '21d');
    set('noRouteAtMonths', '10m');
    set('outbox.maxAttempts', '5');
    expect(s.dueSoonDays).toEqual([14, 7, 3]);
    expect(s.sendTime).toBe('08:45');
    expect(s.digestDay).toBe('tuesday');
    expect(s.quietDays).toBe(21);
    expect(s.contractEscalations.noRouteAtMonths).toBe(10);
    expect(s.outbox.maxAttempts).toBe(5);
    expect(DEFAULT_SETTINGS.sendTime).toBe('09:30');
    expect(settingsOverrides(s)).toEqual({
      dueSoonDays: [14, 7, 3], sendTime: '08:45', digestDay: 'tuesday', quietDays: 21,
      contractEscalations: { noRouteAtMonths: 10 }, outbox: { maxAttempts: 5 },
    });
    expect(readSettings(settingsOverrides(s))).toEqual(s);
  });

  it('refuses times between 01:00 and 02:59 and says why', () => {
    for (const t of ['01:00', '1:30', '02:59']) {
      const r = updateSettings(DEFAULT_SETTINGS, 'sendTime', t);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/clocks go forward/);
    }
    expect(updateSettings(DEFAULT_SETTINGS, 'digestTime', '03:00').ok).toBe(true);
    expect(updateSettings(DEFAULT_SETTINGS, 'digestTime', '00:59').ok).toBe(true);
  });

  it('explains unknown keys and bad values', () => {
    const unknown = updateSettings(DEFAULT_SETTINGS, 'reminderHour', '9');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      expect(unknown.error.message).toContain('reminderHour');
      expect(unknown.error.hint).toContain('sendTime');
    }
    const bad = updateSettings(DEFAULT_SETTINGS, 'quietDays', 'often');
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.hint).toContain('cdp settings set quietDays 28');
    const day = updateSettings(DEFAULT_SETTINGS, 'digestDay', 'someday');
    expect(day.ok).toBe(false);
    const tz = updateSettings(DEFAULT_SETTINGS, 'timezone', 'Europe/Paris');
    expect(tz.ok).toBe(false);
    if (!tz.ok) expect(tz.error.code).toBe('settings_timezone');
    expect(validateTimeZone('Europe/London').ok).toBe(true);
    expect(validateTimeZone('London').ok).toBe(false);
  });

  it('describes every setting, marking defaults', () => {
    const lines = describeSettings(readSettings({ quietDays: 21 }), 'Europe/London');
    expect(lines[0]).toContain('timezone = Europe/London');
    expect(lines.find((l) => l.startsWith('quietDays'))).toContain('21 (default 28)');
    expect(lines.find((l) => l.startsWith('sendTime'))).toContain('09:30 (default)');
  });
});

describe('subgroup digest settings', () => {
  it('reads overrides and meeting dates, ignoring bad keys', () => {
    const s = readSubgroupSettings({ day: 'thursday', time: '02:00', meetingDates: ['2026-12-10'], daysBeforeMeeting: 2 });
    expect(s).toEqual({ day: 'thursday', weekly: true, meetingDates: ['2026-12-10'], daysBeforeMeeting: 2 });
    const r = updateSubgroupSettings(s, 'meetingDates', '2026-12-10, 2027-13-01');
    expect(r.ok).toBe(false);
    const ok = updateSubgroupSettings(s, 'weekly', 'off');
    expect(ok.ok && ok.value.weekly).toBe(false);
  });

  it('takes meeting dates as UK people type them, stored as ISO days in order', () => {
    const s = readSubgroupSettings({});
    const r = updateSubgroupSettings(s, 'meetingDates', '14/01/2027, 10 December 2026; 2027-03-30 11/02/27');
    expect(r.ok && r.value.meetingDates).toEqual(['2026-12-10', '2027-01-14', '2027-02-11', '2027-03-30']);
    const bad = updateSubgroupSettings(s, 'meetingDates', '14/01/2027, 31/02/2027');
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.message).toBe('"31/02/2027" is not a meeting date.');
      expect(bad.error.hint).toContain('31/03/2025');
    }
  });
});
