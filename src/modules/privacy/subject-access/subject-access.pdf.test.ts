// The export's PDF without a database: text the built-in font cannot show loses only its accents (or
// becomes "?"), Windows-1252 stays as it is; a long export runs over pages with a footer on each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deflateSync } from 'node:zlib';
import { pdfTextOf } from '../../../../test/helpers/pdf-text.ts';
import { pdfText, subjectAccessPdf } from './subject-access.pdf.ts';
import type { SubjectAccessExport } from './subject-access.schemas.ts';

test('text for the built-in font: Windows-1252 as is, other letters without accents, else "?"', () => {
  assert.equal(pdfText('Cliënt — “café” €5'), 'Cliënt — “café” €5');
  assert.equal(pdfText('Łukasz Şahin Nguyễn'), '?ukasz Sahin Nguyen');
  assert.equal(pdfText('汉字'), '??');
});

// Proves: the tests' PDF reader takes a stream's bytes by its /Length, so a stream whose compressed bytes end in a
// carriage return is read whole (matched up to "endstream", that byte went with the line break: a flake in CI).
test('the tests’ PDF reader reads a content stream whose compressed bytes end in \\r', () => {
  let n = 0;
  let text: string;
  let data: Buffer;
  do {
    text = `Gesprek met cliënt ASUM${n++}`;
    data = deflateSync(Buffer.from(`BT [<${Buffer.from(text, 'latin1').toString('hex')}>] TJ ET`, 'latin1'));
  } while (data.at(-1) !== 0x0d && n < 100_000);
  assert.equal(data.at(-1), 0x0d, 'found a stream ending in \\r');
  const pdf = Buffer.concat([
    Buffer.from(`%PDF-1.3\n4 0 obj\n<<\n/Length ${data.length}\n/Filter /FlateDecode\n>>\nstream\n`, 'latin1'),
    data,
    Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1'),
  ]);
  assert.equal(pdfTextOf(pdf), text);
});

const PERSON = {
  id: '11111111-1111-4111-8111-111111111111',
  displayName: 'Anne Visser',
  voornamen: 'Annemarie',
  roepnaam: 'Anne',
  tussenvoegsel: null,
  achternaam: 'Visser',
  dateOfBirth: '1980-02-03',
  bsn: '123456782',
  phones: ['+31612345678'],
  emails: [],
  address: null,
  preferredLanguage: 'nl',
  interpreterNeeded: false,
  confidentialAddress: false,
  vulnerabilities: [],
  mergedInto: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  version: 1,
};

test('a long export runs over pages, each with its footer', async () => {
  const data: SubjectAccessExport = {
    generatedAt: '2026-03-04T10:00:00.000Z',
    dataSubjectId: PERSON.id,
    person: PERSON,
    mergedRecords: [],
    consents: [],
    cases: [],
    contactMoments: Array.from({ length: 60 }, (_, i) => ({
      id: PERSON.id,
      caseId: PERSON.id,
      personId: PERSON.id,
      channel: 'phone',
      direction: 'outbound',
      occurredAt: '2026-02-01T10:00:00.000Z',
      durationMinutes: 20,
      outcome: 'reached',
      summary: `Verslag ${i}: ${'lang verhaal '.repeat(20)}`,
      createdAt: '2026-02-01T10:00:00.000Z',
      updatedAt: '2026-02-01T10:00:00.000Z',
    })),
    documents: [],
    referrals: [],
    tasks: [],
    accessLog: [],
    rectificationHistory: [],
    redactions: 0,
  };
  const pdf = await subjectAccessPdf(data);
  const pages = pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;
  assert.ok(pages > 3, `${pages} pages`);
  const text = pdfTextOf(pdf);
  assert.ok(text.includes(`pagina ${pages} van ${pages}`));
  assert.ok(text.includes('Verslag 59:'));
  assert.ok(text.includes('Geen aanmeldingen.'));
});
