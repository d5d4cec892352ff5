// The text a PDF made by pdfkit shows, for tests that check what a report says (and does not say):
// every content stream inflated, every string of its TJ operators decoded (pdfkit writes the built-in
// fonts' text as hex of Windows-1252 codes, a word split where kerning applies). The strings are
// joined without separators: a test looks for words and numbers, not for layout.
import { inflateSync } from 'node:zlib';

export function pdfTextOf(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const shown: string[] = [];
  // Each stream's bytes by the /Length of its dictionary: matched up to "endstream" instead, a stream whose
  // compressed bytes happen to end in \r lost that byte to the line break before it, failed to inflate and
  // was skipped (one run in a few hundred, with the dates and ids of the day).
  for (const stream of raw.matchAll(/\/Length (\d+)\b[^>]*>>\s*stream\r?\n/g)) {
    const start = stream.index + stream[0].length;
    let content: string;
    try {
      content = inflateSync(Buffer.from(raw.slice(start, start + Number(stream[1])), 'latin1')).toString('latin1');
    } catch {
      continue; // not a deflated content stream
    }
    for (const op of content.matchAll(/\[((?:<[0-9a-fA-F]*>|[^\]<])*)\]\s*TJ/g))
      shown.push([...op[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((hex) => Buffer.from(hex[1]!, 'hex').toString('latin1')).join(''));
  }
  return shown.join('');
}
