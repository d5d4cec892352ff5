// The side doors of a shielded case, tried from the outside: a colleague of the same team who does
// not work on it and the team lead without a grant see nothing of it through the cases, incidents,
// case screen, contact moment and document routes: 404 by id (as for an id that does not exist),
// absent from lists, in no count. The case's own worker, through the same routes, sees all of it, so
// the test cannot pass by seeing nothing at all.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  buildIdentity,
  createUnit,
  createUser,
  grantRole,
  signIn,
  type IdentitySystem,
  type Session,
} from '../../../test/helpers/identity.ts';
import { createCasesModule } from './index.ts';
import { createPersonsModule } from '../persons/index.ts';
import { createReferralsModule } from '../referrals/index.ts';
import { createTasksModule } from '../tasks/index.ts';
import { createContactsModule } from '../contacts/index.ts';
import { createDocumentsModule } from '../documents/index.ts';
import { createCaseOverviewModule } from '../case-overview/index.ts';

async function build(t: TestContext) {
  const dir = await mkdtemp(path.join(tmpdir(), 'casus-side-doors-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return buildIdentity(t, {
    extra: [
      createCasesModule(),
      createPersonsModule(),
      createReferralsModule(),
      createTasksModule(),
      createContactsModule(),
      createDocumentsModule(),
      createCaseOverviewModule(),
    ],
    env: { CASUS_BLOB_DIR: dir },
  });
}

async function user(system: IdentitySystem, name: string, code: string, role: string) {
  const u = await createUser(system, `${name}-${code}`, { unitCode: code });
  await grantRole(system, u.id, role, code);
  return { ...u, session: await signIn(system, u) };
}

/** The members of the answers this test reads. */
interface Answer {
  id: string;
  number: string;
  version: number;
  items: { id: string; caseId?: string }[];
  cases: { id: string }[];
}

async function ok(session: Session, method: string, url: string, body?: unknown): Promise<Answer> {
  const response = await session.request(method, url, body);
  assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.json<Answer>();
}

const pdf = Buffer.from('%PDF-1.7\n1 0 obj << /Title (verklaring) >> endobj\n%%EOF\n');

test('a shielded case shows nothing to an ungranted colleague or team lead of its own team, through any of these routes', async (t) => {
  const system = await build(t);
  const code = 'side-doors-a';
  const unit = await createUnit(system, code, 'team');
  const worker = await user(system, 'worker', code, 'case-worker');
  const shielder = await user(system, 'shielder', code, 'team-lead');
  const colleague = await user(system, 'colleague', code, 'case-worker');
  const lead = await user(system, 'lead', code, 'team-lead');
  const reference = 'PL0900-2026-SIDEDOOR';

  // The shielded case: a client, an incident it shares with a normal case, contact, a document.
  const client = (await ok(worker.session, 'POST', '/api/v1/persons', { achternaam: 'Afgeschermd', confirmNoDuplicate: true })).id;
  const incident = (
    await ok(worker.session, 'POST', '/api/v1/incidents', {
      owningUnitId: unit,
      category: 'violence',
      policeReference: reference,
      description: 'huiselijk geweld',
    })
  ).id;
  const hiddenIncident = (
    await ok(worker.session, 'POST', '/api/v1/incidents', {
      owningUnitId: unit,
      category: 'sexual-offence',
      policeReference: `${reference}-2`,
    })
  ).id;
  const kase = await ok(worker.session, 'POST', '/api/v1/cases', {
    owningUnitId: unit,
    incidentId: incident,
    participants: [{ personId: client, role: 'victim', primaryClient: true }],
  });
  const other = await ok(worker.session, 'POST', '/api/v1/cases', { owningUnitId: unit, incidentId: hiddenIncident });
  const visible = await ok(worker.session, 'POST', '/api/v1/cases', { owningUnitId: unit, incidentId: incident });
  const moment = (
    await ok(worker.session, 'POST', `/api/v1/cases/${kase.id}/contact-moments`, {
      channel: 'phone',
      direction: 'inbound',
      outcome: 'reached',
      summary: 'Cliënt belt over de zitting.',
    })
  ).id;
  const uploaded = await system.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${kase.id}/documents`,
    payload: pdf,
    headers: {
      cookie: worker.session.cookie,
      'x-csrf-token': worker.session.csrf,
      'content-type': 'application/octet-stream',
      'content-disposition': "attachment; filename*=UTF-8''verklaring.pdf",
    },
  });
  assert.equal(uploaded.statusCode, 201, uploaded.body);
  const document = uploaded.json().id as string;
  for (const id of [kase.id, other.id]) {
    const current = await ok(worker.session, 'GET', `/api/v1/cases/${id}`);
    await ok(shielder.session, 'PATCH', `/api/v1/cases/${id}`, { version: current.version, confidentiality: 'shielded' });
  }

  const byId = [
    ['GET', `/api/v1/cases/${kase.id}`],
    ['PATCH', `/api/v1/cases/${kase.id}`, { version: kase.version + 1, tracks: ['legal'] }],
    ['GET', `/api/v1/cases/${kase.id}/overview`],
    ['GET', `/api/v1/incidents/${hiddenIncident}`],
    ['PATCH', `/api/v1/incidents/${hiddenIncident}`, { version: 1, place: 'Elders' }],
    ['GET', `/api/v1/cases/${kase.id}/contact-moments`],
    [
      'POST',
      `/api/v1/cases/${kase.id}/contact-moments`,
      { channel: 'phone', direction: 'outbound', outcome: 'reached', summary: 'nieuwsgierig' },
    ],
    ['GET', `/api/v1/contact-moments/${moment}`],
    ['PATCH', `/api/v1/contact-moments/${moment}`, { version: 1, summary: 'overschreven', reason: 'team lead corrects it' }],
    ['GET', `/api/v1/cases/${kase.id}/documents`],
    ['GET', `/api/v1/documents/${document}`],
    ['GET', `/api/v1/documents/${document}/content`],
    ['POST', `/api/v1/cases/${kase.id}/participants`, { personId: client, role: 'witness' }],
  ] as const;
  const lists = async (session: Session) =>
    [
      ...(await ok(session, 'GET', '/api/v1/cases?view=mine')).items,
      ...(await ok(session, 'GET', '/api/v1/cases?view=team')).items,
      ...(await ok(session, 'GET', '/api/v1/cases?view=all')).items,
      ...(await ok(session, 'GET', `/api/v1/incidents?policeReference=${reference}-2`)).items,
      ...(await ok(session, 'GET', '/api/v1/break-glass-requests')).items,
    ].map((item) => item.caseId ?? item.id);

  for (const [who, outsider] of [
    ['colleague', colleague],
    ['team lead', lead],
  ] as const) {
    for (const [method, url, body] of byId) {
      const response = await outsider.session.request(method, url, body);
      assert.equal(response.statusCode, 404, `${who}: ${method} ${url}: ${response.body}`);
      assert.equal(
        response.json().detail,
        'The resource does not exist or is not visible to you.',
        `${who}: ${method} ${url}: the same answer as for an id that does not exist`,
      );
    }
    const seen = await lists(outsider.session);
    for (const id of [kase.id, other.id, hiddenIncident]) assert.ok(!seen.includes(id), `${who}: ${id} listed`);
    // The incident it shares with a case she may see: that case only, nothing of the shielded one.
    const shared = await outsider.session.request('GET', `/api/v1/incidents/${incident}`);
    if (who === 'team lead') {
      assert.equal(shared.statusCode, 200, shared.body);
      assert.deepEqual(
        shared.json().cases.map((c: { id: string }) => c.id),
        [visible.id],
        'the linked cases one can see, no count of the others',
      );
      assert.ok(!shared.body.includes(kase.number) && !shared.body.includes(client));
    } else {
      assert.equal(shared.statusCode, 404, 'a colleague who works on neither case');
    }
    assert.deepEqual(
      (await outsider.session.request('GET', `/api/v1/incidents?policeReference=${reference}`))
        .json()
        .items.map((i: { id: string }) => i.id),
      who === 'team lead' ? [incident] : [],
    );
  }

  // Control: through the same doors, the worker on the case sees it all.
  for (const [method, url] of byId.filter(([method]) => method === 'GET')) {
    const response = await worker.session.request(method, url);
    assert.equal(response.statusCode, 200, `worker: ${method} ${url}: ${response.body}`);
  }
  assert.ok((await lists(worker.session)).includes(kase.id));
  assert.deepEqual(
    (await ok(worker.session, 'GET', `/api/v1/incidents/${incident}`)).cases.map((c) => c.id).sort(),
    [kase.id, visible.id].sort(),
  );
});
