// Card actions: decoding a pressed button (Action.Execute invoke or Action.Submit value) back
// into a ButtonAction, never trusting the payload; and the de-duplication of Teams' retries.
import { LRUCache } from 'lru-cache';
import { decodeInList } from '../../src/message/list.js';
import type { ButtonAction } from '../../src/message/model.js';
import { ACTION_STATUSES, CONTRACT_STAGES, ROUTE_LABEL, type ActionStatus, type ContractRoute, type ContractStage } from '../../src/register/status.js';

export type Decoded = { ok: true; action: ButtonAction; note?: string } | { ok: false; message: string };

const REF = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const isRef = (v: unknown): v is string => typeof v === 'string' && REF.test(v);

/**
 * `verb` is "cdp.<kind>" (Action.Execute) or undefined (Action.Submit: kind from the data).
 * `data` is the button's data with the card's inputs merged in (the note input).
 */
export function decodeAction(verb: string | undefined, data: unknown): Decoded {
  const d = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
  const kind = verb?.startsWith('cdp.') ? verb.slice(4) : str(d.kind);
  if (!kind) return { ok: false, message: 'This card button carries no cdp action.' };
  if (str(d.kind) && str(d.kind) !== kind) return { ok: false, message: `This card button is inconsistent (verb ${verb}, kind ${String(d.kind)}).` };
  const noteRaw = str(d.note) ?? (str(d.noteInput) ? str(d[str(d.noteInput)!]) : undefined);
  const note = noteRaw === undefined ? undefined : noteRaw;
  const bad = (what: string): Decoded => ({ ok: false, message: `This card button has ${what}; ask the bot for a fresh card (type "mine").` });
  // The list the button sits in (optional: list, view, day); never trusted when malformed.
  const where = kind === 'show' ? {} : decodeInList(d);
  if (!where) return bad('a malformed list of items');
  switch (kind) {
    case 'set_status': {
      if (!isRef(d.ref)) return bad('no valid action ref');
      if (!ACTION_STATUSES.includes(d.status as ActionStatus)) return bad('an unknown status');
      return { ok: true, action: { kind, ref: d.ref, status: d.status as ActionStatus, ...where } };
    }
    case 'add_note':
      if (!isRef(d.ref)) return bad('no valid action ref');
      return note === undefined ? { ok: true, action: { kind, ref: d.ref, ...where } } : { ok: true, action: { kind, ref: d.ref, ...where }, note };
    case 'snooze': {
      if (!isRef(d.ref)) return bad('no valid action ref');
      const days = Number(d.days);
      if (!Number.isInteger(days) || days < 1 || days > 30) return bad('a snooze period outside 1–30 days');
      return { ok: true, action: { kind, ref: d.ref, days, ...where } };
    }
    case 'all_on_track': {
      const refs = Array.isArray(d.refs) ? d.refs : [];
      if (!refs.length || refs.length > 500 || !refs.every(isRef)) return bad('no valid list of refs');
      return { ok: true, action: { kind, refs: refs as string[], ...where } };
    }
    case 'contract_stage': {
      if (!isRef(d.ref)) return bad('no valid contract ref');
      if (!CONTRACT_STAGES.includes(d.stage as ContractStage)) return bad('an unknown contract stage');
      if (d.route !== undefined && !(typeof d.route === 'string' && Object.hasOwn(ROUTE_LABEL, d.route))) return bad('an unknown contract route');
      return { ok: true, action: { kind, ref: d.ref, stage: d.stage as ContractStage, ...(d.route ? { route: d.route as ContractRoute } : {}), ...where } };
    }
    case 'show':
      if (!isRef(d.ref)) return bad('no valid ref');
      return { ok: true, action: { kind, ref: d.ref } };
    default:
      return { ok: false, message: `Unknown card action "${kind}".` };
  }
}

/**
 * Teams retries a card action that gets no quick answer, with the same activity id: the first
 * run's answer is given again for a few minutes instead of running the action twice.
 */
export class InvokeDedupe<T extends {}> {
  /** Bounded by count as well as by age: a flood of unique ids cannot grow it. */
  private readonly seen: LRUCache<string, Promise<T>>;

  constructor(private readonly clock: () => Date, ttlMs = 5 * 60_000, maxKeys = 10_000) {
    this.seen = new LRUCache<string, Promise<T>>({ max: maxKeys, ttl: ttlMs, ttlAutopurge: false, perf: { now: () => this.clock().getTime() } });
  }

  run(key: string | undefined, fn: () => Promise<T>): Promise<T> {
    if (!key) return fn();
    const hit = this.seen.get(key);
    if (hit) return hit;
    const result = fn();
    this.seen.set(key, result);
    result.catch(() => this.seen.delete(key));
    return result;
  }

  get size(): number {
    this.seen.purgeStale();
    return this.seen.size;
  }
}
