// The SQL of the processing register. Every function runs in the caller's transaction, so row-level
// security applies (migrations/0001_processing_register.ts): readers see the register, only holders of
// privacy.register-manage change it; triggers stamp who and when, write the history and keep the
// action look-up.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import { allColumns } from '../../../kernel/db/prepared.ts';
import { updateWithVersion } from '../../../kernel/db/versioned.ts';
import type { ActivityStatus, ProcessingActivityTable } from '../privacy.tables.ts';

export type ActivityRow = Selectable<ProcessingActivityTable>;
export type NewActivity = Omit<Insertable<ProcessingActivityTable>, 'id' | 'status' | 'retire_reason' | 'version'>;
export type ActivityChanges = Omit<Updateable<ProcessingActivityTable>, 'id' | 'key' | 'version'>;

const COLUMNS = allColumns<ProcessingActivityTable>()([
  'id',
  'key',
  'name',
  'purpose',
  'legal_basis',
  'legal_basis_detail',
  'data_subject_categories',
  'personal_data_categories',
  'special_categories',
  'recipients',
  'processors',
  'third_country_transfers',
  'retention',
  'security_measures',
  'controller',
  'dpo_contact',
  'audit_actions',
  'status',
  'retired_at',
  'retire_reason',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'version',
]);

export function listActivities(tx: Tx, status: ActivityStatus | null): Promise<ActivityRow[]> {
  let query = tx.db.selectFrom('processing_activity').select(COLUMNS).orderBy('name').orderBy('id');
  if (status) query = query.where('status', '=', status);
  return query.execute();
}

export function loadActivity(tx: Tx, id: string): Promise<ActivityRow | undefined> {
  return tx.db.selectFrom('processing_activity').select(COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function insertActivity(tx: Tx, values: NewActivity): Promise<ActivityRow> {
  return tx.db.insertInto('processing_activity').values(values).returning(COLUMNS).executeTakeFirstOrThrow();
}

export function changeActivity(tx: Tx, id: string, expectedVersion: number, changes: ActivityChanges): Promise<ActivityRow> {
  return updateWithVersion(tx, 'processing_activity', id, expectedVersion, changes);
}

export function historyOf(tx: Tx, activityId: string) {
  return tx.db
    .selectFrom('processing_activity_history')
    .select(['version', 'change', 'changed_fields', 'changed_at', 'changed_by', 'snapshot'])
    .where('activity_id', '=', activityId)
    .orderBy('version')
    .execute();
}

/** Which of these patterns another activity already covers (a pattern belongs to one activity). */
export function patternsHeldElsewhere(tx: Tx, activityId: string | null, patterns: readonly string[]) {
  if (patterns.length === 0) return Promise.resolve([]);
  let query = tx.db
    .selectFrom('processing_activity_action as a')
    .innerJoin('processing_activity as p', 'p.id', 'a.activity_id')
    .select(['a.pattern', 'p.key'])
    .where('a.pattern', 'in', [...patterns]);
  if (activityId) query = query.where('a.activity_id', '<>', activityId);
  return query.orderBy('a.pattern').execute();
}

/** The patterns that could cover an action: the action itself and each of its prefixes ('a.b.c', 'a.b.', 'a.'). */
export function patternsFor(action: string): string[] {
  const parts = action.split('.');
  return [action, ...parts.slice(0, -1).map((_, i) => `${parts.slice(0, parts.length - 1 - i).join('.')}.`)];
}

/** The activity covering an action: its longest matching pattern's. One index look-up per candidate pattern. */
export function activityOfAction(tx: Tx, action: string) {
  return tx.db
    .selectFrom('processing_activity_action as a')
    .innerJoin('processing_activity as p', 'p.id', 'a.activity_id')
    .select(['p.id', 'p.key', 'p.name'])
    .where('a.pattern', 'in', patternsFor(action))
    .orderBy(sql`length(a.pattern)`, 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The whole look-up: every pattern with its activity (a few dozen rows). */
export function actionMapping(tx: Tx) {
  return tx.db
    .selectFrom('processing_activity_action as a')
    .innerJoin('processing_activity as p', 'p.id', 'a.activity_id')
    .select(['a.pattern', 'p.id', 'p.key', 'p.name'])
    .execute();
}
