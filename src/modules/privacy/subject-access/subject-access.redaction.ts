// Striking other people from the free text of a data-subject export. A contact summary about the case
// as a whole, a task, an incident description or a referral note may name someone else who shares the
// case ("spoke with A; her brother B was there"). GDPR art. 15(4): the right to a copy shall not
// adversely affect the rights and freedoms of others. So every name form, BSN, phone number and e-mail
// address of the other participants of the person's cases is replaced in the export's text by a marker.
// Whole words only, case-insensitive, longest first ("Bert de Vries" before "Bert"). A term that is
// also one of the data subject's own name forms is left (a shared surname names the subject too; the
// other person's full name is still struck). This is a safety net, not a judgement: the privacy officer
// reads the free text before sending it (docs/privacy.md).

/** What replaces a struck term. Dutch: the export is for the (Dutch) data subject. */
export const REDACTED = '[andere betrokkene]';

export interface NameParts {
  voornamen: string | null;
  roepnaam: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
}

export interface OtherPerson extends NameParts {
  bsn: string | null;
  phones: readonly string[];
  emails: readonly string[];
}

export interface Redactor {
  /** The text with every other person's terms struck. */
  readonly text: <T extends string | null>(value: T) => T;
  /** Every string inside a JSON value struck the same way (a referral's payload, custom fields). */
  readonly json: <T>(value: T) => T;
  /** How many terms were struck so far (the export reports it, so the officer knows to look). */
  readonly count: number;
}

const clean = (s: string | null | undefined) => (s ?? '').trim().replace(/\s+/g, ' ');

/** The ways a person's name appears in text: full names, surname with and without tussenvoegsel, given names. */
export function nameForms(p: NameParts): string[] {
  const given = clean(p.voornamen).split(' ').filter(Boolean);
  const calls = [...new Set([clean(p.roepnaam), ...given, clean(p.voornamen)].filter(Boolean))];
  const surnames = [
    ...new Set([clean(p.achternaam), [clean(p.tussenvoegsel), clean(p.achternaam)].filter(Boolean).join(' ')].filter(Boolean)),
  ];
  const full = calls.flatMap((c) => surnames.map((s) => `${c} ${s}`));
  return [...new Set([...full, ...surnames, ...calls])].filter((form) => [...form].length >= 2);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const WORD_START = '(?<![\\p{L}\\p{N}])';
const WORD_END = '(?![\\p{L}\\p{N}])';

/** Digits with any of space, dot or hyphen between them, not inside a longer number. */
function digitPattern(digits: string): string {
  return `(?<!\\d)${[...digits].join('[\\s.-]?')}(?!\\d)`;
}

/** A stored phone number (+31612345678) as text may write it: international, 0031…, or national 06…. */
function phoneVariants(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 6) return [];
  const variants = [digits];
  if (digits.startsWith('31')) variants.push(`0${digits.slice(2)}`);
  return variants;
}

export function createRedactor(others: readonly OtherPerson[], own: readonly NameParts[]): Redactor {
  const mine = new Set(own.flatMap(nameForms).map((f) => f.toLocaleLowerCase('nl')));
  const names = [...new Set(others.flatMap(nameForms))].filter((f) => !mine.has(f.toLocaleLowerCase('nl')));
  // The first alternative that matches wins: e-mail addresses before the names inside them, longer
  // names before the shorter ones inside them.
  const patterns = [
    ...others.flatMap((o) => o.emails.map((e) => `${WORD_START}${escape(e)}${WORD_END}`)),
    ...names.sort((a, b) => b.length - a.length).map((n) => `${WORD_START}${escape(n).replace(/ /g, '\\s+')}${WORD_END}`),
    ...others.flatMap((o) => (o.bsn ? [digitPattern(o.bsn)] : [])),
    ...others.flatMap((o) => o.phones.flatMap(phoneVariants).map((d) => `(?:\\+|00)?${digitPattern(d)}`)),
  ];
  const pattern = patterns.length > 0 ? new RegExp(patterns.join('|'), 'giu') : null;
  let count = 0;
  const text = <T extends string | null>(value: T): T => {
    if (value === null || pattern === null) return value;
    return value.replace(pattern, () => {
      count++;
      return REDACTED;
    }) as T;
  };
  const json = <T>(value: T): T => {
    if (typeof value === 'string') return text(value);
    if (Array.isArray(value)) return value.map(json) as T;
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, json(v)])) as T;
    return value;
  };
  return {
    text,
    json,
    get count() {
      return count;
    },
  };
}
