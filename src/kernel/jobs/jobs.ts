// Background jobs and cron schedules on pg-boss: PostgreSQL is the queue, so there is no extra
// infrastructure, and any number of instances can work the same queues. Modules define jobs before
// start; `casus worker` (and `casus serve` unless told not to) works them.
import { PgBoss, type SendOptions } from 'pg-boss';
import type { Logger } from '../observability/logger.ts';

export const JOB_SCHEMA = 'pgboss';

export interface JobDefinition<T extends object = object> {
  /** Queue name: letters, digits, '.', '-', '_'; module first ("audit.seal", "event.notify-owner"). */
  name: string;
  handler: (data: T, job: { id: string; retryCount: number; signal: AbortSignal }) => Promise<void>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  expireInSeconds?: number;
  /** How many of this job one instance runs at once. */
  concurrency?: number;
  /** Cron expression (pg-boss syntax), evaluated in `timezone`. */
  schedule?: { cron: string; timezone?: string; data?: T };
}

export interface JobQueueOptions {
  ownerUrl: string;
  log: Logger;
  /** Create or upgrade pg-boss's own schema on start (development, `casus migrate up`). */
  migrate: boolean;
  poolMax?: number;
}

export class JobQueue {
  readonly #options: JobQueueOptions;
  readonly #definitions = new Map<string, JobDefinition>();
  #boss: PgBoss | null = null;
  #working = false;
  #failure: { message: string; at: number } | null = null;

  constructor(options: JobQueueOptions) {
    this.#options = options;
  }

  define<T extends object>(definition: JobDefinition<T>): void {
    if (this.#boss) throw new Error(`Job ${definition.name} defined after the queue started`);
    if (this.#definitions.has(definition.name)) throw new Error(`Job ${definition.name} defined twice`);
    this.#definitions.set(definition.name, definition as unknown as JobDefinition);
  }

  get definitions(): string[] {
    return [...this.#definitions.keys()];
  }

  async start(options: { work: boolean }): Promise<void> {
    const boss = new PgBoss({
      connectionString: this.#options.ownerUrl,
      schema: JOB_SCHEMA,
      max: this.#options.poolMax ?? 4,
      application_name: 'casus-jobs',
      migrate: this.#options.migrate,
      createSchema: this.#options.migrate,
      // Only working instances run maintenance and cron; a serve-only instance just enqueues.
      supervise: options.work,
      schedule: options.work,
    });
    boss.on('error', (error: Error) => {
      this.#failure = { message: error.message, at: Date.now() };
      this.#options.log.error({ err: error }, 'job queue error');
    });
    await boss.start();
    this.#boss = boss;
    for (const def of this.#definitions.values()) {
      await boss.createQueue(def.name, {
        retryLimit: def.retryLimit ?? 5,
        retryDelay: def.retryDelaySeconds ?? 10,
        retryBackoff: true,
        expireInSeconds: def.expireInSeconds ?? 15 * 60,
      });
    }
    if (options.work) {
      for (const def of this.#definitions.values()) {
        await boss.work<object>(def.name, { localConcurrency: def.concurrency ?? 2, pollingIntervalSeconds: 2 }, async (jobs) => {
          for (const job of jobs) {
            await def.handler(job.data, { id: job.id, retryCount: job.retryCount, signal: job.signal });
          }
        });
        if (def.schedule) {
          await boss.schedule(def.name, def.schedule.cron, def.schedule.data ?? null, { tz: def.schedule.timezone ?? 'Europe/Amsterdam' });
        }
      }
      this.#working = true;
    }
    this.#failure = null;
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    if (!this.#boss) throw new Error('Job queue is not started');
    if (!this.#definitions.has(name)) throw new Error(`Unknown job ${name}`);
    return this.#boss.send(name, data, options);
  }

  /** Stops fetching new jobs, waits up to `timeoutMs` for running ones, then closes its pool. */
  async stop(timeoutMs: number): Promise<void> {
    const boss = this.#boss;
    if (!boss) return;
    this.#boss = null;
    this.#working = false;
    await boss.stop({ graceful: true, timeout: timeoutMs, close: true });
  }

  health(): { ok: boolean; detail: string } {
    if (!this.#boss) return { ok: false, detail: 'job queue is not started' };
    // pg-boss retries by itself after a database hiccup: report its errors while they are recent,
    // not forever (a short outage must not keep every instance out of the load balancer).
    if (this.#failure && Date.now() - this.#failure.at < 30_000) return { ok: false, detail: `job queue error: ${this.#failure.message}` };
    return { ok: true, detail: this.#working ? 'started, working' : 'started, enqueue only' };
  }

  /** Jobs waiting per queue, for /metrics. */
  async depth(): Promise<{ queue: string; queued: number; active: number; failed: number }[]> {
    if (!this.#boss) return [];
    const queues = await this.#boss.getQueues(this.definitions);
    return queues.map((q) => ({ queue: q.name, queued: q.queuedCount, active: q.activeCount, failed: q.failedCount }));
  }
}

/** Creates or upgrades pg-boss's schema; pg-boss serialises concurrent installs itself. */
export async function installJobSchema(ownerUrl: string): Promise<void> {
  const boss = new PgBoss({
    connectionString: ownerUrl,
    schema: JOB_SCHEMA,
    max: 1,
    migrate: true,
    createSchema: true,
    supervise: false,
    schedule: false,
  });
  boss.on('error', () => undefined);
  await boss.start();
  await boss.stop({ graceful: false, close: true });
}
