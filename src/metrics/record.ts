// Recording one figure from typed text (chat `metric IO2.2 "Q2 2026/27" 47`, CLI `cdp metrics
// record`): check it (validate.ts), append it (store.ts) and say what happened in one sentence,
// including the correction it makes and the RAG against the period's target.
import type { PrismaClient } from '../generated/prisma/client.js';
import type { Via } from '../generated/prisma/enums.js';
import { localDate } from '../calendar/zone.js';
import { domainError, err, ok, type Result } from '../result.js';
import { cleanNote } from '../commands/hygiene.js';
import { formatPeriod, lastCompleted } from './period.js';
import { formatValue, RAG_LABEL, ragFor } from './rag.js';
import { recordFigure, type MetricRecord, type RecordFigureOutcome } from './store.js';
import { checkPeriod, parseFigure } from './validate.js';

export interface RecordTextInput {
  metric: MetricRecord;
  periodText: string;
  valueText?: string;
  targetText?: string;
  source?: string;
  personId: string | null;
  via: Via;
  now: Date;
  timezone: string;
  /** The right form for this caller (chat or CLI), shown under a refusal. */
  example?: (m: MetricRecord, period: string, value: string) => string;
}

/** The latest completed period of the metric's kind on `today`: examples that are valid on the day shown. */
export const examplePeriod = (m: { frequency: string }, today: string) => formatPeriod(lastCompleted(m.frequency === 'annual' ? 'year' : 'quarter', today));

export interface RecordTextOutcome extends RecordFigureOutcome {
  period: string;
  /** One sentence for the person who recorded it. */
  text: string;
}

export async function recordFromText(prisma: PrismaClient, input: RecordTextInput): Promise<Result<RecordTextOutcome>> {
  const m = input.metric;
  const today = localDate(input.now, input.timezone);
  const hasValue = input.valueText !== undefined && input.valueText.trim() !== '';
  const hasTarget = input.targetText !== undefined && input.targetText.trim() !== '';
  const usage = `For example: ${(input.example ?? chatExample)(m, examplePeriod(m, today), m.unit === 'percent' ? '47.5' : '120')}`;
  if (!hasValue && !hasTarget) return err(domainError('bad_value', `Give a value (or a target) for ${m.code}.`, usage));
  const period = checkPeriod(input.periodText, m, today, { allowFuture: !hasValue });
  if (!period.ok) return err(domainError('bad_period', period.error, usage));
  const value = hasValue ? parseFigure(input.valueText!, m) : undefined;
  if (value && !value.ok) return err(domainError('bad_value', value.error, usage));
  const target = hasTarget ? parseFigure(input.targetText!, m, 'target') : undefined;
  if (target && !target.ok) return err(domainError('bad_value', target.error, usage));
  let source: string | null = null;
  if (input.source !== undefined && input.source.trim() !== '') {
    const c = cleanNote(input.source, { now: input.now, what: 'source note' });
    if (!c.ok) return err(domainError(c.error.code, c.error.message, c.error.hint));
    source = c.value.slice(0, 500) || null;
  }
  const out = await recordFigure(prisma, {
    metricId: m.id, period: period.value, value: value?.value, target: target?.value, source, personId: input.personId, via: input.via, now: input.now,
  });
  const p = formatPeriod(period.value);
  const parts: string[] = [];
  if (value) {
    if (!out.valueChanged) parts.push(`${m.code} ${p} is already ${formatValue(value.value, m.unit)} — nothing changed`);
    else parts.push(`${m.code} ${p} recorded as ${formatValue(value.value, m.unit)}${out.previousValue !== undefined ? ` (corrects ${formatValue(out.previousValue, m.unit)}; both stay in the history)` : ''}`);
  }
  if (target) parts.push(out.targetChanged ? `target for ${p} set to ${formatValue(target.value, m.unit)}` : `target for ${p} is already ${formatValue(target.value, m.unit)}`);
  const shownValue = value?.value ?? out.previousValue;
  const shownTarget = target?.value ?? out.previousTarget;
  const rag = ragFor(shownValue, shownTarget, m.direction);
  const ragText = rag ? ` — ${RAG_LABEL[rag]} against a target of ${formatValue(shownTarget, m.unit)}` : '';
  return ok({ ...out, period: p, text: `${parts.join('; ')}${ragText}.` });
}

const chatExample = (m: MetricRecord, period: string, value: string) => `metric ${m.code} ${period} ${value}`;
