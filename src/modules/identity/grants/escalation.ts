// A refused attempt to give what one could not grant oneself (a role, a group membership, a role
// edit, an API token) is a security event: the administrators of the unit hear of it at once, not at
// the next audit review. The attempt's own transaction rolls back (it changes nothing), so the event
// is written in a transaction of its own, which commits.
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import type { Database, Tx } from '../../../kernel/db/database.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordSecurityEvent, type SecurityNotice } from '../../../kernel/audit/security-events.ts';

export interface RefusedAttempt {
  /** The action that was refused ("grant.create", "group.add-member", "role.set-permissions", …). */
  action: string;
  objectType: string;
  objectId: string | null;
  unitId: string | null;
  notify: SecurityNotice[];
  details?: Record<string, unknown>;
}

/** A 403 that is also recorded as a security event (see recordingRefusals). */
export class EscalationRefused extends AppError {
  readonly attempt: RefusedAttempt;

  constructor(detail: string, attempt: RefusedAttempt) {
    super({ status: 403, code: 'forbidden', title: 'Forbidden', detail });
    this.attempt = attempt;
  }
}

/** Who hears of a refused or requested grant in these units: the holders of grants.manage there. */
export function grantManagersOf(unitIds: readonly string[]): SecurityNotice[] {
  return [...new Set(unitIds)].map((unitId) => ({ permission: 'grants.manage', unitId }));
}

export function recordRefusal(tx: Tx, refused: EscalationRefused): Promise<void> {
  const { attempt } = refused;
  return recordSecurityEvent(tx, {
    action: attempt.action,
    objectType: attempt.objectType,
    objectId: attempt.objectId,
    unitId: attempt.unitId,
    notify: attempt.notify,
    result: 'denied',
    reason: refused.detail ?? null,
    ...(attempt.details ? { details: attempt.details } : {}),
  });
}

/** Runs `work` in a transaction; a refused escalation rolls it back, is recorded on its own, and is thrown. */
export async function recordingRefusals<T>(db: Database, ctx: ActorContext, work: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(ctx, work);
  } catch (error) {
    if (error instanceof EscalationRefused) await db.transaction(ctx, (tx) => recordRefusal(tx, error));
    throw error;
  }
}
