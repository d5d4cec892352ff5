// What may be done with a task, row by row, without a database. Seeing one is row-level security's
// (a task that loads is one the actor may see, through its case or referral), so whoever sees an open
// task changes and completes it; dropping it is for the team (tasks.read-unit in its unit) or whoever
// made it, not for someone it was merely handed to.
import { taskPolicy, type TaskResource } from './tasks.policy.ts';
import { actor, policyTable } from '../../../test/helpers/policy-table.ts';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';

const task = (over: Partial<TaskResource> = {}): TaskResource => ({
  owningUnitId: TEAM_A,
  status: 'open',
  assigneeUserId: null,
  createdBy: 'colleague',
  ...over,
});

const teamMember = actor({ [TEAM_A]: ['tasks.read-unit', 'tasks.create'] }, { id: 'me' });
const volunteer = actor({ [TEAM_A]: ['tasks.create'] }, { id: 'me' });

policyTable('taskPolicy', taskPolicy, [
  { name: 'a team member on an open task of the team', actor: teamMember, resource: task(), allows: ['update', 'complete', 'cancel'] },
  {
    name: 'a volunteer it was handed to completes it, does not drop it',
    actor: volunteer,
    resource: task({ assigneeUserId: 'me' }),
    allows: ['update', 'complete'],
  },
  {
    name: 'a volunteer who made it drops it',
    actor: volunteer,
    resource: task({ createdBy: 'me' }),
    allows: ['update', 'complete', 'cancel'],
  },
  {
    name: 'tasks.read-unit in another team does not drop team A’s task',
    actor: actor({ [TEAM_B]: ['tasks.read-unit'] }, { id: 'me' }),
    resource: task(),
    allows: ['update', 'complete'],
  },
  {
    name: 'a service account that made it: only users own tasks',
    actor: actor({}, { id: 'me', kind: 'service' }),
    resource: task({ createdBy: 'me' }),
    allows: ['update', 'complete'],
  },
  { name: 'a task made by nobody known', actor: volunteer, resource: task({ createdBy: null }), allows: ['update', 'complete'] },
  { name: 'a done task', actor: teamMember, resource: task({ status: 'done', createdBy: 'me' }), allows: [] },
  { name: 'a cancelled task', actor: teamMember, resource: task({ status: 'cancelled', createdBy: 'me' }), allows: [] },
]);
