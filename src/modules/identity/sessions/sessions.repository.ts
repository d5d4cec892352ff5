// SQL for server-side sessions (user_session): the per-request look-up with the user's status and
// grants, starting, touching and ending sessions, the WebAuthn challenge a session carries, and the
// retention of ended rows.
import type pg from 'pg';
import { sql, type Insertable, type Kysely } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { Tables } from '../../../kernel/db/tables.ts';
import { grantsSql, type GrantRow } from '../grants/grants.repository.ts';
import type { UserSessionTable } from '../identity.tables.ts';

export type SessionRow = Omit<UserSessionTable, 'created_at' | 'last_seen_at' | 'failed_factor_attempts'> & {
  created_at: Date;
  last_seen_at: Date;
  failed_factor_attempts: number;
};

export type SessionEndReason =
  | 'logout'
  | 'idle-timeout'
  | 'expired'
  | 'ended-by-user'
  | 'ended-by-administrator'
  | 'user-deactivated'
  | 'factors-reset'
  | 'password-changed'
  | 'too-many-factor-attempts'
  | 'replaced';

// The session, its user's status and the user's grants in one round trip: this runs on every request.
// The grants are read fresh each time (never cached in the process), as loadGrants does.
const SESSION_QUERY = {
  name: 'identity.session.v2',
  text: `select s.*, u.status as user_status, g.rows as grant_rows
         from user_session s join app_user u on u.id = s.user_id
         cross join lateral (select coalesce(json_agg(x), '[]'::json) as rows from (${grantsSql('s.user_id', 'null::uuid[]')}) x) g
         where s.id = $1 and s.ended_at is null`,
};

/**
 * The session that is not ended, with its user's status and grant rows, as a named prepared statement
 * (planned once per connection).
 */
export async function findLiveSession(
  pool: Pick<pg.Pool, 'query'>,
  id: string,
): Promise<(SessionRow & { user_status: string; grant_rows: GrantRow[] }) | undefined> {
  return (await pool.query<SessionRow & { user_status: string; grant_rows: GrantRow[] }>({ ...SESSION_QUERY, values: [id] })).rows[0];
}

export async function insertSession(tx: Tx, values: Insertable<UserSessionTable>): Promise<SessionRow> {
  return tx.db.insertInto('user_session').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Ends a session found idle or expired (outside any transaction: nobody acts). */
export async function endLapsedSession(db: Kysely<Tables>, id: string, reason: 'idle-timeout' | 'expired'): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ ended_at: new Date(), end_reason: reason })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .execute();
}

export async function touchSession(db: Kysely<Tables>, id: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ last_seen_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

export async function stampReauthentication(tx: Tx, id: string): Promise<void> {
  await tx.db
    .updateTable('user_session')
    .set({ reauthenticated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** False when the session had ended already. */
export async function endSession(tx: Tx, id: string, reason: SessionEndReason): Promise<boolean> {
  const ended = await tx.db
    .updateTable('user_session')
    .set({ ended_at: sql<Date>`now()`, end_reason: reason })
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(ended.numUpdatedRows) > 0;
}

/** Ends the user's live sessions (but `except`); how many. */
export async function endSessionsOf(tx: Tx, userId: string, reason: SessionEndReason, except?: string): Promise<number> {
  let query = tx.db
    .updateTable('user_session')
    .set({ ended_at: sql<Date>`now()`, end_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null);
  if (except) query = query.where('id', '<>', except);
  return Number((await query.executeTakeFirst()).numUpdatedRows);
}

/** Whose session this is (ended or not); undefined when there is none. */
export async function sessionOwner(tx: Tx, id: string): Promise<string | undefined> {
  return (await tx.db.selectFrom('user_session').select('user_id').where('id', '=', id).executeTakeFirst())?.user_id;
}

/** The user's live sessions and those ended after `endedAfter`, newest first (at most 100). */
export async function listSessionsOf(db: Kysely<Tables>, userId: string, endedAfter: Date): Promise<SessionRow[]> {
  return db
    .selectFrom('user_session')
    .selectAll()
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', endedAfter)]))
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute();
}

/**
 * Counts one attempt at a second factor for a live session still under `max`: the attempt's number,
 * or null when the session ended or has had its attempts (checked and counted in one statement).
 */
export async function countFactorAttempt(tx: Tx, id: string, max: number): Promise<number | null> {
  const { rows } = await sql<{ attempts: number }>`update user_session set failed_factor_attempts = failed_factor_attempts + 1
    where id = ${id} and ended_at is null and failed_factor_attempts < ${max}
    returning failed_factor_attempts as attempts`.execute(tx.db);
  return rows[0]?.attempts ?? null;
}

export async function setSessionChallenge(tx: Tx, id: string, challenge: string): Promise<void> {
  await tx.db.updateTable('user_session').set({ challenge }).where('id', '=', id).execute();
}

/** The live session's challenge, cleared in the same transaction (the row locked): single use. */
export async function takeSessionChallenge(tx: Tx, id: string): Promise<string | null> {
  const row = await tx.db
    .selectFrom('user_session')
    .select('challenge')
    .where('id', '=', id)
    .where('ended_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!row?.challenge) return null;
  await tx.db.updateTable('user_session').set({ challenge: null }).where('id', '=', id).execute();
  return row.challenge;
}

/** Deletes session rows ended before `endedBefore`; how many. */
export async function deleteEndedSessions(db: Kysely<Tables>, endedBefore: Date): Promise<number> {
  const removed = await db.deleteFrom('user_session').where('ended_at', '<', endedBefore).executeTakeFirst();
  return Number(removed.numDeletedRows);
}
