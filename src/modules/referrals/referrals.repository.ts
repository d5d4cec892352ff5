// The SQL of the referrals module. Every function runs in the caller's transaction, so row-level
// security applies: a referral the actor may not see is simply not found.
import { sql, type Insertable } from 'kysely';
import { userIdOf } from '../../kernel/auth/actor.ts';
import type { Tx } from '../../kernel/db/database.ts';
import { keyset, keysetPage, type KeysetCursor } from '../../kernel/db/keyset.ts';
import { caseVisible } from '../cases/index.ts';
import { LIVE_STATUSES, type ReferralContactAttemptTable, type ReferralStatus, type ReferralTable } from './referrals.tables.ts';
import { isActorsColumn } from '../../kernel/db/actor-match.ts';

export type ReferralRow = Omit<ReferralTable, 'status' | 'failed_attempts' | 'created_at' | 'updated_at' | 'version'> & {
  status: ReferralStatus;
  failed_attempts: number;
  created_at: Date;
  updated_at: Date;
  version: number;
};

export async function insertReferral(tx: Tx, row: Insertable<ReferralTable>): Promise<void> {
  // No RETURNING: a chain partner may write a referral it may not read back.
  await tx.db.insertInto('referral').values(row).execute();
}

export function loadReferral(tx: Tx, id: string, options: { forUpdate?: boolean } = {}): Promise<ReferralRow | undefined> {
  let query = tx.db.selectFrom('referral').selectAll().where('id', '=', id);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export function attemptsOf(tx: Tx, referralId: string) {
  return tx.db
    .selectFrom('referral_contact_attempt')
    .select(['id', 'at', 'channel', 'outcome', 'note', 'recorded_by as recordedBy'])
    .where('referral_id', '=', referralId)
    .orderBy('at')
    .orderBy('recorded_at')
    .execute();
}

/** The referral's unit, when the actor can see the referral (row-level security decides). */
export async function referralUnitOf(tx: Tx, id: string): Promise<string | undefined> {
  return (await tx.db.selectFrom('referral').select('owning_unit_id').where('id', '=', id).executeTakeFirst())?.owning_unit_id;
}

/** The registered person of each referral among `ids` the actor sees (the data subject of its tasks), in one query. */
export async function personsOfReferrals(tx: Tx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.db
    .selectFrom('referral')
    .select(['id', 'person_id'])
    .where('id', 'in', [...new Set(ids)])
    .where('person_id', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.person_id!]));
}

export interface ReferralListFilter {
  view: 'queue' | 'mine' | 'all';
  /** For 'queue': the units whose queue the actor reads (narrowed by unitId). */
  queueUnits: string[];
  /** Undefined: the live statuses (open, in contact, not reached). */
  status?: ReferralStatus;
  after?: KeysetCursor;
  limit: number;
}

const DUE_FIRST = keyset('first_contact_due_at', 'asc');

/** Visible referrals in first-contact deadline order (overdue first), keyset-paginated, each with its cursor. */
export function listReferrals(tx: Tx, filter: ReferralListFilter) {
  const actorId = userIdOf(tx.ctx.actor) ?? '';
  let query = tx.db
    .selectFrom('referral')
    .select([
      'id',
      'source',
      'channel',
      'received_at',
      'source_reference',
      'owning_unit_id',
      'person_id',
      'status',
      'first_contact_due_at',
      'failed_attempts',
      'assigned_to',
      'converted_case_id',
      'consent_given',
      'version',
      DUE_FIRST.cursorAt,
    ]);
  query = filter.status ? query.where('status', '=', filter.status) : query.where('status', 'in', [...LIVE_STATUSES]);
  // A converted referral only with its case (the cases module's condition: case_file's own row-level security answers).
  query = query.where(sql<boolean>`(converted_case_id is null or ${caseVisible('referral.converted_case_id')})`);
  if (filter.view === 'queue')
    query = query.where(
      'owning_unit_id',
      'in',
      filter.queueUnits.length > 0 ? filter.queueUnits : ['00000000-0000-0000-0000-000000000000'],
    );
  else if (filter.view === 'mine') query = query.where(isActorsColumn('assigned_to', actorId));
  return keysetPage(query, DUE_FIRST, filter).execute();
}

/** Assigns the referral to `userId` (null: back to the queue), when its version is still `version`. */
export async function assignReferral(tx: Tx, id: string, version: number, userId: string | null): Promise<void> {
  await tx.db
    .updateTable('referral')
    .set({ assigned_to: userId, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .execute();
}

export async function insertAttempt(tx: Tx, values: Insertable<ReferralContactAttemptTable>): Promise<void> {
  await tx.db.insertInto('referral_contact_attempt').values(values).execute();
}

/** Where a contact attempt leaves the referral: its status and the failed attempts so far. */
export async function setAttemptResult(tx: Tx, id: string, result: { status: ReferralStatus; failedAttempts: number }): Promise<void> {
  await tx.db
    .updateTable('referral')
    .set({ status: result.status, failed_attempts: result.failedAttempts, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

/** The referral became the case `caseId` about `personId`: converted and closed now. */
export async function markConverted(tx: Tx, id: string, converted: { caseId: string; personId: string }): Promise<void> {
  await sql`update referral set status = 'converted', converted_case_id = ${converted.caseId}::uuid, person_id = ${converted.personId}::uuid, closed_at = now(),
      updated_at = now(), version = version + 1 where id = ${id}::uuid`.execute(tx.db);
}

export async function closeReferral(tx: Tx, id: string, close: { status: 'duplicate' | 'declined'; reason: string }): Promise<void> {
  await sql`update referral set status = ${close.status}, closed_reason = ${close.reason}, closed_at = now(), updated_at = now(), version = version + 1
    where id = ${id}::uuid`.execute(tx.db);
}

/** Every referral naming `fromPersonId` names `toPersonId` instead, each with a new version; how many changed. */
export async function repointPerson(tx: Tx, fromPersonId: string, toPersonId: string): Promise<number> {
  const result = await tx.db
    .updateTable('referral')
    .set({ person_id: toPersonId, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('person_id', '=', fromPersonId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
