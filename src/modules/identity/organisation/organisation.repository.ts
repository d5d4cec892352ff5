// SQL for organisational units (org_unit, one tree), user groups and their members
// (organisation.service.ts, and the approvals that finish membership changes).
import { sql, type Kysely } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Tables } from '../../../kernel/db/tables.ts';

export type UnitRow = {
  id: string;
  parent_id: string | null;
  kind: 'national' | 'region' | 'team';
  code: string;
  name: string;
  manager_id: string | null;
  active: boolean;
  version: number;
};

export async function listUnits(db: Kysely<Tables>): Promise<UnitRow[]> {
  return db.selectFrom('org_unit').selectAll().orderBy('kind').orderBy('name').execute();
}

/** The unit, locked for the transaction; undefined when there is none. */
export async function lockUnit(tx: Tx, id: string): Promise<UnitRow | undefined> {
  return tx.db.selectFrom('org_unit').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

/** Throws the database's unique violation (23505) when the code is taken. */
export async function insertUnit(
  tx: Tx,
  unit: { parentId: string; kind: 'region' | 'team'; code: string; name: string; managerId: string | null },
): Promise<UnitRow> {
  return tx.db
    .insertInto('org_unit')
    .values({ parent_id: unit.parentId, kind: unit.kind, code: unit.code, name: unit.name, manager_id: unit.managerId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Changes the given fields and bumps the version. Throws the cycle trigger's check violation (23514,
 * migrations/0001) when a unit would move under its own subtree.
 */
export async function updateUnit(
  tx: Tx,
  id: string,
  changes: { name?: string; parentId?: string; managerId?: string | null; active?: boolean },
): Promise<UnitRow> {
  return tx.db
    .updateTable('org_unit')
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.parentId !== undefined ? { parent_id: changes.parentId } : {}),
      ...(changes.managerId !== undefined ? { manager_id: changes.managerId } : {}),
      ...(changes.active !== undefined ? { active: changes.active } : {}),
      updated_at: sql<Date>`now()`,
      version: sql<number>`version + 1`,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findUserStanding(tx: Tx, userId: string) {
  return tx.db.selectFrom('app_user').select(['status', 'kind']).where('id', '=', userId).executeTakeFirst();
}

/** Every group with its members' ids, by name. */
export function listGroups(db: Kysely<Tables>) {
  return db
    .selectFrom('user_group as g')
    .leftJoin('user_group_member as m', 'm.group_id', 'g.id')
    .select([
      'g.id',
      'g.name',
      'g.description',
      'g.version',
      sql<string[]>`coalesce(array_agg(m.user_id::text order by m.user_id) filter (where m.user_id is not null), '{}')`.as('memberIds'),
    ])
    .groupBy('g.id')
    .orderBy('g.name')
    .execute();
}

/** Throws the database's unique violation (23505) when the name is taken. */
export function insertGroup(tx: Tx, group: { name: string; description: string }) {
  return tx.db
    .insertInto('user_group')
    .values({ name: group.name, description: group.description })
    .returning(['id', 'name', 'description', 'version'])
    .executeTakeFirstOrThrow();
}

export async function groupExists(tx: Tx, groupId: string): Promise<boolean> {
  return (await tx.db.selectFrom('user_group').select('id').where('id', '=', groupId).executeTakeFirst()) !== undefined;
}

export async function userStatus(tx: Tx, userId: string): Promise<'active' | 'deactivated' | null> {
  const row = await tx.db.selectFrom('app_user').select('status').where('id', '=', userId).executeTakeFirst();
  return row?.status ?? null;
}

export async function addMember(tx: Tx, groupId: string, userId: string): Promise<void> {
  await tx.db
    .insertInto('user_group_member')
    .values({ group_id: groupId, user_id: userId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** False when the user was not a member. */
export async function removeMember(tx: Tx, groupId: string, userId: string): Promise<boolean> {
  const removed = await tx.db
    .deleteFrom('user_group_member')
    .where('group_id', '=', groupId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(removed.numDeletedRows) > 0;
}
