// Synthetic persons: reproducible per (seed, now, index), well-formed in every field the persons
// module validates, and distributed like the clients of victim support.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createDemoContext, isoDate, isoTime } from './context.ts';
import {
  asciiFold,
  formatHuisnummer,
  generatePerson,
  initialsOf,
  isValidBsn,
  isValidPostcode,
  streetOf,
  type SyntheticPerson,
} from './dutch.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const ctx = createDemoContext({ seed: 'dutch-test', now: NOW });
const N = 40_000;
const persons: SyntheticPerson[] = Array.from({ length: N }, (_, i) => generatePerson(ctx, i));
const share = (predicate: (p: SyntheticPerson) => boolean) => persons.filter(predicate).length / N;
const near = (actual: number, expected: number, tolerance: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual.toFixed(4)}, expected ${expected} ± ${tolerance}`);

test('the same seed, now and index give the same person, in any order; another seed or now differs', () => {
  const again = createDemoContext({ seed: 'dutch-test', now: NOW });
  for (const i of [999, 0, 17, 123_456_789]) assert.deepEqual(generatePerson(again, i), i < N ? persons[i] : generatePerson(ctx, i));
  const other = createDemoContext({ seed: 'another', now: NOW });
  let same = 0;
  for (let i = 0; i < 100; i++) if (JSON.stringify(generatePerson(other, i)) === JSON.stringify(persons[i])) same++;
  assert.equal(same, 0);
  const later = createDemoContext({ seed: 'dutch-test', now: new Date('2027-06-01T00:00:00Z') });
  assert.notEqual(generatePerson(later, 5).dateOfBirth, persons[5]!.dateOfBirth);
  assert.throws(() => createDemoContext({ seed: '' }));
});

test('every field is well-formed', () => {
  const bsns = new Set<string>();
  for (const p of persons) {
    if (p.bsn !== null) {
      assert.ok(isValidBsn(p.bsn), p.bsn);
      assert.ok(!bsns.has(p.bsn), `duplicate ${p.bsn}`);
      bsns.add(p.bsn);
    }
    const { name } = p;
    assert.ok(name.voornamen.length > 0 && name.voornamen.length <= 200);
    assert.ok(name.achternaam.length > 0 && /^\p{Lu}/u.test(name.achternaam), name.achternaam);
    assert.ok(name.voorvoegsel === null || /^[a-z' ]+$/.test(name.voorvoegsel), String(name.voorvoegsel));
    assert.equal(name.initialen, initialsOf(name.voornamen));
    assert.match(p.dateOfBirth, /^(19|20)[0-9]{2}-[01][0-9]-[0-3][0-9]$/);
    assert.ok(p.dateOfBirth < isoDate(NOW.getTime()));
    if (p.address) {
      assert.ok(isValidPostcode(p.address.postcode), p.address.postcode);
      assert.ok(Number.isInteger(p.address.huisnummer) && p.address.huisnummer >= 1 && p.address.huisnummer <= 99999);
      assert.ok(p.address.huisnummerToevoeging === null || /^[A-Za-z0-9]{1,4}$/.test(p.address.huisnummerToevoeging));
      assert.equal(p.address.street, streetOf(p.address.postcode));
    }
    for (const phone of p.phones) {
      if (phone.kind === 'mobile') assert.match(phone.number, /^06-[1-5][0-9]{7}$/);
      else assert.match(phone.number, /^0[1-9][0-9]{1,2}-[2-9][0-9]{5,7}$/);
      assert.equal(phone.number.replace('-', '').length, 10);
      assert.equal(phone.e164, `+31${phone.number.replace('-', '').slice(1)}`);
    }
    for (const email of p.emails) assert.match(email, /^[a-z0-9]+([.][a-z0-9]+)*@[a-z0-9.]+\.[a-z]{2,}$/);
    assert.match(p.preferredLanguage, /^[a-z]{2,3}$/);
  }
  assert.ok(bsns.size > 0.9 * N);
});

test('proportions: origin, language, interpreter, age, sex, address, contact details', () => {
  near(
    share((p) => p.origin === 'nl'),
    0.75,
    0.015,
    'Dutch origin',
  );
  near(
    share((p) => p.preferredLanguage === 'nl'),
    0.9,
    0.015,
    'Dutch as preferred language',
  );
  near(
    share((p) => p.interpreterNeeded),
    0.048,
    0.01,
    'interpreter needed',
  );
  // The interpreter flag follows the language: rare for Dutch speakers, common for others.
  const nonDutch = persons.filter((p) => p.preferredLanguage !== 'nl' && p.preferredLanguage !== 'en');
  near(nonDutch.filter((p) => p.interpreterNeeded).length / nonDutch.length, 0.6, 0.05, 'interpreter among non-Dutch speakers');
  const age = (p: SyntheticPerson) => (NOW.getTime() - Date.parse(p.dateOfBirth)) / (365.2425 * 86_400_000);
  near(
    share((p) => age(p) < 18),
    0.12,
    0.01,
    'minors',
  );
  near(
    share((p) => age(p) >= 65),
    0.12,
    0.01,
    '65 and older',
  );
  near(
    share((p) => age(p) >= 18 && age(p) < 55),
    0.65,
    0.015,
    '18 to 55',
  );
  assert.ok(persons.every((p) => age(p) >= 0 && age(p) < 96));
  near(
    share((p) => p.sex === 'V'),
    0.52,
    0.015,
    'women',
  );
  near(
    share((p) => p.address === null),
    0.02,
    0.005,
    'no address',
  );
  near(
    share((p) => p.confidentialAddress),
    0.015,
    0.005,
    'confidential address',
  );
  near(
    share((p) => p.bsn === null),
    0.06,
    0.01,
    'no BSN',
  );
  near(
    share((p) => p.phones.some((phone) => phone.kind === 'mobile')),
    0.85,
    0.05,
    'mobile number',
  );
  near(
    share((p) => p.emails.length > 0),
    0.72,
    0.06,
    'e-mail address',
  );
  // Amsterdam is the largest place: 930 of the 9,529 weight.
  near(
    share((p) => p.address?.woonplaats === 'Amsterdam'),
    0.98 * 0.0976,
    0.008,
    'Amsterdam',
  );
});

test('names look Dutch: tussenvoegsels split off, diacritics and non-Dutch names in proportion', () => {
  const prefixes = new Set(persons.map((p) => p.name.voorvoegsel).filter(Boolean));
  for (const prefix of ['de', 'van', 'van der', 'van den', 'van de', 'ter', 'ten', "in 't", "van 't", 'den'])
    assert.ok(prefixes.has(prefix), prefix);
  near(
    share((p) => p.name.voorvoegsel !== null),
    0.3,
    0.06,
    'surname with voorvoegsel',
  );
  // Names are stored split: the achternaam never starts with a voorvoegsel word.
  assert.ok(persons.every((p) => !/^(van|de|der|den|ter|ten|in) /.test(p.name.achternaam)));
  const all = persons.map((p) => `${p.name.voornamen} ${p.name.achternaam}`).join(' ');
  for (const name of ['Zoë', 'Loïs', 'Özdemir', 'Çelik', 'Müller', 'Hélène', 'Daniël']) assert.ok(all.includes(name), name);
  const diacritics = share((p) => /[^\p{ASCII}]/u.test(`${p.name.voornamen}${p.name.achternaam}`));
  assert.ok(diacritics > 0.02 && diacritics < 0.15, `with diacritics: ${diacritics}`);
  // Polish surnames follow the sex; older Dutch people often go by a call name that is not on the passport.
  assert.ok(!persons.some((p) => p.sex === 'V' && /ski$/.test(p.name.achternaam)));
  assert.ok(persons.some((p) => p.sex === 'V' && /ska$/.test(p.name.achternaam)));
  const old = persons.filter((p) => p.origin === 'nl' && p.dateOfBirth < '1955');
  const byCallName = old.filter((p) => !p.name.voornamen.split(' ').includes(p.name.roepnaam)).length / old.length;
  assert.ok(byCallName > 0.25, `old people with a separate roepnaam: ${byCallName}`);
  // Young people mostly go by their first given name.
  const young = persons.filter((p) => p.origin === 'nl' && p.dateOfBirth > '2000');
  assert.ok(young.filter((p) => p.name.voornamen.startsWith(p.name.roepnaam)).length / young.length > 0.8);
});

test('helpers: initials, ASCII folding, postcodes, house numbers, e-mail domains, date formatting', () => {
  assert.equal(initialsOf('Johannes Cornelis Maria'), 'J.C.M.');
  assert.equal(initialsOf('Theodorus IJsbrand'), 'Th.IJ.');
  assert.equal(initialsOf('Pieter-Jan'), 'P.J.');
  assert.equal(initialsOf('Özlem'), 'Ö.');
  assert.equal(asciiFold("Özdemir-Wiśniewska O'Brien ß"), 'ozdemirwisniewskaobrienss');
  for (const valid of ['1234AB', '9999ZZ', '1011 AB']) assert.ok(isValidPostcode(valid), valid);
  for (const invalid of ['0123AB', '1234SA', '1234SD', '1234SS', '1234ab', '123AB', '12345A', '1234ABC', ''])
    assert.ok(!isValidPostcode(invalid), invalid);
  assert.equal(formatHuisnummer(12, null), '12');
  assert.equal(formatHuisnummer(12, 'A'), '12A');
  assert.equal(formatHuisnummer(12, '2'), '12-2');
  assert.equal(formatHuisnummer(12, 'bis'), '12-bis');
  assert.equal(streetOf('1234AB'), streetOf('1234AB'));
  const reserved = createDemoContext({ seed: 'dutch-test', now: NOW, emailDomains: 'reserved' });
  for (let i = 0; i < 500; i++)
    for (const email of generatePerson(reserved, i).emails) assert.match(email, /@(example\.(com|net|org)|voorbeeld\.example)$/);
  assert.ok(persons.some((p) => p.emails.some((e) => e.endsWith('@gmail.com'))));
  for (const ms of [0, Date.UTC(2024, 1, 29, 23, 59, 59), Date.UTC(1931, 11, 31, 0, 0, 1), Date.UTC(2100, 2, 1), -1]) {
    assert.equal(isoDate(ms), new Date(ms).toISOString().slice(0, 10));
    assert.equal(isoTime(ms), new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z'));
  }
});
