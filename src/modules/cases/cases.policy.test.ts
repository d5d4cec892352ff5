// The case-visibility rule and what may be done with a case, row by row, without a database: seeing a
// case is working on it, holding a grant for it, or cases.read-unit in its unit unless it is shielded;
// changing it is seeing it and working on it or holding cases.update in its unit; shielding and
// leaving shielded need cases.grant-access there too (docs/security.md, Case visibility).
import { casePolicy, type CaseResource } from './cases.policy.ts';
import { ANONYMOUS, actor, policyTable } from '../../../test/helpers/policy-table.ts';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';
const LEAD = ['cases.read-unit', 'cases.create', 'cases.update', 'cases.assign', 'cases.grant-access'];

const kase = (over: Partial<CaseResource> = {}): CaseResource => ({
  owningUnitId: TEAM_A,
  confidentiality: 'normal',
  closed: false,
  assigned: false,
  granted: false,
  ...over,
});

const nobody = actor();
const worker = actor({ [TEAM_A]: ['cases.create', 'cases.update'] });
const leadA = actor({ [TEAM_A]: LEAD });
const leadB = actor({ [TEAM_B]: LEAD });
const readerA = actor({ [TEAM_A]: ['cases.read-unit'] });

const WORKS = ['read', 'update', 'close', 'addParticipant'] as const;

policyTable('casePolicy', casePolicy, [
  { name: 'anonymous sees nothing', actor: ANONYMOUS, resource: kase(), allows: [] },
  { name: 'a user without grants who does not work on it', actor: nobody, resource: kase(), allows: [] },
  { name: 'a case worker of the unit who does not work on it', actor: worker, resource: kase(), allows: [] },
  {
    name: 'an assigned volunteer (no permissions) works on the open case',
    actor: nobody,
    resource: kase({ assigned: true }),
    allows: WORKS,
  },
  {
    name: 'an assigned volunteer on a closed case only reads it',
    actor: nobody,
    resource: kase({ assigned: true, closed: true }),
    allows: ['read'],
  },
  {
    name: 'an assigned case worker reopens her closed case',
    actor: worker,
    resource: kase({ assigned: true, closed: true }),
    allows: ['read', 'reopen'],
  },
  {
    name: 'an assigned case worker on her shielded case: no shielding without cases.grant-access',
    actor: worker,
    resource: kase({ assigned: true, confidentiality: 'shielded' }),
    allows: WORKS,
  },
  {
    name: 'an explicit grant with cases.update in the unit works on the case',
    actor: worker,
    resource: kase({ granted: true }),
    allows: WORKS,
  },
  { name: 'an explicit grant alone only reads', actor: nobody, resource: kase({ granted: true }), allows: ['read'] },
  {
    name: 'breaking the glass from team B: cases.update there does not change team A’s case',
    actor: leadB,
    resource: kase({ granted: true }),
    allows: ['read'],
  },
  { name: 'a unit-wide reader reads', actor: readerA, resource: kase(), allows: ['read'] },
  { name: 'a unit-wide reader does not see a shielded case', actor: readerA, resource: kase({ confidentiality: 'shielded' }), allows: [] },
  {
    name: 'the team lead on an open case of her unit',
    actor: leadA,
    resource: kase(),
    allows: [...WORKS, 'assign', 'grantAccess', 'shield'],
  },
  {
    name: 'the team lead on a sensitive case: sensitive is not shielded',
    actor: leadA,
    resource: kase({ confidentiality: 'sensitive' }),
    allows: [...WORKS, 'assign', 'grantAccess', 'shield'],
  },
  { name: 'the team lead on a closed case', actor: leadA, resource: kase({ closed: true }), allows: ['read', 'reopen', 'grantAccess'] },
  {
    name: 'the team lead without a grant does not see a shielded case',
    actor: leadA,
    resource: kase({ confidentiality: 'shielded' }),
    allows: [],
  },
  {
    name: 'the team lead who shielded it keeps a grant and may leave shielded',
    actor: leadA,
    resource: kase({ confidentiality: 'shielded', granted: true }),
    allows: [...WORKS, 'assign', 'grantAccess', 'unshield'],
  },
  {
    name: 'the team lead on a closed shielded case she is granted',
    actor: leadA,
    resource: kase({ confidentiality: 'shielded', granted: true, closed: true }),
    allows: ['read', 'reopen', 'grantAccess'],
  },
  {
    name: 'a holder of cases.legal-hold on a closed case she sees: the legal hold',
    actor: actor({ [TEAM_A]: [...LEAD, 'cases.legal-hold'] }),
    resource: kase({ closed: true }),
    allows: ['read', 'reopen', 'grantAccess', 'legalHold'],
  },
  {
    name: 'cases.legal-hold alone offers nothing on a case she does not see',
    actor: actor({ [TEAM_A]: ['cases.legal-hold'] }),
    resource: kase({ closed: true }),
    allows: [],
  },
  { name: 'another team’s lead sees nothing', actor: leadB, resource: kase(), allows: [] },
  {
    name: 'a lead over both teams (a region) on team A’s case',
    actor: actor({ [TEAM_A]: LEAD, [TEAM_B]: LEAD }),
    resource: kase(),
    allows: [...WORKS, 'assign', 'grantAccess', 'shield'],
  },
]);
