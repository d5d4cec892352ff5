// Security events: what a security officer (and often a team lead) must hear about at once, not at the
// next audit review: breaking the glass, leaving `shielded`, a privileged grant and its approval, a
// refused escalation. Each is an ordinary audit event, written in the same transaction as what it
// records, marked `details.securityEvent = true` so it can be found; and an outbox event
// (`security.event-raised`) that exists if and only if the change committed. Whoever is to be told is
// named by permission and unit (`notify`): the module that knows people (identity) resolves the
// holders after commit and tells them. The payload carries ids only, never personal data.
import type { Tx } from '../db/database.ts';
import { publishEvent } from '../events/outbox.ts';
import { recordAudit, type AuditEvent } from './audit.ts';

declare module '../events/event-map.ts' {
  interface EventMap {
    'security.event-raised': SecurityEventRaised;
  }
}

/** Who is to be told: the holders of `permission` in `unitId` (through grants there or above it). */
export interface SecurityNotice {
  permission: string;
  unitId: string;
}

export interface SecurityEvent extends AuditEvent {
  /** The unit the event concerns (the case's unit for break-the-glass), or null for the whole organisation. */
  unitId: string | null;
  notify: SecurityNotice[];
}

export interface SecurityEventRaised {
  action: string;
  objectType: string;
  objectId: string | null;
  unitId: string | null;
  result: 'success' | 'denied' | 'failure';
  notify: SecurityNotice[];
}

export async function recordSecurityEvent(tx: Tx, event: SecurityEvent): Promise<void> {
  const { unitId, notify, ...audit } = event;
  await recordAudit(tx, { ...audit, details: { ...audit.details, securityEvent: true, unitId } });
  await publishEvent(tx, 'security.event-raised', {
    action: audit.action,
    objectType: audit.objectType,
    objectId: audit.objectId ?? null,
    unitId,
    result: audit.result ?? 'success',
    notify,
  });
}
