// Content checks of uploads (kernel/blobs/sniff.ts): a table of real file shapes, each accepted as the
// type its bytes prove or refused with a 400 problem saying why, including the classic disguises (a
// PNG named .pdf, HTML declared as text, a Windows program named as a PDF, SVG, macro documents).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { AppError } from '../errors.ts';
import { createKeyRing } from '../crypto/keyring.ts';
import { KNOWN_DOCUMENT_TYPES } from './content-types.ts';
import { LocalDirectoryBackend } from './local.ts';
import { ContentInspector } from './sniff.ts';
import { EncryptedBlobStore } from './store.ts';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const ODT = 'application/vnd.oasis.opendocument.text';

/** A ZIP with stored (uncompressed) entries, local headers plus central directory, as Office writes them. */
function zip(entries: [string, string | Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, content] of entries) {
    const data = typeof content === 'string' ? Buffer.from(content) : content;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt32LE(crc32(data), 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    central.push(header, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const contentTypesXml =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const ooxml = (main: string, extra: [string, string | Buffer][] = []) =>
  zip([['[Content_Types].xml', contentTypesXml], ['_rels/.rels', '<Relationships/>'], [main, '<document/>'], ...extra]);

/** An OLE2 compound file: the signature, then directory entry names (UTF-16LE) somewhere after it. */
const ole2 = (...streams: string[]) =>
  Buffer.concat([
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
    Buffer.alloc(504),
    randomBytes(3000),
    ...streams.map((s) => Buffer.from(`${s}\0`, 'utf16le')),
    randomBytes(2000),
  ]);

const bytes = (...parts: (number[] | string | Buffer)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

// Shaped as far as file-type reads them: a PNG reaches its first IDAT, a TIFF's directory lies inside the file.
const samples = {
  pdf: bytes('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n', randomBytes(5000)),
  png: bytes(
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13],
    'IHDR',
    randomBytes(17),
    [0, 0, 1, 0xf4],
    'IDAT',
    randomBytes(504),
  ),
  jpeg: bytes([0xff, 0xd8, 0xff, 0xe0, 0, 16], 'JFIF\0', randomBytes(500)),
  gif: bytes('GIF89a', randomBytes(100)),
  tiff: bytes([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0, 1, 0, 0, 1, 3, 0, 1, 0, 0, 0, 64, 0, 0, 0, 0, 0, 0, 0], randomBytes(100)),
  webp: bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ', randomBytes(100)),
  heic: bytes([0, 0, 0, 24], 'ftypheic', [0, 0, 0, 0], 'mif1heic', randomBytes(100)),
  avif: bytes([0, 0, 0, 24], 'ftypavif', [0, 0, 0, 0], 'mif1avif', randomBytes(100)),
  docx: ooxml('word/document.xml'),
  xlsx: ooxml('xl/workbook.xml'),
  pptx: ooxml('ppt/presentation.xml'),
  docxWithChart: ooxml('word/document.xml', [['word/embeddings/chart.xlsx', ooxml('xl/workbook.xml')]]),
  docm: ooxml('word/document.xml', [['word/vbaProject.bin', randomBytes(200)]]),
  odt: zip([
    ['mimetype', ODT],
    ['content.xml', '<office:document-content/>'],
  ]),
  plainZip: zip([
    ['notes.txt', 'hallo'],
    ['photo.jpg', randomBytes(100)],
  ]),
  doc: ole2('Root Entry', '1Table', 'WordDocument', 'SummaryInformation'),
  xls: ole2('Root Entry', 'Workbook', 'SummaryInformation'),
  msg: ole2('Root Entry', '__substg1.0_0037001F', '__properties_version1.0'),
  docWithMacros: ole2('Root Entry', 'WordDocument', 'Macros', 'VBA', '_VBA_PROJECT'),
  oleUnknown: ole2('Root Entry', 'Something'),
  rtf: bytes('{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Times;}} Hallo}'),
  text: Buffer.from('Verslag van het gesprek met de cliënt op 3 maart.\r\nAfspraak: één week later.\n'),
  latin1Text: Buffer.from('Verslag cli\xebnt', 'latin1'),
  textWithNul: Buffer.from('abc\0def'),
  eml: Buffer.from(
    'Received: from mail.example.nl\r\nFrom: Politie <aangifte@example.nl>\r\nTo: intake@example.nl\r\nSubject: Aanmelding\r\n\r\nZie bijlage.\r\n',
  ),
  html: Buffer.from('<!DOCTYPE html>\n<html><body><script>alert(document.cookie)</script></body></html>'),
  htmlLate: Buffer.from(`Notitie\n\nzie hieronder\n<div onmouseover="x()"><script src="//evil"></script></div>`),
  svg: Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
  bareSvg: Buffer.from('  <svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
  exe: bytes('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], randomBytes(500), 'This program cannot be run in DOS mode.'),
  elf: bytes([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], randomBytes(200)),
  script: Buffer.from('#!/bin/sh\nrm -rf ~\n'),
  giftText: Buffer.from('GIFT voor de buurtvereniging, toegezegd op de bijeenkomst.\n'),
  random: randomBytes(2000),
};
type Sample = keyof typeof samples;

/** Feeds the sample in small chunks (signatures and part names cross chunk boundaries). */
async function inspect(
  sample: Sample,
  declared: { contentType?: string; filename?: string },
  allowed: readonly string[] = KNOWN_DOCUMENT_TYPES,
): Promise<string> {
  const inspector = new ContentInspector(new Set(allowed), declared);
  const data = samples[sample];
  for (let at = 0; at < data.length; at += 1000) await inspector.update(data.subarray(at, at + 1000));
  return inspector.finish();
}

const accepted: [Sample, { contentType?: string; filename?: string }, string][] = [
  ['pdf', { filename: 'aangifte.pdf', contentType: 'application/pdf' }, 'application/pdf'],
  ['pdf', { filename: 'aangifte.PDF', contentType: 'application/octet-stream' }, 'application/pdf'],
  ['pdf', {}, 'application/pdf'],
  ['png', { filename: 'letsel.png', contentType: 'image/png' }, 'image/png'],
  ['jpeg', { filename: 'foto.jpg', contentType: 'image/jpg' }, 'image/jpeg'],
  ['jpeg', { filename: 'foto.jpeg', contentType: 'image/jpeg' }, 'image/jpeg'],
  ['gif', { filename: 'a.gif' }, 'image/gif'],
  ['tiff', { filename: 'scan.tif', contentType: 'image/tiff' }, 'image/tiff'],
  ['webp', { filename: 'a.webp', contentType: 'image/webp' }, 'image/webp'],
  ['heic', { filename: 'IMG_0001.HEIC', contentType: 'image/heif' }, 'image/heic'],
  ['docx', { filename: 'brief.docx', contentType: DOCX }, DOCX],
  ['docx', { filename: 'brief.docx' }, DOCX],
  ['xlsx', { filename: 'schade.xlsx', contentType: XLSX }, XLSX],
  ['pptx', { filename: 'a.pptx' }, PPTX],
  ['docxWithChart', { filename: 'rapport.docx', contentType: DOCX }, DOCX],
  ['docxWithChart', {}, DOCX],
  ['odt', { filename: 'brief.odt', contentType: ODT }, ODT],
  ['doc', { filename: 'brief.doc', contentType: 'application/msword' }, 'application/msword'],
  ['xls', { filename: 'lijst.xls' }, 'application/vnd.ms-excel'],
  ['msg', { filename: 'mail.msg', contentType: 'application/vnd.ms-outlook' }, 'application/vnd.ms-outlook'],
  ['rtf', { filename: 'a.rtf', contentType: 'text/rtf' }, 'application/rtf'],
  ['text', { filename: 'verslag.txt', contentType: 'text/plain; charset=utf-8' }, 'text/plain'],
  ['eml', { filename: 'aanmelding.eml', contentType: 'message/rfc822' }, 'message/rfc822'],
  ['eml', { filename: 'aanmelding.txt', contentType: 'text/plain' }, 'text/plain'],
  ['eml', {}, 'message/rfc822'],
  // Text that opens like a GIF signature ("GIF" without its version) stays text.
  ['giftText', { filename: 'notitie.txt', contentType: 'text/plain' }, 'text/plain'],
];

// Proves: each allowed type is recognised from its bytes, whatever the chunking, and the type returned
// is the one found (aliases and parameters of the declaration normalised, containers resolved).
test('accepted documents get the type their content proves', async () => {
  for (const [sample, declared, type] of accepted)
    assert.equal(await inspect(sample, declared), type, `${sample} ${JSON.stringify(declared)}`);
});

const refused: [Sample, { contentType?: string; filename?: string }, RegExp][] = [
  ['png', { filename: 'aangifte.pdf', contentType: 'application/pdf' }, /declared as application\/pdf but its content is image\/png/],
  ['png', { filename: 'aangifte.pdf' }, /ends in \.pdf but its content is image\/png/],
  ['pdf', { filename: 'a.pdf', contentType: 'image/png' }, /ends in \.pdf but the declared type is image\/png/],
  ['html', { filename: 'notitie.txt', contentType: 'text/plain' }, /HTML, SVG or XML can run code/],
  ['htmlLate', { filename: 'notitie.txt', contentType: 'text/plain' }, /HTML, SVG or XML/],
  ['html', { filename: 'page.html', contentType: 'text/html' }, /declared as text\/html can run code/],
  ['svg', { filename: 'logo.svg', contentType: 'image/svg+xml' }, /can run code/],
  ['svg', { filename: 'logo.png', contentType: 'image/png' }, /HTML, SVG or XML/],
  ['bareSvg', { filename: 'logo.txt' }, /HTML, SVG or XML/],
  ['exe', { filename: 'factuur.pdf', contentType: 'application/pdf' }, /A program or script can run code/],
  ['exe', { filename: 'setup.exe', contentType: 'application/octet-stream' }, /ending in \.exe can run code/],
  ['exe', {}, /A program or script/],
  ['elf', { filename: 'a.txt' }, /A program or script/],
  ['script', { filename: 'run.txt', contentType: 'text/plain' }, /A program or script/],
  ['text', { filename: 'app.js', contentType: 'text/plain' }, /ending in \.js can run code/],
  ['docm', { filename: 'brief.docx', contentType: DOCX }, /with macros/],
  ['docm', { filename: 'brief.docm' }, /ending in \.docm can run code/],
  ['docWithMacros', { filename: 'brief.doc' }, /with macros/],
  ['plainZip', { filename: 'bijlagen.zip' }, /ending in \.zip are not accepted/],
  ['plainZip', { filename: 'bijlagen.docx' }, /ZIP archive, not an Office document/],
  ['docx', { filename: 'lijst.xlsx', contentType: XLSX }, /declared as .*sheet but its content is .*wordprocessingml/],
  ['oleUnknown', { filename: 'a.doc' }, /OLE2 container that is not a document type/],
  ['avif', { filename: 'a.heic' }, /not a recognised document type/],
  ['random', { filename: 'a.pdf' }, /not a recognised document type/],
  ['latin1Text', { filename: 'a.txt' }, /not valid UTF-8/],
  ['textWithNul', { filename: 'a.txt' }, /not a recognised document type/],
  ['pdf', { filename: 'a.pdf', contentType: 'application/x-unknown' }, /type application\/x-unknown are not accepted/],
];

// Proves: disguised, active, macro-carrying and unknown content is refused with a 400 problem whose
// detail names the problem (the declared type, the extension, or what the content really is).
test('refused documents get a 400 problem that says why', async () => {
  for (const [sample, declared, detail] of refused) {
    await assert.rejects(inspect(sample, declared), (error: unknown) => {
      assert.ok(error instanceof AppError, `${sample}: ${String(error)}`);
      assert.equal(error.status, 400);
      assert.equal(error.code, 'document-refused');
      assert.match(error.detail ?? '', detail, `${sample} ${JSON.stringify(declared)}`);
      return true;
    });
  }
});

// Proves: CASUS_DOCUMENT_ALLOWED_TYPES narrows what is accepted, by declaration, extension and content.
test('a narrower allowlist refuses the rest', async () => {
  const pdfOnly = ['application/pdf'];
  assert.equal(await inspect('pdf', { filename: 'a.pdf' }, pdfOnly), 'application/pdf');
  await assert.rejects(inspect('png', {}, pdfOnly), /image\/png, which is not accepted here/);
  await assert.rejects(inspect('png', { filename: 'a.png' }, pdfOnly), /Files ending in \.png are not accepted/);
  await assert.rejects(inspect('docx', { contentType: DOCX }, pdfOnly), /are not accepted/);
});

// Proves: through the store, a refused upload stops early (it does not read a large disguised file to
// the end) and stores nothing; an accepted one reports the sniffed type.
test('the store refuses while streaming and keeps nothing', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'casus-sniff-'));
  try {
    const keyRing = createKeyRing({ keys: [{ id: 'k1', key: randomBytes(32) }], activeKeyId: 'k1', blindIndexKey: randomBytes(32) });
    const blobs = new EncryptedBlobStore({
      backend: new LocalDirectoryBackend(dir),
      keyRing,
      maxBytes: 50 * 1024 * 1024,
      allowedTypes: KNOWN_DOCUMENT_TYPES,
      clamd: null,
    });
    let pulled = 0;
    const disguised = new Readable({
      read() {
        const chunk = pulled === 0 ? Buffer.concat([samples.png, randomBytes(64 * 1024)]) : randomBytes(64 * 1024);
        pulled += chunk.length;
        this.push(pulled > 40 * 1024 * 1024 ? null : chunk);
      },
    });
    await assert.rejects(
      blobs.put(randomUUID(), disguised, { filename: 'aangifte.pdf', contentType: 'application/pdf' }),
      /declared as application\/pdf/,
    );
    assert.ok(pulled < 1024 * 1024, `read ${pulled} bytes of a refused upload`);
    await assert.rejects(blobs.put(randomUUID(), Readable.from([samples.exe]), { filename: 'factuur.pdf' }), /A program or script/);
    const stored = await blobs.put(randomUUID(), Readable.from([samples.docx]), {
      filename: 'brief.docx',
      contentType: 'application/octet-stream',
    });
    assert.equal(stored.contentType, DOCX);
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    assert.equal(files.length, 1, 'only the accepted document is stored');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
