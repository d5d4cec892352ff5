// Acceptance (issue 12): the data-subject export of person A holds every record about A and nothing
// about person B, who shares a case with A. The world, made through the API by a case worker:
//   case 1 (shielded): A primary client (victim), B next of kin, an incident naming B; contact with A,
//     contact about the case as a whole (naming B), contact with B; two documents (one named after B);
//     a task;
//   case 2: B's own case, without A: contact and a task;
//   case 3: B primary client, A a witness: contact about the case, a task naming A, a task naming B,
//     a document;
//   a referral about A (its note naming B, an attempt, a task), a referral about B;
//   consents of both; A's phone corrected, a contact moment with A corrected; reads of both.
// What "concerns A" is pinned here (docs/privacy.md argues it): A's own participations (never B's); a
// contact moment with A, or about a case whose primary client A is; documents and tasks of such a
// case; tasks on A's referrals and tasks elsewhere that name A; the audit events naming A. B's names,
// BSN, phone and e-mail address are struck from the free text that is about A. Checked in the JSON and
// in the text of the PDF. The privacy officer sees none of these cases: the export reads past case
// visibility through the modules' functions, which refuse anyone without privacy.subject-access.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { blobDir, pdf, upload } from '../../../../test/helpers/documents.ts';
import { actorOf, shield, team, type Member } from '../../../../test/helpers/fixtures.ts';
import { buildIdentity } from '../../../../test/helpers/identity.ts';
import { pdfTextOf } from '../../../../test/helpers/pdf-text.ts';
import { createCasesModule } from '../../cases/index.ts';
import { createContactsModule } from '../../contacts/index.ts';
import { createDocumentsModule } from '../../documents/index.ts';
import { createPersonsModule } from '../../persons/index.ts';
import { createReferralsModule } from '../../referrals/index.ts';
import { createTasksModule } from '../../tasks/index.ts';
import { createAuditModule } from '../../audit/index.ts';
import { createPrivacyModule } from '../index.ts';
import type { SubjectAccessExport } from './subject-access.schemas.ts';

const REASON = 'Inzageverzoek AVG-2026-014, ontvangen 3 maart 2026';
const A = {
  voornamen: 'Annemarie',
  roepnaam: 'Anne',
  achternaam: 'Visser',
  bsn: '123456782',
  dateOfBirth: '1985-04-12',
  phones: ['0612345678'],
  emails: ['anne.visser@example.org'],
  address: { postcode: '1234AB', huisnummer: 12, street: 'Dorpsstraat', city: 'Utrecht' },
};
const B = {
  voornamen: 'Bertrand',
  roepnaam: 'Bert',
  achternaam: 'Brinkhorst',
  bsn: '111222333',
  phones: ['0687654321'],
  emails: ['bert.brinkhorst@example.org'],
};

/** The world; `ownA` overrides A's BSN and date of birth (the tests of this file share one database). */
async function world(t: Parameters<typeof buildIdentity>[0], ownA: Partial<Pick<typeof A, 'bsn' | 'dateOfBirth'>> = {}) {
  const system = await buildIdentity(t, {
    extra: [
      createCasesModule(),
      createPersonsModule(),
      createReferralsModule(),
      createTasksModule(),
      createContactsModule(),
      createDocumentsModule(),
      createAuditModule(),
      createPrivacyModule(),
    ],
    env: { CASUS_BLOB_DIR: await blobDir(t as never) },
  });
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const officer = await a.user('fg', 'privacy-officer');
  const call = async <T = { id: string }>(method: string, url: string, body?: unknown): Promise<T> => {
    const response = await worker.session.request(method, url, body);
    assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };
  const person = async (p: typeof A | typeof B) => (await call('POST', '/api/v1/persons', { ...p, confirmNoDuplicate: true })).id;
  const aId = await person({ ...A, ...ownA });
  const bId = await person(B);
  const incident = await call('POST', '/api/v1/incidents', {
    owningUnitId: a.unit,
    category: 'violence',
    place: 'Utrecht',
    policeReference: 'PL0900-2026-AV01',
    description: 'Overval op de cliënt; Bertrand Brinkhorst zag het gebeuren.',
  });
  const openCase = async (participants: { personId: string; role: string; primaryClient?: boolean }[], incidentId?: string) =>
    call<{ id: string; number: string }>('POST', '/api/v1/cases', {
      owningUnitId: a.unit,
      participants,
      ...(incidentId ? { incidentId } : {}),
    });
  const case1 = await openCase(
    [
      { personId: aId, role: 'victim', primaryClient: true },
      { personId: bId, role: 'next-of-kin' },
    ],
    incident.id,
  );
  const case2 = await openCase([{ personId: bId, role: 'victim', primaryClient: true }]);
  const case3 = await openCase([
    { personId: bId, role: 'victim', primaryClient: true },
    { personId: aId, role: 'witness' },
  ]);
  const contact = (caseId: string, summary: string, personId?: string) =>
    call('POST', `/api/v1/cases/${caseId}/contact-moments`, {
      channel: 'phone',
      direction: 'outbound',
      outcome: 'reached',
      summary,
      ...(personId ? { personId } : {}),
    });
  const withA = await contact(case1.id, 'Gesprek met cliënt ASUM1 over de nasleep.', aId);
  const aboutCase1 = await contact(case1.id, 'Gesprek over de zaak; Bert Brinkhorst was ook aanwezig (0687654321).');
  const withB = await contact(case1.id, 'Alleen met de broer ZK9TOKEN besproken.', bId);
  const onCase2 = await contact(case2.id, 'Eigen zaak van de broer CASE2TOKEN.');
  const aboutCase3 = await contact(case3.id, 'Over de zaak van de broer CASE3WIDE.');
  const doc = async (caseId: string, filename: string) =>
    (await upload(system, worker.session, caseId, pdf(filename), { filename })).json<{ id: string }>().id;
  const doc1 = await doc(case1.id, 'verklaring-anne.pdf');
  const doc2 = await doc(case1.id, 'brief-Bert.pdf');
  const doc3 = await doc(case3.id, 'aangifte-CASE3DOC.pdf');
  const task = (body: Record<string, unknown>) => call('POST', '/api/v1/tasks', { dueInWorkingDays: 3, ...body });
  const task1 = await task({ caseId: case1.id, title: 'Terugbellen over de zitting' });
  const task2 = await task({ caseId: case2.id, title: 'CASE2TASK plannen' });
  const task3A = await task({ caseId: case3.id, title: 'Anne Visser bellen over haar verklaring' });
  const task3B = await task({ caseId: case3.id, title: 'Bel Bert Brinkhorst terug' });
  const referral = (personId: string, sourceReference: string, note: string) =>
    call('POST', '/api/v1/referrals', {
      source: 'police',
      channel: 'phone',
      owningUnitId: a.unit,
      personId,
      sourceReference,
      note,
      consent: { given: true, source: 'client' },
    });
  const referralA = await referral(aId, 'PL-A-555', 'Melding via politie; broer Bert belde ook.');
  const attemptA = (
    await call<{ attempts: { id: string }[] }>('POST', `/api/v1/referrals/${referralA.id}/attempts`, {
      channel: 'phone',
      outcome: 'voicemail',
      note: 'voicemail ingesproken',
    })
  ).attempts[0]!.id;
  const referralTask = await task({ referralId: referralA.id, title: 'Aanmelding nabellen' });
  const referralB = await referral(bId, 'PL-B-777', 'Broer meldt zich zelf aan REFBTOKEN.');
  const consent = (personId: string, note: string) =>
    call<{ items: { id: string }[] }>('POST', `/api/v1/persons/${personId}/consents`, {
      subject: 'data-sharing-police',
      given: true,
      source: 'client',
      note,
    });
  const consentA = (await consent(aId, 'Mondeling gegeven')).items[0]!.id;
  await consent(bId, 'B-toestemming-QQ7');
  await call('PATCH', `/api/v1/persons/${aId}`, { version: 1, phones: ['0611112222', '0612345678'] });
  await call('PATCH', `/api/v1/contact-moments/${withA.id}`, {
    version: 1,
    summary: 'Gesprek met cliënt ASUM1 over de nasleep en de zitting.',
  });
  await call('GET', `/api/v1/persons/${aId}`);
  await call('GET', `/api/v1/persons/${bId}`);
  await call('GET', `/api/v1/cases/${case1.id}/contact-moments`);
  await shield(system, case1.id);

  return {
    system,
    team: a,
    worker,
    officer,
    aId,
    bId,
    case1,
    case2,
    case3,
    incident,
    moments: { withA: withA.id, aboutCase1: aboutCase1.id, withB: withB.id, onCase2: onCase2.id, aboutCase3: aboutCase3.id },
    docs: { doc1, doc2, doc3 },
    tasks: { task1: task1.id, task2: task2.id, task3A: task3A.id, task3B: task3B.id, referralTask: referralTask.id },
    referrals: { referralA: referralA.id, attemptA, referralB: referralB.id },
    consentA,
  };
}

const request = (m: Member, url: string, body: unknown = { reason: REASON }) => m.session.request('POST', url, body);

test('the export of A holds every record about A and nothing about B, who shares a case with A (JSON and PDF)', async (t) => {
  const w = await world(t);
  const url = `/api/v1/privacy/persons/${w.aId}/subject-access`;
  assert.equal(
    (await w.officer.session.request('GET', `/api/v1/persons/${w.aId}`)).statusCode,
    404,
    'the officer works on none of the cases',
  );

  const response = await request(w.officer, url);
  assert.equal(response.statusCode, 200, response.body);
  const data = response.json<SubjectAccessExport>();

  // A, every field, the BSN decrypted.
  assert.equal(data.dataSubjectId, w.aId);
  assert.deepEqual(
    [
      data.person.id,
      data.person.voornamen,
      data.person.roepnaam,
      data.person.achternaam,
      data.person.bsn,
      data.person.phones,
      data.person.emails,
    ],
    [w.aId, 'Annemarie', 'Anne', 'Visser', '123456782', ['+31611112222', '+31612345678'], ['anne.visser@example.org']],
  );
  assert.deepEqual(data.person.address, {
    postcode: '1234AB',
    huisnummer: 12,
    toevoeging: null,
    street: 'Dorpsstraat',
    city: 'Utrecht',
    country: 'NL',
  });
  assert.deepEqual(
    data.consents.map((c) => [c.id, c.note]),
    [[w.consentA, 'Mondeling gegeven']],
  );

  // Cases: A's participations only (case 1 as primary client, case 3 as witness), not B's own case.
  assert.deepEqual(
    data.cases.map((c) => [c.caseId, c.number, c.role, c.aboutPerson]),
    [
      [w.case1.id, w.case1.number, 'victim', true],
      [w.case3.id, w.case3.number, 'witness', false],
    ],
  );
  assert.equal(data.cases[0]!.confidentiality, 'shielded');
  assert.deepEqual(data.cases[0]!.incident, {
    id: w.incident.id,
    category: 'violence',
    occurredOn: null,
    place: 'Utrecht',
    policeReference: 'PL0900-2026-AV01',
    prosecutorReference: null,
    description: 'Overval op de cliënt; [andere betrokkene] zag het gebeuren.',
  });

  // Contact: with A, and about case 1 as a whole (A is its primary client), B struck from it; never
  // contact with B, nor about case 3, whose primary client is B.
  assert.deepEqual(
    data.contactMoments.map((m) => [m.id, m.personId, m.summary]),
    [
      [w.moments.withA, w.aId, 'Gesprek met cliënt ASUM1 over de nasleep en de zitting.'],
      [w.moments.aboutCase1, null, 'Gesprek over de zaak; [andere betrokkene] was ook aanwezig ([andere betrokkene]).'],
    ],
  );
  // Documents of case 1 (names, not contents), not of case 3.
  assert.deepEqual(
    data.documents.map((d) => [d.id, d.filename]),
    [
      [w.docs.doc1, 'verklaring-anne.pdf'],
      [w.docs.doc2, 'brief-[andere betrokkene].pdf'],
    ],
  );
  // Referrals about A with the attempt; tasks of case 1, of A's referral, and of case 3 naming A.
  assert.deepEqual(
    data.referrals.map((r) => [r.id, r.sourceReference, r.payload.note, r.attempts.map((x) => x.id)]),
    [[w.referrals.referralA, 'PL-A-555', 'Melding via politie; broer [andere betrokkene] belde ook.', [w.referrals.attemptA]]],
  );
  assert.deepEqual(data.tasks.map((x) => x.id).sort(), [w.tasks.task1, w.tasks.task3A, w.tasks.referralTask].sort());

  // Who saw or changed A's data, with what it was for; and the rectification history.
  const log = data.accessLog;
  assert.ok(log.length > 10);
  assert.ok(
    log.every((e) => e.processingActivity !== null),
    'every event has its processing activity',
  );
  assert.ok(log.some((e) => e.action === 'person.read' && e.objectId === w.aId && e.actorId === w.worker.id));
  assert.deepEqual(
    log.find((e) => e.action === 'contact-moment.list')?.processingActivity?.key,
    'contactmomenten',
    'the list of case 1, which showed A (and B)',
  );
  assert.ok(
    data.rectificationHistory.some((e) => e.action === 'person.update' && e.changedFields.join() === 'phones' && e.actorId === w.worker.id),
  );
  assert.ok(data.rectificationHistory.some((e) => e.action === 'contact-moment.update' && e.objectId === w.moments.withA));
  assert.ok(data.rectificationHistory.some((e) => e.action === 'person.create'));
  assert.ok(data.redactions >= 5, String(data.redactions));

  // Nothing of B anywhere: ids, names, BSN, phone, e-mail, texts, B's cases, referral and consent.
  const json = JSON.stringify(data);
  const aboutB = [
    w.bId,
    'Bertrand',
    'Brinkhorst',
    '111222333',
    '687654321',
    'bert.brinkhorst',
    'ZK9TOKEN',
    'CASE2TOKEN',
    'CASE2TASK',
    'CASE3WIDE',
    'CASE3DOC',
    'REFBTOKEN',
    'PL-B-777',
    'B-toestemming-QQ7',
    w.case2.id,
    w.case2.number,
    w.moments.withB,
    w.moments.onCase2,
    w.moments.aboutCase3,
    w.docs.doc3,
    w.tasks.task2,
    w.tasks.task3B,
    w.referrals.referralB,
  ];
  for (const needle of aboutB) assert.ok(!json.includes(needle), `the JSON holds ${needle}`);
  assert.ok(!/\bBert\b/i.test(json), 'the JSON names Bert');

  // The PDF says the same, and nothing of B either.
  const asPdf = await request(w.officer, `${url}.pdf`);
  assert.equal(asPdf.statusCode, 200, asPdf.body);
  assert.equal(asPdf.headers['content-type'], 'application/pdf');
  assert.equal(asPdf.headers['content-disposition'], `attachment; filename="inzage-${w.aId}.pdf"`);
  const text = pdfTextOf(asPdf.rawPayload);
  for (const needle of [
    'Annemarie',
    'Visser',
    '123456782',
    '+31612345678',
    'anne.visser@example.org',
    'Dorpsstraat',
    w.case1.number,
    w.case3.number,
  ])
    assert.ok(text.includes(needle), `the PDF shows ${needle}`);
  for (const needle of [
    'ASUM1',
    'verklaring-anne.pdf',
    'Anne Visser bellen',
    'PL-A-555',
    'voicemail ingesproken',
    'Mondeling gegeven',
    '[andere betrokkene]',
  ])
    assert.ok(text.includes(needle), `the PDF shows ${needle}`);
  for (const needle of aboutB) assert.ok(!text.includes(needle), `the PDF holds ${needle}`);
  assert.ok(!/Bert(?!rand)/.test(text.replaceAll('[andere betrokkene]', '')), 'the PDF names Bert');

  // Audited: the export, with A as data subject and the request as reason, in the officer's name.
  const audited = await adminQuery<{ actor_id: string; data_subject_id: string; reason: string; format: string }>(
    w.system.target.ownerUrl,
    `select actor_id, data_subject_id, reason, details->>'format' as format from audit_event where action = 'privacy.subject-access-export' order by id`,
  );
  assert.deepEqual(
    audited.rows.map((r) => [r.actor_id, r.data_subject_id, r.reason, r.format]),
    [
      [w.officer.id, w.aId, REASON, 'json'],
      [w.officer.id, w.aId, REASON, 'pdf'],
    ],
  );
  // The next export shows the earlier ones as processing of the privacy office.
  const again = (await request(w.officer, url)).json<SubjectAccessExport>();
  assert.deepEqual(
    again.accessLog.filter((e) => e.action === 'privacy.subject-access-export').map((e) => [e.actorId, e.processingActivity?.key]),
    [
      [w.officer.id, 'privacybeheer'],
      [w.officer.id, 'privacybeheer'],
    ],
  );
});

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
