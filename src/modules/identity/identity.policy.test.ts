// Who may do what with users, units and grants, row by row, without a database: a permission counts
// only in the units its grant covers (listed here as they reach); nobody moves, deactivates, resets or
// grants herself; service accounts have no factors or passwords to help with; a unit is changed by
// whoever manages its parent; nobody gives what she could not grant herself, and roles are edited only
// at the root, never adding to a role the editor holds (docs/security.md, Organisation, roles and grants).
import { definePolicy } from '../../kernel/auth/policy.ts';
import { mayEditRole, mayGive, mayRevoke, unitPolicy, userPolicy, type UnitResource, type UserResource } from './identity.policy.ts';
import { ANONYMOUS, actor, policyTable } from '../../../test/helpers/policy-table.ts';

const NATIONAL = 'national';
const REGION = 'region-north';
const TEAM = 'team-north-1';
const OTHER_TEAM = 'team-south-1';
const ADMINISTRATOR = ['users.read', 'users.manage', 'grants.manage', 'units.manage'];
const EVERYTHING = [...ADMINISTRATOR, 'users.support', 'sessions.manage', 'roles.manage'];

const user = (over: Partial<UserResource> = {}): UserResource => ({ id: 'member', unitId: TEAM, kind: 'staff', ...over });
const teamAdministrator = actor({ [TEAM]: ADMINISTRATOR });
const serviceDesk = actor({ [TEAM]: ['users.read', 'users.support', 'sessions.manage'] });

policyTable('userPolicy', userPolicy, [
  {
    name: 'a user on herself, without permissions',
    actor: actor({}, { id: 'member' }),
    resource: user(),
    allows: ['read', 'listSessions'],
  },
  {
    name: 'a user holding every permission, on herself',
    actor: actor({ [TEAM]: EVERYTHING }, { id: 'member' }),
    resource: user(),
    allows: ['read', 'update', 'unlock', 'sendPasswordReset', 'listSessions', 'endSessions'],
  },
  {
    name: 'the team’s administrator on a member',
    actor: teamAdministrator,
    resource: user(),
    allows: ['read', 'update', 'move', 'deactivate', 'reactivate', 'grant'],
  },
  {
    name: 'the team’s administrator on a volunteer',
    actor: teamAdministrator,
    resource: user({ kind: 'volunteer' }),
    allows: ['read', 'update', 'move', 'deactivate', 'reactivate', 'grant'],
  },
  {
    name: 'the service desk on a member',
    actor: serviceDesk,
    resource: user(),
    allows: ['read', 'resetFactors', 'unlock', 'sendPasswordReset', 'listSessions', 'endSessions'],
  },
  {
    name: 'the service desk on a service account',
    actor: serviceDesk,
    resource: user({ kind: 'service' }),
    allows: ['read', 'listSessions', 'endSessions'],
  },
  { name: 'users.read alone', actor: actor({ [TEAM]: ['users.read'] }), resource: user(), allows: ['read'] },
  {
    name: 'a regional administrator (her grant reaches the team)',
    actor: actor({ [REGION]: EVERYTHING, [TEAM]: EVERYTHING }),
    resource: user(),
    allows: [
      'read',
      'update',
      'move',
      'deactivate',
      'reactivate',
      'resetFactors',
      'unlock',
      'sendPasswordReset',
      'listSessions',
      'endSessions',
      'grant',
    ],
  },
  // `grant` asks only that she grants at all and not herself: the unit of the grant is mayGive's (below).
  {
    name: 'another team’s administrator holding everything',
    actor: actor({ [OTHER_TEAM]: EVERYTHING }),
    resource: user(),
    allows: ['grant'],
  },
  { name: 'anonymous', actor: ANONYMOUS, resource: user(), allows: [] },
]);

const unit = (id: string, parentId: string | null): UnitResource => ({ id, parentId });
const regionalAdministrator = actor({ [REGION]: ADMINISTRATOR, [TEAM]: ADMINISTRATOR });
const nationalAdministrator = actor({
  [NATIONAL]: ADMINISTRATOR,
  [REGION]: ADMINISTRATOR,
  [TEAM]: ADMINISTRATOR,
  [OTHER_TEAM]: ADMINISTRATOR,
});

policyTable('unitPolicy', unitPolicy, [
  {
    name: 'the regional administrator on a team of her region',
    actor: regionalAdministrator,
    resource: unit(TEAM, REGION),
    allows: ['update', 'addChild', 'manageGrants'],
  },
  {
    name: 'the regional administrator on her own region: changing it is for someone above her',
    actor: regionalAdministrator,
    resource: unit(REGION, NATIONAL),
    allows: ['addChild', 'manageGrants'],
  },
  {
    name: 'the national administrator on a region',
    actor: nationalAdministrator,
    resource: unit(REGION, NATIONAL),
    allows: ['update', 'addChild', 'manageGrants'],
  },
  {
    name: 'the national administrator on the root, which has no parent',
    actor: nationalAdministrator,
    resource: unit(NATIONAL, null),
    allows: ['addChild', 'manageGrants'],
  },
  { name: 'units.manage in the team only', actor: actor({ [TEAM]: ['units.manage'] }), resource: unit(TEAM, REGION), allows: ['addChild'] },
  {
    name: 'grants.manage in the team only',
    actor: actor({ [TEAM]: ['grants.manage'] }),
    resource: unit(TEAM, REGION),
    allows: ['manageGrants'],
  },
  {
    name: 'the regional administrator on another region’s team',
    actor: regionalAdministrator,
    resource: unit(OTHER_TEAM, 'region-south'),
    allows: [],
  },
]);

// Giving and taking away a grant in a unit: grants.manage there (it reaches the unit's subtree).
policyTable('mayGive and mayRevoke', definePolicy<string, 'give' | 'revoke'>({ give: mayGive, revoke: mayRevoke }), [
  { name: 'the team’s administrator, a grant in her team', actor: teamAdministrator, resource: TEAM, allows: ['give', 'revoke'] },
  { name: 'the team’s administrator, a grant in the region above', actor: teamAdministrator, resource: REGION, allows: [] },
  {
    name: 'the regional administrator, a grant in a team of her region',
    actor: regionalAdministrator,
    resource: TEAM,
    allows: ['give', 'revoke'],
  },
  { name: 'users.manage without grants.manage', actor: actor({ [TEAM]: ['users.read', 'users.manage'] }), resource: TEAM, allows: [] },
  { name: 'anonymous', actor: ANONYMOUS, resource: TEAM, allows: [] },
]);

interface RoleEdit {
  rootUnitId: string;
  added: readonly string[];
  editorHoldsRole: boolean;
}
const edit = (over: Partial<RoleEdit> = {}): RoleEdit => ({
  rootUnitId: NATIONAL,
  added: ['cases.read-unit'],
  editorHoldsRole: false,
  ...over,
});
const roleManager = actor({ [NATIONAL]: ['roles.manage'], [REGION]: ['roles.manage'], [TEAM]: ['roles.manage'] });

policyTable('mayEditRole', definePolicy<RoleEdit, 'edit'>({ edit: (a, e) => mayEditRole(a, e.rootUnitId, e.added, e.editorHoldsRole) }), [
  { name: 'roles.manage at the root adds to a role she does not hold', actor: roleManager, resource: edit(), allows: ['edit'] },
  {
    name: 'roles.manage at the root adds to a role she holds: giving it to herself',
    actor: roleManager,
    resource: edit({ editorHoldsRole: true }),
    allows: [],
  },
  {
    name: 'roles.manage at the root only takes away from a role she holds',
    actor: roleManager,
    resource: edit({ added: [], editorHoldsRole: true }),
    allows: ['edit'],
  },
  {
    name: 'roles.manage in a region only',
    actor: actor({ [REGION]: ['roles.manage'], [TEAM]: ['roles.manage'] }),
    resource: edit(),
    allows: [],
  },
]);
