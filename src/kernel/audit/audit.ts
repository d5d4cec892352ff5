// The audit writer. A module records what happened in the same transaction as the change itself,
// so a change without its audit event cannot commit, and a rolled-back change leaves no false trail.
// Later issues add the audit of reads, sealing (tamper evidence) and the audit screens on top.
import type { Tx } from '../db/database.ts';

export type AuditResult = 'success' | 'denied' | 'failure';

export interface AuditEvent {
  /** Dotted verb, module first: "case.update", "person.read", "session.login". */
  action: string;
  objectType: string;
  objectId?: string | null;
  /** The person the data is about (GDPR data subject), where there is one. */
  dataSubjectId?: string | null;
  result?: AuditResult;
  /** Why: the reason given for break-the-glass, a deactivation, a denial. */
  reason?: string | null;
  changedFields?: string[];
  /** Non-personal details that help an auditor (never the personal data itself). */
  details?: Record<string, unknown>;
  /** A list read: the ids of the objects it showed (cases, referrals, tasks...). */
  objectIds?: readonly string[];
  /** A list read: the persons the shown objects are about (duplicates removed), for "who saw this client". */
  dataSubjectIds?: readonly string[];
}

/** Records one event, or several in one statement (a screen that shows facts several routes audit). */
export async function recordAudit(tx: Tx, events: AuditEvent | readonly AuditEvent[]): Promise<void> {
  const list: readonly AuditEvent[] = 'action' in events ? [events] : events;
  if (list.length === 0) return;
  const { actor, origin } = tx.ctx;
  await tx.db
    .insertInto('audit_event')
    .values(
      list.map((event) => ({
        actor_kind: actor.kind,
        actor_id: actor.id,
        action: event.action,
        object_type: event.objectType,
        object_id: event.objectId ?? null,
        data_subject_id: event.dataSubjectId ?? null,
        result: event.result ?? 'success',
        reason: event.reason ?? null,
        origin_ip: origin.ip,
        user_agent: origin.userAgent?.slice(0, 512) ?? null,
        request_id: origin.requestId,
        trace_id: origin.traceId,
        changed_fields: event.changedFields ?? null,
        details: event.details ? JSON.stringify(event.details) : null,
        object_ids: event.objectIds ? [...event.objectIds] : null,
        data_subject_ids: event.dataSubjectIds ? [...new Set(event.dataSubjectIds)] : null,
      })),
    )
    .execute();
}
