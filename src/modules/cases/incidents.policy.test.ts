// Who sees and changes an incident, row by row, without a database: as confidential as its cases.
// Once a case links it, only through a linked case one can see (the unit's cases.read-unit no longer
// reaches it); before that, the unit (cases.read-unit) and whoever recorded it. Changing also needs
// cases.update in its unit or in the unit of a linked case one sees (docs/security.md, Case visibility).
import { incidentPolicy, type IncidentResource } from './incidents.policy.ts';
import type { CaseResource } from './cases.policy.ts';
import { ANONYMOUS, actor, policyTable } from '../../../test/helpers/policy-table.ts';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';
const TEAM_C = 'team-c';

const incident = (over: Partial<IncidentResource> = {}): IncidentResource => ({
  owningUnitId: TEAM_A,
  linked: false,
  linkedCases: [],
  recordedByActor: false,
  ...over,
});
/** A linked case the actor works on (so she sees it, by the cases module's rule). */
const workedOn = (unit: string): CaseResource => ({
  owningUnitId: unit,
  confidentiality: 'normal',
  closed: false,
  assigned: true,
  granted: false,
});
/** A shielded linked case the actor neither works on nor was granted: the unit's cases.read-unit does not reach it. */
const shieldedIn = (unit: string): CaseResource => ({
  owningUnitId: unit,
  confidentiality: 'shielded',
  closed: false,
  assigned: false,
  granted: false,
});

const workerA = actor({ [TEAM_A]: ['cases.create', 'cases.update'] });
const leadA = actor({ [TEAM_A]: ['cases.read-unit', 'cases.create', 'cases.update'] });
const readerA = actor({ [TEAM_A]: ['cases.read-unit'] });
const workerB = actor({ [TEAM_B]: ['cases.create', 'cases.update'] });

policyTable('incidentPolicy', incidentPolicy, [
  { name: 'anonymous', actor: ANONYMOUS, resource: incident(), allows: [] },
  {
    name: 'unlinked: the worker who recorded it reads and changes it',
    actor: workerA,
    resource: incident({ recordedByActor: true }),
    allows: ['read', 'update'],
  },
  {
    name: 'unlinked: whoever recorded it without cases.update only reads',
    actor: actor(),
    resource: incident({ recordedByActor: true }),
    allows: ['read'],
  },
  {
    name: 'unlinked: a colleague who did not record it sees nothing without cases.read-unit',
    actor: workerA,
    resource: incident(),
    allows: [],
  },
  { name: 'unlinked: the team lead reads and changes the unit’s incident', actor: leadA, resource: incident(), allows: ['read', 'update'] },
  { name: 'unlinked: a unit-wide reader only reads', actor: readerA, resource: incident(), allows: ['read'] },
  {
    name: 'unlinked: another team’s lead',
    actor: actor({ [TEAM_B]: ['cases.read-unit', 'cases.update'] }),
    resource: incident(),
    allows: [],
  },
  {
    name: 'linked to no case she sees: not the team lead, not its recorder',
    actor: leadA,
    resource: incident({ linked: true, recordedByActor: true, linkedCases: [shieldedIn(TEAM_A)] }),
    allows: [],
  },
  {
    name: 'linked to a normal case of her unit: the unit-wide reader sees it through the case',
    actor: readerA,
    resource: incident({ linked: true, linkedCases: [{ ...shieldedIn(TEAM_A), confidentiality: 'normal' }] }),
    allows: ['read'],
  },
  {
    name: 'linked to a case of her unit she sees',
    actor: workerA,
    resource: incident({ linked: true, linkedCases: [workedOn(TEAM_A)] }),
    allows: ['read', 'update'],
  },
  {
    name: 'linked to a case of team B she sees: cases.update in team B changes team A’s incident',
    actor: workerB,
    resource: incident({ linked: true, linkedCases: [workedOn(TEAM_B)] }),
    allows: ['read', 'update'],
  },
  {
    name: 'linked to a case she sees, without cases.update (an assigned volunteer)',
    actor: actor(),
    resource: incident({ linked: true, linkedCases: [workedOn(TEAM_B)] }),
    allows: ['read'],
  },
  {
    name: 'linked to a case she sees, cases.update only in an unrelated unit',
    actor: actor({ [TEAM_C]: ['cases.update'] }),
    resource: incident({ linked: true, linkedCases: [workedOn(TEAM_B)] }),
    allows: ['read'],
  },
]);
