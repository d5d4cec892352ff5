// Administration of who may what: units, users (joiners, movers, leavers), groups, roles and grants,
// each effective on the very next request, scoped to units, audited, and refusing bad input unchanged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../../test/helpers/database.ts';
import {
  buildIdentity,
  createUnit,
  createUser,
  grantRole,
  signIn,
  totpCode,
  unitId,
  type IdentitySystem,
  type Session,
  type TestUser,
} from '../../../../test/helpers/identity.ts';

async function reauthenticate(session: Session, user: TestUser): Promise<void> {
  const response = await session.request('POST', '/api/v1/auth/reauthenticate', { method: 'totp', code: await totpCode(user) });
  assert.equal(response.statusCode, 204, response.body);
}

const permissionsOf = async (session: Session) => {
  const me = await session.request('GET', '/api/v1/auth/session');
  return me.statusCode === 200 ? (me.json().permissions as Record<string, string[]>) : null;
};
const count = async (system: IdentitySystem, table: string) =>
  Number((await adminQuery<{ n: string }>(system.target.ownerUrl, `select count(*) as n from ${table}`)).rows[0]!.n);
const roleId = async (system: IdentitySystem, key: string) =>
  (await adminQuery<{ id: string }>(system.target.ownerUrl, 'select id from role where key = $1', [key])).rows[0]!.id;

async function administrator(system: IdentitySystem, name = 'admin') {
  const user = await createUser(system, name);
  await grantRole(system, user.id, 'functional-administrator');
  const session = await signIn(system, user);
  return { user, session };
}

test('a joiner gets a grant, uses it on the next request, and loses it when revoked', async (t) => {
  const system = await buildIdentity(t);
  const { user: admin, session } = await administrator(system, 'admin1');
  const region = await session.request('POST', '/api/v1/units', {
    parentId: await unitId(system, 'national'),
    kind: 'region',
    code: 'noord',
    name: 'Regio Noord',
    reason: 'new region',
  });
  assert.equal(region.statusCode, 201, region.body);
  const team = await session.request('POST', '/api/v1/units', {
    parentId: region.json().id,
    kind: 'team',
    code: 'groningen',
    name: 'Team Groningen',
    reason: 'new team',
  });
  assert.equal(team.statusCode, 201);

  const created = await session.request('POST', '/api/v1/users', {
    kind: 'staff',
    username: 'Nina',
    displayName: 'Nina de Vries',
    email: 'Nina@example.org',
    unitId: team.json().id,
    reason: 'joiner, contract 2026-12',
  });
  assert.equal(created.statusCode, 201, created.body);
  assert.equal(created.json().username, 'nina');
  assert.equal(created.json().email, 'nina@example.org');
  const nina: TestUser = {
    id: created.json().id,
    username: 'nina',
    password: 'correct horse battery staple',
    totpSecret: null,
    lastStep: 0,
  };
  // The test sets her password directly: reset e-mails are tested elsewhere.
  const { hashPassword } = await import('../authentication/passwords.ts');
  await adminQuery(system.target.ownerUrl, 'insert into password_credential (user_id, hash) values ($1, $2)', [
    nina.id,
    await hashPassword(nina.password),
  ]);
  const ninaSession = await signIn(system, nina);
  assert.deepEqual(await permissionsOf(ninaSession), {}, 'nothing is allowed without an explicit grant');

  const grantBody = { roleId: await roleId(system, 'team-lead'), userId: nina.id, unitId: team.json().id, reason: 'team lead Groningen' };
  // Signing in counts as a factor check for 10 minutes; an older session must confirm again.
  await adminQuery(
    system.target.ownerUrl,
    `update user_session set reauthenticated_at = now() - interval '11 minutes' where user_id = $1`,
    [admin.id],
  );
  const withoutReauth = await session.request('POST', '/api/v1/grants', grantBody);
  assert.equal(withoutReauth.statusCode, 401);
  assert.equal(withoutReauth.json().type, 'urn:casus:problem:reauthentication-required');
  await reauthenticate(session, admin);
  const granted = await session.request('POST', '/api/v1/grants', grantBody);
  assert.equal(granted.statusCode, 201, granted.body);
  assert.deepEqual((await permissionsOf(ninaSession))?.['users.read'], [team.json().id]);

  const revoked = await session.request('POST', `/api/v1/grants/${granted.json().id}/revoke`, { reason: 'left the team lead role' });
  assert.equal(revoked.statusCode, 200);
  assert.ok(revoked.json().revokedAt);
  assert.deepEqual(await permissionsOf(ninaSession), {}, 'revocation holds on the very next request');
  const audit = await adminQuery<{ action: string; reason: string }>(
    system.target.ownerUrl,
    `select action, reason from audit_event where action in ('user.create', 'grant.create', 'grant.revoke') order by id`,
  );
  assert.deepEqual(
    audit.rows.map((r) => r.action),
    ['user.create', 'grant.create', 'grant.revoke'],
  );
});

test('nobody grants to themselves; roles bundle only existing permissions; bad input changes nothing', async (t) => {
  const system = await buildIdentity(t);
  const { user: admin, session } = await administrator(system, 'admin2');
  await reauthenticate(session, admin);
  const self = await session.request('POST', '/api/v1/grants', {
    roleId: await roleId(system, 'security-officer'),
    userId: admin.id,
    unitId: await unitId(system, 'national'),
    reason: 'I want more',
  });
  assert.equal(self.statusCode, 403);
  const users = await count(system, 'app_user');
  const grants = await count(system, 'role_assignment');
  const bad = [
    await session.request('POST', '/api/v1/users', {
      kind: 'staff',
      username: 'x',
      displayName: '',
      email: 'not-an-email',
      unitId: 'nope',
      reason: '',
    }),
    await session.request('POST', '/api/v1/users', {
      kind: 'service',
      username: 'robot',
      displayName: 'Robot',
      email: null,
      unitId: await unitId(system, 'national'),
      reason: 'integration',
    }),
    await session.request('POST', '/api/v1/grants', {
      roleId: await roleId(system, 'team-lead'),
      unitId: await unitId(system, 'national'),
      reason: 'neither user nor group',
    }),
    await session.request('POST', '/api/v1/grants', {
      roleId: '00000000-0000-4000-8000-000000000000',
      userId: '00000000-0000-4000-8000-000000000001',
      unitId: await unitId(system, 'national'),
      reason: 'no such role or user',
    }),
    await session.request('POST', '/api/v1/roles', { name: 'Snoop', permissions: ['cases.read-everything'], reason: 'typo' }),
  ];
  for (const response of bad) {
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  assert.equal(await count(system, 'app_user'), users);
  assert.equal(await count(system, 'role_assignment'), grants);
  assert.ok(bad[3]!.json().errors.some((e: { pointer: string }) => e.pointer === '/body/roleId'));

  const duplicate = await session.request('POST', '/api/v1/users', {
    kind: 'staff',
    username: 'admin2',
    displayName: 'Again',
    email: null,
    unitId: await unitId(system, 'national'),
    reason: 'duplicate',
  });
  assert.equal(duplicate.statusCode, 400);
  assert.equal(duplicate.json().errors[0].pointer, '/body/username');
});

test('permissions hold only in the granted unit and its subtree', async (t) => {
  const system = await buildIdentity(t);
  await createUnit(system, 'west', 'region');
  await createUnit(system, 'team-a', 'team', 'west');
  await createUnit(system, 'team-b', 'team', 'west');
  const lead = await createUser(system, 'lead', { unitCode: 'team-a' });
  await grantRole(system, lead.id, 'team-lead', 'team-a');
  const inA = await createUser(system, 'member-a', { unitCode: 'team-a' });
  const inB = await createUser(system, 'member-b', { unitCode: 'team-b' });
  const session = await signIn(system, lead);
  const list = await session.request('GET', '/api/v1/users');
  assert.deepEqual(
    list
      .json()
      .items.map((u: { username: string }) => u.username)
      .sort(),
    ['lead', 'member-a'],
  );
  assert.equal((await session.request('GET', `/api/v1/users/${inA.id}`)).statusCode, 200);
  assert.equal(
    (await session.request('GET', `/api/v1/users/${inB.id}`)).statusCode,
    404,
    'a user outside the scope does not exist for the caller',
  );
  // A regional grant covers the region's teams, including teams added later.
  const regional = await createUser(system, 'regional');
  await grantRole(system, regional.id, 'team-lead', 'west');
  const later = await createUnit(system, 'team-c', 'team', 'west');
  const regionalSession = await signIn(system, regional);
  const scope = (await permissionsOf(regionalSession))?.['users.read'] ?? [];
  assert.ok(scope.includes(later) && scope.includes(await unitId(system, 'team-b')));
  assert.ok(!scope.includes(await unitId(system, 'national')));
});

test('movers lose their old unit’s grants; leavers lose sessions, tokens and grants at once', async (t) => {
  const system = await buildIdentity(t);
  await createUnit(system, 'team-m1', 'team');
  await createUnit(system, 'team-m2', 'team');
  const { session } = await administrator(system, 'admin4');
  const mover = await createUser(system, 'mover', { unitCode: 'team-m1' });
  await grantRole(system, mover.id, 'team-lead', 'team-m1');
  const moverSession = await signIn(system, mover);
  const moved = await session.request('POST', `/api/v1/users/${mover.id}/move`, {
    unitId: await unitId(system, 'team-m2'),
    reason: 'transfer to team B',
  });
  assert.equal(moved.statusCode, 200, moved.body);
  assert.equal(moved.json().unitId, await unitId(system, 'team-m2'));
  assert.deepEqual(await permissionsOf(moverSession), {});

  const leaver = await createUser(system, 'leaver', { unitCode: 'team-m1' });
  await grantRole(system, leaver.id, 'team-lead', 'team-m1');
  const leaverSession = await signIn(system, leaver);
  const deactivated = await session.request('POST', `/api/v1/users/${leaver.id}/deactivate`, { reason: 'contract ended' });
  assert.equal(deactivated.statusCode, 200);
  assert.equal(deactivated.json().status, 'deactivated');
  assert.equal((await leaverSession.request('GET', '/api/v1/auth/session')).statusCode, 401);
  const live = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    `select count(*) as n from role_assignment where user_id = $1 and revoked_at is null`,
    [leaver.id],
  );
  assert.equal(live.rows[0]!.n, '0');
  const reactivated = await session.request('POST', `/api/v1/users/${leaver.id}/reactivate`, { reason: 'rehired' });
  assert.equal(reactivated.json().status, 'active');
  const back = await signIn(system, leaver);
  assert.deepEqual(await permissionsOf(back), {}, 'a returning leaver starts without grants');
  const { rows } = await adminQuery<{ action: string; reason: string }>(
    system.target.ownerUrl,
    `select action, reason from audit_event where object_id = $1 and action like 'user.%' order by id`,
    [leaver.id],
  );
  assert.deepEqual(rows, [
    { action: 'user.deactivate', reason: 'contract ended' },
    { action: 'user.reactivate', reason: 'rehired' },
  ]);
});

test('group grants, role changes and factor resets take effect on the next request', async (t) => {
  const system = await buildIdentity(t);
  const { user: admin, session } = await administrator(system, 'admin5');
  // The service desk role is privileged: its grant, and membership of a group holding it, wait for a second administrator.
  const { session: second } = await administrator(system, 'admin5b');
  const approve = async (response: { statusCode: number; body: string; json(): { id: string } }) => {
    assert.equal(response.statusCode, 202, response.body);
    const approved = await second.request('POST', `/api/v1/grant-requests/${response.json().id}/approve`, {
      reason: 'checked with the desk lead',
    });
    assert.equal(approved.statusCode, 200, approved.body);
  };
  const member = await createUser(system, 'member');
  const memberSession = await signIn(system, member);
  const group = await session.request('POST', '/api/v1/groups', { name: 'Servicedesk', reason: 'desk staff' });
  assert.equal(group.statusCode, 201);
  await reauthenticate(session, admin);
  await approve(
    await session.request('POST', '/api/v1/grants', {
      roleId: await roleId(system, 'service-desk'),
      groupId: group.json().id,
      unitId: await unitId(system, 'national'),
      reason: 'desk',
    }),
  );
  await approve(await session.request('POST', `/api/v1/groups/${group.json().id}/members`, { userId: member.id, reason: 'joined desk' }));
  assert.ok((await permissionsOf(memberSession))?.['users.support']);

  const roles = (await session.request('GET', '/api/v1/roles')).json().items as {
    id: string;
    key: string;
    version: number;
    permissions: string[];
    privileged: boolean;
  }[];
  const desk = roles.find((r) => r.key === 'service-desk')!;
  assert.equal(desk.privileged, true);
  const changed = await session.request('PUT', `/api/v1/roles/${desk.id}/permissions`, {
    permissions: ['users.read'],
    version: desk.version,
    reason: 'desk no longer resets factors',
  });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.deepEqual(Object.keys((await permissionsOf(memberSession)) ?? {}), ['users.read']);
  const stale = await session.request('PUT', `/api/v1/roles/${desk.id}/permissions`, {
    permissions: [],
    version: desk.version,
    reason: 'stale',
  });
  assert.equal(stale.statusCode, 412);

  assert.equal(
    (await session.request('POST', `/api/v1/groups/${group.json().id}/members/${member.id}/remove`, { reason: 'left desk' })).statusCode,
    204,
  );
  assert.deepEqual(await permissionsOf(memberSession), {});

  const reset = await session.request('POST', `/api/v1/users/${member.id}/reset-factors`, {
    reason: 'lost phone, identity checked by phone call-back',
  });
  assert.equal(reset.statusCode, 204, reset.body);
  assert.equal(await permissionsOf(memberSession), null, 'all sessions ended');
  const first = await system.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: 'member', password: member.password },
  });
  assert.equal(first.json().next, 'enrol-second-factor');
});

test('a grant with an end date stops by itself; units cannot be moved under themselves', async (t) => {
  const system = await buildIdentity(t);
  const { session } = await administrator(system, 'admin6');
  await createUnit(system, 'zuid', 'region');
  const team = await createUnit(system, 'eindhoven', 'team', 'zuid');
  const temp = await createUser(system, 'temp');
  const grantId = await grantRole(system, temp.id, 'team-lead', 'zuid', { endsAt: new Date(Date.now() + 3_600_000) });
  const tempSession = await signIn(system, temp);
  assert.ok((await permissionsOf(tempSession))?.['users.read']);
  await adminQuery(
    system.target.ownerUrl,
    `update role_assignment set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 second' where id = $1`,
    [grantId],
  );
  assert.deepEqual(await permissionsOf(tempSession), {});

  const units = (await session.request('GET', '/api/v1/units')).json().items as { id: string; code: string; version: number }[];
  const zuid = units.find((u) => u.code === 'zuid')!;
  const cycle = await session.request('PATCH', `/api/v1/units/${zuid.id}`, { parentId: team, version: zuid.version, reason: 'mistake' });
  assert.equal(cycle.statusCode, 400, cycle.body);
  assert.equal(cycle.json().errors[0].pointer, '/body/parentId');
});
