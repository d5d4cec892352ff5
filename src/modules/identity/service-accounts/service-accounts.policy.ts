// Who may manage service accounts and issue their tokens. The CLI runs as the system actor on the
// owner's say-so (it holds the database credentials); people and other services need the permission
// in the account's unit. A service never issues tokens for itself: a leaked token must not be able to
// mint a longer-lived successor.
import { hasPermissionIn } from '../../../kernel/auth/permissions.ts';
import { definePolicy } from '../../../kernel/auth/policy.ts';

export interface AccountResource {
  id: string;
  unitId: string;
}

export const serviceAccountPolicy = definePolicy<AccountResource, 'manage' | 'issue'>({
  manage: (actor, account) => actor.kind === 'system' || hasPermissionIn(actor, 'service-accounts.manage', account.unitId),
  issue: (actor, account) =>
    actor.id !== account.id && (actor.kind === 'system' || hasPermissionIn(actor, 'service-accounts.manage', account.unitId)),
});
