// Reads one query box into search terms: what looks like an e-mail address, a police reference, a date,
// a case number, a postcode (with house number), a phone number or a BSN is taken out, in that order
// (each pattern could otherwise swallow part of a later one: a date is read before a phone number that
// starts with 0, a postcode before a phone number that would run on into the house number); the words
// left are the name. Pure: no database, no key ring.
import { isValidBsn, normaliseBsn, normalisePhone } from '../persons/index.ts';

export type TermKind =
  'bsn' | 'date-of-birth' | 'phone' | 'email' | 'postcode' | 'house-number' | 'case-number' | 'police-reference' | 'name' | 'unrecognised';

export interface ParsedQuery {
  /** Nine digits that pass the elfproef (normalised: eight-digit numbers get their leading zero). */
  bsn?: string;
  /** YYYY-MM-DD */
  dateOfBirth?: string;
  /** Normalised as persons stores phone numbers (+31…). */
  phone?: string;
  /** Lower case, as persons stores e-mail addresses. */
  email?: string;
  /** 1234AB */
  postcode?: string;
  huisnummer?: number;
  /** 2026-000123 */
  caseNumber?: string;
  /** Upper case, as police systems write them (PL0900-2026123456). */
  policeReference?: string;
  /** Name words that must all match (typo-tolerant). */
  nameWords: string[];
  /** Tussenvoegsels and initials: they rank, but a person without them still matches. */
  optionalNameWords: string[];
  /** Parts that were none of the above (a second date, a number that is no BSN…): ignored, but counted. */
  unrecognised: number;
}

/** How many name words count; more add nothing but cost (one trigram condition each). */
export const MAX_NAME_WORDS = 6;

// Lower case; "'t" is written with an apostrophe. A lone "van" can be a first name, but as a search word
// it is far likelier the tussenvoegsel.
const TUSSENVOEGSELS = new Set([
  'van',
  'de',
  'der',
  'den',
  'het',
  "'t",
  't',
  'te',
  'ter',
  'ten',
  'in',
  'op',
  'aan',
  'bij',
  'uit',
  'onder',
  'voor',
  'la',
  'le',
  'du',
  'da',
  'di',
  'dos',
  'del',
  'della',
  'von',
  'zu',
  'vom',
  'el',
  'al',
  'l',
]);

const EMAIL = /[^\s@,;<>()]+@[^\s@,;<>()]+\.[^\s@,;<>()]+/g;
const POLICE_REFERENCE = /(?<![\p{L}\d])([A-Za-z]{2}\d{4})-?(\d{6,12})(?![\p{L}\d])/gu;
const ISO_DATE = /(?<![\d-])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d-])/g;
const DUTCH_DATE = /(?<![\d./-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})(?![\d./-])/g;
const CASE_NUMBER = /(?<![\d-])(\d{4})-(\d{1,9})(?![\d-])/g;
// The house number may carry a toevoeging when glued on or hyphenated ("12a", "12-A", "12 - 2"), not
// after a bare space: "1234 AB 12 de Vries" keeps "de" for the name.
const POSTCODE =
  /(?<![\p{L}\d])([1-9]\d{3})\s?([A-Za-z]{2})(?!\p{L})(?:[\s,]*(\d{1,5})(?:-?[A-Za-z]{1,2}|\s?-\s?[A-Za-z0-9]{1,4})?(?![\p{L}\d]))?/gu;
const PHONE = /(?<![\w+])(?:\+|00|0)[\d\s().-]{7,22}\d/g;
const BSN = /(?<![\d.])(\d{4}[ .]?\d{2}[ .]?\d{3}|\d{8})(?![\d.])/g;
const NAME_WORD = /^(?:'t|[\p{L}\p{M}][\p{L}\p{M}'’-]*)$/u;

function validDate(year: number, month: number, day: number): string | undefined {
  if (year < 1890 || year > 2200 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined; // 31 February
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A Dutch or international phone number, or undefined. Tries shorter runs when a number runs into the next term. */
function readPhone(candidate: string): { phone: string; length: number } | undefined {
  const parts = candidate.split(/(?<=\S)(?=\s)/);
  for (let n = parts.length; n > 0; n--) {
    const text = parts.slice(0, n).join('');
    // As persons stores them: Dutch numbers as +31…, others as written (without spaces and dashes).
    const phone = normalisePhone(text.replace(/\(0\)/g, ''));
    if (/^\+31\d{9}$/.test(phone) || /^(?:\+|00)[1-9]\d{7,14}$/.test(phone)) return { phone, length: text.length };
  }
  return undefined;
}

export function parseQuery(input: string): ParsedQuery {
  const parsed: ParsedQuery = { nameWords: [], optionalNameWords: [], unrecognised: 0 };
  let rest = ` ${input.normalize('NFC')} `;
  // Replaces what a pattern read with spaces, so later patterns and the name words never see it.
  const take = (pattern: RegExp, read: (match: RegExpExecArray) => number | false) => {
    rest = rest.replace(pattern, (...args) => {
      const match = args.slice(0, -2) as unknown as RegExpExecArray;
      const used = read(match);
      if (used === false) return match[0];
      return ' '.repeat(used) + match[0].slice(used);
    });
  };
  const once = <K extends keyof ParsedQuery>(key: K, value: ParsedQuery[K]) => {
    if (parsed[key] === undefined) parsed[key] = value;
    else if (parsed[key] !== value) parsed.unrecognised++;
  };

  take(EMAIL, (m) => {
    once('email', m[0].toLowerCase());
    return m[0].length;
  });
  take(POLICE_REFERENCE, (m) => {
    once('policeReference', `${m[1]!.toUpperCase()}-${m[2]!}`);
    return m[0].length;
  });
  take(ISO_DATE, (m) => {
    const date = validDate(Number(m[1]), Number(m[2]), Number(m[3]));
    if (!date) return false;
    once('dateOfBirth', date);
    return m[0].length;
  });
  take(DUTCH_DATE, (m) => {
    const date = validDate(Number(m[4]), Number(m[3]), Number(m[1]));
    if (!date) return false;
    once('dateOfBirth', date);
    return m[0].length;
  });
  take(CASE_NUMBER, (m) => {
    const year = Number(m[1]);
    if (year < 2000 || year > 2200) return false;
    once('caseNumber', `${m[1]}-${m[2]!.padStart(6, '0')}`);
    return m[0].length;
  });
  take(POSTCODE, (m) => {
    once('postcode', `${m[1]}${m[2]!.toUpperCase()}`);
    if (m[3]) once('huisnummer', Number(m[3]));
    return m[0].length;
  });
  take(PHONE, (m) => {
    const phone = readPhone(m[0]);
    if (!phone) return false;
    once('phone', phone.phone);
    return phone.length;
  });
  take(BSN, (m) => {
    if (!isValidBsn(m[1]!)) return false;
    once('bsn', normaliseBsn(m[1]!.replace(/[ .]/g, '')));
    return m[0].length;
  });

  for (const raw of rest.split(/[\s,;:()"]+/)) {
    const lower = raw.toLowerCase().replace('’', "'");
    const token = lower === "'t" ? lower : lower.replace(/^[.'-]+|[.'-]+$/g, '');
    if (token === '') continue;
    if (!NAME_WORD.test(token) || token.length > 100) {
      parsed.unrecognised++;
      continue;
    }
    const optional = TUSSENVOEGSELS.has(token) || token.length === 1;
    if (parsed.nameWords.length + parsed.optionalNameWords.length >= MAX_NAME_WORDS) continue;
    (optional ? parsed.optionalNameWords : parsed.nameWords).push(token);
  }
  // "de Vries" needs "vries"; a query of only "de" or "van der" searches for those words themselves.
  if (parsed.nameWords.length === 0 && parsed.optionalNameWords.some((w) => w.length > 1)) {
    parsed.nameWords = parsed.optionalNameWords.filter((w) => w.length > 1);
    parsed.optionalNameWords = parsed.optionalNameWords.filter((w) => w.length === 1);
  }
  return parsed;
}

/** The kinds of terms found, for the response and the audit trail (never the terms themselves). */
export function termKinds(parsed: ParsedQuery): TermKind[] {
  const kinds: TermKind[] = [];
  if (parsed.bsn) kinds.push('bsn');
  if (parsed.dateOfBirth) kinds.push('date-of-birth');
  if (parsed.phone) kinds.push('phone');
  if (parsed.email) kinds.push('email');
  if (parsed.postcode) kinds.push('postcode');
  if (parsed.huisnummer !== undefined) kinds.push('house-number');
  if (parsed.caseNumber) kinds.push('case-number');
  if (parsed.policeReference) kinds.push('police-reference');
  if (parsed.nameWords.length > 0) kinds.push('name');
  if (parsed.unrecognised > 0) kinds.push('unrecognised');
  return kinds;
}

export const hasPersonTerms = (p: ParsedQuery) =>
  Boolean(p.bsn || p.dateOfBirth || p.phone || p.email || p.postcode || p.nameWords.length > 0);
export const hasCaseTerms = (p: ParsedQuery) => Boolean(p.caseNumber || p.policeReference);
