// Sessions as users and administrators see them: when, from where, how signed in; never the token.
import type { Kysely } from 'kysely';
import { Type } from 'typebox';
import type { Tables } from '../../../kernel/db/tables.ts';
import type { SessionRow } from './sessions.service.ts';

export const SessionSchema = Type.Object({
  id: Type.String({ description: 'Identifies the session (a hash of its secret; cannot be used to sign in)' }),
  current: Type.Boolean(),
  state: Type.String(),
  authenticatedVia: Type.String(),
  secondFactor: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  expiresAt: Type.String({ format: 'date-time', description: 'Absolute end; the session also ends after idleTimeoutSeconds without use' }),
  idleTimeoutSeconds: Type.Integer(),
  ip: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  endReason: Type.Union([Type.String(), Type.Null()]),
});

export function presentSession(row: SessionRow, currentId: string | null, idleMs: number) {
  return {
    id: row.id,
    current: row.id === currentId,
    state: row.state,
    authenticatedVia: row.authenticated_via,
    secondFactor: row.second_factor,
    createdAt: row.created_at.toISOString(),
    lastSeenAt: row.last_seen_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    idleTimeoutSeconds: Math.round(idleMs / 1000),
    ip: row.origin_ip,
    userAgent: row.user_agent,
    endedAt: row.ended_at?.toISOString() ?? null,
    endReason: row.end_reason,
  };
}

/** Live sessions and those ended in the last 30 days, newest first. */
export async function listSessions(db: Kysely<Tables>, userId: string, currentId: string | null, idleMs: number) {
  const rows = (await db
    .selectFrom('user_session')
    .selectAll()
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('ended_at', 'is', null), eb('ended_at', '>', new Date(Date.now() - 30 * 86_400_000))]))
    .orderBy('created_at', 'desc')
    .limit(100)
    .execute()) as SessionRow[];
  return rows.map((row) => presentSession(row, currentId, idleMs));
}
