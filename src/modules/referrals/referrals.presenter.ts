// How a referral is shown: the columns for the queue, and for one referral also its attempts, what
// the actor may do with it and, on an audited read only, the payload as received.
import type { Actor } from '../../kernel/auth/actor.ts';
import { hasPermission } from '../../kernel/auth/permissions.ts';
import { allowedActions } from '../../kernel/auth/policy.ts';
import { workingDaysBetween, type WorkingCalendar } from '../../kernel/calendar/working-days.ts';
import { isLive, referralPolicy, type ReferralResource } from './referrals.policy.ts';
import type { ReferralRow } from './referrals.repository.ts';
import type { AttemptChannel, AttemptOutcome } from './referrals.tables.ts';

export const resourceOf = (row: Pick<ReferralRow, 'owning_unit_id' | 'status' | 'assigned_to'>): ReferralResource => ({
  owningUnitId: row.owning_unit_id,
  status: row.status,
  assignedTo: row.assigned_to,
});

type ListRow = Pick<
  ReferralRow,
  | 'id'
  | 'source'
  | 'channel'
  | 'received_at'
  | 'source_reference'
  | 'owning_unit_id'
  | 'person_id'
  | 'status'
  | 'first_contact_due_at'
  | 'failed_attempts'
  | 'assigned_to'
  | 'converted_case_id'
  | 'consent_given'
  | 'version'
>;

export function presentListItem(row: ListRow, calendar: WorkingCalendar, now = Date.now()) {
  const live = isLive(row.status);
  return {
    id: row.id,
    source: row.source,
    channel: row.channel,
    receivedAt: row.received_at.toISOString(),
    sourceReference: row.source_reference,
    owningUnitId: row.owning_unit_id,
    personId: row.person_id,
    status: row.status,
    firstContactDueAt: row.first_contact_due_at.toISOString(),
    overdue: live && row.first_contact_due_at.getTime() < now,
    // The deadline is the end of a working day (Dutch holidays and closure days counted), so the time
    // left is said in working days, as the team plans it; the browser has no calendar of its own.
    workingDaysLeft: live ? workingDaysBetween(new Date(now), row.first_contact_due_at, calendar) : null,
    failedAttempts: row.failed_attempts,
    assignedTo: row.assigned_to,
    convertedCaseId: row.converted_case_id,
    consentGiven: row.consent_given,
    version: row.version,
  };
}

/** The payload for this actor: a BSN the referrer sent is shown only to holders of persons.read-bsn, as on persons. */
function payloadFor(actor: Actor, payload: Record<string, unknown>): Record<string, unknown> {
  const person = payload.person as Record<string, unknown> | undefined;
  if (!person || person.bsn === undefined || hasPermission(actor, 'persons.read-bsn')) return payload;
  const { bsn: _bsn, ...rest } = person;
  return { ...payload, person: { ...rest, bsnHidden: true } };
}

export function presentReferral(
  actor: Actor,
  row: ReferralRow,
  attempts: { id: string; at: Date; channel: AttemptChannel; outcome: AttemptOutcome; note: string | null; recordedBy: string | null }[],
  payload: Record<string, unknown> | null,
  calendar: WorkingCalendar,
) {
  return {
    ...presentListItem(row, calendar),
    incidentId: row.incident_id,
    consentSource: row.consent_source,
    closedReason: row.closed_reason,
    closedAt: row.closed_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    payload: payload ? payloadFor(actor, payload) : null,
    attempts: attempts.map((a) => ({ ...a, at: a.at.toISOString() })),
    allowedActions: allowedActions(actor, referralPolicy, resourceOf(row)),
  };
}
