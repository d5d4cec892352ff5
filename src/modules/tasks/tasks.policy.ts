// Who may do what with a task, as small rules. Seeing a task is decided by row-level security
// (migrations/0003_follow_parent.ts: only with its case or referral): a task that loads is one the actor may see. These rules decide what the
// API offers (allowedActions) and refuse early with a clear problem.
import { definePolicy } from '../../kernel/auth/policy.ts';
import { hasPermissionIn } from '../../kernel/auth/permissions.ts';
import type { Actor } from '../../kernel/auth/actor.ts';
import type { TaskStatus } from './tasks.tables.ts';

export interface TaskResource {
  owningUnitId: string;
  status: TaskStatus;
  assigneeUserId: string | null;
  createdBy: string | null;
}

const open = (t: TaskResource) => t.status === 'open';
const mine = (actor: Actor, id: string | null) => actor.kind === 'user' && id !== null && id === actor.id;
const team = (actor: Actor, t: TaskResource) => hasPermissionIn(actor, 'tasks.read-unit', t.owningUnitId);

export const taskPolicy = definePolicy<TaskResource, 'update' | 'complete' | 'cancel'>({
  // Whoever sees a task (she sees its case or referral) works on it.
  update: (_actor, t) => open(t),
  complete: (_actor, t) => open(t),
  // Dropping a task is for the team or whoever made it, not for someone it was merely handed to.
  cancel: (actor, t) => open(t) && (team(actor, t) || mine(actor, t.createdBy)),
});
