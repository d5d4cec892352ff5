// The SQL of the referrals module. Every function runs in the caller's transaction, so row-level
// security applies: a referral the actor may not see is simply not found.
import { sql, type Insertable } from 'kysely';
import { userIdOf } from '../../kernel/auth/actor.ts';
import type { Tx } from '../../kernel/db/database.ts';
import { keyset, keysetPage, type KeysetCursor } from '../../kernel/db/keyset.ts';
import { LIVE_STATUSES, type ReferralStatus, type ReferralTable } from './referrals.tables.ts';

export type ReferralRow = Omit<ReferralTable, 'status' | 'failed_attempts' | 'created_at' | 'updated_at' | 'version'> & {
  status: ReferralStatus; failed_attempts: number; created_at: Date; updated_at: Date; version: number;
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
  return tx.db.selectFrom('referral_contact_attempt').select(['id', 'at', 'channel', 'outcome', 'note', 'recorded_by as recordedBy'])
    .where('referral_id', '=', referralId).orderBy('at').orderBy('recorded_at').execute();
}

/**
 * Whether an incident exists that the actor can see (the cases module's table, read under its own
 * row-level security, as openCase does).
 */
export async function incidentVisible(tx: Tx, id: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`select id from incident where id = ${id}::uuid`.execute(tx.db);
  return rows.length > 0;
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
  let query = tx.db.selectFrom('referral')
    .select(['id', 'source', 'channel', 'received_at', 'source_reference', 'owning_unit_id', 'person_id', 'status', 'first_contact_due_at',
      'failed_attempts', 'assigned_to', 'converted_case_id', 'consent_given', 'version', DUE_FIRST.cursorAt]);
  query = filter.status ? query.where('status', '=', filter.status) : query.where('status', 'in', [...LIVE_STATUSES]);
  // A converted referral only with its case (case_file's own row-level security answers the sub-query).
  query = query.where(sql<boolean>`(converted_case_id is null or exists (select 1 from case_file c where c.id = referral.converted_case_id))`);
  if (filter.view === 'queue') query = query.where('owning_unit_id', 'in', filter.queueUnits.length > 0 ? filter.queueUnits : ['00000000-0000-0000-0000-000000000000']);
  else if (filter.view === 'mine') query = query.where(sql<boolean>`assigned_to::text = ${actorId}`);
  return keysetPage(query, DUE_FIRST, filter).execute();
}
