// A short-lived cache of what every chat request resolves before its command runs (issue 18):
// which partnership a Slack workspace or Teams tenant belongs to, which person a chat account is
// linked to and that person's agencies and roles, and the conversation last remembered for an
// account. Without it a Teams `mine` spent more on these look-ups (five statements and a write)
// than on the command.
//
// Fresh for RESOLUTION_TTL_MS at most; dropped at once, in this process, by registerChanged(),
// which every change to people, roles, agencies, subgroups, bindings or chat links calls (imports,
// `cdp people …`, bindings, identity moves, the outbox marking a conversation unreachable). A
// change made by another process (the CLI on PostgreSQL) is seen within the TTL.
import { LRUCache } from 'lru-cache';

export const RESOLUTION_TTL_MS = 30_000;

let generation = 0;

/** People, roles, agencies, subgroups, bindings or chat links changed: every cached resolution is dropped. */
export function registerChanged(): void {
  generation++;
}

interface Entry<V> {
  generation: number;
  value: V;
}

export interface ResolutionCache<V extends object> {
  get(key: string): V | undefined;
  /** Where the register's changes are now: pass it to set() for a value read from the database. */
  stamp(): number;
  /** Keeps the value, unless a change happened since `stamp` (the value may be from before it). */
  set(key: string, value: V, stamp?: number): void;
  /** The cached value, else load() (cached when it is not undefined); one load per key at a time. */
  through(key: string, load: () => Promise<V | undefined>): Promise<V | undefined>;
}

/** A bounded cache (by count) whose entries expire after ttlMs or at the next registerChanged(). */
export function resolutionCache<V extends object>(opts: { max?: number; ttlMs?: number; now?: () => number } = {}): ResolutionCache<V> {
  const lru = new LRUCache<string, Entry<V>>({
    max: opts.max ?? 5000,
    ttl: opts.ttlMs ?? RESOLUTION_TTL_MS,
    ...(opts.now ? { perf: { now: opts.now } } : {}),
  });
  const loading = new Map<string, Promise<V | undefined>>();
  const get = (key: string): V | undefined => {
    const e = lru.get(key);
    if (!e) return undefined;
    if (e.generation !== generation) {
      lru.delete(key);
      return undefined;
    }
    return e.value;
  };
  return {
    get,
    stamp: () => generation,
    set(key, value, stamp = generation) {
      if (stamp === generation) lru.set(key, { generation, value });
    },
    async through(key, load) {
      const hit = get(key);
      if (hit !== undefined) return hit;
      const pending = loading.get(key);
      if (pending) return pending;
      const at = generation;
      const p = load()
        .then((v) => {
          // A change while loading: the value may be from before it, so it is not kept.
          if (v !== undefined && at === generation) lru.set(key, { generation: at, value: v });
          return v;
        })
        .finally(() => loading.delete(key));
      loading.set(key, p);
      return p;
    },
  };
}
