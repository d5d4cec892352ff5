// The SQL of Idempotency-Key (migrations/0009_idempotency.ts): claims, kept answers, retention. Rows
// are the actor's own (row-level security: one actor never reads another's kept answers); answers and
// results are sealed with the SecretBox, because a created resource may hold personal data.
import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { AppError } from '../errors.ts';
import { systemContext, type ActorContext } from '../auth/actor.ts';
import type { Database } from '../db/database.ts';
import type { SecretBox } from '../crypto/secret-box.ts';
import type { JobQueue } from '../jobs/jobs.ts';
import type { Logger } from '../observability/logger.ts';

export const IDEMPOTENCY_PURPOSE = 'kernel.idempotency';
/** Longer than any request runs (request timeout 30 s, statement timeout 15 s by default). */
export const DEFAULT_LEASE_SECONDS = 60;

export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface ClaimInput {
  key: string;
  method: string;
  route: string;
  fingerprint: Buffer;
  transactional: boolean;
}

export type ClaimOutcome = { kind: 'claimed'; id: string; token: string } | { kind: 'replay'; response: StoredResponse };

export interface IdempotencyStoreOptions {
  db: Database;
  box: SecretBox;
  /** How long a key is remembered (CASUS_IDEMPOTENCY_TTL_HOURS). */
  ttlHours: number;
  /** How long a claim blocks the same key before a retry may take it over. */
  leaseSeconds?: number;
  log: Logger;
}

interface ExistingRow {
  id: string;
  fingerprint: Buffer;
  state: 'in-progress' | 'completed';
  status_code: number | null;
  response: Buffer | null;
  transactional: boolean;
  applied: boolean;
  wait: number;
}

export class IdempotencyStore {
  readonly #db: Database;
  readonly #box: SecretBox;
  readonly #ttlHours: number;
  readonly #leaseSeconds: number;
  readonly #log: Logger;

  constructor(options: IdempotencyStoreOptions) {
    this.#db = options.db;
    this.#box = options.box;
    this.#ttlHours = options.ttlHours;
    this.#leaseSeconds = options.leaseSeconds ?? DEFAULT_LEASE_SECONDS;
    this.#log = options.log;
  }

  inProgress(retryAfterSeconds: number): AppError {
    return new AppError({
      status: 409,
      code: 'idempotency-key-in-progress',
      title: 'Request in progress',
      detail: 'A request with this Idempotency-Key is still being processed; retry after the indicated time.',
      extensions: { retryAfterSeconds: Math.max(1, retryAfterSeconds) },
    });
  }

  /**
   * Claims the key for this request, or says what to do instead: replay the kept answer, or refuse
   * (422 reused with another request, 409 in progress, 409 outcome unknown). An expired row counts as absent.
   */
  async claim(ctx: ActorContext, input: ClaimInput): Promise<ClaimOutcome> {
    const { actor } = ctx;
    if (actor.kind === 'anonymous') throw new Error('Anonymous callers cannot claim idempotency keys');
    const keyHash = createHash('sha256').update(input.key).digest();
    const lease = this.#leaseSeconds;
    // Bounded: a row deleted between the insert and the read (its request failed) is claimed again.
    for (let attempt = 0; attempt < 3; attempt++) {
      const outcome = await this.#db.transaction(ctx, async (tx): Promise<ClaimOutcome | null> => {
        const token = randomUUID();
        const inserted = await sql<{ id: string }>`insert into idempotency_record
            (actor_kind, actor_id, key_hash, method, route, fingerprint, claim_token, locked_until, transactional, expires_at)
          values (${actor.kind}, ${actor.id}, ${keyHash}, ${input.method}, ${input.route}, ${input.fingerprint}, ${token},
            now() + make_interval(secs => ${lease}), ${input.transactional}, now() + make_interval(hours => ${this.#ttlHours}))
          on conflict (actor_kind, actor_id, key_hash) do update set method = excluded.method, route = excluded.route,
            fingerprint = excluded.fingerprint, state = 'in-progress', claim_token = excluded.claim_token,
            locked_until = excluded.locked_until, transactional = excluded.transactional, applied_at = null, result = null,
            status_code = null, response = null, created_at = now(), expires_at = excluded.expires_at
          where idempotency_record.expires_at <= now()
          returning id`.execute(tx.db);
        const claimed = inserted.rows[0];
        if (claimed) return { kind: 'claimed', id: claimed.id, token };

        const row = (
          await sql<ExistingRow>`select id, fingerprint, state, status_code, response, transactional,
            applied_at is not null as applied, ceil(extract(epoch from locked_until - now()))::int as wait
          from idempotency_record where actor_kind = ${actor.kind} and actor_id = ${actor.id} and key_hash = ${keyHash}
          for update`.execute(tx.db)
        ).rows[0];
        if (!row) return null;
        if (!row.fingerprint.equals(input.fingerprint)) {
          throw new AppError({
            status: 422,
            code: 'idempotency-key-reused',
            title: 'Idempotency key reused',
            detail: 'This Idempotency-Key was used for a different request; send a new key with a new request.',
          });
        }
        if (row.state === 'completed') return { kind: 'replay', response: this.#openResponse(row) };
        if (row.wait > 0) throw this.inProgress(row.wait);
        if (!row.transactional && !row.applied) {
          throw new AppError({
            status: 409,
            code: 'idempotency-outcome-unknown',
            title: 'Outcome unknown',
            detail:
              'An earlier request with this Idempotency-Key was interrupted; it may or may not have taken effect. Check before sending it again with a new key.',
          });
        }
        // The earlier attempt's lease ended: its change either committed through withIdempotency (the
        // retry gets that result) or rolled back (the retry does the work). Safe to take over.
        await sql`update idempotency_record set claim_token = ${token}, locked_until = now() + make_interval(secs => ${lease})
          where id = ${row.id}`.execute(tx.db);
        return { kind: 'claimed', id: row.id, token };
      });
      if (outcome) return outcome;
    }
    throw this.inProgress(1);
  }

  /** Keeps the answer; only the claim's own request may (a takeover changed the token). */
  async complete(ctx: ActorContext, claim: { id: string; token: string }, response: StoredResponse): Promise<void> {
    const sealed = this.#box.seal(
      IDEMPOTENCY_PURPOSE,
      Buffer.from(JSON.stringify({ headers: response.headers, body: response.body.toString('base64') })),
    );
    await this.#db.transaction(ctx, (tx) =>
      sql`update idempotency_record set state = 'completed', status_code = ${response.status}, response = ${sealed}, locked_until = now()
        where id = ${claim.id} and claim_token = ${claim.token}`.execute(tx.db),
    );
  }

  /**
   * The request failed (5xx, "retry later", or an answer that cannot be kept). Not applied: the key is
   * forgotten, so a retry starts afresh. Applied (withIdempotency committed): the lease ends now, so a
   * retry takes over at once and gets the kept result.
   */
  async release(ctx: ActorContext, claim: { id: string; token: string }): Promise<void> {
    await this.#db.transaction(ctx, async (tx) => {
      await sql`delete from idempotency_record where id = ${claim.id} and claim_token = ${claim.token} and applied_at is null`.execute(
        tx.db,
      );
      await sql`update idempotency_record set locked_until = now() where id = ${claim.id} and claim_token = ${claim.token}`.execute(tx.db);
    });
  }

  sealResult(value: unknown): Buffer {
    return this.#box.seal(IDEMPOTENCY_PURPOSE, Buffer.from(JSON.stringify({ value })));
  }

  openResult(sealed: Buffer | null): unknown {
    if (!sealed) throw new Error('An applied idempotency claim without its result');
    return (JSON.parse(this.#box.open(IDEMPOTENCY_PURPOSE, sealed).toString('utf8')) as { value?: unknown }).value;
  }

  #openResponse(row: ExistingRow): StoredResponse {
    if (!row.response || row.status_code === null) throw new Error('A completed idempotency record without its answer');
    const kept = JSON.parse(this.#box.open(IDEMPOTENCY_PURPOSE, row.response).toString('utf8')) as {
      headers: Record<string, string>;
      body: string;
    };
    return { status: row.status_code, headers: kept.headers, body: Buffer.from(kept.body, 'base64') };
  }

  /**
   * Deletes expired records in batches of 5,000 (short transactions). Through a SECURITY DEFINER
   * function: row-level security keeps every actor to its own rows, and the job acts for no one.
   */
  async purgeExpired(): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < 10_000; batch++) {
      const count = await this.#db.transaction(
        systemContext('idempotency-retention'),
        async (tx) =>
          (await sql<{ count: number }>`select casus_purge_idempotency_records(5000) as count`.execute(tx.db)).rows[0]?.count ?? 0,
      );
      total += count;
      if (count === 0) break;
    }
    return total;
  }

  /** The daily job that forgets expired keys. */
  defineRetentionJob(jobs: JobQueue): void {
    jobs.define({
      name: 'kernel.idempotency-retention',
      schedule: { cron: '37 3 * * *' },
      handler: async () => {
        const removed = await this.purgeExpired();
        this.#log.info({ removed }, 'removed expired idempotency records');
      },
    });
  }
}
