// What `cdp year rollover` and `cdp year show` print.
import { formatUkDate } from '../../calendar/uk-date.js';
import { STATUS_INFO } from '../status.js';
import type { ClosedYear } from './register.js';
import type { RolloverPlan } from './rollover.js';

const refs = (xs: { ref: string }[]) => (xs.length > 14 ? `${xs.slice(0, 12).map((x) => x.ref).join(', ')} … ${xs[xs.length - 1]!.ref}` : xs.map((x) => x.ref).join(', '));
const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

export function formatRollover(plan: RolloverPlan, timeZone: string): string {
  const out: string[] = [];
  const until = formatUkDate(new Date(`${new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(plan.reviewUntil)}T00:00:00Z`));
  out.push(plan.dryRun
    ? `Dry run: year end for "${plan.partnership}", ${plan.from} → ${plan.to}. Nothing was written; this is what the rollover would do:`
    : `Closed the ${plan.from} plan year of "${plan.partnership}": the plan year is now ${plan.to}.`);
  if (plan.opensOn) out.push(`  (a rehearsal: the rollover itself opens on ${formatUkDate(plan.opensOn)}; statuses and dates may change before then)`);
  if (plan.by) out.push(`  recorded as done by ${plan.by.name} <${plan.by.email}>`);
  const total = plan.closed.length + plan.decided.length + plan.underReview.length;
  out.push(`  ${plural(total, 'action')}: ${plan.closed.length} already complete or cancelled, ${plan.decided.length} decided by the review file, ${plan.underReview.length} open and carried forward`);
  if (plan.closed.length) out.push(`  Complete or cancelled (${plan.closed.length}): stay in the ${plan.from} record, not carried: ${refs(plan.closed)}`);
  const by = (d: string) => plan.decided.filter((x) => x.decision === d);
  if (plan.decided.length) out.push(`Review file ${plan.reviewFile}:`);
  const was = (a: RolloverPlan['decided'][number], s: string) => (a.status === s ? ` (already ${STATUS_INFO[a.status].label.toLowerCase()})` : ` (was ${STATUS_INFO[a.status].label})`);
  for (const a of by('complete')) out.push(`  ${a.ref} closed as complete${was(a, 'complete')}${a.note ? ` — ${a.note}` : ''}`);
  for (const a of by('cancel')) out.push(`  ${a.ref} cancelled${was(a, 'cancelled')}${a.note ? ` — ${a.note}` : ''}`);
  for (const a of by('carry')) {
    const same = a.newDue && a.due && a.newDue.getTime() === a.due.getTime();
    const due = a.newDue && !same ? `, due ${formatUkDate(a.newDue)}${a.due ? ` (was ${formatUkDate(a.due)})` : ''}` : a.due ? `, due date kept (${formatUkDate(a.due)})` : '';
    out.push(`  ${a.ref} carried forward${due}${a.note ? ` — ${a.note}` : ''}`);
  }
  if (plan.underReview.length) {
    const overdue = plan.underReview.filter((a) => a.overdue);
    out.push(`Carried forward with their history, under year-end review until ${until} — no reminders for them meanwhile (${plan.underReview.length}): ${refs(plan.underReview)}`);
    if (overdue.length) {
      out.push(`  ${overdue.length} of them ${overdue.length === 1 ? 'is' : 'are'} due on or before the year end (${refs(overdue)}): give them a new date or close them in a review file, or their overdue reminders resume on ${until}.`);
    }
  }
  out.push(plan.dryRun
    ? `To do it: run the same command without --dry-run. The ${plan.from} register stays readable afterwards: cdp year show ${plan.from}`
    : `The ${plan.from} register stays readable: cdp year show ${plan.from}`);
  return out.join('\n');
}

export function formatClosedYear(y: ClosedYear): string {
  const out = [`Plan year ${y.label} (closed ${formatUkDate(y.closedAt)}${y.closedBy ? ` by ${y.closedBy}` : ''}${y.reviewFile ? `, review file ${y.reviewFile}` : ''}; followed by ${y.nextLabel}): ${y.actions.length} actions as they stood at the close`];
  const counts = new Map<string, number>();
  for (const a of y.actions) counts.set(a.outcome, (counts.get(a.outcome) ?? 0) + 1);
  out.push(`  ${[...counts].map(([k, n]) => `${n} ${k}`).join(', ')}`);
  for (const a of y.actions) {
    const due = a.due ? `due ${formatUkDate(new Date(`${a.due}T00:00:00Z`))}` : 'no due date';
    out.push(`  ${a.ref} [${STATUS_INFO[a.status].label}] ${a.title.length > 70 ? `${a.title.slice(0, 67)}…` : a.title} · ${due}${a.leadOfficer ? ` · ${a.leadOfficer}` : a.lead ? ` · ${a.lead}` : ''} → ${a.outcome}`);
  }
  return out.join('\n');
}
