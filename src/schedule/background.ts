// What `cdp start` runs besides the HTTP server: the outbox dispatcher (polling, and kicked
// whenever something is enqueued) and the scheduler. stop() is the SIGTERM path: the
// scheduler stops claiming, the dispatcher stops taking rows and finishes the sends in flight;
// the caller closes the database afterwards.
import type { ChatPort } from '../chat/port.js';
import type { Database } from '../db/client.js';
import type { Logger } from '../log/logger.js';
import { createDispatcher, type Dispatcher, type DispatcherSettings } from '../outbox/dispatcher.js';
import { createScheduler, type Scheduler, type SchedulerJobs } from './scheduler.js';

export interface BackgroundOptions {
  db: Database;
  ports: ChatPort[];
  logger: Logger;
  clock: () => Date;
  /** e.g. `${os.hostname()}:${process.pid}` */
  instanceId: string;
  dispatcher?: DispatcherSettings;
  jobs?: SchedulerJobs;
  /** Default true; false runs the dispatcher only (e.g. a second web instance). */
  schedule?: boolean;
}

export interface Background {
  dispatcher: Dispatcher;
  scheduler: Scheduler;
  /** Wake the dispatcher now (after a command enqueued something). */
  kick(): void;
  stop(): Promise<void>;
}

export function startBackground(opts: BackgroundOptions): Background {
  const dispatcher = createDispatcher({ db: opts.db, ports: opts.ports, logger: opts.logger, clock: opts.clock, ...(opts.dispatcher ? { settings: opts.dispatcher } : {}) });
  const scheduler = createScheduler({
    db: opts.db,
    logger: opts.logger,
    clock: opts.clock,
    instanceId: opts.instanceId,
    ...(opts.jobs ? { jobs: opts.jobs } : {}),
    onEnqueued: () => dispatcher.kick(),
  });
  dispatcher.start();
  if (opts.schedule !== false) scheduler.start();
  return {
    dispatcher,
    scheduler,
    kick: () => dispatcher.kick(),
    async stop() {
      await scheduler.stop();
      await dispatcher.stop();
    },
  };
}
