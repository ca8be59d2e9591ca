// Request-body errors answered with the right status and one warn line (never a stack trace):
// a body over the limit → 413, malformed JSON → 400, a JSON body that is not an object (`null`,
// a number, a string) → 400. Anything else is an internal error: 500, logged at error.
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from '../log/logger.js';

/** The largest request body any route accepts (Slack and Teams payloads are a few kB). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

export class BodyError extends Error {
  constructor(readonly status: 400 | 413, message: string) {
    super(message);
  }
}

/** What a body-reading failure (ours, body-parser's, raw-body's) means for the client, or undefined. */
export function bodyErrorOf(error: unknown): BodyError | undefined {
  if (error instanceof BodyError) return error;
  const e = error as { type?: string; status?: number; statusCode?: number } | null;
  if (!e || typeof e !== 'object') return undefined;
  if (e.type === 'entity.too.large' || e.status === 413 || e.statusCode === 413) {
    return new BodyError(413, `The request body is over the ${BODY_LIMIT_BYTES / 1024} kB limit.`);
  }
  if (e.type === 'entity.parse.failed') return new BodyError(400, 'The request body is not valid JSON (expected a JSON object).');
  if (typeof e.type === 'string' && /^(request\.aborted|request\.size\.invalid|encoding\.unsupported|charset\.unsupported|entity\.verify\.failed)$/.test(e.type)) {
    return new BodyError(400, `The request body could not be read (${e.type}).`);
  }
  return undefined;
}

/** Answers a body error (status + JSON `{ error }`) and logs it at warn; true when it was one. */
export function answerBodyError(error: unknown, req: Request, res: Response, logger: Logger): boolean {
  const b = bodyErrorOf(error);
  if (!b) return false;
  logger.warn({ event: 'http.bad_body', status: b.status, path: req.path, length: req.headers['content-length'] }, `request refused: ${b.message}`);
  if (!res.headersSent) res.status(b.status).json({ error: b.message });
  return true;
}

/** The last middleware of the app: body errors as above, anything else 500 without details. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (answerBodyError(error, req, res, logger)) return;
    logger.error({ err: error }, 'unhandled error in an HTTP route');
    if (!res.headersSent) res.status(500).json({ error: 'internal error' });
  };
}
