// Who may do what with a detection alert, as small rules. The same holds in the database (row-level
// security and detection_alert_guard, migrations/0020_detection.ts): these refuse early with a clear
// problem and tell the client what it may offer (allowedActions).
import type { Actor } from '../../../kernel/auth/actor.ts';
import { hasPermissionIn } from '../../../kernel/auth/permissions.ts';
import { definePolicy } from '../../../kernel/auth/policy.ts';
import { AUDIT_ALERTS } from '../audit.permissions.ts';
import type { AlertStatus } from './detection.tables.ts';

export interface AlertResource {
  unitId: string;
  /** The user or service account the alert is about. */
  actorId: string;
  status: AlertStatus;
}

/** audit.alerts in the alert's unit, and not about oneself: someone else judges one's own conduct. */
const handles = (actor: Actor, a: AlertResource) => hasPermissionIn(actor, AUDIT_ALERTS, a.unitId) && actor.id !== a.actorId;

export const alertPolicy = definePolicy<AlertResource, 'read' | 'acknowledge' | 'close'>({
  read: handles,
  acknowledge: (actor, a) => handles(actor, a) && a.status === 'open',
  close: (actor, a) => handles(actor, a) && a.status !== 'closed',
});
