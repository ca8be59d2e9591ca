// The outbox (SPEC §2, §8): enqueue with dedupe keys; a dispatcher sends through ChatPorts
// with atomic claims, per-recipient order, pacing, Retry-After and backoff.
export { enqueue, recipientKey, toPayload, fromPayload, type NewNotification, type NotificationPayload, type Recipient, type About, type EnqueueResult, type TransactionClient } from './enqueue.js';
export { createDispatcher, type Dispatcher, type DispatcherOptions, type DispatcherSettings, type DispatchReport, type DispatchOutcome } from './dispatcher.js';
export { createPacer, DEFAULT_PACING, type Pacer, type PacingRules, type Rate } from './pacing.js';
export { backoffDelay, DEFAULT_BACKOFF } from './backoff.js';
export { claimDue, releaseClaim } from './claim.js';
