// What a document really is, from its bytes, checked while it streams in. The declared Content-Type and
// the file name are claims of the client; a PNG named report.pdf, an HTML page sent as text/plain or a
// program renamed to a Word file must not be stored as what it claims to be.
// `file-type` recognises the binary formats (StreamedDetection below). On top of it, Casus's own rules:
// which of its findings are accepted and as what; containers (ZIP for OOXML, OLE2 for DOC/XLS/PPT/MSG)
// resolved by the names of their parts, which are stored uncompressed and so can be found in the byte
// stream by the end of the upload, and refused when they carry macros; text (valid UTF-8 without NULs
// to the last byte, e-mail, markup), which file-type does not detect; and the declaration and file name,
// which must agree with what was found.
import { TextDecoder } from 'node:util';
import { fileTypeFromBuffer, fileTypeFromStream, type FileTypeResult } from 'file-type';
import { AppError } from '../errors.ts';
import { ACTIVE_EXTENSIONS, ACTIVE_TYPES, DOCUMENT_TYPES, UNDECLARED_TYPES, extensionOf, normaliseType } from './content-types.ts';

/** Bytes held before detection starts (file-type's own sample is about as long), and the head the text rules read. */
const HEAD_BYTES = 4096;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const OOXML_PREFIX = 'application/vnd.openxmlformats-officedocument.';
const ODF_PREFIX = 'application/vnd.oasis.opendocument.';

export function documentRefused(detail: string): AppError {
  return new AppError({ status: 400, code: 'document-refused', title: 'Document refused', detail });
}

function activeContent(what: string): AppError {
  return documentRefused(`${what} can run code when opened and is never accepted as a document.`);
}

type Family = 'exact' | 'zip' | 'ole2' | 'text';
type Sniffed = { family: Family; types: string[] } | { active: string } | null;

/** What file-type finds that is a program: refused whatever is declared. */
const DETECTED_PROGRAMS: ReadonlySet<string> = new Set([
  'application/x-msdownload',
  'application/x-elf',
  'application/x-mach-binary',
  'application/wasm',
  'application/java-vm',
  'application/java-archive',
]);

/** file-type's findings accepted as they are, by the type Casus stores (camera raw files are TIFF containers). */
const DETECTED_DOCUMENTS: Readonly<Record<string, string>> = {
  'application/pdf': 'application/pdf',
  'image/png': 'image/png',
  'image/apng': 'image/png',
  'image/jpeg': 'image/jpeg',
  'image/gif': 'image/gif',
  'image/tiff': 'image/tiff',
  'image/x-canon-cr2': 'image/tiff',
  'image/x-nikon-nef': 'image/tiff',
  'image/x-adobe-dng': 'image/tiff',
  'image/x-sony-arw': 'image/tiff',
  'image/webp': 'image/webp',
  'application/rtf': 'application/rtf',
};

/** ISO base media images: file-type names them by the major brand only; HEIC needs a HEVC brand among all. */
const DETECTED_ISO_IMAGES: ReadonlySet<string> = new Set([
  'image/heic',
  'image/heic-sequence',
  'image/heif',
  'image/heif-sequence',
  'image/avif',
]);
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'heif']);

function isHeic(head: Buffer): boolean {
  if (head.length < 16) return false;
  const boxSize = Math.min(head.readUInt32BE(0), head.length);
  const brands = [head.toString('latin1', 8, 12)];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(head.toString('latin1', at, at + 4));
  // mif1/msf1 alone is also AVIF's major brand: require a HEVC brand among the compatible ones.
  return brands.some((brand) => HEIC_BRANDS.has(brand));
}

/** Container parts that name the document's kind: ZIP entries (OOXML) and OLE2 streams (names in UTF-16). */
const CONTENT_TYPES_PART = '[Content_Types].xml';
const ZIP_MAIN_PARTS: readonly (readonly [string, string])[] = [
  ['word/document.xml', DOCX],
  ['xl/workbook.xml', XLSX],
  ['ppt/presentation.xml', PPTX],
];
const ZIP_MACROS = 'vbaProject.bin';
const ODF_MACROS = 'Basic/script-lc.xml';
/** In priority order: the directory order says little, and an e-mail (MSG) may hold Word files. */
const OLE_STREAMS: readonly (readonly [string, string])[] = [
  ['__substg1.0_', 'application/vnd.ms-outlook'],
  ['WordDocument', 'application/msword'],
  ['PowerPoint Document', 'application/vnd.ms-powerpoint'],
  ['Workbook', 'application/vnd.ms-excel'],
];
const OLE_MACROS = '_VBA_PROJECT';

// WHATWG MIME sniffing treats these openings as HTML; with XML and SVG added, any of them in something
// called text could become a page in a browser that ignores our headers.
const MARKUP_START =
  /^(?:<!doctype\s+html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title|<b|<body|<br|<p|<!--|<\?xml|<svg|<math|<object|<embed)[\s>/]/i;
const MARKUP_ANYWHERE = /<(?:script|html|svg|iframe|object|embed)[\s>/]|<!doctype\s+html/i;
const MAIL_HEADER =
  /^(?:received|return-path|from|to|subject|date|message-id|mime-version|delivered-to|reply-to|cc|content-type|dkim-signature|authentication-results|arc-[a-z-]+|x-[a-z0-9-]+|thread-topic|thread-index|sender|in-reply-to|references):[ \t]/i;

function looksLikeMail(text: string): boolean {
  const lines = text.split(/\r?\n/);
  if (!MAIL_HEADER.test(lines[0] ?? '')) return false;
  let fields = 0;
  for (const line of lines.slice(0, 200)) {
    if (line === '') return fields >= 2;
    if (/^[\t ]/.test(line)) continue; // folded continuation of the previous field
    if (!/^[!-9;-~]+:/.test(line)) return false;
    fields += 1;
  }
  return fields >= 2;
}

function sniffText(head: Buffer): Sniffed {
  if (head.includes(0)) return null;
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (looksLikeMail(text)) return { family: 'text', types: ['message/rfc822', 'text/plain'] };
  if (MARKUP_START.test(text.trimStart()) || MARKUP_ANYWHERE.test(text)) return { active: 'HTML, SVG or XML' };
  return { family: 'text', types: ['text/plain'] };
}

/** file-type's finding (undefined: none) under Casus's rules, with `head` for what file-type does not judge. */
function classify(found: FileTypeResult | undefined, head: Buffer): Sniffed {
  const type = found?.mime ?? '';
  // file-type knows scripts only by their interpreter's own formats; a "#!" line makes any file one.
  if (head.subarray(0, 2).toString('latin1') === '#!' || DETECTED_PROGRAMS.has(type)) return { active: 'A program or script' };
  if (type.includes('.macroenabled')) return { active: 'A document with macros' };
  // file-type takes three bytes ("GIF") for a GIF; a Dutch note may open with "GIFT". A GIF says its version.
  if (type === 'image/gif' && !/^GIF8[79]a/.test(head.subarray(0, 6).toString('latin1'))) return sniffText(head);
  const document = DETECTED_DOCUMENTS[type];
  if (document) return { family: 'exact', types: [document] };
  if (DETECTED_ISO_IMAGES.has(type) && isHeic(head)) return { family: 'exact', types: ['image/heic'] };
  if (type.startsWith(ODF_PREFIX)) return { family: 'exact', types: [type] };
  if (type === 'application/x-cfb') return { family: 'ole2', types: OLE_STREAMS.map(([, kind]) => kind) };
  if (type === 'application/zip' || type.startsWith(OOXML_PREFIX)) return { family: 'zip', types: ZIP_MAIN_PARTS.map(([, kind]) => kind) };
  // Nothing accepted. A text may open with what file-type takes for a short signature ("BM", "%!",
  // "ID3", "<?xml "): the text rules judge it, and refuse whatever is not text.
  return sniffText(head);
}

/**
 * file-type reading an upload while it streams in. Each chunk is handed over once file-type has asked
 * for more, so it reads as far as the format needs (a TIFF's directory, a PNG's first IDAT, a ZIP's
 * [Content_Types].xml) and never waits for bytes that have not arrived.
 */
class StreamedDetection {
  readonly result: Promise<FileTypeResult | undefined>;
  #source!: ReadableStreamDefaultController<Uint8Array>;
  #asked = Promise.withResolvers<void>();
  #reading = true;
  #settled = false;

  constructor() {
    const stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#source = controller;
        },
        pull: () => this.#asked.resolve(),
        cancel: () => {
          this.#reading = false;
        },
      },
      { highWaterMark: 0 },
    );
    // A format file-type cannot parse is, for Casus, one it did not recognise.
    this.result = fileTypeFromStream(stream)
      .catch(() => undefined)
      .finally(() => {
        this.#settled = true;
      });
  }

  get settled(): boolean {
    return this.#settled;
  }

  /** Resolves when file-type has taken the chunk and asks for more, or has decided. */
  async offer(chunk: Buffer): Promise<void> {
    if (!this.#reading) return;
    this.#asked = Promise.withResolvers<void>();
    this.#source.enqueue(chunk);
    await Promise.race([this.#asked.promise, this.result]);
  }

  /** The upload is complete: file-type decides on what it has. */
  end(): Promise<FileTypeResult | undefined> {
    if (this.#reading) this.#source.close();
    return this.result;
  }
}

/** Finds fixed byte strings anywhere in a stream, across chunk boundaries; remembers where each first occurred. */
class NeedleScanner {
  readonly #needles: Map<string, Buffer>;
  readonly #overlap: number;
  readonly #found = new Map<string, number>();
  #tail = Buffer.alloc(0);
  #offset = 0;

  constructor(names: readonly string[], encoding: BufferEncoding) {
    this.#needles = new Map(names.map((name) => [name, Buffer.from(name, encoding)]));
    this.#overlap = Math.max(...[...this.#needles.values()].map((n) => n.length)) - 1;
  }

  feed(chunk: Buffer): void {
    const window = Buffer.concat([this.#tail, chunk]);
    const base = this.#offset - this.#tail.length;
    for (const [name, needle] of this.#needles) {
      if (this.#found.has(name)) continue;
      const at = window.indexOf(needle);
      if (at >= 0) this.#found.set(name, base + at);
    }
    this.#offset += chunk.length;
    this.#tail = Buffer.from(window.subarray(Math.max(0, window.length - this.#overlap)));
  }

  has(name: string): boolean {
    return this.#found.has(name);
  }

  /** Where `name` first occurred (Infinity: not found). */
  at(name: string): number {
    return this.#found.get(name) ?? Infinity;
  }
}

export interface DeclaredDocument {
  /** The Content-Type the client sent for the file (parameters ignored). */
  contentType?: string | null;
  filename?: string | null;
}

/**
 * Checks one upload. The constructor refuses what the declaration alone rules out; feed every chunk to
 * update() in order and wait for it (it rejects as soon as the content is refused); finish() resolves
 * to the content type found, which is what the caller should store and serve, never the declared one.
 */
export class ContentInspector {
  readonly #allowed: ReadonlySet<string>;
  readonly #declared: string | null;
  readonly #extension: string;
  /** The upload's first bytes, until detection starts. */
  #held: Buffer[] = [];
  #heldBytes = 0;
  #head: Buffer = Buffer.alloc(0);
  #detection: StreamedDetection | null = null;
  #sniffed: { family: Family; types: string[] } | null = null;
  // Fed from the first byte, since detection may decide only after the head; dropped once it is clear
  // the content does not need them.
  #zipParts: NeedleScanner | null = new NeedleScanner(
    [CONTENT_TYPES_PART, ...ZIP_MAIN_PARTS.map(([name]) => name), ZIP_MACROS, ODF_MACROS],
    'latin1',
  );
  #oleStreams: NeedleScanner | null = new NeedleScanner([...OLE_STREAMS.map(([name]) => name), OLE_MACROS], 'utf16le');
  #utf8: TextDecoder | null = new TextDecoder('utf-8', { fatal: true });
  #utf8Valid = true;
  #nulSeen = false;

  constructor(allowed: ReadonlySet<string>, declared: DeclaredDocument) {
    this.#allowed = allowed;
    const type = normaliseType(declared.contentType);
    this.#extension = extensionOf(declared.filename);
    if (ACTIVE_TYPES.has(type)) throw activeContent(`A file declared as ${type}`);
    if (ACTIVE_EXTENSIONS.has(this.#extension)) throw activeContent(`A file ending in .${this.#extension}`);
    this.#declared = UNDECLARED_TYPES.has(type) ? null : type;
    if (this.#declared !== null && !allowed.has(this.#declared)) throw documentRefused(`Files of type ${this.#declared} are not accepted.`);
    if (this.#extension !== '') {
      const types = this.#typesOfExtension();
      if (types.length === 0) throw documentRefused(`Files ending in .${this.#extension} are not accepted.`);
      if (this.#declared !== null && !types.includes(this.#declared)) {
        throw documentRefused(`The file name ends in .${this.#extension} but the declared type is ${this.#declared}.`);
      }
    }
  }

  #typesOfExtension(): string[] {
    return Object.entries(DOCUMENT_TYPES)
      .filter(([type, exts]) => exts.includes(this.#extension) && this.#allowed.has(type))
      .map(([type]) => type);
  }

  async update(chunk: Buffer): Promise<void> {
    this.#scan(chunk);
    if (this.#sniffed) return;
    let offered = chunk;
    if (!this.#detection) {
      this.#held.push(chunk);
      this.#heldBytes += chunk.length;
      if (this.#heldBytes < HEAD_BYTES) return;
      // Longer than the head: file-type reads it as a stream of unknown length while it arrives.
      offered = Buffer.concat(this.#held);
      this.#held = [];
      this.#head = offered.subarray(0, HEAD_BYTES);
      this.#detection = new StreamedDetection();
    }
    if (!this.#detection.settled) await this.#detection.offer(offered);
    if (this.#detection.settled) this.#decide(await this.#detection.result);
  }

  async finish(): Promise<string> {
    if (!this.#sniffed) {
      if (this.#detection) {
        this.#decide(await this.#detection.end());
      } else {
        // The whole upload fits in the head: file-type sees it complete, with its true length.
        this.#head = Buffer.concat(this.#held);
        this.#decide(await fileTypeFromBuffer(this.#head).catch(() => undefined));
      }
    }
    const { family, types } = this.#sniffed!;
    let candidates = types;
    if (family === 'zip' || family === 'ole2') candidates = this.#resolveContainer(family);
    if (family === 'exact' && types[0]!.startsWith(ODF_PREFIX) && this.#zipParts!.has(ODF_MACROS))
      throw activeContent('A document with macros');
    if (family === 'text') {
      try {
        this.#utf8!.decode();
      } catch {
        this.#utf8Valid = false;
      }
      if (!this.#utf8Valid) candidates = types.filter((t) => t === 'message/rfc822');
      if (candidates.length === 0) throw documentRefused('The text is not valid UTF-8; save it as UTF-8 and try again.');
    }
    return this.#choose(candidates);
  }

  #decide(found: FileTypeResult | undefined): void {
    const sniffed = classify(found, this.#head);
    if (sniffed === null) throw documentRefused('The content is not a recognised document type.');
    if ('active' in sniffed) throw activeContent(sniffed.active);
    const allowed = sniffed.types.filter((t) => this.#allowed.has(t));
    if (allowed.length === 0) throw documentRefused(`The content is ${sniffed.types[0]}, which is not accepted here.`);
    this.#sniffed = { family: sniffed.family, types: allowed };
    this.#choose(allowed); // refuse a contradiction now rather than after the whole upload
    const odf = sniffed.family === 'exact' && allowed[0]!.startsWith(ODF_PREFIX);
    if (sniffed.family !== 'zip' && !odf) this.#zipParts = null;
    if (sniffed.family !== 'ole2') this.#oleStreams = null;
    if (sniffed.family !== 'text') this.#utf8 = null;
    else if (this.#nulSeen) throw textWithNul();
  }

  #scan(chunk: Buffer): void {
    this.#zipParts?.feed(chunk);
    this.#oleStreams?.feed(chunk);
    if (this.#utf8) {
      if (chunk.includes(0)) {
        if (this.#sniffed) throw textWithNul();
        this.#nulSeen = true;
      }
      if (this.#utf8Valid) {
        try {
          this.#utf8.decode(chunk, { stream: true });
        } catch {
          this.#utf8Valid = false;
        }
      }
    }
  }

  /** The container's kinds of main part that were found (ZIP: in order of appearance); refuses macros. */
  #resolveContainer(family: 'zip' | 'ole2'): string[] {
    let found: string[];
    if (family === 'zip') {
      const parts = this.#zipParts!;
      if (parts.has(ZIP_MACROS)) throw activeContent('A document with macros');
      if (!parts.has(CONTENT_TYPES_PART))
        throw documentRefused('The content is a ZIP archive, not an Office document; archives are not accepted.');
      // An OOXML file can embed another (a chart's workbook), so the part seen first is the document's own.
      found = ZIP_MAIN_PARTS.filter(([name, type]) => parts.has(name) && this.#allowed.has(type))
        .sort(([a], [b]) => parts.at(a) - parts.at(b))
        .map(([, type]) => type);
    } else {
      const streams = this.#oleStreams!;
      if (streams.has(OLE_MACROS)) throw activeContent('A document with macros');
      found = OLE_STREAMS.filter(([name, type]) => streams.has(name) && this.#allowed.has(type)).map(([, type]) => type);
    }
    const what = family === 'zip' ? 'a ZIP archive' : 'an OLE2 container';
    if (found.length === 0) throw documentRefused(`The content is ${what} that is not a document type accepted here.`);
    return found;
  }

  /** The first candidate that agrees with the declaration and the extension, or a refusal naming the contradiction. */
  #choose(candidates: string[]): string {
    let fitting = candidates;
    if (this.#declared !== null) {
      fitting = fitting.filter((t) => t === this.#declared);
      if (fitting.length === 0) throw documentRefused(`The file is declared as ${this.#declared} but its content is ${candidates[0]}.`);
    }
    if (this.#extension !== '') {
      const byExtension = this.#typesOfExtension();
      fitting = fitting.filter((t) => byExtension.includes(t));
      if (fitting.length === 0) throw documentRefused(`The file name ends in .${this.#extension} but its content is ${candidates[0]}.`);
    }
    return fitting[0]!;
  }
}

function textWithNul(): AppError {
  return documentRefused('The content is not a recognised document type (text with NUL bytes).');
}
