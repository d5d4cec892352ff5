// Who may do what with the processing register. Everyone who works with privacy or audit (the FG, the
// security officer, auditors) reads it: they need to know what each audit event was for. Only holders
// of privacy.register-manage keep it. A retired activity is kept as it was (history); one that still
// covers audit actions cannot retire (move them to another activity first), so every action keeps
// exactly one activity. The register is the organisation's, not a unit's: any grant counts.
import { definePolicy } from '../../../kernel/auth/policy.ts';
import { hasPermission } from '../../../kernel/auth/permissions.ts';
import type { Actor } from '../../../kernel/auth/actor.ts';
import { PRIVACY_REGISTER_MANAGE, privacyPermissions } from '../privacy.permissions.ts';

/** The permissions that let one read the register: every privacy permission and every audit permission. */
export const REGISTER_READERS: readonly string[] = [
  ...privacyPermissions.map((p) => p.name),
  'audit.read',
  'audit.export',
  'audit.verify',
  'audit.alerts',
  'audit.subject-views',
];

export interface ActivityResource {
  status: 'active' | 'retired';
  auditActions: readonly string[];
}

export const readsRegister = (actor: Actor) => actor.kind === 'system' || REGISTER_READERS.some((p) => hasPermission(actor, p));
export const keepsRegister = (actor: Actor) => hasPermission(actor, PRIVACY_REGISTER_MANAGE);

export const activityPolicy = definePolicy<ActivityResource, 'read' | 'update' | 'retire'>({
  read: (actor) => readsRegister(actor),
  update: (actor, a) => keepsRegister(actor) && a.status === 'active',
  retire: (actor, a) => keepsRegister(actor) && a.status === 'active' && a.auditActions.length === 0,
});
