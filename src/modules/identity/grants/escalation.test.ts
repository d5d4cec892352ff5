// Nobody gives what they could not grant themselves, through any door: a group membership, a grant to a
// group one is in, a role edit, an API token. Each door is tried through the API by a functional
// administrator scoped to one team (the insider attacker): 403 problem+json, nothing changed, and the
// attempt recorded as a security event. The legitimate path through each door still works.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../../test/helpers/database.ts';
import {
  buildIdentity,
  createUnit,
  createUser,
  grantRole,
  signIn,
  unitId,
  type IdentitySystem,
  type Session,
  type TestUser,
} from '../../../../test/helpers/identity.ts';

type Response = { statusCode: number; body: string; headers: Record<string, unknown>; json(): Record<string, unknown> };

const owner = (system: IdentitySystem) => system.target.ownerUrl;
const roleId = async (system: IdentitySystem, key: string) =>
  (await adminQuery<{ id: string }>(owner(system), 'select id from role where key = $1', [key])).rows[0]!.id;
const count = async (system: IdentitySystem, from: string, values: unknown[] = []) =>
  (await adminQuery<{ n: number }>(owner(system), `select count(*)::int as n from ${from}`, values)).rows[0]!.n;

/** Every table a grant, membership, role edit or token could change. */
async function snapshot(system: IdentitySystem) {
  return Promise.all(
    ['role_assignment', 'user_group_member', 'role_permission', 'api_token', 'grant_request'].map((table) => count(system, table)),
  );
}

function assertForbidden(response: Response, what: string): void {
  assert.equal(response.statusCode, 403, `${what}: ${response.body}`);
  assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8', what);
}

/** The denied attempt is a security event (audit row marked so) with its outbox event naming who to tell. */
async function assertRefusalRecorded(system: IdentitySystem, action: string, actorId: string): Promise<void> {
  const { rows } = await adminQuery<{ details: { securityEvent?: boolean; unitId: string | null } }>(
    owner(system),
    `select details from audit_event where action = $1 and result = 'denied' and actor_id = $2`,
    [action, actorId],
  );
  assert.ok(rows.length > 0 && rows.every((r) => r.details.securityEvent === true), `${action} refusal recorded as a security event`);
  const raised = await count(
    system,
    `outbox_event where name = 'security.event-raised' and payload->>'action' = $1 and payload->>'result' = 'denied' and actor_id = $2`,
    [action, actorId],
  );
  assert.ok(raised > 0, `${action}: security.event-raised published`);
}

async function groupWith(
  system: IdentitySystem,
  name: string,
  grants: [roleKey: string, unitCode: string][],
  members: TestUser[] = [],
): Promise<string> {
  const group = (await adminQuery<{ id: string }>(owner(system), 'insert into user_group (name) values ($1) returning id', [name])).rows[0]!
    .id;
  for (const [key, unit] of grants) {
    await adminQuery(
      owner(system),
      `insert into role_assignment (role_id, group_id, unit_id, reason, granted_by) values ($1, $2, $3, 'test', 'test')`,
      [await roleId(system, key), group, await unitId(system, unit)],
    );
  }
  for (const member of members)
    await adminQuery(owner(system), 'insert into user_group_member (group_id, user_id) values ($1, $2)', [group, member.id]);
  return group;
}

/**
 * A region with teams A and B (unit codes `<tag>-west`, `<tag>-a`, `<tag>-b`: the tests of this file share a
 * database); a functional administrator scoped to team A (just signed in: counts as re-authenticated).
 */
async function organisation(system: IdentitySystem, tag: string) {
  const units = { west: `${tag}-west`, a: `${tag}-a`, b: `${tag}-b` };
  await createUnit(system, units.west, 'region');
  await createUnit(system, units.a, 'team', units.west);
  await createUnit(system, units.b, 'team', units.west);
  const attacker = await createUser(system, `${tag}-admin-a`, { unitCode: units.a });
  await grantRole(system, attacker.id, 'functional-administrator', units.a);
  const accomplice = await createUser(system, `${tag}-accomplice`, { unitCode: units.a });
  return { units, attacker, session: await signIn(system, attacker), accomplice };
}

async function nationalAdmin(system: IdentitySystem, name: string): Promise<{ user: TestUser; session: Session }> {
  const user = await createUser(system, name);
  await grantRole(system, user.id, 'functional-administrator');
  return { user, session: await signIn(system, user) };
}

// Proves (issue 9, item 1): adding a member grants the group's roles, so only who could make each of those
// grants may add; removing takes them away, so only who manages grants in each of their units may remove.
test('a team administrator cannot add anyone to a group holding a national grant, nor strip its members', async (t) => {
  const system = await buildIdentity(t);
  const { units, attacker, session, accomplice } = await organisation(system, 'm');
  const { user: national, session: nationalSession } = await nationalAdmin(system, 'national-admin');
  const admins = await groupWith(system, 'Landelijk beheer', [['functional-administrator', 'national']], [national]);
  const teamB = await groupWith(system, 'Team B leads', [['team-lead', units.b]]);
  const teamA = await groupWith(system, 'Team A leads', [['team-lead', units.a]]);

  const before = await snapshot(system);
  assertForbidden(
    await session.request('POST', `/api/v1/groups/${admins}/members`, { userId: accomplice.id, reason: 'helping out' }),
    'national group',
  );
  assertForbidden(
    await session.request('POST', `/api/v1/groups/${teamB}/members`, { userId: accomplice.id, reason: 'helping out' }),
    'other team',
  );
  assertForbidden(
    await session.request('POST', `/api/v1/groups/${admins}/members/${national.id}/remove`, { reason: 'cleaning up' }),
    'removing a national admin',
  );
  assert.deepEqual(await snapshot(system), before, 'nothing changed');
  await assertRefusalRecorded(system, 'group.add-member', attacker.id);

  // Within her own team, and a role whose permissions she holds there: one step (not privileged).
  const own = await session.request('POST', `/api/v1/groups/${teamA}/members`, { userId: accomplice.id, reason: 'new team lead' });
  assert.equal(own.statusCode, 204, own.body);
  // A national administrator adding to the national group: a privileged grant, so a request.
  const asked = await nationalSession.request('POST', `/api/v1/groups/${admins}/members`, {
    userId: accomplice.id,
    reason: 'joins national administration',
  });
  assert.equal(asked.statusCode, 202, asked.body);
  assert.equal(asked.json().kind, 'membership');
  assert.equal(
    await count(system, 'user_group_member where group_id = $1 and user_id = $2', [admins, accomplice.id]),
    0,
    'not a member before approval',
  );
});

// Proves (item 2): a grant to a group one is in is a grant to oneself; and for any grant, the granter must
// manage grants in the unit and hold every permission of the role there (parent and sibling units refused).
test('a team administrator cannot grant to a group she is in, nor to herself, nor outside her team', async (t) => {
  const system = await buildIdentity(t);
  const { units, attacker, session, accomplice } = await organisation(system, 'g');
  const mine = await groupWith(system, 'Mijn groep', [], [attacker]);
  const other = await groupWith(system, 'Andere groep', []);
  const body = async (role: string, unit: string, subject: { userId?: string; groupId?: string }) => ({
    roleId: await roleId(system, role),
    unitId: await unitId(system, unit),
    reason: 'test',
    ...subject,
  });

  const before = await snapshot(system);
  const attempts: [string, object][] = [
    ['group she is in', await body('team-lead', units.a, { groupId: mine })],
    ['herself', await body('team-lead', units.a, { userId: attacker.id })],
    ['sibling unit', await body('team-lead', units.b, { userId: accomplice.id })],
    ['parent unit', await body('team-lead', units.west, { userId: accomplice.id })],
    ['national', await body('functional-administrator', 'national', { groupId: other })],
  ];
  for (const [what, payload] of attempts) assertForbidden(await session.request('POST', '/api/v1/grants', payload), what);
  assert.deepEqual(await snapshot(system), before, 'nothing changed');
  await assertRefusalRecorded(system, 'grant.create', attacker.id);

  // In her team, to someone else or a group she is not in: granted at once when not privileged.
  const granted = await session.request('POST', '/api/v1/grants', await body('team-lead', units.a, { groupId: other }));
  assert.equal(granted.statusCode, 201, granted.body);
  // A privileged role, whether she holds it (functional administrator) or not (it-operations): a request.
  for (const role of ['functional-administrator', 'it-operations']) {
    const asked = await session.request('POST', '/api/v1/grants', await body(role, units.a, { userId: accomplice.id }));
    assert.equal(asked.statusCode, 202, `${role}: ${asked.body}`);
  }
  assert.equal(await count(system, 'role_assignment where user_id = $1', [accomplice.id]), 0);
});

// Proves (item 3): roles are edited only with roles.manage at the root unit; nobody adds permissions to a
// role she holds (that would give them to herself); adding a privileged one waits for a second
// administrator who is not a holder.
test('roles are edited only nationally, never to give oneself more, and privileged additions need four eyes', async (t) => {
  const system = await buildIdentity(t);
  const { units, attacker, session } = await organisation(system, 'r');
  const { user: first, session: firstSession } = await nationalAdmin(system, 'roles-a');
  const { session: secondSession } = await nationalAdmin(system, 'roles-b');
  const { user: holder, session: holderSession } = await nationalAdmin(system, 'roles-holder');
  // A role of this test's own (the seeded ones bundle permissions of modules this system does not load).
  const created = (await adminQuery<{ id: string }>(owner(system), `insert into role (name) values ('Meldpunt') returning id`)).rows[0]!.id;
  await adminQuery(
    owner(system),
    `insert into role_assignment (role_id, user_id, unit_id, reason, granted_by) values ($1, $2, $3, 'test', 'test')`,
    [created, holder.id, await unitId(system, units.b)],
  );
  const meldpunt = async () =>
    (await firstSession.request('GET', '/api/v1/roles')).json().items.find((r: { id: string }) => r.id === created) as {
      id: string;
      version: number;
      permissions: string[];
    };
  const role = await meldpunt();
  // A role the editor holds herself (through a group: it counts the same).
  const ownRole = (await adminQuery<{ id: string }>(owner(system), `insert into role (name) values ('Eigen rol') returning id`)).rows[0]!
    .id;
  const groupOfFirst = await groupWith(system, 'Eigen groep', [], [first]);
  await adminQuery(
    owner(system),
    `insert into role_assignment (role_id, group_id, unit_id, reason, granted_by) values ($1, $2, $3, 'test', 'test')`,
    [ownRole, groupOfFirst, await unitId(system, 'national')],
  );

  const before = await snapshot(system);
  assertForbidden(
    await session.request('PUT', `/api/v1/roles/${role.id}/permissions`, {
      permissions: [...role.permissions, 'users.read'],
      version: role.version,
      reason: 'team',
    }),
    'team-scoped roles.manage',
  );
  assertForbidden(
    await session.request('POST', '/api/v1/roles', { name: 'Teamrol', permissions: ['users.read'], reason: 'team' }),
    'team-scoped role creation',
  );
  assertForbidden(
    await firstSession.request('PUT', `/api/v1/roles/${ownRole}/permissions`, {
      permissions: ['users.read'],
      version: 1,
      reason: 'more for me',
    }),
    'adding to a role the editor holds',
  );
  assert.deepEqual(await snapshot(system), before, 'nothing changed');
  await assertRefusalRecorded(system, 'role.set-permissions', attacker.id);
  await assertRefusalRecorded(system, 'role.set-permissions', first.id);

  const plain = await firstSession.request('PUT', `/api/v1/roles/${role.id}/permissions`, {
    permissions: [...role.permissions, 'users.read'],
    version: role.version,
    reason: 'the desk sees colleagues',
  });
  assert.equal(plain.statusCode, 200, plain.body);
  const current = await meldpunt();
  const asked = await firstSession.request('PUT', `/api/v1/roles/${role.id}/permissions`, {
    permissions: [...current.permissions, 'users.support'],
    version: current.version,
    reason: 'the desk helps with sign-in',
  });
  assert.equal(asked.statusCode, 202, asked.body);
  assert.ok(!(await meldpunt()).permissions.includes('users.support'), 'not yet');
  const id = asked.json().id as string;
  assertForbidden(await firstSession.request('POST', `/api/v1/grant-requests/${id}/approve`, {}), 'the requester');
  assertForbidden(await holderSession.request('POST', `/api/v1/grant-requests/${id}/approve`, {}), 'a holder of the role');
  assert.equal(
    (await session.request('POST', `/api/v1/grant-requests/${id}/approve`, {})).statusCode,
    404,
    'team-scoped: not even visible',
  );
  const approved = await secondSession.request('POST', `/api/v1/grant-requests/${id}/approve`, {});
  assert.equal(approved.statusCode, 200, approved.body);
  assert.ok((await meldpunt()).permissions.includes('users.support'));
});

// Proves (item 4): a token acts with its account's grants, so only who could make each of them may issue
// one; and it names the roles it was checked for, so a role granted to the account later does not flow in.
test('a token is issued only by someone who could grant every role it carries, over every unit', async (t) => {
  const system = await buildIdentity(t);
  const { units, attacker, session } = await organisation(system, 't');
  await grantRole(system, attacker.id, 'it-operations', units.a);
  const account = async (name: string, grants: [string, string][]) => {
    const created = await session.request('POST', '/api/v1/service-accounts', {
      username: name,
      displayName: name,
      unitId: await unitId(system, units.a),
      reason: 'koppeling',
    });
    assert.equal(created.statusCode, 201, created.body);
    for (const [role, unit] of grants) await grantRole(system, created.json().id as string, role, unit);
    return created.json().id as string;
  };
  const powerful = await account('script-national', [
    ['team-lead', units.a],
    ['functional-administrator', 'national'],
  ]);
  const elsewhere = await account('script-team-b', [['team-lead', units.b]]);
  const local = await account('script-team-a', [['team-lead', units.a]]);

  const before = await snapshot(system);
  assertForbidden(
    await session.request('POST', `/api/v1/service-accounts/${powerful}/tokens`, { name: 'x' }),
    'account with a national role',
  );
  assertForbidden(
    await session.request('POST', `/api/v1/service-accounts/${elsewhere}/tokens`, { name: 'x' }),
    'account with a role in another team',
  );
  assert.deepEqual(await snapshot(system), before, 'no token issued');
  await assertRefusalRecorded(system, 'api-token.issue', attacker.id);

  const issued = await session.request('POST', `/api/v1/service-accounts/${local}/tokens`, { name: 'team a' });
  assert.equal(issued.statusCode, 201, issued.body);
  // Granted later, nationally: the existing token does not carry it.
  await grantRole(system, local, 'functional-administrator');
  const me = await system.app.inject({
    method: 'GET',
    url: '/api/v1/auth/token',
    headers: { authorization: `Bearer ${issued.json().token as string}` },
  });
  assert.equal(me.statusCode, 200, me.body);
  assert.deepEqual(Object.keys(me.json().permissions), ['users.read']);
  assert.deepEqual(me.json().permissions['users.read'], [await unitId(system, units.a)]);
  const { rows } = await adminQuery<{ details: { reach: { roleId: string; unitId: string }[] } }>(
    owner(system),
    `select details from audit_event where action = 'api-token.issue' and result = 'success'`,
  );
  assert.deepEqual(
    rows.at(-1)!.details.reach,
    [{ roleId: await roleId(system, 'team-lead'), unitId: await unitId(system, units.a) }],
    'the audit names what the token reached',
  );
});
