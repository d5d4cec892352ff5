// Acceptance (issue 12): the data-subject export of person A holds every record about A and nothing
// about person B, who shares a case with A. The world (test/helpers/subject-access.ts), made through the API by a case worker:
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
import { adminQuery } from '../../../../test/helpers/database.ts';
import { pdfTextOf } from '../../../../test/helpers/pdf-text.ts';
import type { SubjectAccessExport } from './subject-access.schemas.ts';
import { REASON, request, world } from '../../../../test/helpers/subject-access.ts';

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
