// File names are the client's words: they travel in a header on upload and back in one on download,
// and end up on the worker's disk. Stored only after sanitising (no paths, no control or bidi
// characters that disguise an extension, nothing Windows refuses), at most 255 characters, and sent
// back as an RFC 6266 attachment with an ASCII fallback and the exact UTF-8 name (RFC 8187).
import { DOCUMENT_TYPES, extensionOf } from '../../kernel/blobs/content-types.ts';

export const MAX_FILENAME_LENGTH = 255;
const WINDOWS_RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)/i;

/** The file name from a `Content-Disposition` request header: `filename*=UTF-8''…` wins over `filename=`. */
export function filenameFromDisposition(header: string | undefined): string | null {
  if (!header) return null;
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^;]*)/i.exec(header);
  if (extended) {
    const match = /^\s*utf-8'[^']*'(.+?)\s*$/i.exec(extended[1]!);
    if (match) {
      try {
        return decodeURIComponent(match[1]!);
      } catch {
        // malformed percent-encoding: fall back to the plain parameter
      }
    }
  }
  const plain = /(?:^|;)\s*filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/i.exec(header);
  if (!plain) return null;
  const value = plain[1]!.trim();
  return utf8FromLatin1(value.startsWith('"') ? value.slice(1, -1).replace(/\\(.)/g, '$1') : value);
}

/** Node reads header bytes as Latin-1; a client that sent raw UTF-8 meant UTF-8 when it decodes as such. */
function utf8FromLatin1(value: string): string {
  if (!/[\x80-\xff]/.test(value) || /[\u0100-\uffff]/.test(value)) return value;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(value, 'latin1'));
  } catch {
    return value;
  }
}

/** A safe display and download name, or '' when nothing usable is left. */
export function sanitiseFilename(raw: string): string {
  let name = raw.normalize('NFC');
  name = name.split(/[\\/]/).pop() ?? '';
  // Line breaks and tabs become spaces; other controls and format characters go (bidi overrides such
  // as U+202E turn "gpj.exe" around, zero-width characters hide things).
  name = name.replace(/[\t\n\v\f\r\u0085\u2028\u2029]/g, ' ').replace(/[\p{Cc}\p{Cf}]/gu, '');
  name = name.replace(/[<>:"|?*]/g, '_').replace(/\s+/g, ' ');
  name = name.replace(/^[\s.]+|[\s.]+$/g, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  return truncate(name, MAX_FILENAME_LENGTH);
}

/** Cuts to `max` characters (code points), keeping the extension. */
function truncate(name: string, max: number): string {
  const chars = [...name];
  if (chars.length <= max) return name;
  const extension = extensionOf(name);
  const tail = extension && extension.length <= 16 ? [...`.${extension}`] : [];
  return (
    chars
      .slice(0, max - tail.length)
      .join('')
      .trimEnd() + tail.join('')
  );
}

/**
 * The name to store: the sanitised client name, with the extension of the type found in the content
 * when it has none (so the download opens in the right program), or `document.<ext>` without a name.
 */
export function storedFilename(sanitised: string, contentType: string): string {
  const extension = DOCUMENT_TYPES[contentType]?.[0] ?? 'bin';
  if (sanitised === '') return `document.${extension}`;
  if (extensionOf(sanitised) !== '') return sanitised;
  return truncate(`${sanitised}.${extension}`, MAX_FILENAME_LENGTH);
}

/** `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` for a stored name. */
export function attachmentDisposition(filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\%]/g, '_');
  const encoded = encodeURIComponent(filename).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
