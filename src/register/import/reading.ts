// "How the file was read", for the dry run and the report: which column gave each level of
// the plan, which levels were missing and what stands in for them, and where people come from.
import type { HeadingMap } from './headings.js';

export function describeReading(h: HeadingMap, defaultPillar: string): string[] {
  if (h.kind !== 'actions') return [];
  const col = (f: string) => (h.headingText[f] !== undefined ? `"${h.headingText[f]}"` : undefined);
  const levels: string[] = [];
  const missing: string[] = [];
  if (col('pillar')) levels.push(`${col('pillar')} as the top level (pillar)`);
  else missing.push(`no pillar/section column: one top level named "${defaultPillar}"`);
  if (col('priority')) levels.push(`${col('priority')} as the priority`);
  else missing.push('no priority column: one priority per top level, named after it');
  if (col('objective')) levels.push(`${col('objective')} as the objective`);
  else missing.push('no objective column: one objective per priority, named after it');
  const out = [`levels: ${[...levels, `${col('title')} as the action`].join(', ')}`];
  if (missing.length) out.push(`flat tracker: ${missing.join('; ')}`);
  const people = [col('lead') && `lead agency from ${col('lead')}`, col('leadOfficer') && `lead officer from ${col('leadOfficer')}`, col('deputies') && `deputies from ${col('deputies')}`].filter(Boolean);
  if (people.length) out.push(people.join(', '));
  if (!col('ref')) out.push('no ref column: refs are generated');
  return out;
}
