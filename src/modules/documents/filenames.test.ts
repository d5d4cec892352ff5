// File names from clients: what is stored, and how it goes back out in Content-Disposition.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attachmentDisposition, filenameFromDisposition, sanitiseFilename, storedFilename } from './filenames.ts';

test('the name is read from Content-Disposition, the extended parameter first', () => {
  assert.equal(filenameFromDisposition(`attachment; filename="plain.pdf"; filename*=UTF-8''caf%C3%A9%20brief.pdf`), 'café brief.pdf');
  assert.equal(filenameFromDisposition('attachment; filename="a \\"quoted\\" name.pdf"'), 'a "quoted" name.pdf');
  assert.equal(filenameFromDisposition('attachment; filename=bare.pdf'), 'bare.pdf');
  assert.equal(
    filenameFromDisposition(`attachment; filename*=UTF-8''%E0%A4%A; filename="fallback.pdf"`),
    'fallback.pdf',
    'broken percent-encoding',
  );
  assert.equal(filenameFromDisposition('attachment'), null);
  assert.equal(filenameFromDisposition(undefined), null);
});

test('sanitising removes paths, controls, bidi tricks and what Windows refuses', () => {
  assert.equal(sanitiseFilename('..\\..\\windows\\system32\\brief.pdf'), 'brief.pdf');
  assert.equal(sanitiseFilename('factuur\u202Efdp.exe'), 'factuurfdp.exe', 'a right-to-left override would show "exe.pdf"');
  assert.equal(sanitiseFilename('a\u0000b\nc\td.pdf'), 'ab c d.pdf');
  assert.equal(sanitiseFilename('wat? <ja>: "nee" | *.pdf'), 'wat_ _ja__ _nee_ _ _.pdf');
  assert.equal(sanitiseFilename('  ...verborgen.pdf. . '), 'verborgen.pdf');
  assert.equal(sanitiseFilename('CON.pdf'), '_CON.pdf');
  assert.equal(sanitiseFilename('e\u0301e.pdf'), '\u00e9e.pdf', 'NFC');
  assert.equal(sanitiseFilename('../..'), '');
  const long = sanitiseFilename(`${'ü'.repeat(400)}.docx`);
  assert.equal([...long].length, 255);
  assert.ok(long.endsWith('ü.docx'));
});

test('a name without extension gets its content’s; no name becomes document.<ext>', () => {
  assert.equal(storedFilename('scan', 'image/jpeg'), 'scan.jpg');
  assert.equal(storedFilename('', 'application/pdf'), 'document.pdf');
  assert.equal(storedFilename('brief.pdf', 'application/pdf'), 'brief.pdf');
});

test('downloads carry an ASCII fallback and the exact UTF-8 name', () => {
  assert.equal(attachmentDisposition('brief.pdf'), `attachment; filename="brief.pdf"; filename*=UTF-8''brief.pdf`);
  assert.equal(
    attachmentDisposition(`cliënt's "dossier" (1) 100%.pdf`),
    `attachment; filename="cli_nt's _dossier_ (1) 100_.pdf"; filename*=UTF-8''cli%C3%ABnt%27s%20%22dossier%22%20%281%29%20100%25.pdf`,
  );
  assert.equal(filenameFromDisposition(attachmentDisposition('ēēn – twee.pdf')), 'ēēn – twee.pdf', 'round trip');
});
