// Persons through the API: registration with duplicate detection across teams, an encrypted BSN that
// only permitted roles see, confidential addresses, optimistic concurrency, consent and merging.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../test/helpers/database.ts';
import { buildIdentity, createUnit, createUser, grantRole, signIn, type IdentitySystem } from '../../../test/helpers/identity.ts';
import { createCasesModule } from '../cases/index.ts';
import { createPersonsModule, isValidBsn } from './index.ts';

let seq = 0;
async function team(system: IdentitySystem) {
  const n = ++seq;
  const unit = await createUnit(system, `persons-team-${n}`, 'team');
  const user = async (name: string, role: string) => {
    const u = await createUser(system, `${name}-p${n}`, { unitCode: `persons-team-${n}` });
    await grantRole(system, u.id, role, `persons-team-${n}`);
    return { ...u, session: await signIn(system, u) };
  };
  return { unit, user };
}
const build = (t: Parameters<typeof buildIdentity>[0]) => buildIdentity(t, { extra: [createCasesModule(), createPersonsModule()] });
/** A valid BSN from a counter (elfproef), different for every call. */
let bsnSeed = 100_000_000;
function nextBsn(): string {
  for (;;) {
    const candidate = String(++bsnSeed);
    if (isValidBsn(candidate)) return candidate;
  }
}

test('the BSN is validated, stored encrypted with a blind index, and shown only to permitted roles', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const volunteer = await a.user('volunteer', 'volunteer');
  assert.equal((await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Jansen', bsn: '123456789' })).statusCode, 400, 'fails the elfproef');
  const bsn = nextBsn();
  const created = await worker.session.request('POST', '/api/v1/persons', { voornamen: 'Anna Maria', roepnaam: 'Anna', achternaam: 'Jansen', dateOfBirth: '1984-03-02', bsn, phones: ['06 12345678'], address: { postcode: '1234 ab', huisnummer: 12 } });
  assert.equal(created.statusCode, 201, created.body);
  const person = created.json();
  assert.equal(person.bsn, bsn);
  assert.equal(person.displayName, 'Anna Jansen');
  assert.deepEqual(person.phones, ['+31612345678']);
  assert.equal(person.address.postcode, '1234AB');

  const raw = await adminQuery<{ bsn_encrypted: Buffer; bsn_index: Buffer }>(system.target.ownerUrl, 'select bsn_encrypted, bsn_index from person where id = $1', [person.id]);
  assert.ok(!raw.rows[0]!.bsn_encrypted.toString('latin1').includes(bsn), 'no plaintext BSN in the column');
  assert.ok(!raw.rows[0]!.bsn_encrypted.toString('hex').includes(Buffer.from(bsn).toString('hex')));
  assert.equal(raw.rows[0]!.bsn_index.length, 32);

  // The volunteer works on the case with this person: sees the person, never the BSN.
  const kase = (await worker.session.request('POST', '/api/v1/cases', { owningUnitId: a.unit, participants: [{ personId: person.id, role: 'victim', primaryClient: true }] })).json();
  const lead = await a.user('lead', 'team-lead');
  assert.equal((await lead.session.request('POST', `/api/v1/cases/${kase.id}/assignments`, { userId: volunteer.id, role: 'volunteer' })).statusCode, 200);
  const seen = await volunteer.session.request('GET', `/api/v1/persons/${person.id}`);
  assert.equal(seen.statusCode, 200, seen.body);
  assert.equal(seen.json().bsn, null);
  assert.equal(seen.json().hasBsn, true);
  const audit = await adminQuery<{ actor_id: string; details: { bsnShown: boolean } }>(system.target.ownerUrl, `select actor_id, details from audit_event where action = 'person.read' and object_id = $1 order by id`, [person.id]);
  assert.deepEqual(audit.rows.map((r) => [r.actor_id, r.details.bsnShown]), [[volunteer.id, false]]);
});

test('duplicates are found across teams without revealing what others may not see', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const other = await b.user('worker', 'case-worker');
  const bsn = nextBsn();
  const first = (await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Özdemir', voornamen: 'Ayşe', dateOfBirth: '1990-05-17', bsn })).json();

  const sameBsn = await other.session.request('POST', '/api/v1/persons', { achternaam: 'Ozdemir', bsn });
  assert.equal(sameBsn.statusCode, 409, sameBsn.body);
  assert.equal(sameBsn.json().type, 'urn:casus:problem:possible-duplicate');
  assert.deepEqual(sameBsn.json().possibleDuplicates, [], 'another team learns that the person exists, not who');
  assert.equal(sameBsn.json().notVisibleToYou, 1);
  const denials = await adminQuery<{ reason: string }>(system.target.ownerUrl, `select reason from audit_event where action = 'person.create' and result = 'denied' and actor_id = $1`, [other.id]);
  assert.deepEqual(denials.rows.map((r) => r.reason), ['possible duplicate'], 'the refusal is audited although its transaction rolled back');
  const confirmed = await other.session.request('POST', '/api/v1/persons', { achternaam: 'Ozdemir', bsn, confirmNoDuplicate: true });
  assert.equal(confirmed.statusCode, 409, 'a BSN is registered once, whatever one confirms');

  const similar = await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Ozdemir', voornamen: 'Ayse', dateOfBirth: '1990-05-17' });
  assert.equal(similar.statusCode, 409, 'diacritics and a typo do not hide a duplicate');
  assert.deepEqual(similar.json().possibleDuplicates, [{ id: first.id, matchedOn: ['name-and-date-of-birth'] }]);
  const anyway = await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Ozdemir', voornamen: 'Ayse', dateOfBirth: '1990-05-17', confirmNoDuplicate: true });
  assert.equal(anyway.statusCode, 201);
  assert.equal((await other.session.request('GET', `/api/v1/persons/${first.id}`)).statusCode, 404);
});

test('confidential addresses, optimistic concurrency, consent and merging', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const person = (await worker.session.request('POST', '/api/v1/persons', { achternaam: 'de Boer', confidentialAddress: true, address: { postcode: '9711AA', huisnummer: 1, city: 'Groningen' } })).json();
  assert.equal(person.address, null);
  assert.equal(person.addressHidden, true);
  const kase = (await worker.session.request('POST', '/api/v1/cases', { owningUnitId: a.unit, participants: [{ personId: person.id, role: 'victim' }] })).json();
  const asLead = (await lead.session.request('GET', `/api/v1/persons/${person.id}`)).json();
  assert.equal(asLead.address.city, 'Groningen', 'the team lead may see confidential addresses');

  const changed = await worker.session.request('PATCH', `/api/v1/persons/${person.id}`, { version: person.version, roepnaam: 'Kees' });
  assert.equal(changed.statusCode, 200, changed.body);
  assert.equal((await worker.session.request('PATCH', `/api/v1/persons/${person.id}`, { version: person.version, roepnaam: 'Klaas' })).statusCode, 412);
  const consent = await worker.session.request('POST', `/api/v1/persons/${person.id}/consents`, { subject: 'data-sharing-police', given: true, source: 'client' });
  assert.equal(consent.statusCode, 200);
  assert.equal(consent.json().items[0].subject, 'data-sharing-police');

  const duplicate = (await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Boer', tussenvoegsel: 'de', confirmNoDuplicate: true })).json();
  await worker.session.request('POST', `/api/v1/cases/${kase.id}/participants`, { personId: duplicate.id, role: 'next-of-kin' });
  assert.equal((await worker.session.request('POST', `/api/v1/persons/${person.id}/merge`, { duplicateId: duplicate.id, reason: 'same person registered twice' })).statusCode, 403, 'merging needs persons.merge');
  const merged = await lead.session.request('POST', `/api/v1/persons/${person.id}/merge`, { duplicateId: duplicate.id, reason: 'same person registered twice' });
  assert.equal(merged.statusCode, 200, merged.body);
  const participants = (await lead.session.request('GET', `/api/v1/cases/${kase.id}`)).json().participants.map((p: { personId: string; role: string }) => `${p.personId === person.id ? 'kept' : 'other'}:${p.role}`).sort();
  assert.deepEqual(participants, ['kept:next-of-kin', 'kept:victim']);
  const history = await adminQuery<{ merged_into: string }>(system.target.ownerUrl, 'select merged_into from person where id = $1', [duplicate.id]);
  assert.equal(history.rows[0]!.merged_into, person.id);
});
