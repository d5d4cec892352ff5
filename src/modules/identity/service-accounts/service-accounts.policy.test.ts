// Who manages a service account and issues its tokens, row by row, without a database: the system
// actor (the CLI, on the owner's say-so) and holders of service-accounts.manage in the account's unit;
// nobody issues a token for the account she acts as (a leaked token must not mint its successor).
import { serviceAccountPolicy, type AccountResource } from './service-accounts.policy.ts';
import { ANONYMOUS, actor, policyTable } from '../../../../test/helpers/policy-table.ts';

const TEAM_A = 'team-a';
const TEAM_B = 'team-b';

const account = (over: Partial<AccountResource> = {}): AccountResource => ({ id: 'partner-system', unitId: TEAM_A, ...over });

const operatorA = actor({ [TEAM_A]: ['service-accounts.manage'] }, { id: 'operator' });

policyTable('serviceAccountPolicy', serviceAccountPolicy, [
  { name: 'anonymous', actor: ANONYMOUS, resource: account(), allows: [] },
  {
    name: 'the system actor (casus tokens)',
    actor: actor({}, { kind: 'system', id: 'cli' }),
    resource: account(),
    allows: ['manage', 'issue'],
  },
  { name: 'service-accounts.manage in the account’s unit', actor: operatorA, resource: account(), allows: ['manage', 'issue'] },
  { name: 'service-accounts.manage in another unit', actor: operatorA, resource: account({ unitId: TEAM_B }), allows: [] },
  { name: 'a user without the permission', actor: actor({ [TEAM_A]: ['users.read'] }), resource: account(), allows: [] },
  {
    name: 'a service that may manage accounts manages itself but issues no token for itself',
    actor: actor({ [TEAM_A]: ['service-accounts.manage'] }, { kind: 'service', id: 'partner-system' }),
    resource: account(),
    allows: ['manage'],
  },
  {
    name: 'that service issues tokens for another account of its unit',
    actor: actor({ [TEAM_A]: ['service-accounts.manage'] }, { kind: 'service', id: 'partner-system' }),
    resource: account({ id: 'other-system' }),
    allows: ['manage', 'issue'],
  },
]);
