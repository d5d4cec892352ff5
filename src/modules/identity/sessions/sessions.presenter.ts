// Sessions as users and administrators see them: when, from where, how signed in; never the token.
import { Type } from 'typebox';
import { DateTime, Nullable } from '../../../kernel/http/schemas.ts';
import type { SessionRow } from './sessions.repository.ts';

export const SessionSchema = Type.Object({
  id: Type.String({ description: 'Identifies the session (a hash of its secret; cannot be used to sign in)' }),
  current: Type.Boolean(),
  state: Type.String(),
  authenticatedVia: Type.String(),
  secondFactor: Nullable(Type.String()),
  createdAt: DateTime,
  lastSeenAt: DateTime,
  expiresAt: Type.String({ format: 'date-time', description: 'Absolute end; the session also ends after idleTimeoutSeconds without use' }),
  idleTimeoutSeconds: Type.Integer(),
  ip: Nullable(Type.String()),
  userAgent: Nullable(Type.String()),
  endedAt: Nullable(DateTime),
  endReason: Nullable(Type.String()),
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
