// Synthetic Dutch persons: names split as the BRP splits them, addresses with real-looking postcodes,
// phone numbers, e-mail addresses, dates of birth with the age profile of victims, language and
// interpreter need. Every value is drawn from tables in data/; nothing describes a real person.
// Proportions are approximations of the Dutch population and of victim-support clients, chosen to
// make screens, search and benchmarks behave as they would in production.
import { type DemoContext, type EmailDomains, DAY_MS, isoDate, utcYear } from './context.ts';
import { DUTCH_FIRST_NAMES, FOREIGN_FIRST_NAMES, type Cohort, type FirstName, type Sex } from './data/first-names.ts';
import { EMAIL_DOMAINS, PLACES, RESERVED_EMAIL_DOMAINS, type Place } from './data/places.ts';
import { STREETS } from './data/streets.ts';
import { DUTCH_SURNAMES, FOREIGN_SURNAMES, type Surname } from './data/surnames.ts';
import { surnameTail } from './data/surname-tail.ts';
import { forIndex, mix32, pickAt, weightedTable, type Rng, type WeightedTable } from './random.ts';

export { isValidBsn } from './bsn.ts';
export type { Place } from './data/places.ts';
export type { Sex } from './data/first-names.ts';

/** Migration background, by which names and language are chosen. */
export type Origin = 'nl' | 'eu' | 'tr' | 'ma' | 'sr' | 'cw' | 'pl' | 'ar' | 'af' | 'en';

export interface PersonName {
  voornamen: string;
  roepnaam: string;
  initialen: string;
  voorvoegsel: string | null;
  achternaam: string;
}

export interface Address {
  street: string;
  huisnummer: number;
  /** Huisletter and/or huisnummertoevoeging in one field: 'A', '2', 'bis', 'hs', 'II'. */
  huisnummerToevoeging: string | null;
  postcode: string;
  woonplaats: string;
  gemeente: string;
  country: 'NL';
}

export interface Phone {
  kind: 'mobile' | 'landline';
  /** As people write it: '06-12345678', '020-1234567', '0318-123456'. */
  number: string;
  e164: string;
}

export interface SyntheticPerson {
  index: number;
  /** 'M', 'V' or 'O' (onbekend), as the BRP records geslacht. */
  sex: Sex | 'O';
  origin: Origin;
  name: PersonName;
  /** 'YYYY-MM-DD' */
  dateOfBirth: string;
  /** Null for about 6%: not known at referral (no ID, recently arrived, refused). */
  bsn: string | null;
  /** Null for about 2%: no fixed address or abroad. */
  address: Address | null;
  phones: Phone[];
  emails: string[];
  /** ISO 639-1 where it exists ('nl', 'en', 'tr', 'ar', ...), otherwise 639-3 ('pap'). */
  preferredLanguage: string;
  interpreterNeeded: boolean;
  confidentialAddress: boolean;
  vulnerabilities: string[];
}

const ORIGINS = weightedTable<Origin>([
  ['nl', 750],
  ['eu', 35],
  ['tr', 45],
  ['ma', 45],
  ['sr', 30],
  ['cw', 12],
  ['pl', 25],
  ['ar', 30],
  ['af', 13],
  ['en', 15],
]);

// Victims by age: few young children and elderly, most between 18 and 55.
const AGE_BANDS = weightedTable<readonly [number, number]>([
  [[0, 12], 4],
  [[12, 18], 8],
  [[18, 25], 15],
  [[25, 35], 19],
  [[35, 45], 16],
  [[45, 55], 15],
  [[55, 65], 11],
  [[65, 75], 7],
  [[75, 95], 5],
]);

const LANGUAGES: Record<Origin, WeightedTable<string>> = {
  nl: weightedTable([
    ['nl', 997],
    ['en', 3],
  ]),
  eu: weightedTable([
    ['nl', 55],
    ['en', 25],
    ['de', 15],
    ['fr', 5],
  ]),
  tr: weightedTable([
    ['nl', 70],
    ['tr', 30],
  ]),
  ma: weightedTable([
    ['nl', 75],
    ['ar', 20],
    ['fr', 5],
  ]),
  sr: weightedTable([
    ['nl', 98],
    ['en', 2],
  ]),
  cw: weightedTable([
    ['nl', 80],
    ['pap', 10],
    ['en', 10],
  ]),
  pl: weightedTable([
    ['nl', 35],
    ['pl', 55],
    ['en', 10],
  ]),
  ar: weightedTable([
    ['nl', 35],
    ['ar', 60],
    ['en', 5],
  ]),
  af: weightedTable([
    ['nl', 35],
    ['ti', 40],
    ['so', 15],
    ['en', 10],
  ]),
  en: weightedTable([
    ['en', 70],
    ['nl', 30],
  ]),
};

const toTable = <T extends { weight: number }>(items: readonly T[]) => weightedTable(items.map((item) => [item, item.weight] as const));
const DUTCH_FIRST = {
  old: { M: toTable(DUTCH_FIRST_NAMES.old.M), V: toTable(DUTCH_FIRST_NAMES.old.V) },
  mid: { M: toTable(DUTCH_FIRST_NAMES.mid.M), V: toTable(DUTCH_FIRST_NAMES.mid.V) },
  young: { M: toTable(DUTCH_FIRST_NAMES.young.M), V: toTable(DUTCH_FIRST_NAMES.young.V) },
};
const FOREIGN_FIRST = Object.fromEntries(
  Object.entries(FOREIGN_FIRST_NAMES).map(([origin, bySex]) => [origin, { M: toTable(bySex.M), V: toTable(bySex.V) }]),
) as Record<string, Record<Sex, WeightedTable<FirstName>>>;
// Middle names are mostly the grandparents' baptismal names (Johannes, Maria), whatever the cohort.
const FORMAL = {
  M: toTable(DUTCH_FIRST_NAMES.old.M.filter((n) => n.callNames.length > 0)),
  V: toTable(DUTCH_FIRST_NAMES.old.V.filter((n) => n.callNames.length > 0)),
};
// The top list carries under a fifth of the Dutch (3.0 of 17 million); the composed long tail the rest.
const TOP_LIST_SHARE = 0.18;
const DUTCH_LAST = toTable([
  ...DUTCH_SURNAMES,
  ...surnameTail((DUTCH_SURNAMES.reduce((sum, s) => sum + s.weight, 0) * (1 - TOP_LIST_SHARE)) / TOP_LIST_SHARE),
]);
const FOREIGN_LAST = Object.fromEntries(Object.entries(FOREIGN_SURNAMES).map(([origin, list]) => [origin, toTable(list)])) as Record<
  string,
  WeightedTable<Surname>
>;
const PLACE_TABLE = weightedTable(PLACES.map((place) => [place, place.weight] as const));
const STREET_TABLE = weightedTable(STREETS);
const EMAIL_TABLES: Record<EmailDomains, WeightedTable<string>> = {
  common: weightedTable(EMAIL_DOMAINS),
  reserved: weightedTable(RESERVED_EMAIL_DOMAINS),
};

const NAME_COUNT: Record<Cohort, WeightedTable<number>> = {
  old: weightedTable([
    [1, 20],
    [2, 45],
    [3, 30],
    [4, 5],
  ]),
  mid: weightedTable([
    [1, 35],
    [2, 45],
    [3, 20],
  ]),
  young: weightedTable([
    [1, 50],
    [2, 42],
    [3, 8],
  ]),
};

export function cohortOf(birthYear: number): Cohort {
  return birthYear < 1960 ? 'old' : birthYear < 1990 ? 'mid' : 'young';
}

const INITIAL_DIGRAPHS = ['IJ', 'Chr', 'Th', 'Ph'];

const initialCache = new Map<string, string>();

function initialsOfWord(word: string): string {
  let out = initialCache.get(word);
  if (out === undefined) {
    out = '';
    for (const part of word.split('-')) {
      if (!part) continue;
      const digraph = INITIAL_DIGRAPHS.find((d) => part.startsWith(d) && part.length > d.length);
      out += `${digraph ?? Array.from(part)[0]!.toUpperCase()}.`;
    }
    if (initialCache.size < 10_000) initialCache.set(word, out);
  }
  return out;
}

/** Dutch initials: 'Johannes Cornelis' -> 'J.C.', 'Theodorus IJsbrand' -> 'Th.IJ.', 'Pieter-Jan' -> 'P.J.'. */
export function initialsOf(voornamen: string): string {
  let out = '';
  for (const word of voornamen.split(' ')) if (word) out += initialsOfWord(word);
  return out;
}

export function personName(rng: Rng, sex: Sex, origin: Origin, birthYear: number): PersonName {
  const cohort = cohortOf(birthYear);
  const names: string[] = [];
  let roepnaam: string;
  if (origin === 'nl' || (origin === 'sr' && rng.bool(0.3))) {
    // Parents near a cohort boundary sometimes chose the other generation's names.
    const drift = rng.next();
    const used: Cohort =
      drift < 0.15 && cohort !== 'old'
        ? cohort === 'young'
          ? 'mid'
          : 'old'
        : drift > 0.92 && cohort !== 'young'
          ? cohort === 'old'
            ? 'mid'
            : 'young'
          : cohort;
    const first = rng.weighted(DUTCH_FIRST[used][sex]);
    names.push(first.name);
    const count = rng.weighted(NAME_COUNT[cohort]);
    for (let attempt = 0; names.length < count && attempt < 8; attempt++) {
      const middle = cohort === 'young' && rng.bool(0.5) ? DUTCH_FIRST.young[sex] : FORMAL[sex];
      const name = sex === 'M' && cohort !== 'young' && rng.bool(0.04) ? 'Maria' : rng.weighted(middle).name;
      if (!names.includes(name)) names.push(name);
    }
    const formalShare = cohort === 'old' ? 0.75 : cohort === 'mid' ? 0.6 : 0.3;
    roepnaam = first.callNames.length > 0 && rng.bool(formalShare) ? rng.pick(first.callNames) : first.name;
  } else {
    const table = FOREIGN_FIRST[origin]![sex];
    names.push(rng.weighted(table).name);
    if (rng.bool(0.15)) {
      const second = rng.weighted(table).name;
      if (second !== names[0]) names.push(second);
    }
    roepnaam = names[0]!;
  }
  // Mixed families: some carry a surname from outside their own list.
  const mixed = rng.bool(origin === 'nl' ? 0.02 : origin === 'sr' ? 0.25 : 0.06);
  const table = origin === 'nl' ? (mixed ? FOREIGN_LAST.eu! : DUTCH_LAST) : mixed ? DUTCH_LAST : FOREIGN_LAST[origin]!;
  const surname = rng.weighted(table);
  const voornamen = names.join(' ');
  return {
    voornamen,
    roepnaam,
    initialen: initialsOf(voornamen),
    voorvoegsel: surname.prefix,
    achternaam: sex === 'V' && surname.female ? surname.female : surname.name,
  };
}

/** A date of birth (epoch ms, UTC midnight) with the age profile of victims at `nowMs`. */
export function birthDateMs(rng: Rng, nowMs: number): number {
  const [from, to] = rng.weighted(AGE_BANDS);
  const ageDays = Math.floor((from + rng.next() * (to - from)) * 365.2425);
  const ms = nowMs - (ageDays + 1) * DAY_MS;
  return ms - (((ms % DAY_MS) + DAY_MS) % DAY_MS);
}

// Generated postcodes avoid the letters F, I, O, Q, U and Y (PostNL left them out originally) and the
// combinations SA, SD and SS (never used); validation accepts any other pair of capitals.
const POSTCODE_LETTERS = 'ABCDEGHJKLMNPRSTVWXZ';
const POSTCODE_RE = /^[1-9][0-9]{3}(?!SA|SD|SS)[A-Z]{2}$/;

/** '1234AB' (no space, as stored); also accepts '1234 AB'. */
export function isValidPostcode(value: string): boolean {
  return typeof value === 'string' && POSTCODE_RE.test(value.replace(' ', ''));
}

export function postcodeIn(rng: Rng, place: Place): string {
  const digits = rng.int(place.postcodeFrom, place.postcodeTo);
  for (;;) {
    const letters = POSTCODE_LETTERS[rng.int(0, 19)]! + POSTCODE_LETTERS[rng.int(0, 19)]!;
    if (letters !== 'SA' && letters !== 'SD' && letters !== 'SS') return `${digits}${letters}`;
  }
}

/** The street of a postcode: fixed per postcode, as one postcode covers one side of one street. */
export function streetOf(postcode: string): string {
  let h = 0x2545f491;
  for (let i = 0; i < postcode.length; i++) h = Math.imul(h ^ postcode.charCodeAt(i), 0x01000193);
  return pickAt(STREET_TABLE, mix32(h) / 4294967296);
}

export function formatHuisnummer(huisnummer: number, toevoeging: string | null): string {
  if (!toevoeging) return String(huisnummer);
  return /^[A-Z]$/.test(toevoeging) ? `${huisnummer}${toevoeging}` : `${huisnummer}-${toevoeging}`;
}

export function pickPlace(rng: Rng): Place {
  return rng.weighted(PLACE_TABLE);
}

export function addressIn(rng: Rng, place: Place): Address {
  const postcode = postcodeIn(rng, place);
  const r = rng.next();
  const huisnummer = r < 0.7 ? 1 + Math.floor(60 * rng.next() ** 1.5) : r < 0.98 ? rng.int(20, 220) : rng.int(221, 999);
  let toevoeging: string | null = null;
  const t = rng.next();
  if (place.woonplaats === 'Amsterdam' && t < 0.25) toevoeging = rng.pick(['hs', 'I', 'II', 'III', 'IV', 'H']);
  else if (t < 0.06) toevoeging = rng.pick(['A', 'A', 'A', 'B', 'B', 'C', 'D']);
  else if (t < 0.09) toevoeging = rng.pick(['1', '2', '3', '1', '2']);
  else if (t < 0.1) toevoeging = rng.pick(['bis', 'hs', 'rd', 'A1', 'B2']);
  return {
    street: streetOf(postcode),
    huisnummer,
    huisnummerToevoeging: toevoeging,
    postcode,
    woonplaats: place.woonplaats,
    gemeente: place.gemeente,
    country: 'NL',
  };
}

function digits(rng: Rng, n: number): string {
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(48 + rng.int(0, 9));
  return out;
}

export function mobileNumber(rng: Rng): Phone {
  const subscriber = `${rng.int(1, 5)}${digits(rng, 7)}`;
  return { kind: 'mobile', number: `06-${subscriber}`, e164: `+316${subscriber}` };
}

/** A landline in the place's area: area code + subscriber number, ten digits in all. */
export function landlineNumber(rng: Rng, areaCode: string): Phone {
  const subscriber = `${rng.int(2, 9)}${digits(rng, 9 - areaCode.length)}`;
  return { kind: 'landline', number: `${areaCode}-${subscriber}`, e164: `+31${areaCode.slice(1)}${subscriber}` };
}

const ASCII_FOLD: Record<string, string> = { ß: 'ss', ø: 'o', ł: 'l', ı: 'i', æ: 'ae', đ: 'd' };

const foldCache = new Map<string, string>();

/** Lower-case ASCII for e-mail local parts: 'Özdemir' -> 'ozdemir', "O'Brien" -> 'obrien'. */
export function asciiFold(value: string): string {
  let out = foldCache.get(value);
  if (out === undefined) {
    out = fold(value);
    if (foldCache.size < 10_000) foldCache.set(value, out);
  }
  return out;
}

function fold(value: string): string {
  return value
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[ßøłıæđ]/g, (c) => ASCII_FOLD[c] ?? '')
    .replace(/[^a-z0-9]/g, '');
}

export function emailFor(rng: Rng, name: PersonName, birthYear: number, domains: EmailDomains): string {
  const first = asciiFold(name.roepnaam) || 'info';
  const last = asciiFold(`${name.voorvoegsel ?? ''}${name.achternaam}`) || 'mail';
  const initials = asciiFold(name.initialen);
  const r = rng.next();
  const local =
    r < 0.35
      ? `${first}.${last}`
      : r < 0.5
        ? `${first}${last}`
        : r < 0.65
          ? `${initials}${last}`
          : r < 0.8
            ? `${first}${String(birthYear).slice(2)}`
            : r < 0.9
              ? `${first}.${last}${rng.int(1, 99)}`
              : `${first[0]}${last}${rng.int(1, 999)}`;
  return `${local}@${rng.weighted(EMAIL_TABLES[domains])}`;
}

const VULNERABILITIES = [
  ['intellectual-disability', 0.025],
  ['mental-health', 0.04],
  ['physical-disability', 0.02],
  ['hearing-impaired', 0.01],
  ['visually-impaired', 0.005],
] as const;

/** The person of row `index`: the same for a given context and index, in any order. */
export function generatePerson(ctx: DemoContext, index: number): SyntheticPerson {
  const rng = forIndex(ctx.keys.person, index);
  const birthMs = birthDateMs(rng, ctx.nowMs);
  const birthYear = utcYear(birthMs);
  const age = (ctx.nowMs - birthMs) / (365.2425 * DAY_MS);
  const s = rng.next();
  const sex: Sex | 'O' = s < 0.475 ? 'M' : s < 0.995 ? 'V' : 'O';
  const origin = rng.weighted(ORIGINS);
  const name = personName(rng, sex === 'O' ? rng.pick(['M', 'V'] as const) : sex, origin, birthYear);
  const place = pickPlace(rng);
  const address = rng.bool(0.98) ? addressIn(rng, place) : null;

  const phones: Phone[] = [];
  if (rng.bool(age < 10 ? 0.1 : age < 75 ? 0.93 : 0.6)) phones.push(mobileNumber(rng));
  if (rng.bool(age > 60 ? 0.45 : 0.08)) phones.push(landlineNumber(rng, place.areaCode));
  const emails = rng.bool(age < 12 ? 0.05 : age < 70 ? 0.8 : 0.45) ? [emailFor(rng, name, birthYear, ctx.emailDomains)] : [];

  const preferredLanguage = rng.weighted(LANGUAGES[origin]);
  const interpreterNeeded = preferredLanguage === 'nl' ? rng.bool(0.002) : rng.bool(preferredLanguage === 'en' ? 0.1 : 0.6);
  const vulnerabilities: string[] = [];
  for (const [code, p] of VULNERABILITIES) if (rng.bool(p)) vulnerabilities.push(code);
  if (age >= 80 && rng.bool(0.3)) vulnerabilities.push('elderly-dependent');
  if (interpreterNeeded) vulnerabilities.push('language-barrier');

  return {
    index,
    sex,
    origin,
    name,
    dateOfBirth: isoDate(birthMs),
    bsn: rng.bool(0.94) ? ctx.bsn(index) : null,
    address,
    phones,
    emails,
    preferredLanguage,
    interpreterNeeded,
    confidentialAddress: address !== null && rng.bool(0.015),
    vulnerabilities,
  };
}
