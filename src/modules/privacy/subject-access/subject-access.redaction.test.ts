// Striking other people from the export's free text, without a database: every name form of the other
// participants (longest first, whole words, any case), their BSN however it is written, their phone
// numbers in national and international form, their e-mail addresses; never the data subject's own
// names, even where the other person shares them; strings inside JSON too; and a count of what was
// struck.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRedactor, nameForms, REDACTED } from './subject-access.redaction.ts';

const anne = { voornamen: 'Annemarie Johanna', roepnaam: 'Anne', tussenvoegsel: null, achternaam: 'Visser' };
const bert = {
  voornamen: 'Bertrand',
  roepnaam: 'Bert',
  tussenvoegsel: 'van der',
  achternaam: 'Berg',
  bsn: '111222333',
  phones: ['+31687654321'],
  emails: ['bert@example.org'],
};
const X = REDACTED;

test('the name forms: full names, the surname with and without tussenvoegsel, the given names', () => {
  assert.deepEqual(
    nameForms(bert).sort(),
    ['Bert', 'Bert Berg', 'Bert van der Berg', 'Berg', 'Bertrand', 'Bertrand Berg', 'Bertrand van der Berg', 'van der Berg'].sort(),
  );
  assert.ok(
    nameForms({ voornamen: 'J', roepnaam: null, tussenvoegsel: null, achternaam: 'Li' }).every((f) => f.length >= 2),
    'one letter is no name',
  );
});

test('other people are struck from text, the data subject is not', () => {
  const r = createRedactor([bert], [anne]);
  assert.equal(r.text('Anne sprak met Bert van der Berg en bertrand.'), `Anne sprak met ${X} en ${X}.`);
  assert.equal(r.text('Mail bert@example.org of bel 06-87654321, of +31 6 87654321.'), `Mail ${X} of bel ${X}, of ${X}.`);
  assert.equal(r.text('BSN 111.222.333 en 1112223334 (een ander nummer)'), `BSN ${X} en 1112223334 (een ander nummer)`);
  assert.equal(r.text('Albert en Bergen blijven: andere woorden.'), 'Albert en Bergen blijven: andere woorden.');
  assert.equal(r.text(null), null);
  assert.deepEqual(r.json({ note: 'Bert belde', person: { achternaam: 'Visser', broer: ['Bert Berg'] }, n: 3 }), {
    note: `${X} belde`,
    person: { achternaam: 'Visser', broer: [X] },
    n: 3,
  });
  assert.equal(r.count, 8);
});

test('a name the data subject shares with the other person stays; the other person’s full name goes', () => {
  const sister = {
    ...bert,
    voornamen: 'Sanne',
    roepnaam: null,
    tussenvoegsel: null,
    achternaam: 'Visser',
    bsn: null,
    phones: [],
    emails: [],
  };
  const r = createRedactor([sister], [anne]);
  assert.equal(
    r.text('Anne Visser en Sanne Visser kwamen samen; Visser belde later.'),
    `Anne Visser en ${X} kwamen samen; Visser belde later.`,
  );
});

test('without other people nothing is struck', () => {
  const r = createRedactor([], [anne]);
  assert.equal(r.text('Bert belde.'), 'Bert belde.');
  assert.equal(r.count, 0);
});
