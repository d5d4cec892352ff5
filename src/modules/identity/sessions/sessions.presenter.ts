// Sessions as users and administrators see them: when, from where, how signed in; never the token.
import { Type } from 'typebox';
import type { SessionRow } from './sessions.repository.ts';

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
