// Answering a data-subject request beside the export itself: finding the person a request is from, the
// rectification history, a duplicate merged into the person, and who may do any of it (the export's own
// acceptance test is subject-access.export.api.test.ts; the world is test/helpers/subject-access.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { actorOf } from '../../../../test/helpers/fixtures.ts';
import type { SubjectAccessExport } from './subject-access.schemas.ts';
import { REASON, request, world } from '../../../../test/helpers/subject-access.ts';

test('the privacy officer finds the person a request is from by BSN, or by surname and date of birth; audited', async (t) => {
  const w = await world(t, { bsn: '100000009', dateOfBirth: '1979-11-30' });
  const search = (body: Record<string, unknown>) => request(w.officer, '/api/v1/privacy/persons/search', { reason: REASON, ...body });
  const byBsn = await search({ bsn: '1000.000.09' });
  assert.equal(byBsn.statusCode, 200, byBsn.body);
  assert.deepEqual(byBsn.json().items, [{ personId: w.aId, displayName: 'Anne Visser', dateOfBirth: '1979-11-30', matchedOn: ['bsn'] }]);
  const byName = await search({ voornamen: 'Annemarie', achternaam: 'Vissser', dateOfBirth: '1979-11-30' });
  assert.deepEqual(
    byName.json<{ items: { personId: string; matchedOn: string[] }[] }>().items.map((i) => [i.personId, i.matchedOn]),
    [[w.aId, ['name-and-date-of-birth']]],
    'a typo in the name still finds her',
  );
  assert.deepEqual((await search({ bsn: '999999990' })).json().items, []);
  for (const body of [{}, { achternaam: 'Visser' }, { bsn: '123456789' }]) {
    const bad = await search(body);
    assert.equal(bad.statusCode, 400, JSON.stringify(body));
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  assert.equal((await request(w.worker, '/api/v1/privacy/persons/search', { reason: REASON, bsn: '100000009' })).statusCode, 403);
  const audited = await adminQuery<{ data_subject_ids: string[] | null; reason: string }>(
    w.system.target.ownerUrl,
    `select data_subject_ids, reason from audit_event where action = 'privacy.subject-search' order by id`,
  );
  assert.deepEqual(
    audited.rows.map((r) => r.data_subject_ids),
    [[w.aId], [w.aId], []],
  );
  assert.ok(audited.rows.every((r) => r.reason === REASON));
});

test('the rectification history: who changed which of the person’s data when; audited', async (t) => {
  const w = await world(t);
  const response = await request(w.officer, `/api/v1/privacy/persons/${w.aId}/rectification-history`);
  assert.equal(response.statusCode, 200, response.body);
  const { dataSubjectId, items } = response.json<{
    dataSubjectId: string;
    items: { action: string; changedFields: string[]; actorId: string }[];
  }>();
  assert.equal(dataSubjectId, w.aId);
  assert.deepEqual(
    items.map((i) => [i.action, i.changedFields, i.actorId]),
    [
      ['person.create', [], w.worker.id],
      ['person.consent', [], w.worker.id],
      ['person.update', ['phones'], w.worker.id],
      ['contact-moment.update', ['summary'], w.worker.id],
    ],
  );
  const audited = await adminQuery(
    w.system.target.ownerUrl,
    `select 1 from audit_event where action = 'privacy.rectification-history' and data_subject_id = $1 and reason = $2 and actor_id = $3`,
    [w.aId, REASON, w.officer.id],
  );
  assert.equal(audited.rows.length, 1);
});

test('a duplicate merged into A is A: its record and consents are in A’s export, and asking for it answers A', async (t) => {
  const w = await world(t);
  const lead = await w.team.user('lead', 'team-lead');
  const worker = w.worker.session;
  const duplicate = (
    await worker.request('POST', '/api/v1/persons', { voornamen: 'Anne', achternaam: 'Visser', confirmNoDuplicate: true })
  ).json<{ id: string }>().id;
  assert.equal(
    (
      await worker.request('POST', `/api/v1/persons/${duplicate}/consents`, {
        subject: 'research',
        given: false,
        source: 'client',
        note: 'DUPCONSENT',
      })
    ).statusCode,
    200,
  );
  // Case 3 is not shielded: the team lead sees A there, and the duplicate once it takes part.
  assert.equal(
    (await worker.request('POST', `/api/v1/cases/${w.case3.id}/participants`, { personId: duplicate, role: 'contact-person' })).statusCode,
    200,
  );
  const merged = await lead.session.request('POST', `/api/v1/persons/${w.aId}/merge`, {
    duplicateId: duplicate,
    reason: 'Dezelfde persoon, dubbel ingeschreven.',
  });
  assert.equal(merged.statusCode, 200, merged.body);

  for (const asked of [w.aId, duplicate]) {
    const data = (await request(w.officer, `/api/v1/privacy/persons/${asked}/subject-access`)).json<SubjectAccessExport>();
    assert.equal(data.dataSubjectId, w.aId);
    assert.deepEqual(
      data.mergedRecords.map((m) => [m.id, m.mergedInto]),
      [[duplicate, w.aId]],
    );
    assert.ok(data.consents.some((c) => c.personId === duplicate && c.note === 'DUPCONSENT'));
    assert.deepEqual(
      data.cases
        .filter((c) => c.caseId === w.case3.id)
        .map((c) => c.role)
        .sort(),
      ['contact-person', 'witness'],
      'the duplicate’s participation moved to A with the merge',
    );
    assert.ok(data.rectificationHistory.some((e) => e.action === 'person.merge'));
  }
  const audited = await adminQuery<{ data_subject_id: string; requested: string | null }>(
    w.system.target.ownerUrl,
    `select data_subject_id, details->>'requestedId' as requested from audit_event where action = 'privacy.subject-access-export' order by id`,
  );
  assert.deepEqual(audited.rows.slice(-2), [
    { data_subject_id: w.aId, requested: null },
    { data_subject_id: w.aId, requested: duplicate },
  ]);
});

test('only privacy.subject-access holders, with a reason; the database refuses everyone else too', async (t) => {
  const w = await world(t);
  const url = `/api/v1/privacy/persons/${w.aId}/subject-access`;
  // The case worker sees A's cases, but answering a data-subject request is not hers.
  for (const path of [url, `${url}.pdf`, `/api/v1/privacy/persons/${w.aId}/rectification-history`]) {
    assert.equal((await request(w.worker, path)).statusCode, 403, path);
    assert.equal((await w.system.app.inject({ method: 'POST', url: path, payload: { reason: REASON } })).statusCode, 401, path);
  }
  const unknown = await request(w.officer, '/api/v1/privacy/persons/00000000-0000-4000-8000-000000000000/subject-access');
  assert.equal(unknown.statusCode, 404);
  for (const [path, body] of [
    [url, {}],
    [url, { reason: 'kort' }],
    [url, { reason: REASON, extra: true }],
    ['/api/v1/privacy/persons/not-a-uuid/subject-access', { reason: REASON }],
  ] as const) {
    const bad = await request(w.officer, path, body);
    assert.equal(bad.statusCode, 400, `${path} ${JSON.stringify(body)}`);
    assert.equal(bad.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  const exports = await adminQuery(
    w.system.target.ownerUrl,
    `select 1 from audit_event where action like 'privacy.%' and data_subject_id = $1`,
    [w.aId],
  );
  assert.equal(exports.rows.length, 0, 'nothing was exported');

  // SQL through the application's login, as the case worker: every module's function refuses.
  const worker = await actorOf(w.system, w.worker.id);
  const ids = [w.aId];
  for (const statement of [
    sql`select * from person_subject_access(${w.aId}::uuid)`,
    sql`select * from person_consent_subject_access(${ids}::uuid[])`,
    sql`select * from person_subject_lookup(${null}, ${'Visser'}, ${'1985-04-12'}::date)`,
    sql`select * from person_redaction_terms(${ids}::uuid[])`,
    sql`select * from case_subject_access(${ids}::uuid[])`,
    sql`select * from contact_moment_subject_access(${ids}::uuid[], ${[w.case1.id]}::uuid[])`,
    sql`select * from document_subject_access(${[w.case1.id]}::uuid[])`,
    sql`select * from referral_subject_access(${ids}::uuid[])`,
    sql`select * from task_subject_access(${[]}::uuid[], ${[w.case1.id]}::uuid[], ${[]}::uuid[], ${[]}::text[])`,
    sql`select * from privacy_subject_audit(${ids}::uuid[])`,
  ])
    await assert.rejects(
      w.system.db.transaction(worker, (tx) => statement.execute(tx.db)),
      /privacy.subject-access is required/,
    );
});
