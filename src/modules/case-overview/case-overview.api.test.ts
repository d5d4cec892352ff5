// The case screen in one request, as case workers, team leads and volunteers open it: the case as
// GET /cases/{caseId} shows it, its participants by name (never their BSN), the latest contact moments
// with their summaries and the open tasks; audited as the routes that show the same facts; 404 for a
// case one may not see (shielded ones included), whatever else one may see.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomInt } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { adminQuery } from '../../../test/helpers/database.ts';
import {
  buildIdentity,
  createUnit,
  createUser,
  grantRole,
  signIn,
  type IdentitySystem,
  type Session,
} from '../../../test/helpers/identity.ts';
import { createCasesModule } from '../cases/index.ts';
import { createContactsModule } from '../contacts/index.ts';
import { createPersonsModule } from '../persons/index.ts';
import { createReferralsModule } from '../referrals/index.ts';
import { createTasksModule } from '../tasks/index.ts';
import { createCaseOverviewModule } from './index.ts';

const build = (t: Parameters<typeof buildIdentity>[0]) =>
  buildIdentity(t, {
    extra: [
      createCasesModule(),
      createPersonsModule(),
      createReferralsModule(),
      createTasksModule(),
      createContactsModule(),
      createCaseOverviewModule(),
    ],
  });

// Every test of this file shares one database: each makes its own teams, users and persons.
let seq = 0;
async function team(system: IdentitySystem) {
  const n = ++seq;
  const code = `overview-team-${n}`;
  const unit = await createUnit(system, code, 'team');
  const user = async (name: string, role: string, kind: 'staff' | 'volunteer' = 'staff') => {
    const u = await createUser(system, `${name}-ov${n}`, { unitCode: code, kind });
    await grantRole(system, u.id, role, code);
    return { ...u, session: await signIn(system, u) };
  };
  return { n, unit, user };
}

/** A BSN that passes the elfproef and is new to this database (one live person per BSN). */
function newBsn(): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, () => randomInt(10));
    const sum = digits.reduce((s, d, i) => s + d * (9 - i), 0);
    const last = sum % 11;
    if (last < 10 && digits.some((d) => d > 0)) return [...digits, last].join('');
  }
}

async function person(session: Session, body: Record<string, unknown>): Promise<string> {
  const created = await session.request('POST', '/api/v1/persons', { confirmNoDuplicate: true, ...body });
  assert.equal(created.statusCode, 201, created.body);
  return created.json<{ id: string }>().id;
}

async function openCase(session: Session, body: Record<string, unknown>): Promise<{ id: string; number: string; version: number }> {
  const opened = await session.request('POST', '/api/v1/cases', body);
  assert.equal(opened.statusCode, 201, opened.body);
  return opened.json();
}

const overviewOf = (session: Session, caseId: string) => session.request('GET', `/api/v1/cases/${caseId}/overview`);

const lastAuditId = async (system: IdentitySystem) =>
  Number((await adminQuery<{ id: string | null }>(system.target.ownerUrl, 'select max(id) as id from audit_event')).rows[0]!.id ?? 0);

interface AuditRow {
  action: string;
  object_id: string | null;
  data_subject_id: string | null;
  details: Record<string, unknown> | null;
  object_ids: string[] | null;
  data_subject_ids: string[] | null;
}
const auditSince = async (system: IdentitySystem, since: number, actorId: string) =>
  (
    await adminQuery<AuditRow>(
      system.target.ownerUrl,
      `select action, object_id, data_subject_id, details, object_ids, data_subject_ids from audit_event where id > $1 and actor_id = $2 order by id`,
      [since, actorId],
    )
  ).rows;

/** A problem without what differs per request, to compare two refusals. */
const problemOf = (response: LightMyRequestResponse): Record<string, unknown> => {
  const { instance: _instance, requestId: _requestId, traceId: _traceId, ...rest } = response.json<Record<string, unknown>>();
  return rest;
};

test('the case screen: the case as GET /cases/{id} shows it, participants by name, the latest 10 contacts, open tasks; ETag; audited once', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const bsn = newBsn();
  const clientId = await person(worker.session, {
    voornamen: 'Anna Maria',
    roepnaam: 'Anja',
    tussenvoegsel: 'van',
    achternaam: `Dijk${a.n}`,
    dateOfBirth: '1979-11-03',
    bsn,
    phones: ['06 98765432'],
    address: { postcode: '3511AB', huisnummer: 12, street: 'Geheimstraat', city: 'Utrecht' },
    confidentialAddress: true,
    interpreterNeeded: true,
    preferredLanguage: 'ar',
  });
  const witnessId = await person(worker.session, { voornamen: 'Pieter Jan', achternaam: `Getuige${a.n}` });
  const kase = await openCase(worker.session, {
    owningUnitId: a.unit,
    participants: [
      { personId: clientId, role: 'victim', primaryClient: true },
      { personId: witnessId, role: 'witness' },
    ],
  });
  const other = await openCase(worker.session, { owningUnitId: a.unit });

  // Twelve contacts, one hour apart; every third with the witness.
  for (let i = 0; i < 12; i++) {
    const occurredAt = new Date(Date.UTC(2026, 0, 5, 8 + i)).toISOString();
    const logged = await worker.session.request('POST', `/api/v1/cases/${kase.id}/contact-moments`, {
      channel: 'phone',
      direction: 'outbound',
      outcome: 'reached',
      occurredAt,
      summary: `Gesprek ${i} over de zitting.`,
      personId: i % 3 === 0 ? witnessId : clientId,
    });
    assert.equal(logged.statusCode, 201, logged.body);
  }
  // Six open tasks (one overdue), one done, and one on another case.
  const task = async (caseId: string, title: string, dueOn: string) => {
    const made = await worker.session.request('POST', '/api/v1/tasks', { caseId, title, dueOn });
    assert.equal(made.statusCode, 201, made.body);
    return made.json<{ id: string; version: number }>();
  };
  const tasks = [];
  for (const day of ['2099-03-05', '2099-03-01', '2099-03-04', '2099-03-02', '2099-03-06', '2099-03-03'])
    tasks.push(await task(kase.id, `Taak ${day}`, day));
  await adminQuery(system.target.ownerUrl, `update task set due_at = now() - interval '1 day' where id = $1`, [tasks[4]!.id]);
  const done = await task(kase.id, 'Al gedaan', '2099-01-01');
  assert.equal((await worker.session.request('POST', `/api/v1/tasks/${done.id}/complete`, { version: done.version })).statusCode, 200);
  await task(other.id, 'Ander dossier', '2099-01-01');

  const since = await lastAuditId(system);
  const response = await overviewOf(worker.session, kase.id);
  assert.equal(response.statusCode, 200, response.body);
  const overview = response.json();
  const audit = await auditSince(system, since, worker.id);

  // The case exactly as GET /cases/{caseId} presents it, with its ETag.
  const read = await worker.session.request('GET', `/api/v1/cases/${kase.id}`);
  assert.deepEqual(overview.case, read.json());
  assert.equal(response.headers.etag, read.headers.etag);
  assert.equal(response.headers.etag, `"case:${kase.id}:${kase.version}"`);
  assert.deepEqual(overview.allowedActions, read.json().allowedActions);

  // Participants with name, date of birth and flags; nothing the screen does not need.
  const client = (await worker.session.request('GET', `/api/v1/persons/${clientId}`)).json();
  assert.deepEqual(
    overview.participants.map((p: { personId: string; role: string; primaryClient: boolean }) => [p.personId, p.role, p.primaryClient]),
    [
      [clientId, 'victim', true],
      [witnessId, 'witness', false],
    ],
  );
  assert.deepEqual(overview.participants[0].person, {
    id: clientId,
    displayName: `Anja van Dijk${a.n}`,
    voornamen: 'Anna Maria',
    roepnaam: 'Anja',
    tussenvoegsel: 'van',
    achternaam: `Dijk${a.n}`,
    dateOfBirth: '1979-11-03',
    preferredLanguage: 'ar',
    interpreterNeeded: true,
    confidentialAddress: true,
  });
  assert.equal(overview.participants[0].person.displayName, client.displayName, 'named as the persons API names her');
  assert.equal(overview.participants[0].person.dateOfBirth, client.dateOfBirth);
  assert.equal(overview.participants[1].person.displayName, `Pieter Getuige${a.n}`);
  for (const secret of [bsn, 'bsn', 'Geheimstraat', '3511AB', '98765432', 'phones'])
    assert.ok(!response.body.toLowerCase().includes(secret.toLowerCase()), `no ${secret} in the overview`);

  // The latest ten contacts, newest first, as the contact list shows them (summaries decrypted).
  const listed = await worker.session.request('GET', `/api/v1/cases/${kase.id}/contact-moments?limit=10`);
  assert.deepEqual(
    overview.latestContactMoments.map((m: { summary: string }) => m.summary),
    Array.from({ length: 10 }, (_, i) => `Gesprek ${11 - i} over de zitting.`),
  );
  // With what she may do with each (her own, just logged: correct it), as the list gives it.
  assert.deepEqual(overview.latestContactMoments, listed.json().items);
  assert.deepEqual(overview.latestContactMoments[0].allowedActions, ['read', 'update']);

  // Open tasks: the number and the first five by due moment, the overdue one first.
  assert.equal(overview.openTasks.count, 6);
  const byDue = [tasks[4]!, tasks[1]!, tasks[3]!, tasks[5]!, tasks[2]!];
  assert.deepEqual(
    overview.openTasks.items.map((i: { id: string }) => i.id),
    byDue.map((x) => x.id),
  );
  assert.deepEqual(
    overview.openTasks.items.map((i: { overdue: boolean }) => i.overdue),
    [true, false, false, false, false],
  );
  assert.deepEqual(Object.keys(overview.openTasks.items[1]).sort(), [
    'allowedActions',
    'assigneeUserId',
    'dueAt',
    'id',
    'overdue',
    'title',
    'version',
  ]);
  assert.equal(overview.openTasks.items[1].title, 'Taak 2099-03-01');

  // One case.read and the contact list's own event; the same facts as the separate routes record.
  assert.deepEqual(
    audit.map((r) => [r.action, r.object_id, r.data_subject_id]),
    [
      ['case.read', kase.id, clientId],
      ['contact-moment.list', kase.id, clientId],
    ],
  );
  assert.deepEqual(audit[0]!.details, { via: 'assignment', view: 'overview', personIds: [witnessId], openTaskIds: byDue.map((x) => x.id) });
  assert.deepEqual(audit[1]!.details, { count: 10, contactedPersonIds: [witnessId], view: 'overview' });
  // Which rows it showed and whom they are about.
  assert.deepEqual([audit[0]!.object_ids, audit[0]!.data_subject_ids], [null, [clientId, witnessId]]);
  assert.deepEqual(
    [audit[1]!.object_ids, audit[1]!.data_subject_ids],
    [overview.latestContactMoments.map((m: { id: string }) => m.id), [clientId, witnessId]],
  );
  const sinceList = await lastAuditId(system);
  await worker.session.request('GET', `/api/v1/cases/${kase.id}/contact-moments?limit=10`);
  const [listAudit] = await auditSince(system, sinceList, worker.id);
  assert.deepEqual({ ...listAudit, details: { ...listAudit!.details, view: 'overview' } }, audit[1]);
});

test('other teams and unknown ids get the same 404; a shielded case is hidden from the team lead until she is granted it', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const secondLead = await a.user('lead2', 'team-lead');
  const outsider = await b.user('worker', 'case-worker');
  const otherLead = await b.user('lead', 'team-lead');
  const clientId = await person(worker.session, { roepnaam: 'Karin', achternaam: `Verborgen${a.n}` });
  const kase = await openCase(worker.session, {
    owningUnitId: a.unit,
    participants: [{ personId: clientId, role: 'victim', primaryClient: true }],
  });
  assert.equal(
    (
      await worker.session.request('POST', `/api/v1/cases/${kase.id}/contact-moments`, {
        channel: 'phone',
        direction: 'outbound',
        outcome: 'reached',
        summary: 'Vertrouwelijk gesprek.',
      })
    ).statusCode,
    201,
  );

  const since = await lastAuditId(system);
  const unknown = await overviewOf(outsider.session, '00000000-0000-4000-8000-000000000000');
  assert.equal(unknown.statusCode, 404);
  for (const user of [outsider, otherLead]) {
    const refused = await overviewOf(user.session, kase.id);
    assert.equal(refused.statusCode, 404, user.username);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(refused.headers.etag, undefined);
    assert.deepEqual(problemOf(refused), problemOf(unknown), 'indistinguishable from a case that does not exist');
    for (const leak of [kase.number, `Verborgen${a.n}`, 'Vertrouwelijk']) assert.ok(!refused.body.includes(leak));
    assert.deepEqual(await auditSince(system, since, user.id), [], 'nothing read, nothing recorded');
  }

  // The team lead reads the unit's cases, through the unit.
  const byUnit = await overviewOf(lead.session, kase.id);
  assert.equal(byUnit.statusCode, 200, byUnit.body);
  assert.deepEqual(
    byUnit.json().latestContactMoments.map((m: { summary: string }) => m.summary),
    ['Vertrouwelijk gesprek.'],
  );
  assert.equal(byUnit.json().participants[0].person.displayName, `Karin Verborgen${a.n}`);

  // Shielded by the lead (who keeps an explicit grant): hidden from the other team lead of the unit.
  const shielded = await lead.session.request('PATCH', `/api/v1/cases/${kase.id}`, { version: kase.version, confidentiality: 'shielded' });
  assert.equal(shielded.statusCode, 200, shielded.body);
  const sinceShielded = await lastAuditId(system);
  const hidden = await overviewOf(secondLead.session, kase.id);
  assert.equal(hidden.statusCode, 404, hidden.body);
  assert.deepEqual(problemOf(hidden), problemOf(unknown));
  assert.deepEqual(await auditSince(system, sinceShielded, secondLead.id), []);
  assert.equal((await overviewOf(lead.session, kase.id)).statusCode, 200, 'whoever shields keeps it');

  const granted = await lead.session.request('POST', `/api/v1/cases/${kase.id}/access-grants`, {
    userId: secondLead.id,
    reason: 'takes over the case during leave',
  });
  assert.equal(granted.statusCode, 201, granted.body);
  const sinceGrant = await lastAuditId(system);
  const seen = await overviewOf(secondLead.session, kase.id);
  assert.equal(seen.statusCode, 200, seen.body);
  assert.equal(seen.json().case.confidentiality, 'shielded');
  assert.equal(seen.headers.etag, `"case:${kase.id}:${shielded.json().version}"`);
  const audit = await auditSince(system, sinceGrant, secondLead.id);
  assert.deepEqual(
    audit.map((r) => [r.action, r.details?.via ?? null]),
    [
      ['case.read', 'grant'],
      ['contact-moment.list', null],
    ],
  );
});

test('a volunteer sees the screen of a case she works on, summaries included, never a BSN; before that a 404', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const volunteer = await a.user('volunteer', 'volunteer', 'volunteer');
  const bsn = newBsn();
  const clientId = await person(worker.session, {
    roepnaam: 'Sem',
    achternaam: `Vrijwillig${a.n}`,
    dateOfBirth: '2001-02-03',
    bsn,
    confidentialAddress: true,
    address: { postcode: '1012AB', huisnummer: 1 },
  });
  const kase = await openCase(worker.session, {
    owningUnitId: a.unit,
    participants: [{ personId: clientId, role: 'victim', primaryClient: true }],
  });
  assert.equal(
    (
      await worker.session.request('POST', `/api/v1/cases/${kase.id}/contact-moments`, {
        channel: 'visit',
        direction: 'outbound',
        outcome: 'completed',
        summary: 'Kennismaking thuis.',
        personId: clientId,
      })
    ).statusCode,
    201,
  );
  assert.equal(
    (
      await worker.session.request('POST', '/api/v1/tasks', {
        caseId: kase.id,
        title: 'Huisbezoek plannen',
        dueOn: '2099-05-01',
        assigneeUserId: volunteer.id,
      })
    ).statusCode,
    201,
  );

  assert.equal((await overviewOf(volunteer.session, kase.id)).statusCode, 404, 'not (yet) hers');
  assert.equal(
    (await lead.session.request('POST', `/api/v1/cases/${kase.id}/assignments`, { userId: volunteer.id, role: 'volunteer' })).statusCode,
    200,
  );

  const response = await overviewOf(volunteer.session, kase.id);
  assert.equal(response.statusCode, 200, response.body);
  const overview = response.json();
  const read = await volunteer.session.request('GET', `/api/v1/cases/${kase.id}`);
  assert.deepEqual(overview.case, read.json());
  assert.deepEqual(overview.allowedActions, read.json().allowedActions, 'what the case offers her');
  assert.deepEqual(overview.participants[0].person, {
    id: clientId,
    displayName: `Sem Vrijwillig${a.n}`,
    voornamen: null,
    roepnaam: 'Sem',
    tussenvoegsel: null,
    achternaam: `Vrijwillig${a.n}`,
    dateOfBirth: '2001-02-03',
    preferredLanguage: 'nl',
    interpreterNeeded: false,
    confidentialAddress: true,
  });
  // As her own contact list shows it: volunteers on the case read the summaries.
  const listed = await volunteer.session.request('GET', `/api/v1/cases/${kase.id}/contact-moments`);
  assert.deepEqual(
    overview.latestContactMoments.map((m: { summary: string }) => m.summary),
    listed.json().items.map((m: { summary: string }) => m.summary),
  );
  assert.deepEqual(
    overview.latestContactMoments.map((m: { summary: string }) => m.summary),
    ['Kennismaking thuis.'],
  );
  assert.equal(overview.openTasks.count, 1);
  assert.equal(overview.openTasks.items[0].assigneeUserId, volunteer.id);
  assert.ok(!response.body.includes(bsn), 'no BSN');
  assert.ok(!response.body.includes('1012AB'), 'no confidential address');
});

test('a bad case id is refused with a problem and nothing is read or recorded', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const since = await lastAuditId(system);
  for (const id of ['not-a-uuid', '12345', `${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(11)}`]) {
    const response = await overviewOf(worker.session, id);
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.ok(
      response.json().errors?.some((e: { pointer?: string }) => e.pointer?.includes('caseId')),
      response.body,
    );
  }
  assert.deepEqual(await auditSince(system, since, worker.id), []);
  const anonymous = await system.app.inject({ method: 'GET', url: '/api/v1/cases/00000000-0000-4000-8000-000000000000/overview' });
  assert.equal(anonymous.statusCode, 401);
});
