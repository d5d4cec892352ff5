// The tasks module: tasks on cases and referrals, for a person or the team, due at the end of a
// working day. Visibility follows the case or referral, the assignee and the team's task list
// (row-level security, migrations/0001_tasks.ts).
import type { CasusModule } from '../../kernel/module.ts';
import { tasks } from './migrations/0001_tasks.ts';
import { seedTaskPermissions } from './migrations/0002_seed_permissions.ts';
import { TasksService } from './tasks.service.ts';
import { tasksRoutes } from './tasks.routes.ts';
import { taskPermissions } from './tasks.permissions.ts';
import './tasks.tables.ts';

export { cancelOpenTasksOfReferral, createTask, type NewTask } from './tasks.service.ts';
export { openTasksOf, type OpenTasks } from './tasks.lookup.ts';
export type { TaskView } from './tasks.service.ts';

export function createTasksModule(): CasusModule {
  return {
    name: 'tasks',
    migrations: [tasks, seedTaskPermissions],
    permissions: taskPermissions,
    register(ctx) {
      ctx.addRoutes({ prefix: '/tasks', plugin: tasksRoutes(new TasksService(ctx.db, ctx.settings.calendar)) });
    },
  };
}

export const tasksModule = createTasksModule();
