// Delivery of outbox events to subscribers, at least once:
//  1. The relay (in every working instance) locks unrelayed outbox rows with SKIP LOCKED, enqueues
//     one pg-boss job per (event, subscriber) with an id derived from both, and marks the rows
//     relayed. A crash between the two steps re-enqueues with the same job id, which pg-boss drops.
//  2. The job runs the subscriber inside a transaction that first claims (handler, event id) in
//     processed_event: a redelivered event finds its claim and is skipped, so a handler's database
//     effects happen exactly once. A handler that throws rolls back its claim and is retried.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { sql } from 'kysely';
import type { Database, Tx } from '../db/database.ts';
import { systemContext } from '../auth/actor.ts';
import type { JobQueue } from '../jobs/jobs.ts';
import type { Logger } from '../observability/logger.ts';
import { claimEvent } from './outbox.ts';
import type { DomainEvent, EventName } from './event-map.ts';

/**
 * How long delivered events and handler claims are kept. Longer than pg-boss keeps a job (14 days at
 * most), so a redelivered job always still finds its claim and is recognised as a duplicate.
 */
export const DELIVERED_EVENT_RETENTION_DAYS = 30;

interface Subscription {
  event: EventName;
  handler: string;
}

/** A stable UUID (v5 layout) for one event delivered to one handler. */
export function deliveryId(eventId: string, handler: string): string {
  const hash = createHash('sha1').update(`${eventId}\u0000${handler}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

interface OutboxRow {
  id: string;
  name: string;
  payload: unknown;
  occurred_at: Date;
  actor_kind: string;
  actor_id: string | null;
  request_id: string | null;
  trace_id: string | null;
}

export class EventBus {
  readonly #db: Database;
  readonly #jobs: JobQueue;
  readonly #log: Logger;
  readonly #subscriptions: Subscription[] = [];
  #listener: pg.Client | null = null;
  #timer: NodeJS.Timeout | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = true;

  constructor(options: { db: Database; jobs: JobQueue; log: Logger }) {
    this.#db = options.db;
    this.#jobs = options.jobs;
    this.#log = options.log;
  }

  /**
   * `handler` is a stable name ("cases.notify-team"); renaming it redelivers old events.
   * `retryDelaySeconds` is the first retry's delay (then backing off); the job queue's default when omitted.
   */
  subscribe<K extends EventName>(
    event: K,
    handler: string,
    work: (tx: Tx, event: DomainEvent<K>) => Promise<void>,
    options: { retryDelaySeconds?: number } = {},
  ): void {
    this.#subscriptions.push({ event, handler });
    this.#jobs.define<DomainEvent<K> & { occurredAt: string }>({
      name: `event.${handler}`,
      retryLimit: 10,
      ...(options.retryDelaySeconds !== undefined ? { retryDelaySeconds: options.retryDelaySeconds } : {}),
      handler: async (data) => {
        const delivered: DomainEvent<K> = { ...data, occurredAt: new Date(data.occurredAt) };
        await this.#db.transaction(systemContext(`event.${handler}`, { requestId: data.requestId, traceId: data.traceId }), async (tx) => {
          if (!(await claimEvent(tx, handler, delivered.id))) return;
          await work(tx, delivered);
        });
      },
    });
  }

  /** The backlog of committed events not yet relayed, for /metrics. */
  async pending(): Promise<{ count: number; oldestAgeSeconds: number }> {
    const result = await sql<{ count: number; age: number }>`select count(*)::int as count,
      coalesce(extract(epoch from clock_timestamp() - min(occurred_at)), 0)::float8 as age
      from outbox_event where relayed_at is null`.execute(this.#db.kysely);
    const row = result.rows[0];
    return { count: row?.count ?? 0, oldestAgeSeconds: row?.age ?? 0 };
  }

  /** The daily job that removes delivered events and claims older than the retention period. */
  defineRetentionJob(): void {
    this.#jobs.define({
      name: 'kernel.outbox-retention',
      schedule: { cron: '17 3 * * *' },
      handler: async () => {
        const removed = await this.purgeDelivered(new Date(Date.now() - DELIVERED_EVENT_RETENTION_DAYS * 86_400_000));
        this.#log.info(removed, 'removed delivered events past retention');
      },
    });
  }

  /** Deletes relayed events and claims older than `before`, in bounded batches (short transactions). */
  async purgeDelivered(before: Date): Promise<{ events: number; claims: number }> {
    const removed = { events: 0, claims: 0 };
    const batch = async (statement: (tx: Tx) => Promise<number>) => {
      let count: number;
      let total = 0;
      do {
        count = await this.#db.transaction(systemContext('outbox-retention'), statement);
        total += count;
      } while (count > 0);
      return total;
    };
    removed.events = await batch(async (tx) => {
      const result = await sql`delete from outbox_event where id in (select id from outbox_event
        where relayed_at is not null and relayed_at < ${before} limit 5000)`.execute(tx.db);
      return Number(result.numAffectedRows ?? 0);
    });
    removed.claims = await batch(async (tx) => {
      const result = await sql`delete from processed_event where (handler, event_id) in (select handler, event_id
        from processed_event where processed_at < ${before} limit 5000)`.execute(tx.db);
      return Number(result.numAffectedRows ?? 0);
    });
    return removed;
  }

  /** Starts relaying: on every outbox insert (LISTEN) and every `pollMs` as a safety net. */
  async start(options: { listenUrl: string; pollMs?: number }): Promise<void> {
    this.#stopped = false;
    const listener = new pg.Client({ connectionString: options.listenUrl, application_name: 'casus-relay' });
    listener.on('error', (error) => this.#log.warn({ err: error }, 'outbox listener lost; relying on polling'));
    listener.on('notification', () => void this.trigger());
    await listener.connect();
    await listener.query('listen casus_outbox');
    this.#listener = listener;
    const poll = () => {
      void this.trigger();
      if (!this.#stopped) this.#timer = setTimeout(poll, options.pollMs ?? 2000).unref();
    };
    poll();
  }

  /** Relays now (coalescing concurrent triggers). Resolves when the outbox was drained once. */
  trigger(): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        try {
          while ((await this.relayBatch(100)) > 0);
        } catch (error) {
          this.#log.error({ err: error }, 'outbox relay failed; will retry');
        }
      } while (this.#again && !this.#stopped);
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  /** Relays up to `limit` events; returns how many. Exposed for tests and `casus` tooling. */
  async relayBatch(limit: number): Promise<number> {
    return this.#db.transaction(systemContext('outbox-relay'), async (tx) => {
      const rows = await sql<OutboxRow>`select id, name, payload, occurred_at, actor_kind, actor_id, request_id, trace_id
        from outbox_event where relayed_at is null order by occurred_at limit ${limit} for update skip locked`.execute(tx.db);
      for (const row of rows.rows) {
        const event: DomainEvent = {
          id: row.id,
          name: row.name as EventName,
          payload: row.payload as never,
          occurredAt: row.occurred_at,
          actor: { kind: row.actor_kind, id: row.actor_id },
          requestId: row.request_id,
          traceId: row.trace_id,
        };
        for (const sub of this.#subscriptions.filter((s) => s.event === row.name)) {
          await this.#jobs.send(`event.${sub.handler}`, event, { id: deliveryId(row.id, sub.handler) });
        }
      }
      if (rows.rows.length > 0) {
        await sql`update outbox_event set relayed_at = clock_timestamp() where id = any(${rows.rows.map((r) => r.id)}::uuid[])`.execute(
          tx.db,
        );
      }
      return rows.rows.length;
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
    await this.#listener?.end().catch(() => undefined);
    this.#listener = null;
  }
}
