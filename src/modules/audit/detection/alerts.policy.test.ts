// Who may handle a detection alert, row by row, without a database: holders of audit.alerts in the
// alert's unit (a grant above it reaches it: the actor carries every unit it covers), never the person
// the alert is about; acknowledged only while open, closed until it is closed.
import { ANONYMOUS, actor, policyTable } from '../../../../test/helpers/policy-table.ts';
import { alertPolicy, type AlertResource } from './alerts.policy.ts';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';
const REGION = 'region';
const alert = (over: Partial<AlertResource> = {}): AlertResource => ({ unitId: TEAM_A, actorId: 'suspect', status: 'open', ...over });
const officerA = actor({ [TEAM_A]: ['audit.alerts'] }, { id: 'officer' });
const regional = actor({ [REGION]: ['audit.alerts'], [TEAM_A]: ['audit.alerts'] }, { id: 'regional' });

policyTable('alertPolicy', alertPolicy, [
  { name: 'the unit’s officer on an open alert', actor: officerA, resource: alert(), allows: ['read', 'acknowledge', 'close'] },
  {
    name: 'the unit’s officer on an acknowledged alert',
    actor: officerA,
    resource: alert({ status: 'acknowledged' }),
    allows: ['read', 'close'],
  },
  { name: 'the unit’s officer on a closed alert', actor: officerA, resource: alert({ status: 'closed' }), allows: ['read'] },
  {
    name: 'a regional officer on a team’s alert (her grant covers it)',
    actor: regional,
    resource: alert(),
    allows: ['read', 'acknowledge', 'close'],
  },
  { name: 'an officer of another team', actor: actor({ [TEAM_B]: ['audit.alerts'] }), resource: alert(), allows: [] },
  { name: 'the officer on an alert about herself', actor: officerA, resource: alert({ actorId: 'officer' }), allows: [] },
  {
    name: 'a team lead without audit.alerts',
    actor: actor({ [TEAM_A]: ['cases.read-unit', 'cases.grant-access'] }),
    resource: alert(),
    allows: [],
  },
  { name: 'anonymous', actor: ANONYMOUS, resource: alert(), allows: [] },
]);
