// Breaking the glass, row by row, without a database: only a user holding cases.break-glass breaks it;
// a request on a shielded case is decided by a second person, the case's team lead (cases.grant-access
// in its unit) or a security officer (cases.review-access there), never the requester, and only while
// it is pending (docs/security.md, Case visibility).
import { definePolicy } from '../../kernel/auth/policy.ts';
import { breakGlassRequestPolicy, mayBreakGlass, type BreakGlassRequestResource } from './break-glass.policy.ts';
import { ANONYMOUS, actor, policyTable } from '../../../test/helpers/policy-table.ts';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';

const request = (over: Partial<BreakGlassRequestResource> = {}): BreakGlassRequestResource => ({
  unitId: TEAM_A,
  requestedBy: 'night-line',
  status: 'pending',
  ...over,
});

const leadA = actor({ [TEAM_A]: ['cases.read-unit', 'cases.update', 'cases.grant-access'] });
const officerA = actor({ [TEAM_A]: ['cases.review-access'] });

policyTable('breakGlassRequestPolicy', breakGlassRequestPolicy, [
  { name: 'the case’s team lead decides a pending request', actor: leadA, resource: request(), allows: ['approve', 'refuse'] },
  { name: 'a security officer of the case’s unit decides it', actor: officerA, resource: request(), allows: ['approve', 'refuse'] },
  { name: 'a security officer of another unit', actor: actor({ [TEAM_B]: ['cases.review-access'] }), resource: request(), allows: [] },
  {
    name: 'the requester never decides her own request',
    actor: actor({ [TEAM_A]: ['cases.grant-access', 'cases.review-access'] }, { id: 'night-line' }),
    resource: request(),
    allows: [],
  },
  {
    name: 'a unit-wide reader who changes cases but grants nothing',
    actor: actor({ [TEAM_A]: ['cases.read-unit', 'cases.update'] }),
    resource: request(),
    allows: [],
  },
  { name: 'an approved request is decided', actor: leadA, resource: request({ status: 'approved' }), allows: [] },
  { name: 'a refused request is decided', actor: leadA, resource: request({ status: 'refused' }), allows: [] },
  { name: 'an expired request is decided by nobody', actor: leadA, resource: request({ status: 'expired' }), allows: [] },
  {
    name: 'a service account with cases.grant-access',
    actor: actor({ [TEAM_A]: ['cases.grant-access'] }, { kind: 'service' }),
    resource: request(),
    allows: [],
  },
  { name: 'anonymous', actor: ANONYMOUS, resource: request(), allows: [] },
]);

// Breaking the glass asks for no unit: it is for reaching cases outside one's own.
policyTable('mayBreakGlass', definePolicy<null, 'breakGlass'>({ breakGlass: mayBreakGlass }), [
  {
    name: 'a user of the Noodtoegang role, granted in another team',
    actor: actor({ [TEAM_B]: ['cases.break-glass'] }),
    resource: null,
    allows: ['breakGlass'],
  },
  { name: 'a team lead without cases.break-glass', actor: leadA, resource: null, allows: [] },
  {
    name: 'a service account holding cases.break-glass',
    actor: actor({ [TEAM_A]: ['cases.break-glass'] }, { kind: 'service' }),
    resource: null,
    allows: [],
  },
  { name: 'anonymous', actor: ANONYMOUS, resource: null, allows: [] },
]);
