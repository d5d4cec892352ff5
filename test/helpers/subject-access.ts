// The world of the data-subject export's tests (src/modules/privacy/subject-access/*.api.test.ts), made
// through the API by a case worker:
//   case 1 (shielded): A primary client (victim), B next of kin, an incident naming B; contact with A,
//     contact about the case as a whole (naming B), contact with B; two documents (one named after B);
//     a task;
//   case 2: B's own case, without A: contact and a task;
//   case 3: B primary client, A a witness: contact about the case, a task naming A, a task naming B,
//     a document;
//   a referral about A (its note naming B, an attempt, a task), a referral about B;
//   consents of both; A's phone corrected, a contact moment with A corrected; reads of both.
// The privacy officer sees none of these cases.
import assert from 'node:assert/strict';
import { blobDir, pdf, upload } from './documents.ts';
import { shield, team, type Member } from './fixtures.ts';
import { buildIdentity } from './identity.ts';
import { createCasesModule } from '../../src/modules/cases/index.ts';
import { createContactsModule } from '../../src/modules/contacts/index.ts';
import { createDocumentsModule } from '../../src/modules/documents/index.ts';
import { createPersonsModule } from '../../src/modules/persons/index.ts';
import { createReferralsModule } from '../../src/modules/referrals/index.ts';
import { createTasksModule } from '../../src/modules/tasks/index.ts';
import { createAuditModule } from '../../src/modules/audit/index.ts';
import { createPrivacyModule } from '../../src/modules/privacy/index.ts';

export const REASON = 'Inzageverzoek AVG-2026-014, ontvangen 3 maart 2026';
export const A = {
  voornamen: 'Annemarie',
  roepnaam: 'Anne',
  achternaam: 'Visser',
  bsn: '123456782',
  dateOfBirth: '1985-04-12',
  phones: ['0612345678'],
  emails: ['anne.visser@example.org'],
  address: { postcode: '1234AB', huisnummer: 12, street: 'Dorpsstraat', city: 'Utrecht' },
};
export const B = {
  voornamen: 'Bertrand',
  roepnaam: 'Bert',
  achternaam: 'Brinkhorst',
  bsn: '111222333',
  phones: ['0687654321'],
  emails: ['bert.brinkhorst@example.org'],
};

/** The world; `ownA` overrides A's BSN and date of birth (the tests of this file share one database). */
export async function world(t: Parameters<typeof buildIdentity>[0], ownA: Partial<Pick<typeof A, 'bsn' | 'dateOfBirth'>> = {}) {
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

export const request = (m: Member, url: string, body: unknown = { reason: REASON }) => m.session.request('POST', url, body);
