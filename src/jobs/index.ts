// Scheduled jobs: the daily nudge batch (reminders + contract check-ins), contract check-ins
// alone (for trying out), and the digests. Each returns a report the CLI prints.
export { runReminders, runContracts, NUDGE_NOTIFICATION_KIND, type NudgeJobArgs } from './nudges.js';
export { runDigests, dueDigestSlots, digestKey, DIGEST_KIND, ADMIN_DIGEST_KIND, type DigestJobArgs } from './digests.js';
export { formatJobReport, type JobReport, type NudgeJobReport, type DigestJobReport, type PersonNudgeReport, type DigestReportEntry } from './report.js';
