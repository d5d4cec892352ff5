// The tasks module: tasks on cases and referrals, for a person or the team, due at the end of a
// working day. A task is visible only with its case or referral (row-level security,
// migrations/0003_follow_parent.ts); "mine" and the team's list are views within that.
import type { CasusModule } from '../../kernel/module.ts';
import { tasks } from './migrations/0001_tasks.ts';
import { seedTaskPermissions } from './migrations/0002_seed_permissions.ts';
import { followParent } from './migrations/0003_follow_parent.ts';
import { taskSubjectAccessFunction } from './migrations/0004_subject_access.ts';
import { erasure } from './migrations/0005_erasure.ts';
import { TasksService } from './tasks.service.ts';
import { tasksRoutes } from './tasks.routes.ts';
import { taskPermissions } from './tasks.permissions.ts';
import './tasks.tables.ts';

export { tasksErasure } from './tasks.erasure.ts';

export { cancelOpenTasksOfReferral, createTask, type NewTask } from './tasks.service.ts';
export { openTasksOf, type OpenTasks } from './tasks.lookup.ts';
export type { TaskView } from './tasks.service.ts';
export { taskSubjectAccess, type SubjectTask } from './tasks.subject-access.ts';

export function createTasksModule(): CasusModule {
  return {
    name: 'tasks',
    migrations: [tasks, seedTaskPermissions, followParent, taskSubjectAccessFunction, erasure],
    permissions: taskPermissions,
    register(ctx) {
      ctx.addRoutes({ prefix: '/tasks', plugin: tasksRoutes(new TasksService(ctx.db, ctx.settings.calendar)) });
    },
  };
}

export const tasksModule = createTasksModule();
