// The document types Casus can recognise from their bytes, as data. A type is only ever allowed if the
// sniffer in sniff.ts can prove it, so CASUS_DOCUMENT_ALLOWED_TYPES can narrow this list but never widen
// it. Kept free of imports: config.ts validates the setting against it.

/** Canonical MIME type -> the file extensions that may carry it (lower case, without the dot). */
export const DOCUMENT_TYPES: Readonly<Record<string, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/gif': ['gif'],
  'image/tiff': ['tif', 'tiff'],
  'image/webp': ['webp'],
  'image/heic': ['heic', 'heif'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['docx'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['xlsx'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['pptx'],
  'application/vnd.oasis.opendocument.text': ['odt'],
  'application/vnd.oasis.opendocument.spreadsheet': ['ods'],
  'application/vnd.oasis.opendocument.presentation': ['odp'],
  'application/msword': ['doc'],
  'application/vnd.ms-excel': ['xls'],
  'application/vnd.ms-powerpoint': ['ppt'],
  'application/vnd.ms-outlook': ['msg'],
  'application/rtf': ['rtf'],
  'text/plain': ['txt'],
  'message/rfc822': ['eml'],
};

export const KNOWN_DOCUMENT_TYPES: readonly string[] = Object.keys(DOCUMENT_TYPES);

/** Other names clients send for the same types. */
export const TYPE_ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/heif': 'image/heic',
  'text/rtf': 'application/rtf',
  'application/x-rtf': 'application/rtf',
  'application/x-pdf': 'application/pdf',
};

/** Declared types that mean "the client does not know": the bytes and the extension decide. */
export const UNDECLARED_TYPES: ReadonlySet<string> = new Set([
  '',
  'application/octet-stream',
  'binary/octet-stream',
  'application/unknown',
]);

/**
 * Refused by name, with their own message: documents are downloaded in a browser, and these either run
 * there (HTML, SVG, XML with scripts: stored cross-site scripting) or run on the worker's machine.
 */
export const ACTIVE_TYPES: ReadonlySet<string> = new Set([
  'text/html',
  'application/xhtml+xml',
  'image/svg+xml',
  'text/xml',
  'application/xml',
  'text/javascript',
  'application/javascript',
  'application/x-javascript',
  'application/ecmascript',
  'text/ecmascript',
  'application/x-msdownload',
  'application/x-msdos-program',
  'application/x-executable',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-sh',
  'application/x-shellscript',
  'application/java-archive',
  'application/x-ms-installer',
  'application/x-msi',
  'application/hta',
  'application/vnd.microsoft.portable-executable',
]);

export const ACTIVE_EXTENSIONS: ReadonlySet<string> = new Set([
  'html',
  'htm',
  'xhtml',
  'shtml',
  'mht',
  'mhtml',
  'svg',
  'svgz',
  'xml',
  'xsl',
  'js',
  'mjs',
  'cjs',
  'jse',
  'vbs',
  'vbe',
  'wsf',
  'wsh',
  'hta',
  'ps1',
  'psm1',
  'bat',
  'cmd',
  'com',
  'exe',
  'dll',
  'scr',
  'cpl',
  'msi',
  'msp',
  'jar',
  'sh',
  'bash',
  'elf',
  'app',
  'dmg',
  'pkg',
  'lnk',
  'reg',
  'docm',
  'dotm',
  'xlsm',
  'xltm',
  'xlam',
  'pptm',
  'potm',
  'ppsm',
]);

/** The canonical form of a declared Content-Type: lower case, without parameters, aliases resolved. */
export function normaliseType(declared: string | null | undefined): string {
  const bare = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  return TYPE_ALIASES[bare] ?? bare;
}

/** The lower-case extension of a file name ('' when it has none). */
export function extensionOf(filename: string | null | undefined): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0
    ? base
        .slice(dot + 1)
        .trim()
        .toLowerCase()
    : '';
}
