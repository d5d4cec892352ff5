// The query box: which parts become which terms, in the notations people type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseQuery, termKinds } from './search.query.ts';

const only = (query: string) => {
  const { nameWords, optionalNameWords, unrecognised, ...terms } = parseQuery(query);
  return { terms, nameWords, optionalNameWords, unrecognised };
};

test('a name with a tussenvoegsel: the surname is required, the tussenvoegsel ranks', () => {
  assert.deepEqual(only('Jan de Vries'), { terms: {}, nameWords: ['jan', 'vries'], optionalNameWords: ['de'], unrecognised: 0 });
  assert.deepEqual(only('Vries, de').nameWords, ['vries']);
  assert.deepEqual(only("van 't Hof").optionalNameWords, ['van', "'t"]);
  assert.deepEqual(only('J. Özdemir'), { terms: {}, nameWords: ['özdemir'], optionalNameWords: ['j'], unrecognised: 0 });
  assert.deepEqual(only('de').nameWords, ['de'], 'only a tussenvoegsel: then it is what we look for');
  assert.deepEqual(only('Jansen-de Boer d’Ancona').nameWords, ['jansen-de', 'boer', "d'ancona"]);
});

test('dates of birth in Dutch and ISO notation; impossible dates are not dates', () => {
  for (const q of ['12-03-1984', '12-3-1984', '12/03/1984', '12.03.1984', '1984-03-12'])
    assert.equal(parseQuery(q).dateOfBirth, '1984-03-12', q);
  assert.equal(parseQuery('31-02-1984').dateOfBirth, undefined);
  assert.equal(parseQuery('31-02-1984').unrecognised, 1);
  const combined = parseQuery('Jansen 12-03-1984');
  assert.deepEqual([combined.nameWords, combined.dateOfBirth], [['jansen'], '1984-03-12']);
});

test('BSN: nine digits passing the elfproef, also with dots or spaces, or eight digits', () => {
  assert.equal(parseQuery('111222333').bsn, '111222333');
  assert.equal(parseQuery('1112.22.333').bsn, '111222333');
  assert.equal(parseQuery('1112 22 333').bsn, '111222333');
  assert.equal(parseQuery('12345678').bsn, undefined, '012345678 fails the elfproef');
  const bad = parseQuery('123456789');
  assert.equal(bad.bsn, undefined);
  assert.deepEqual(termKinds(bad), ['unrecognised']);
});

test('phone numbers in the notations people use become the stored +31 form', () => {
  for (const q of [
    '0612345678',
    '06-12345678',
    '06 12 34 56 78',
    '+31 6 12345678',
    '+31(0)6-1234 5678',
    '0031612345678',
    '(06) 1234 5678',
  ]) {
    assert.equal(parseQuery(q).phone, '+31612345678', q);
  }
  assert.equal(parseQuery('020-1234567').phone, '+31201234567');
  assert.equal(parseQuery('+32 470 12 34 56').phone, '+32470123456');
  const both = parseQuery('06 12345678 12-03-1984');
  assert.deepEqual([both.phone, both.dateOfBirth], ['+31612345678', '1984-03-12'], 'a date after a phone number stays a date');
});

test('e-mail, postcode with house number, case number and police reference', () => {
  assert.equal(parseQuery('Anna.Jansen@Example.NL').email, 'anna.jansen@example.nl');
  for (const [q, postcode, huisnummer] of [
    ['1234 AB 12', '1234AB', 12],
    ['1234ab', '1234AB', undefined],
    ['1234AB12', '1234AB', 12],
    ['1234 ab, 12-A', '1234AB', 12],
  ] as const) {
    const parsed = parseQuery(q);
    assert.deepEqual([parsed.postcode, parsed.huisnummer], [postcode, huisnummer], q);
  }
  const address = parseQuery('1234 AB 12 de Vries');
  assert.deepEqual([address.postcode, address.huisnummer, address.nameWords, address.optionalNameWords], ['1234AB', 12, ['vries'], ['de']]);
  assert.equal(parseQuery('2026-000123').caseNumber, '2026-000123');
  assert.equal(parseQuery('2026-123').caseNumber, '2026-000123');
  assert.equal(parseQuery('pl0900-2026123456').policeReference, 'PL0900-2026123456');
  assert.equal(parseQuery('PL09002026123456').policeReference, 'PL0900-2026123456');
  assert.deepEqual(termKinds(parseQuery('PL0900-2026123456 Jansen 1234AB 7')), ['postcode', 'house-number', 'police-reference', 'name']);
});

test('parts that are nothing known are counted, never guessed', () => {
  const parsed = parseQuery('Jansen 12 #');
  assert.deepEqual(parsed.nameWords, ['jansen']);
  assert.equal(parsed.unrecognised, 2);
  assert.equal(parseQuery('12-03-1984 13-04-1985').unrecognised, 1, 'a second, different date');
  assert.equal(parseQuery('a b c d e f g h').nameWords.length + parseQuery('a b c d e f g h').optionalNameWords.length, 6);
});
