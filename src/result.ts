// Expected failures travel as values (Result); bugs are thrown.

export type Result<T, E = DomainError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** A failure a user can act on: a stable code, a sentence saying what was wrong, and how to say it right. */
export interface DomainError {
  code: string;
  message: string;
  /** What would be accepted instead, e.g. an example command. */
  hint?: string;
}

export const domainError = (code: string, message: string, hint?: string): DomainError =>
  hint === undefined ? { code, message } : { code, message, hint };
