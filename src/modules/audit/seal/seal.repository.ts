// The sealer's SQL: gives every committed audit event the next leaf of the gap-free sequence, in rounds a
// few seconds apart (ADR 0025, migrations/0001_audit_seal.ts). Any number of working instances run it;
// an advisory lock lets one seal at a time, the others skip the round. A round that loses a race
// (another sealed the same events first) rolls back and the next round starts from the new state.
import { sql, type RawBuilder } from 'kysely';
import { systemContext } from '../../../kernel/auth/actor.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { CanonicalEventRow } from './canonical.ts';

/** The select list that reads a row of `audit_event e` as a CanonicalEventRow. */
export const canonicalColumns: RawBuilder<CanonicalEventRow> = sql`e.id::text as id,
  to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as occurred_at,
  e.actor_kind, e.actor_id, e.action, e.object_type, e.object_id, e.data_subject_id, e.result, e.reason,
  e.origin_ip::text as origin_ip, e.user_agent, e.request_id, e.trace_id, e.changed_fields,
  e.details::text as details, e.object_ids, e.data_subject_ids, e.xact_id::text as xact_id`;

/** `to_json(x)::text`, JSON.stringify's `null` for SQL NULL: the same escaping as JavaScript's for text and text[]. */
const json = (expression: string) => `coalesce(to_json(${expression})::text, 'null')`;

/**
 * The leaf hash of `audit_event e`, computed by PostgreSQL: byte for byte canonical.ts's leafHash (the
 * version line, then the columns of canonicalColumns as JSON with sorted keys and no spaces), so the sealer
 * sends 32 bytes per event instead of the event, and hashes in C. The verifier recomputes every leaf in
 * TypeScript (canonical.ts), so the two implementations are checked against each other on every run;
 * leaf-hash-sql.test.ts holds them together over every ASCII character, non-BMP text and JSON details.
 */
export const leafHashSql: RawBuilder<Buffer> = sql.raw(`sha256('\\x00'::bytea || convert_to('casus-audit-event/v1' || chr(10)
  || '{"action":' || ${json('e.action')} || ',"actor_id":' || ${json('e.actor_id')} || ',"actor_kind":' || ${json('e.actor_kind')}
  || ',"changed_fields":' || ${json('e.changed_fields')} || ',"data_subject_id":' || ${json('e.data_subject_id')}
  || ',"data_subject_ids":' || ${json('e.data_subject_ids')} || ',"details":' || ${json('e.details::text')}
  || ',"id":' || ${json('e.id::text')} || ',"object_id":' || ${json('e.object_id')} || ',"object_ids":' || ${json('e.object_ids')}
  || ',"object_type":' || ${json('e.object_type')}
  || ',"occurred_at":' || ${json(`to_char(e.occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`)}
  || ',"origin_ip":' || ${json('e.origin_ip::text')} || ',"reason":' || ${json('e.reason')} || ',"request_id":' || ${json('e.request_id')}
  || ',"result":' || ${json('e.result')} || ',"trace_id":' || ${json('e.trace_id')} || ',"user_agent":' || ${json('e.user_agent')}
  || ',"xact_id":' || ${json('e.xact_id::text')} || '}', 'UTF8'))`);

/** pg_advisory_xact_lock key of the sealer ("casus-seal" as ASCII, fits a bigint). */
const SEAL_LOCK = 0x63617375732d7365n;
const ACTOR = systemContext('audit-sealer');

export interface SealBatch {
  /** Events sealed in this batch. */
  sealed: number;
  /** The tree size afterwards; null when another instance held the lock. */
  treeSize: string | null;
  /** Whether the batch found less than a full batch (a batch without `after`: everything committed is sealed now). */
  drained: boolean;
  /** The last event sealed, where the next batch of the round continues. */
  last: SealPosition | null;
}

/** A place in the sealing order: transaction id, then event id. */
export interface SealPosition {
  xactId: string;
  eventId: string;
}

export class AuditSealer {
  readonly #db: Database;
  readonly #batchSize: number;

  constructor(db: Database, options: { batchSize: number }) {
    this.#db = db;
    this.#batchSize = options.batchSize;
  }

  /**
   * Seals one batch in one transaction. `after`: the last event the previous batch of this round sealed, to
   * continue after it (migrations/0007_seal_keyset.ts); only a batch without it may complete the round.
   */
  async sealBatch(after: SealPosition | null = null): Promise<SealBatch> {
    return this.#db.transaction(
      ACTOR,
      async (tx) => {
        const lock = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${SEAL_LOCK.toString()}::bigint) as locked`.execute(
          tx.db,
        );
        if (!lock.rows[0]?.locked) return { sealed: 0, treeSize: null, drained: true, last: null };
        // The candidates and their leaf hashes in one statement, in sealing order.
        const { rows } = await sql<{ id: string; candidate_xact: string; leaf_hash: Buffer }>`select e.id::text as id,
            c.event_xact_id::text as candidate_xact, ${leafHashSql} as leaf_hash
          from casus_audit_seal_candidates(${this.#batchSize}, ${after?.xactId ?? null}::xid8, ${after?.eventId ?? null}::bigint) c
          join audit_event e on e.id = c.event_id
          order by c.event_xact_id, c.event_id`.execute(tx.db);
        const ids = rows.map((r) => r.id);
        const hashes = rows.map((r) => r.leaf_hash);
        const drained = ids.length < this.#batchSize;
        const size = await sql<{
          size: string;
        }>`select casus_audit_seal_append(${ids}::bigint[], ${hashes}::bytea[], ${drained && after === null})::text as size`.execute(tx.db);
        const last = rows.at(-1);
        return {
          sealed: ids.length,
          treeSize: size.rows[0]!.size,
          drained,
          last: last ? { xactId: last.candidate_xact, eventId: last.id } : null,
        };
      },
      { isolation: 'repeatable read' },
    );
  }

  /** Seals until everything committed is sealed (or another instance holds the lock). */
  async sealAll(): Promise<number> {
    let total = 0;
    let after: SealPosition | null = null;
    for (;;) {
      const batch = await this.sealBatch(after);
      total += batch.sealed;
      if (batch.treeSize === null) return total;
      if (batch.drained) {
        // A batch that continued ran dry: one from the boundary finds late commits, and only it completes the round.
        if (after === null) return total;
        after = null;
      } else {
        after = batch.last;
      }
    }
  }
}
