// The search box as case workers, volunteers and team leads use it: persons and cases are created
// through the API by the workers themselves, so what each of them may see is real row-level security.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adminQuery } from '../../../test/helpers/database.ts';
import { type Session } from '../../../test/helpers/identity.ts';
import { build, caseIds, nextBsn, openCase, personIds, register, search, team } from '../../../test/helpers/search.ts';

test('names: exact words first, else typo-tolerant; without accents, tussenvoegsel in any order, best match first', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const anna = await register(worker.session, {
    voornamen: 'Anna Maria',
    roepnaam: 'Anna',
    achternaam: 'Jansen',
    dateOfBirth: '1984-03-12',
  });
  const piet = await register(worker.session, { voornamen: 'Pieter', roepnaam: 'Piet', achternaam: 'Janssen', dateOfBirth: '1950-01-01' });
  const mehmet = await register(worker.session, { voornamen: 'Mehmet', achternaam: 'Özdemir' });
  const jan = await register(worker.session, { voornamen: 'Jan', tussenvoegsel: 'de', achternaam: 'Vries' });
  await register(worker.session, { voornamen: 'Klaas', achternaam: 'Bakker' });

  const exact = await search(worker.session, { query: 'Jansen' });
  assert.equal(exact.statusCode, 200, exact.body);
  assert.deepEqual(personIds(exact), [anna], 'an exact surname lists the exact matches only');
  const first = exact.json().persons[0];
  assert.deepEqual(first, { id: anna, displayName: 'Anna Jansen', dateOfBirth: '1984-03-12', matchedOn: ['name'], score: 1 });
  assert.deepEqual(exact.json().cases, []);
  assert.deepEqual(exact.json().terms, ['name']);
  assert.equal(exact.json().tooBroad, false);
  assert.equal(exact.json().nameMatching, 'exact');

  const typo = await search(worker.session, { query: 'Jansne' });
  assert.deepEqual(personIds(typo).sort(), [anna, piet].sort(), 'a typo matches no name exactly: the similar names Jansen and Janssen');
  assert.ok(typo.json().persons[0].score >= typo.json().persons[1].score, 'best match first');
  assert.equal(typo.json().nameMatching, 'similar');
  const partial = personIds(await search(worker.session, { query: 'Jans' }));
  assert.ok(partial.includes(anna) && partial.includes(piet), 'a partial word too');
  assert.deepEqual(personIds(await search(worker.session, { query: 'Jansen 12-03-1984' })), [anna], 'exact name with date of birth');
  assert.deepEqual(
    personIds(await search(worker.session, { query: 'Janssen 12-03-1984' })),
    [anna],
    'a similar name with date of birth when no exact one has it',
  );
  assert.deepEqual(personIds(await search(worker.session, { query: 'anna jansen' })), [anna]);
  assert.deepEqual(personIds(await search(worker.session, { query: 'Ozdemir' })), [mehmet], 'without the accent');
  assert.deepEqual(personIds(await search(worker.session, { query: 'ÖZDEMIR' })), [mehmet]);
  for (const query of ['de Vries', 'Vries', 'Vries, de', 'Jan de Vries', 'van Vries', 'J. de Vries']) {
    assert.deepEqual(personIds(await search(worker.session, { query })), [jan], query);
  }
  assert.deepEqual(personIds(await search(worker.session, { query: 'Hendriks' })), [], 'not every name is similar');
});

test('BSN: exact match through the blind index; another team’s BSN finds nothing; volunteers may not search by BSN', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const volunteer = await a.user('volunteer', 'volunteer');
  const outsider = await b.user('worker', 'case-worker');
  const [mine, theirs] = [nextBsn(), nextBsn()];
  const person = await register(worker.session, { achternaam: 'Visser', bsn: mine });
  await register(outsider.session, { achternaam: 'Visser', bsn: theirs });

  const found = await search(worker.session, { query: mine });
  assert.equal(found.statusCode, 200, found.body);
  assert.deepEqual(
    found.json().persons.map((p: { id: string; matchedOn: string[]; score: number }) => [p.id, p.matchedOn, p.score]),
    [[person, ['bsn'], 3]],
  );
  assert.ok(!found.body.includes(mine), 'the answer never holds the BSN');
  const dotted = `${mine.slice(0, 4)}.${mine.slice(4, 6)}.${mine.slice(6)}`;
  assert.deepEqual(personIds(await search(worker.session, { query: dotted })), [person]);
  assert.deepEqual(personIds(await search(worker.session, { query: `${mine} Visser` })), [person]);
  assert.deepEqual(personIds(await search(worker.session, { query: `${mine} Bakker` })), [], 'all terms must match');

  const hidden = await search(worker.session, { query: theirs });
  assert.equal(hidden.statusCode, 200);
  assert.deepEqual(hidden.json().persons, [], 'the BSN of a person in another team: nothing, not even a hint');
  assert.deepEqual(hidden.json().terms, ['bsn']);

  const refused = await search(volunteer.session, { query: mine });
  assert.equal(refused.statusCode, 403, refused.body);
  const audit = await adminQuery<{ result: string; details: { terms: string[] } }>(
    system.target.ownerUrl,
    `select result, details from audit_event where action = 'search.query' and actor_id = $1`,
    [volunteer.id],
  );
  assert.deepEqual(
    audit.rows.map((r) => [r.result, r.details.terms]),
    [['denied', ['bsn']]],
  );
});

test('date of birth, phone in any notation, e-mail in any case, postcode with house number; confidential addresses', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const kees = await register(worker.session, {
    voornamen: 'Kees',
    achternaam: 'Smit',
    dateOfBirth: '1975-07-04',
    phones: ['06 98765432', '010-7654321'],
    emails: ['Kees.Smit@Example.org'],
    address: { postcode: '2511 CV', huisnummer: 7 },
  });
  const hidden = await register(worker.session, {
    achternaam: 'Mulder',
    address: { postcode: '2511 CV', huisnummer: 9 },
    confidentialAddress: true,
  });
  await openCase(worker.session, {
    owningUnitId: a.unit,
    participants: [
      { personId: kees, role: 'victim' },
      { personId: hidden, role: 'victim' },
    ],
  });

  const expect = async (session: Session, query: string, ids: string[], terms?: string[]) => {
    const response = await search(session, { query });
    assert.equal(response.statusCode, 200, `${query}: ${response.body}`);
    assert.deepEqual(personIds(response), ids, query);
    if (terms) assert.deepEqual(response.json().terms, terms, query);
  };
  for (const query of ['04-07-1975', '4-7-1975', '1975-07-04', '04/07/1975'])
    await expect(worker.session, query, [kees], ['date-of-birth']);
  await expect(worker.session, '05-07-1975', []);
  for (const query of ['0698765432', '06-98 76 54 32', '+31 6 98765432', '0031698765432', '+31(0)6 9876 5432'])
    await expect(worker.session, query, [kees], ['phone']);
  await expect(worker.session, '010 765 4321', [kees]);
  await expect(worker.session, '0612345678', []);
  await expect(worker.session, 'KEES.SMIT@example.ORG', [kees], ['email']);
  await expect(worker.session, 'kees.smit@example.com', []);
  await expect(worker.session, '2511CV 7', [kees], ['postcode', 'house-number']);
  await expect(worker.session, '2511 cv 8', []);
  await expect(worker.session, '2511 CV', [kees], ['postcode']);
  await expect(worker.session, '2511 CV 9', [], ['postcode', 'house-number']);
  await expect(lead.session, '2511 CV 9', [hidden]);
  await expect(lead.session, '2511 CV', [hidden, kees], ['postcode']);
  await expect(worker.session, 'Smit 04-07-1975 0698765432', [kees], ['date-of-birth', 'phone', 'name']);
  await expect(worker.session, 'Mulder', [hidden], ['name']);
  const scored = (await search(worker.session, { query: 'Smit 04-07-1975' })).json().persons[0];
  assert.deepEqual(scored.matchedOn, ['date-of-birth', 'name']);
  assert.equal(scored.score, 1.5, 'date of birth 0.5 + the name 1');
});

test('case number and police reference; terms narrow each other, across persons and cases', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const anna = await register(worker.session, { voornamen: 'Anna', achternaam: 'Verbeek', dateOfBirth: '1984-03-12' });
  const other = await register(worker.session, { voornamen: 'Anna', achternaam: 'Verbeek', dateOfBirth: '1990-10-10' });
  const bram = await register(worker.session, { voornamen: 'Bram', achternaam: 'Dekker' });
  const kase = await openCase(worker.session, { owningUnitId: a.unit, participants: [{ personId: anna, role: 'victim' }] });
  const otherCase = await openCase(worker.session, {
    owningUnitId: a.unit,
    participants: [
      { personId: other, role: 'victim' },
      { personId: bram, role: 'witness' },
    ],
  });
  const incident = (
    await adminQuery<{ id: string }>(
      system.target.ownerUrl,
      `insert into incident (category, owning_unit_id, police_reference) values ('violence', $1, 'PL0900-2026004242') returning id`,
      [a.unit],
    )
  ).rows[0]!.id;
  const reported = await openCase(lead.session, {
    owningUnitId: a.unit,
    incidentId: incident,
    participants: [{ personId: bram, role: 'victim' }],
  });

  const byNumber = await search(worker.session, { query: kase.number });
  assert.equal(byNumber.statusCode, 200, byNumber.body);
  assert.deepEqual(byNumber.json().cases, [
    { id: kase.id, number: kase.number, status: 'intake', owningUnitId: a.unit, matchedOn: ['case-number'], score: 3 },
  ]);
  assert.deepEqual(byNumber.json().persons, [], 'a case number alone finds the case, not its persons');
  assert.deepEqual(caseIds(await search(worker.session, { query: kase.number.replace(/-0+/, '-') })), [kase.id], 'without leading zeros');

  for (const query of ['PL0900-2026004242', 'pl0900-2026004242', 'PL09002026004242']) {
    const found = await search(lead.session, { query });
    assert.deepEqual(caseIds(found), [reported.id], query);
    assert.deepEqual(found.json().cases[0].matchedOn, ['police-reference']);
  }
  assert.deepEqual(caseIds(await search(worker.session, { query: 'PL0900-2026004242' })), [], 'the worker does not work on that case');

  const narrowed = await search(worker.session, { query: `${kase.number} Verbeek` });
  assert.deepEqual(personIds(narrowed), [anna], 'the Verbeek in that case, not the other one');
  assert.deepEqual(caseIds(narrowed), [kase.id]);
  assert.deepEqual(narrowed.json().cases[0].matchedOn, ['case-number', 'name']);
  const mismatch = await search(worker.session, { query: `${kase.number} Dekker` });
  assert.deepEqual([personIds(mismatch), caseIds(mismatch)], [[], []], 'Dekker takes no part in that case');
  assert.deepEqual(personIds(await search(worker.session, { query: 'Verbeek 12-03-1984' })), [anna], 'name and date of birth');
  assert.deepEqual(personIds(await search(worker.session, { query: 'Anna Verbeek' })).sort(), [anna, other].sort());
  assert.deepEqual(caseIds(await search(lead.session, { query: 'PL0900-2026004242 Dekker' })), [reported.id]);
  assert.deepEqual(caseIds(await search(lead.session, { query: 'PL0900-2026004242 Verbeek' })), []);

  const onlyCases = await search(worker.session, { query: `${otherCase.number} Dekker`, types: ['cases'] });
  assert.deepEqual(
    [personIds(onlyCases), caseIds(onlyCases)],
    [[], [otherCase.id]],
    'types: the persons narrow the cases without being listed',
  );
  const onlyPersons = await search(worker.session, { query: `${otherCase.number} Dekker`, types: ['persons'] });
  assert.deepEqual([personIds(onlyPersons), caseIds(onlyPersons)], [[bram], []]);
  assert.equal((await search(worker.session, { query: 'Verbeek', limit: 1 })).json().persons.length, 1);
});
