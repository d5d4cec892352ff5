// The security-event notifier, with the worker running (outbox relay and job queue) and a real SMTP server
// as the peer: who is told (holders of the permission in the unit, through grants on it or above it, own
// or through a group; not the one who caused it, not deactivated people, not service accounts), what the
// mail says (no names), the audit of it, and that a redelivered event tells nobody twice.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SMTPServer } from 'smtp-server';
import { adminQuery } from '../../../../test/helpers/database.ts';
import {
  buildIdentity,
  createUnit,
  createUser,
  grantRole,
  signIn,
  unitId,
  type IdentitySystem,
  type TestUser,
} from '../../../../test/helpers/identity.ts';
import { Writable } from 'node:stream';
import { systemContext } from '../../../kernel/auth/actor.ts';
import { createLogger } from '../../../kernel/observability/logger.ts';
import { notifySecurityEvent, SECURITY_NOTIFY_HANDLER } from './security-notifications.service.ts';

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 that keeps what it receives. */
async function startSmtp(t: Pick<TestContext, 'after'>): Promise<{ port: number; inbox: Received[] }> {
  const inbox: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, inbox };
}

async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

const owner = (system: IdentitySystem) => system.target.ownerUrl;
const notified = async (system: IdentitySystem, objectId: string) =>
  (
    await adminQuery<{ object_ids: string[]; actor_id: string; details: { mailed: number; withoutAddress: string[] } }>(
      owner(system),
      `select object_ids, actor_id, details from audit_event where action = 'security.notified' and object_id = $1 order by id`,
      [objectId],
    )
  ).rows;

test('security events reach the holders of the permission in the unit by mail, once', async (t) => {
  const { port, inbox } = await startSmtp(t);
  const system = await buildIdentity(t, {
    worker: true,
    env: { CASUS_SMTP_URL: `smtp://127.0.0.1:${port}`, CASUS_PUBLIC_URL: 'https://casus.example.org' },
  });
  await createUnit(system, 'sn-region', 'region');
  await createUnit(system, 'sn-team', 'team', 'sn-region');
  await createUnit(system, 'sn-other', 'team');
  const person = async (
    name: string,
    role: string | null,
    unit: string,
    email: string | null = `${name}@example.org`,
  ): Promise<TestUser> => {
    const user = await createUser(system, name, { ...(email ? { email } : {}) });
    if (role) await grantRole(system, user.id, role, unit);
    return user;
  };
  const actor = await person('sn-actor', 'functional-administrator', 'national');
  const national = await person('sn-national', 'functional-administrator', 'national');
  const viaGroup = await person('sn-via-group', null, 'national');
  const noAddress = await person('sn-no-address', 'functional-administrator', 'sn-team', null);
  await person('sn-elsewhere', 'functional-administrator', 'sn-other');
  const leaver = await person('sn-leaver', 'functional-administrator', 'national');
  await adminQuery(owner(system), `update app_user set status = 'deactivated' where id = $1`, [leaver.id]);
  const service = await createUser(system, 'sn-service', { kind: 'service', password: null });
  await grantRole(system, service.id, 'functional-administrator');
  const group = (await adminQuery<{ id: string }>(owner(system), `insert into user_group (name) values ('sn-beheer') returning id`))
    .rows[0]!.id;
  await adminQuery(
    owner(system),
    `insert into role_assignment (role_id, group_id, unit_id, reason, granted_by) select id, $1, $2, 'test', 'test' from role where key = 'functional-administrator'`,
    [group, await unitId(system, 'sn-region')],
  );
  await adminQuery(owner(system), 'insert into user_group_member (group_id, user_id) values ($1, $2)', [group, viaGroup.id]);
  const grantee = await person('sn-grantee', null, 'sn-team');

  // A privileged grant in the team: a request, which is a security event naming grants.manage in the team.
  const session = await signIn(system, actor);
  const asked = await session.request('POST', '/api/v1/grants', {
    roleId: (await adminQuery<{ id: string }>(owner(system), `select id from role where key = 'service-desk'`)).rows[0]!.id,
    userId: grantee.id,
    unitId: await unitId(system, 'sn-team'),
    reason: 'desk',
  });
  assert.equal(asked.statusCode, 202, asked.body);
  const requestId = asked.json().id as string;

  await waitFor('the notification', async () => (await notified(system, requestId)).length > 0);
  const [row] = await notified(system, requestId);
  assert.deepEqual(
    row!.object_ids,
    [national.id, viaGroup.id, noAddress.id].sort(),
    'holders in the unit or above, own or through a group; not the actor, not elsewhere, not deactivated, not services',
  );
  assert.equal(row!.actor_id, `event.${SECURITY_NOTIFY_HANDLER}`);
  assert.equal(row!.details.mailed, 2);
  assert.deepEqual(row!.details.withoutAddress, [noAddress.id]);
  assert.deepEqual(inbox.flatMap((m) => m.to).sort(), ['sn-national@example.org', 'sn-via-group@example.org']);
  const mail = inbox[0]!.raw.replace(/=\r\n/g, '');
  assert.match(mail, /grant-request\.create/);
  assert.match(mail, /Unit sn-team \(sn-team\)/);
  assert.match(mail, /https:\/\/casus\.example\.org/);
  for (const name of ['sn-actor', 'sn-grantee', 'User sn-grantee']) assert.ok(!mail.includes(name), `the mail does not name ${name}`);

  // Redelivered by the queue under a new job id (as after a worker died before completing): nobody is told twice.
  const event = (
    await adminQuery<{
      id: string;
      name: string;
      payload: unknown;
      occurred_at: Date;
      actor_kind: string;
      actor_id: string | null;
      request_id: string | null;
      trace_id: string | null;
    }>(owner(system), `select * from outbox_event where name = 'security.event-raised' and payload->>'objectId' = $1`, [requestId])
  ).rows[0]!;
  const jobId = await system.jobs.send(`event.${SECURITY_NOTIFY_HANDLER}`, {
    id: event.id,
    name: event.name,
    payload: event.payload,
    occurredAt: event.occurred_at.toISOString(),
    actor: { kind: event.actor_kind, id: event.actor_id },
    requestId: event.request_id,
    traceId: event.trace_id,
  });
  await waitFor(
    'the redelivery to complete',
    async () =>
      (await adminQuery<{ state: string }>(owner(system), 'select state from pgboss.job where id = $1', [jobId])).rows[0]?.state ===
      'completed',
  );
  assert.equal((await notified(system, requestId)).length, 1);
  assert.equal(inbox.length, 2);
});

// Without mail the holders are named in a log line for the operators, and the audit says whom it concerned.
test('without mail, a security event is logged with its recipients', async (t) => {
  const system = await buildIdentity(t);
  await createUnit(system, 'nm-team', 'team');
  const holder = await createUser(system, 'nm-holder', { email: 'nm@example.org' });
  await grantRole(system, holder.id, 'functional-administrator');
  const lines: { msg: string; userIds?: string[] }[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as { msg: string });
      done();
    },
  });
  const log = createLogger({ level: 'info', destination });
  const objectId = randomUUID();
  const result = await system.db.transaction(systemContext(`event.${SECURITY_NOTIFY_HANDLER}`), (tx) =>
    notifySecurityEvent(
      tx,
      {
        id: randomUUID(),
        name: 'security.event-raised',
        occurredAt: new Date(),
        actor: { kind: 'user', id: randomUUID() },
        requestId: null,
        traceId: null,
        payload: { action: 'case.break-glass', objectType: 'case', objectId, unitId: null, result: 'success', notify: [] },
      },
      { mail: null, log, appUrl: null },
    ),
  );
  assert.deepEqual(result.recipients, []);
  const team = await unitId(system, 'nm-team');
  const told = await system.db.transaction(systemContext(`event.${SECURITY_NOTIFY_HANDLER}`), (tx) =>
    notifySecurityEvent(
      tx,
      {
        id: randomUUID(),
        name: 'security.event-raised',
        occurredAt: new Date(),
        actor: { kind: 'system', id: 'test' },
        requestId: null,
        traceId: null,
        payload: {
          action: 'case.break-glass',
          objectType: 'case',
          objectId,
          unitId: team,
          result: 'success',
          notify: [{ permission: 'grants.manage', unitId: team }],
        },
      },
      { mail: null, log, appUrl: null },
    ),
  );
  // The first test's national administrators hold grants.manage here too (one database per file).
  assert.ok(told.recipients.includes(holder.id), 'a holder above the unit is told');
  assert.deepEqual([told.mailed, told.failed], [[], []]);
  await waitFor('the log line', async () => lines.some((l) => /no mail configured/.test(l.msg) && (l.userIds?.length ?? 0) > 0));
  assert.deepEqual(lines.find((l) => /no mail configured/.test(l.msg) && (l.userIds?.length ?? 0) > 0)!.userIds, told.recipients);
  assert.deepEqual(
    (await notified(system, objectId)).map((r) => r.object_ids),
    [[], told.recipients],
  );
});
