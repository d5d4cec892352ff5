// Four eyes for privileged grants, end to end through the API: a grant of a privileged role is a request
// until a second administrator (not the requester, not the grantee, able to make it herself) approves it;
// refused and expired requests change nothing; every step is a security event. Underneath, the table
// itself keeps the decider apart from the requester, and row-level security keeps requests in the sealed
// actor's own name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
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
import { loadGrants } from './grants.repository.ts';

const owner = (system: IdentitySystem) => system.target.ownerUrl;
const roleId = async (system: IdentitySystem, key: string) =>
  (await adminQuery<{ id: string }>(owner(system), 'select id from role where key = $1', [key])).rows[0]!.id;
const permissionsOf = async (session: Session) =>
  (await session.request('GET', '/api/v1/auth/session')).json().permissions as Record<string, string[]>;

async function admin(
  system: IdentitySystem,
  name: string,
  role = 'functional-administrator',
  unitCode = 'national',
): Promise<{ user: TestUser; session: Session }> {
  const user = await createUser(system, name);
  await grantRole(system, user.id, role, unitCode);
  return { user, session: await signIn(system, user) };
}

async function securityEvents(system: IdentitySystem, requestId: string) {
  const { rows } = await adminQuery<{ action: string; result: string; actor_id: string; details: { securityEvent?: boolean } }>(
    owner(system),
    `select action, result, actor_id, details from audit_event where object_type = 'grant-request' and object_id = $1 order by id`,
    [requestId],
  );
  return rows;
}

// Proves: the whole flow (request, who may and may not approve, approval making the grant at once, the
// audit trail and the outbox events that notify the unit's administrators).
test('a privileged grant waits for a second administrator, who is neither the requester nor the grantee', async (t) => {
  const system = await buildIdentity(t);
  await createUnit(system, 'ap-team', 'team');
  const { user: requester, session: asking } = await admin(system, 'ap-requester');
  const { user: approver, session: approving } = await admin(system, 'ap-approver');
  const { session: outsider } = await admin(system, 'ap-outsider', 'functional-administrator', 'ap-team');
  const joiner = await createUser(system, 'ap-joiner', { unitCode: 'ap-team' });
  const joinerSession = await signIn(system, joiner);
  const team = await unitId(system, 'ap-team');

  const asked = await asking.request('POST', '/api/v1/grants', {
    roleId: await roleId(system, 'functional-administrator'),
    userId: joiner.id,
    unitId: team,
    reason: 'beheer team',
  });
  assert.equal(asked.statusCode, 202, asked.body);
  const request = asked.json<{ id: string; status: string; kind: string; requestedBy: string; expiresAt: string }>();
  assert.deepEqual([request.kind, request.status, request.requestedBy], ['grant', 'pending', requester.id]);
  assert.ok(Math.abs(Date.parse(request.expiresAt) - Date.now() - 7 * 86_400_000) < 60_000, 'expires in 7 days');
  assert.deepEqual(await permissionsOf(joinerSession), {}, 'nothing granted yet');

  // Who sees it to decide: not the requester, yes the approver and the team's own administrator.
  const listed = async (session: Session) =>
    ((await session.request('GET', '/api/v1/grant-requests')).json().items as { id: string }[]).map((i) => i.id);
  assert.deepEqual(await listed(asking), []);
  assert.deepEqual(await listed(approving), [request.id]);
  const listRead = await adminQuery<{ object_ids: string[] }>(
    owner(system),
    `select object_ids from audit_event where action = 'grant-request.list' and actor_id = $1 order by id desc limit 1`,
    [approver.id],
  );
  assert.deepEqual(listRead.rows[0]!.object_ids, [request.id], 'the list read records what it showed');
  assert.deepEqual(
    (await asking.request('GET', '/api/v1/grant-requests?view=mine')).json().items.map((i: { id: string }) => i.id),
    [request.id],
  );
  const self = await asking.request('POST', `/api/v1/grant-requests/${request.id}/approve`, {});
  assert.equal(self.statusCode, 403, self.body);
  assert.equal(self.headers['content-type'], 'application/problem+json; charset=utf-8');

  // A grantee may not approve her own grant (a second request, to someone who could otherwise decide it).
  const forApprover = await asking.request('POST', '/api/v1/grants', {
    roleId: await roleId(system, 'service-desk'),
    userId: approver.id,
    unitId: team,
    reason: 'desk',
  });
  assert.equal(forApprover.statusCode, 202, forApprover.body);
  assert.equal(
    (await approving.request('POST', `/api/v1/grant-requests/${forApprover.json().id as string}/approve`, {})).statusCode,
    403,
    'the grantee',
  );
  assert.ok(!(await listed(approving)).includes(forApprover.json().id as string), 'not listed for the grantee');

  const approved = await approving.request('POST', `/api/v1/grant-requests/${request.id}/approve`, { reason: 'ticket 4711' });
  assert.equal(approved.statusCode, 200, approved.body);
  assert.equal(approved.json().status, 'approved');
  assert.equal(approved.json().decidedBy, approver.id);
  const assignment = approved.json().assignmentId as string;
  assert.ok((await permissionsOf(joinerSession))['grants.manage']?.includes(team), 'the grant holds on the next request');
  const grant = (
    await adminQuery<{ granted_by: string; reason: string }>(
      owner(system),
      'select granted_by, reason from role_assignment where id = $1',
      [assignment],
    )
  ).rows[0]!;
  assert.deepEqual(grant, { granted_by: `user:${approver.id}`, reason: 'beheer team' });

  assert.equal((await approving.request('POST', `/api/v1/grant-requests/${request.id}/approve`, {})).statusCode, 409, 'decided already');
  assert.equal(
    (await outsider.request('POST', `/api/v1/grant-requests/${forApprover.json().id as string}/refuse`, { reason: 'not needed' }))
      .statusCode,
    200,
    'the team administrator may refuse it',
  );

  const events = await securityEvents(system, request.id);
  assert.deepEqual(
    events.map((e) => [e.action, e.result, e.actor_id]),
    [
      ['grant-request.create', 'success', requester.id],
      ['grant-request.approve', 'denied', requester.id],
      ['grant-request.approve', 'success', approver.id],
    ],
  );
  assert.ok(events.every((e) => e.details.securityEvent === true));
  const created = await adminQuery<{ details: { approval: { requestId: string; requestedBy: string } } }>(
    owner(system),
    `select details from audit_event where action = 'grant.create' and object_id = $1`,
    [assignment],
  );
  assert.deepEqual(created.rows[0]!.details.approval, { requestId: request.id, requestedBy: requester.id });
  const raised = await adminQuery<{ payload: { action: string; notify: { permission: string; unitId: string }[] } }>(
    owner(system),
    `select payload from outbox_event where name = 'security.event-raised' and payload->>'objectId' = $1 order by occurred_at`,
    [request.id],
  );
  assert.deepEqual(
    raised.rows.map((r) => r.payload.action),
    ['grant-request.create', 'grant-request.approve', 'grant-request.approve'],
  );
  assert.deepEqual(raised.rows[0]!.payload.notify, [{ permission: 'grants.manage', unitId: team }]);
});

// Proves: refusal and expiry change nothing and end the request; non-privileged grants stay one step.
test('refused and expired requests grant nothing; a non-privileged grant is made at once', async (t) => {
  const system = await buildIdentity(t);
  const { session: asking } = await admin(system, 'rx-requester');
  const { session: deciding } = await admin(system, 'rx-decider');
  const target = await createUser(system, 'rx-target');
  const national = await unitId(system, 'national');
  const ask = async () => {
    const response = await asking.request('POST', '/api/v1/grants', {
      roleId: await roleId(system, 'service-desk'),
      userId: target.id,
      unitId: national,
      reason: 'desk',
    });
    assert.equal(response.statusCode, 202, response.body);
    return response.json().id as string;
  };

  const refused = await ask();
  assert.equal((await deciding.request('POST', `/api/v1/grant-requests/${refused}/refuse`, {})).statusCode, 400, 'a refusal says why');
  assert.equal(
    (await asking.request('POST', `/api/v1/grant-requests/${refused}/refuse`, { reason: 'never mind' })).statusCode,
    403,
    'not by the requester',
  );
  const refusal = await deciding.request('POST', `/api/v1/grant-requests/${refused}/refuse`, { reason: 'no ticket' });
  assert.equal(refusal.statusCode, 200, refusal.body);
  assert.deepEqual([refusal.json().status, refusal.json().decisionReason], ['refused', 'no ticket']);
  assert.equal((await deciding.request('POST', `/api/v1/grant-requests/${refused}/approve`, {})).statusCode, 409);

  const expired = await ask();
  await adminQuery(
    owner(system),
    `update grant_request set requested_at = now() - interval '8 days', expires_at = now() - interval '1 day' where id = $1`,
    [expired],
  );
  assert.ok(
    !((await deciding.request('GET', '/api/v1/grant-requests')).json().items as { id: string }[]).some((i) => i.id === expired),
    'not offered',
  );
  assert.equal((await deciding.request('POST', `/api/v1/grant-requests/${expired}/approve`, {})).statusCode, 409);
  const mine = (await asking.request('GET', '/api/v1/grant-requests?view=mine')).json().items as { id: string; status: string }[];
  assert.equal(mine.find((i) => i.id === expired)!.status, 'expired');
  assert.equal(
    (await adminQuery(owner(system), 'select 1 from role_assignment where user_id = $1', [target.id])).rowCount,
    0,
    'nothing granted',
  );
  assert.equal((await deciding.request('POST', '/api/v1/grant-requests/00000000-0000-4000-8000-000000000000/approve', {})).statusCode, 404);
  assert.equal((await deciding.request('GET', '/api/v1/grant-requests?view=all')).statusCode, 400);

  const oneStep = await asking.request('POST', '/api/v1/grants', {
    roleId: await roleId(system, 'team-lead'),
    userId: target.id,
    unitId: national,
    reason: 'reads users',
  });
  assert.equal(oneStep.statusCode, 201, oneStep.body);
});

// Proves: the database keeps four eyes and the requester's name whoever writes: the decider can never be
// the requester (check constraint, even for the owner), and through the application role a request is
// inserted only in the sealed actor's own name and decided only as the sealed actor.
test("the table refuses a self-approval and requests in someone else's name", async (t) => {
  const system = await buildIdentity(t);
  const { user: requester, session } = await admin(system, 'db-requester');
  const { user: other } = await admin(system, 'db-other');
  const asked = await session.request('POST', '/api/v1/grants', {
    roleId: await roleId(system, 'service-desk'),
    userId: other.id,
    unitId: await unitId(system, 'national'),
    reason: 'desk',
  });
  assert.equal(asked.statusCode, 202, asked.body);
  const id = asked.json().id as string;
  await assert.rejects(
    adminQuery(owner(system), `update grant_request set status = 'approved', decided_by = requested_by, decided_at = now() where id = $1`, [
      id,
    ]),
    (error: { code?: string }) => error.code === '23514',
  );

  const as = async (userId: string) => ({
    actor: { kind: 'user' as const, id: userId, ...(await loadGrants(system.authDb.pool, userId)) },
    origin: { requestId: null, traceId: null, ip: null, userAgent: null },
  });
  const forged = system.authDb.transaction(await as(other.id), (tx) =>
    sql`insert into grant_request (kind, role_id, user_id, unit_id, reason, requested_by) select 'grant', id, ${other.id}::uuid, (select id from org_unit where parent_id is null), 'forged', ${requester.id}::uuid from role where key = 'functional-administrator'`.execute(
      tx.db,
    ),
  );
  await assert.rejects(forged, (error: { code?: string }) => error.code === '42501', "not in someone else's name");
  const decided = system.authDb.transaction(await as(other.id), (tx) =>
    sql`update grant_request set status = 'approved', decided_by = ${requester.id}::uuid, decided_at = now() where id = ${id}::uuid`.execute(
      tx.db,
    ),
  );
  await assert.rejects(decided, (error: { code?: string }) => error.code === '42501', "not decided in someone else's name");
  const nobody = await system.authDb.transaction(
    { actor: { kind: 'anonymous', id: null }, origin: { requestId: null, traceId: null, ip: null, userAgent: null } },
    (tx) => sql<{ n: number }>`select count(*)::int as n from grant_request`.execute(tx.db),
  );
  assert.equal(nobody.rows[0]!.n, 0, 'no actor, no requests');
  // The application role (case work) does not reach grant requests at all.
  await assert.rejects(
    system.db.transaction(await as(other.id), (tx) => sql`select count(*) from grant_request`.execute(tx.db)),
    /permission denied for table grant_request/,
  );
});
