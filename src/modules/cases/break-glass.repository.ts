// The SQL of breaking the glass. The case is outside the actor's sight by definition, so the look-up,
// the deciders' list and the decision are SECURITY DEFINER functions that check the actor themselves
// (migrations/0010_break_glass_requests.ts); the direct grant and the request are ordinary inserts
// under row-level security.
import { sql } from 'kysely';
import { requireUserId } from '../../kernel/auth/actor.ts';
import type { Tx } from '../../kernel/db/database.ts';
import type { BreakGlassRequestStatus } from './break-glass.policy.ts';

export interface BreakGlassTarget {
  outcome: 'found' | 'unknown' | 'limited';
  caseId: string | null;
  unitId: string | null;
  shielded: boolean | null;
  primaryClientId: string | null;
}

/** The case with that number, counted as a failed look-up when there is none; 'limited' after five failures in an hour. */
export async function lookUpForBreakGlass(tx: Tx, caseNumber: string): Promise<BreakGlassTarget | undefined> {
  const { rows } =
    await sql<BreakGlassTarget>`select outcome, case_id as "caseId", owning_unit_id as "unitId", shielded, primary_client as "primaryClientId"
    from case_break_glass_target(${caseNumber})`.execute(tx.db);
  return rows[0];
}

export async function insertBreakGlassGrant(tx: Tx, values: { caseId: string; reason: string; expiresAt: Date }): Promise<string> {
  const userId = requireUserId(tx.ctx.actor);
  const row = await tx.db
    .insertInto('case_access_grant')
    .values({
      case_id: values.caseId,
      user_id: userId,
      kind: 'break-glass',
      reason: values.reason,
      granted_by: userId,
      expires_at: values.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A pending request to break the glass on a shielded case, for the actor (the database fills in who and until when). */
export async function insertBreakGlassRequest(
  tx: Tx,
  values: { caseId: string; reason: string },
): Promise<{ id: string; expiresAt: Date }> {
  return tx.db
    .insertInto('case_break_glass_request')
    .values({ case_id: values.caseId, reason: values.reason })
    .returning(['id', 'expires_at as expiresAt'])
    .executeTakeFirstOrThrow();
}

export interface BreakGlassRequestRow {
  id: string;
  caseId: string;
  caseNumber: string;
  unitId: string;
  requestedBy: string;
  reason: string;
  requestedAt: Date;
  expiresAt: Date;
  status: BreakGlassRequestStatus;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionComment: string | null;
  grantId: string | null;
  primaryClientId: string | null;
}

/** Requests the actor made or may decide, newest first; `id` narrows to one. */
export async function breakGlassRequests(
  tx: Tx,
  filter: { status?: BreakGlassRequestStatus; id?: string; limit: number },
): Promise<BreakGlassRequestRow[]> {
  const { rows } =
    await sql<BreakGlassRequestRow>`select id, case_id as "caseId", case_number as "caseNumber", unit_id as "unitId", requested_by as "requestedBy",
      reason, requested_at as "requestedAt", expires_at as "expiresAt", status, decided_by as "decidedBy", decided_at as "decidedAt",
      decision_comment as "decisionComment", grant_id as "grantId", primary_client as "primaryClientId"
    from case_break_glass_requests(${filter.status ?? null}, ${filter.id ?? null}::uuid, ${filter.limit})`.execute(tx.db);
  return rows;
}

export type Decision =
  | { outcome: 'approved'; grantId: string; expiresAt: Date }
  | { outcome: 'refused' | 'own' | 'decided' | 'expired'; grantId: null; expiresAt: null };

export async function decideBreakGlass(
  tx: Tx,
  requestId: string,
  approve: boolean,
  comment: string,
  grantHours: number,
): Promise<Decision | undefined> {
  const { rows } = await sql<Decision>`select outcome, grant_id as "grantId", expires_at as "expiresAt"
    from case_decide_break_glass(${requestId}::uuid, ${approve}, ${comment}, ${grantHours})`.execute(tx.db);
  return rows[0];
}

export interface BreakGlassAccessRow {
  id: string;
  caseId: string;
  caseNumber: string;
  userId: string;
  reason: string;
  grantedAt: Date;
  expiresAt: Date | null;
  reviewedAt: Date | null;
  reviewedBy: string | null;
  grantedBy: string | null;
  primaryClientId: string | null;
}

/** Break-the-glass accesses to cases of units where the actor holds cases.review-access. */
export async function breakGlassAccesses(tx: Tx, filter: { reviewed: boolean; limit: number }): Promise<BreakGlassAccessRow[]> {
  const { rows } = await sql<BreakGlassAccessRow>`select id, case_id as "caseId", case_number as "caseNumber", user_id as "userId", reason,
      granted_at as "grantedAt", expires_at as "expiresAt", reviewed_at as "reviewedAt", reviewed_by as "reviewedBy", granted_by as "grantedBy",
      primary_client as "primaryClientId"
    from case_break_glass_accesses(${filter.reviewed}, ${filter.limit})`.execute(tx.db);
  return rows;
}

export async function reviewBreakGlass(tx: Tx, grantId: string): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`select case_review_break_glass(${grantId}::uuid) as ok`.execute(tx.db);
  return rows[0]?.ok === true;
}
