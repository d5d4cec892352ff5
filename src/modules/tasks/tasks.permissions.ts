// The permissions the tasks module owns, and which seeded roles start with them.
import type { PermissionDefinition } from '../../kernel/auth/permissions.ts';

export const taskPermissions: PermissionDefinition[] = [
  { name: 'tasks.read-unit', description: 'See and work the task list of the unit (team tasks).' },
  { name: 'tasks.create', description: 'Create tasks on the cases and referrals one can see.' },
];

export const TASK_ROLE_GRANTS: Record<string, string[]> = {
  'case-worker': ['tasks.read-unit', 'tasks.create'],
  volunteer: ['tasks.create'],
  'team-lead': ['tasks.read-unit', 'tasks.create'],
};
