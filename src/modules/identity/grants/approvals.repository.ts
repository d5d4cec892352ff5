// SQL for grant requests (migrations/0007): the four-eyes queue of privileged grants.
import { sql, type Selectable } from 'kysely';
import type { Tx } from '../../../kernel/db/database.ts';
import type { GrantRequestTable } from '../identity.tables.ts';

/** A grant request as read, with the role's name for the list. */
export type GrantRequestRow = Selectable<GrantRequestTable> & { role_name: string | null };

export type NewGrantRequest =
  | {
      kind: 'grant';
      roleId: string;
      userId: string | null;
      groupId: string | null;
      unitId: string;
      startsAt: Date | null;
      endsAt: Date | null;
      reason: string;
    }
  | { kind: 'membership'; groupId: string; userId: string; reason: string }
  | { kind: 'role-permissions'; roleId: string; permissions: readonly string[]; roleVersion: number; reason: string };

function requests(tx: Tx) {
  return tx.db.selectFrom('grant_request as q').leftJoin('role as r', 'r.id', 'q.role_id').selectAll('q').select('r.name as role_name');
}

export async function insertGrantRequest(
  tx: Tx,
  requestedBy: string,
  request: NewGrantRequest,
  validDays: number,
): Promise<GrantRequestRow> {
  const row = await tx.db
    .insertInto('grant_request')
    .values({
      kind: request.kind,
      role_id: request.kind === 'membership' ? null : request.roleId,
      user_id: request.kind === 'role-permissions' ? null : request.userId,
      group_id: request.kind === 'role-permissions' ? null : request.groupId,
      unit_id: request.kind === 'grant' ? request.unitId : null,
      starts_at: request.kind === 'grant' ? request.startsAt : null,
      ends_at: request.kind === 'grant' ? request.endsAt : null,
      permissions: request.kind === 'role-permissions' ? [...request.permissions] : null,
      role_version: request.kind === 'role-permissions' ? request.roleVersion : null,
      reason: request.reason,
      requested_by: requestedBy,
      expires_at: sql<Date>`now() + make_interval(days => ${validDays})`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return (await findGrantRequest(tx, row.id))!;
}

export function findGrantRequest(tx: Tx, id: string, options: { lock?: boolean } = {}): Promise<GrantRequestRow | undefined> {
  const query = requests(tx).where('q.id', '=', id);
  return (options.lock ? query.forUpdate('q') : query).executeTakeFirst();
}

/** Requests waiting for a decision and not expired, oldest first. */
export function pendingGrantRequests(tx: Tx, limit: number): Promise<GrantRequestRow[]> {
  return requests(tx)
    .where('q.status', '=', 'pending')
    .where('q.expires_at', '>', sql<Date>`now()`)
    .orderBy('q.requested_at')
    .orderBy('q.id')
    .limit(limit)
    .execute();
}

/** The requests someone made, newest first. */
export function grantRequestsBy(tx: Tx, userId: string, limit: number): Promise<GrantRequestRow[]> {
  return requests(tx).where('q.requested_by', '=', userId).orderBy('q.requested_at', 'desc').orderBy('q.id').limit(limit).execute();
}

export async function decideGrantRequest(
  tx: Tx,
  id: string,
  decision: { status: 'approved' | 'refused'; decidedBy: string; reason: string | null; assignmentId?: string | null },
): Promise<void> {
  await tx.db
    .updateTable('grant_request')
    .set({
      status: decision.status,
      decided_by: decision.decidedBy,
      decided_at: sql<Date>`now()`,
      decision_reason: decision.reason,
      assignment_id: decision.assignmentId ?? null,
    })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
}
