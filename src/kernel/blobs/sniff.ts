// What a document really is, from its bytes, checked while it streams in. The declared Content-Type and
// the file name are claims of the client; a PNG named report.pdf, an HTML page sent as text/plain or a
// program renamed to a Word file must not be stored as what it claims to be. The first bytes (magic
// numbers) decide the family; containers (ZIP for OOXML/ODF, OLE2 for DOC/XLS/PPT/MSG) are resolved by
// the names of their parts, which are stored uncompressed and so can be found in the byte stream by the
// end of the upload. Text must be valid UTF-8 without NULs to the last byte.
// Own magic-number checks rather than `file-type`: that library has no notion of text, e-mail or
// "declared versus found", pulls in a tokenizer stack, and would recognise far more than we accept.
import { TextDecoder } from 'node:util';
import { AppError } from '../errors.ts';
import { ACTIVE_EXTENSIONS, ACTIVE_TYPES, DOCUMENT_TYPES, UNDECLARED_TYPES, extensionOf, normaliseType } from './content-types.ts';

/** Bytes read before the first verdict: every signature we know lies well within them. */
const HEAD_BYTES = 4096;

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PPTX = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';
const ODF_PREFIX = 'application/vnd.oasis.opendocument.';

export function documentRefused(detail: string): AppError {
  return new AppError({ status: 400, code: 'document-refused', title: 'Document refused', detail });
}

function activeContent(what: string): AppError {
  return documentRefused(`${what} can run code when opened and is never accepted as a document.`);
}

type Family = 'exact' | 'zip' | 'ole2' | 'text';
type Sniffed = { family: Family; types: string[] } | { active: string } | null;

const startsWith = (head: Buffer, bytes: number[] | string, at = 0): boolean => {
  const sig = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : Buffer.from(bytes);
  return head.length >= at + sig.length && head.subarray(at, at + sig.length).equals(sig);
};

const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'heif']);

function isHeic(head: Buffer): boolean {
  if (!startsWith(head, 'ftyp', 4) || head.length < 16) return false;
  const boxSize = Math.min(head.readUInt32BE(0), head.length);
  const brands = [head.toString('latin1', 8, 12)];
  for (let at = 16; at + 4 <= boxSize; at += 4) brands.push(head.toString('latin1', at, at + 4));
  // mif1/msf1 alone is also AVIF's major brand: require a HEVC brand among the compatible ones.
  return brands.some((brand) => HEIC_BRANDS.has(brand));
}

/** ODF requires an uncompressed first entry "mimetype" holding the document's type. */
function odfType(head: Buffer): string | null {
  if (head.length < 30) return null;
  const nameLength = head.readUInt16LE(26);
  const extraLength = head.readUInt16LE(28);
  if (head.toString('latin1', 30, 30 + nameLength) !== 'mimetype' || head.readUInt16LE(8) !== 0) return null;
  const start = 30 + nameLength + extraLength;
  const size = head.readUInt32LE(18);
  const value = head.toString('latin1', start, start + Math.min(size, 100));
  return value.startsWith(ODF_PREFIX) ? value : null;
}

// WHATWG MIME sniffing treats these openings as HTML; with XML and SVG added, any of them in something
// called text could become a page in a browser that ignores our headers.
const MARKUP_START = /^(?:<!doctype\s+html|<html|<head|<script|<iframe|<h1|<div|<font|<table|<a|<style|<title|<b|<body|<br|<p|<!--|<\?xml|<svg|<math|<object|<embed)[\s>/]/i;
const MARKUP_ANYWHERE = /<(?:script|html|svg|iframe|object|embed)[\s>/]|<!doctype\s+html/i;
const MAIL_HEADER = /^(?:received|return-path|from|to|subject|date|message-id|mime-version|delivered-to|reply-to|cc|content-type|dkim-signature|authentication-results|arc-[a-z-]+|x-[a-z0-9-]+|thread-topic|thread-index|sender|in-reply-to|references):[ \t]/i;

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

function sniffHead(head: Buffer): Sniffed {
  if (startsWith(head, 'MZ') || startsWith(head, [0x7f, 0x45, 0x4c, 0x46]) || startsWith(head, '#!') || startsWith(head, [0, 0x61, 0x73, 0x6d])) {
    return { active: 'A program or script' };
  }
  for (const macho of [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]]) {
    if (startsWith(head, macho)) return { active: 'A program' };
  }
  if (startsWith(head, '%PDF-')) return { family: 'exact', types: ['application/pdf'] };
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { family: 'exact', types: ['image/png'] };
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { family: 'exact', types: ['image/jpeg'] };
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return { family: 'exact', types: ['image/gif'] };
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a]) || startsWith(head, [0x49, 0x49, 0x2b, 0x00])) {
    return { family: 'exact', types: ['image/tiff'] };
  }
  if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) return { family: 'exact', types: ['image/webp'] };
  if (isHeic(head)) return { family: 'exact', types: ['image/heic'] };
  if (startsWith(head, '{\\rtf')) return { family: 'exact', types: ['application/rtf'] };
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { family: 'ole2', types: ['application/msword', 'application/vnd.ms-excel', 'application/vnd.ms-powerpoint', 'application/vnd.ms-outlook'] };
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    const odf = odfType(head);
    return odf ? { family: 'exact', types: [odf] } : { family: 'zip', types: [DOCX, XLSX, PPTX] };
  }
  if (head.includes(0)) return null;
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  if (looksLikeMail(text)) return { family: 'text', types: ['message/rfc822', 'text/plain'] };
  if (MARKUP_START.test(text.trimStart()) || MARKUP_ANYWHERE.test(text)) return { active: 'HTML, SVG or XML' };
  return { family: 'text', types: ['text/plain'] };
}

/** Finds fixed byte strings anywhere in a stream, across chunk boundaries; remembers where each first occurred. */
class NeedleScanner {
  readonly #needles: Buffer[];
  readonly #overlap: number;
  readonly found = new Map<number, number>();
  #tail = Buffer.alloc(0);
  #offset = 0;

  constructor(needles: Buffer[]) {
    this.#needles = needles;
    this.#overlap = Math.max(...needles.map((n) => n.length)) - 1;
  }

  feed(chunk: Buffer): void {
    const window = Buffer.concat([this.#tail, chunk]);
    const base = this.#offset - this.#tail.length;
    this.#needles.forEach((needle, index) => {
      if (this.found.has(index)) return;
      const at = window.indexOf(needle);
      if (at >= 0) this.found.set(index, base + at);
    });
    this.#offset += chunk.length;
    this.#tail = Buffer.from(window.subarray(Math.max(0, window.length - this.#overlap)));
  }

  has(index: number): boolean {
    return this.found.has(index);
  }
}

const utf16 = (s: string) => Buffer.from(s, 'utf16le');
const ZIP_NEEDLES = ['[Content_Types].xml', 'word/document.xml', 'xl/workbook.xml', 'ppt/presentation.xml', 'vbaProject.bin'].map((s) => Buffer.from(s));
const ZIP_MAIN: Record<number, string> = { 1: DOCX, 2: XLSX, 3: PPTX };
const OLE_NEEDLES = ['__substg1.0_', 'WordDocument', 'PowerPoint Document', 'Workbook', '_VBA_PROJECT'].map(utf16);
const OLE_TYPES: Record<number, string> = { 0: 'application/vnd.ms-outlook', 1: 'application/msword', 2: 'application/vnd.ms-powerpoint', 3: 'application/vnd.ms-excel' };
/** Index of the macro needle in both lists above. */
const MACROS = 4;
const ODF_MACROS = [Buffer.from('Basic/script-lc.xml')];

export interface DeclaredDocument {
  /** The Content-Type the client sent for the file (parameters ignored). */
  contentType?: string | null;
  filename?: string | null;
}

/**
 * Checks one upload. The constructor refuses what the declaration alone rules out; feed every chunk to
 * update() in order (it throws as soon as the content is refused); finish() returns the content type
 * found, which is what the caller should store and serve, never the declared one.
 */
export class ContentInspector {
  readonly #allowed: ReadonlySet<string>;
  readonly #declared: string | null;
  readonly #extension: string;
  #held: Buffer[] = [];
  #heldBytes = 0;
  #sniffed: { family: Family; types: string[] } | null = null;
  #scanner: NeedleScanner | null = null;
  #utf8: TextDecoder | null = null;
  #utf8Valid = true;

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
    return Object.entries(DOCUMENT_TYPES).filter(([type, exts]) => exts.includes(this.#extension) && this.#allowed.has(type)).map(([type]) => type);
  }

  update(chunk: Buffer): void {
    if (this.#sniffed) return this.#scan(chunk);
    this.#held.push(chunk);
    this.#heldBytes += chunk.length;
    if (this.#heldBytes >= HEAD_BYTES) this.#decideHead();
  }

  finish(): string {
    if (!this.#sniffed) this.#decideHead();
    const { family, types } = this.#sniffed!;
    let candidates = types;
    if (family === 'zip' || family === 'ole2') candidates = this.#resolveContainer(family);
    if (family === 'exact' && types[0]!.startsWith(ODF_PREFIX) && this.#scanner!.has(0)) throw activeContent('A document with macros');
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

  #decideHead(): void {
    const head = Buffer.concat(this.#held);
    const sniffed = sniffHead(head.subarray(0, HEAD_BYTES));
    if (sniffed === null) throw documentRefused('The content is not a recognised document type.');
    if ('active' in sniffed) throw activeContent(sniffed.active);
    const allowed = sniffed.types.filter((t) => this.#allowed.has(t));
    if (allowed.length === 0) throw documentRefused(`The content is ${sniffed.types[0]}, which is not accepted here.`);
    this.#sniffed = { family: sniffed.family, types: allowed };
    this.#choose(allowed); // refuse a contradiction now rather than after the whole upload
    if (sniffed.family === 'zip') this.#scanner = new NeedleScanner(ZIP_NEEDLES);
    if (sniffed.family === 'ole2') this.#scanner = new NeedleScanner(OLE_NEEDLES);
    if (sniffed.family === 'exact' && allowed[0]!.startsWith(ODF_PREFIX)) this.#scanner = new NeedleScanner(ODF_MACROS);
    if (sniffed.family === 'text') this.#utf8 = new TextDecoder('utf-8', { fatal: true });
    const held = this.#held;
    this.#held = [];
    for (const chunk of held) this.#scan(chunk);
  }

  #scan(chunk: Buffer): void {
    this.#scanner?.feed(chunk);
    if (this.#utf8) {
      if (chunk.includes(0)) throw documentRefused('The content is not a recognised document type (text with NUL bytes).');
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
    const scanner = this.#scanner!;
    const what = family === 'zip' ? 'a ZIP archive' : 'an OLE2 container';
    if (scanner.has(MACROS)) throw activeContent('A document with macros');
    if (family === 'zip' && !scanner.has(0)) throw documentRefused('The content is a ZIP archive, not an Office document; archives are not accepted.');
    // An OOXML file can embed another (a chart's workbook), so the part seen first is the document's own.
    // In OLE2 the directory order says little; an e-mail (MSG) may hold Word files, so fixed priority.
    const order = (index: number) => (family === 'zip' ? scanner.found.get(index)! : index);
    const found = Object.entries(family === 'zip' ? ZIP_MAIN : OLE_TYPES)
      .map(([index, type]) => [Number(index), type] as const)
      .filter(([index, type]) => scanner.has(index) && this.#allowed.has(type))
      .sort(([a], [b]) => order(a) - order(b))
      .map(([, type]) => type);
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
