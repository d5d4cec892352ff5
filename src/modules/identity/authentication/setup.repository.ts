// SQL for first-run setup: whether an administrator exists, setup links (one_time_link, purpose
// 'setup'), and the first administrator. The link is made by a one-off statement runner (the serving
// process's pool, or the owner login of `casus users bootstrap-admin`), outside any actor's transaction.
import type pg from 'pg';
import { sql } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';

/** Runs one parameterised statement: a pg client, a pool or a one-off owner connection. */
export type Execute = <R extends object = object>(text: string, values: unknown[]) => Promise<{ rows: R[] }>;

/** An Execute over a pool or a client. */
export function executeOn(db: pg.Pool | pg.ClientBase): Execute {
  return async (text, values) => db.query(text, values);
}

/** True when some active person can manage grants (then no setup link is printed at start). */
export async function hasAdministrator(execute: Execute): Promise<boolean> {
  const { rows } = await execute<{ found: boolean }>(
    `
    select exists (
      select 1 from role_assignment ra
      join role_permission rp on rp.role_id = ra.role_id and rp.permission = 'grants.manage'
      left join user_group_member m on m.group_id = ra.group_id
      join app_user u on u.id = coalesce(ra.user_id, m.user_id)
      where u.status = 'active' and u.kind <> 'service' and ra.revoked_at is null
        and ra.starts_at <= now() and (ra.ends_at is null or ra.ends_at > now())
    ) as found`,
    [],
  );
  return rows[0]?.found === true;
}

/** Ends every unused setup link and adds a new one, with its audit event (there is no actor's transaction). */
export async function replaceSetupLink(
  execute: Execute,
  input: { tokenHash: string; createdBy: string; validHours: number },
): Promise<{ id: string; expiresAt: Date }> {
  await execute(`update one_time_link set used_at = now() where purpose = 'setup' and used_at is null`, []);
  const { rows } = await execute<{ id: string; expires_at: Date }>(
    `insert into one_time_link (purpose, token_hash, created_by, expires_at) values ('setup', $1, $2, now() + make_interval(hours => $3)) returning id, expires_at`,
    [input.tokenHash, input.createdBy, input.validHours],
  );
  await execute(
    `insert into audit_event (actor_kind, actor_id, action, object_type, object_id, result, reason) values ('system', $1, 'setup.link-created', 'one-time-link', $2, 'success', 'no administrator yet, or bootstrap-admin')`,
    [input.createdBy, rows[0]!.id],
  );
  return { id: rows[0]!.id, expiresAt: rows[0]!.expires_at };
}

/** Spends the usable setup link with this token hash (locked first); its id, or null when there is none. */
export async function spendSetupLink(tx: Tx, tokenHash: string): Promise<string | null> {
  const link = await tx.db
    .selectFrom('one_time_link')
    .select(['id'])
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', 'setup')
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .forUpdate()
    .executeTakeFirst();
  if (!link) return null;
  await tx.db
    .updateTable('one_time_link')
    .set({ used_at: sql<Date>`now()` })
    .where('id', '=', link.id)
    .execute();
  return link.id;
}

/**
 * A staff member at the root unit holding `roleKey` there, with a password: the first administrator.
 * Throws the database's unique violation (23505) when the username or e-mail address is taken.
 */
export async function insertAdministrator(
  tx: Tx,
  input: { username: string; displayName: string; email: string | null; passwordHash: string; roleKey: string },
): Promise<string> {
  const root = await tx.db.selectFrom('org_unit').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
  const user = await tx.db
    .insertInto('app_user')
    .values({ kind: 'staff', username: input.username, display_name: input.displayName, email: input.email, unit_id: root.id })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx.db.insertInto('password_credential').values({ user_id: user.id, hash: input.passwordHash }).execute();
  await sql`insert into role_assignment (role_id, user_id, unit_id, reason, granted_by)
    select id, ${user.id}::uuid, ${root.id}::uuid, 'first administrator (setup link)', 'system:setup' from role where key = ${input.roleKey}`.execute(
    tx.db,
  );
  return user.id;
}
