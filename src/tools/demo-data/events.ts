// Synthetic events (gebeurtenissen): what happened, when, where, and the police and public-prosecutor
// references a referral carries. Frequencies approximate what victim support in the Netherlands sees:
// violence, property crime and traffic make up most of it; homicide is rare but every case of it is
// large (many next of kin). Dates fall within the retention window (six years), denser toward now,
// because older cases have been closed and destroyed.
import { type DemoContext, isoDate, isoTime, utcYear, DAY_MS } from './context.ts';
import { pickPlace } from './dutch.ts';
import type { Place } from './data/places.ts';
import { createPermutation, deriveKey, forIndex, weightedTable, type WeightedTable } from './random.ts';

export type EventCategory = 'violence' | 'property' | 'traffic' | 'sexual-offence' | 'homicide' | 'calamity' | 'missing-person' | 'other';

export interface SyntheticEvent {
  index: number;
  category: EventCategory;
  /** A Dutch label of the kind of event within the category ('woninginbraak', 'verkeersongeval met letsel'). */
  kind: string;
  /** 'YYYY-MM-DD' */
  occurredOn: string;
  /** ISO 8601 UTC; a plausible hour for the kind of event. */
  occurredAt: string;
  place: { woonplaats: string; gemeente: string; setting: string };
  /** 'Woninginbraak in Zwolle (woning)': short, non-graphic, no names. */
  description: string;
  /** e.g. 'PL0900-2026123456'; null when the police were not involved. */
  policeReference: string | null;
  /** e.g. '09/123456-26'; null unless the case went to the public prosecutor. */
  parketNumber: string | null;
  /** Persons this event typically concerns (victims, next of kin, witnesses): mostly 1, up to dozens for a calamity. */
  typicalPersons: number;
}

interface CategorySpec {
  weight: number;
  kinds: WeightedTable<string>;
  settings: readonly string[];
  police: number;
  prosecution: number;
  persons: readonly [median: number, max: number];
}

const spec = (
  weight: number,
  kinds: [string, number][],
  settings: string[],
  police: number,
  prosecution: number,
  persons: readonly [number, number],
): CategorySpec => ({
  weight,
  kinds: weightedTable(kinds),
  settings,
  police,
  prosecution,
  persons,
});

export const CATEGORIES: Record<EventCategory, CategorySpec> = {
  violence: spec(
    33,
    [
      ['mishandeling', 40],
      ['bedreiging', 25],
      ['huiselijk geweld', 15],
      ['straatroof', 8],
      ['zware mishandeling', 6],
      ['overval', 6],
    ],
    ['woning', 'openbare weg', 'uitgaansgebied', 'winkel', 'werk', 'openbaar vervoer', 'school'],
    0.92,
    0.45,
    [1, 4],
  ),
  property: spec(
    25,
    [
      ['woninginbraak', 35],
      ['diefstal', 25],
      ['oplichting', 15],
      ['internetfraude', 12],
      ['vernieling', 8],
      ['autokraak', 5],
    ],
    ['woning', 'openbare weg', 'winkel', 'online', 'werk', 'parkeerplaats'],
    0.9,
    0.12,
    [1, 2],
  ),
  traffic: spec(
    20,
    [
      ['verkeersongeval met letsel', 70],
      ['doorrijden na ongeval', 15],
      ['aanrijding voetganger', 10],
      ['verkeersongeval met dodelijke afloop', 5],
    ],
    ['openbare weg', 'kruispunt', 'snelweg', 'fietspad', 'parkeerplaats'],
    0.85,
    0.3,
    [1, 5],
  ),
  'sexual-offence': spec(
    7,
    [
      ['aanranding', 40],
      ['zedenmisdrijf', 35],
      ['online seksuele intimidatie', 25],
    ],
    ['woning', 'openbare weg', 'uitgaansgebied', 'online', 'werk'],
    0.8,
    0.5,
    [1, 2],
  ),
  homicide: spec(1, [['levensdelict (nabestaanden)', 100]], ['woning', 'openbare weg', 'uitgaansgebied'], 1, 0.9, [4, 30]),
  calamity: spec(
    2,
    [
      ['brand', 40],
      ['explosie', 15],
      ['ongeval met meerdere slachtoffers', 30],
      ['incident bij evenement', 15],
    ],
    ['woning', 'openbare weg', 'evenemententerrein', 'werk'],
    0.6,
    0.1,
    [5, 60],
  ),
  'missing-person': spec(1, [['vermissing', 100]], ['woning', 'openbare weg', 'onbekend'], 1, 0.05, [2, 8]),
  other: spec(
    11,
    [
      ['stalking', 30],
      ['discriminatie', 15],
      ['cybercrime', 25],
      ['mensenhandel', 5],
      ['burenruzie', 25],
    ],
    ['woning', 'online', 'werk', 'openbare weg'],
    0.6,
    0.2,
    [1, 3],
  ),
};

const CATEGORY_TABLE = weightedTable(Object.entries(CATEGORIES).map(([category, s]) => [category as EventCategory, s.weight] as const));

// Hour of day (local time, roughly): traffic at rush hours, violence in the evening and at night.
const HOURS: Record<'traffic' | 'night' | 'day', WeightedTable<number>> = {
  traffic: weightedTable(
    Array.from({ length: 24 }, (_, h) => [h, h >= 7 && h <= 9 ? 9 : h >= 16 && h <= 18 ? 10 : h >= 6 && h <= 22 ? 4 : 1] as const),
  ),
  night: weightedTable(Array.from({ length: 24 }, (_, h) => [h, h >= 20 || h <= 3 ? 8 : h >= 12 ? 4 : 1] as const)),
  day: weightedTable(Array.from({ length: 24 }, (_, h) => [h, h >= 8 && h <= 20 ? 6 : 1] as const)),
};

export const RETENTION_DAYS = Math.round(6 * 365.2425);

const permutations = new WeakMap<DemoContext, (index: number) => number>();

/** A six-digit sequence unique per event index (below 1,000,000; beyond that it wraps and may repeat). */
function sequenceOf(ctx: DemoContext, index: number): number {
  let permute = permutations.get(ctx);
  if (!permute) {
    permute = createPermutation(deriveKey(ctx.seed, 'police-sequence'), 1_000_000);
    permutations.set(ctx, permute);
  }
  return permute(index % 1_000_000);
}

export function policeReference(policeUnit: number, year: number, sequence: number): string {
  return `PL${String(policeUnit).padStart(2, '0')}00-${year}${String(sequence).padStart(6, '0')}`;
}

export function parketNumber(parket: string, sequence: number, year: number): string {
  return `${parket}/${String(sequence).padStart(6, '0')}-${String(year % 100).padStart(2, '0')}`;
}

export interface EventOptions {
  /** Where the victim lives: 75% of events happen there, the rest anywhere. */
  nearPlace?: Place;
}

/** The event of row `index`: the same for a given context and index, in any order. */
export function generateEvent(ctx: DemoContext, index: number, options: EventOptions = {}): SyntheticEvent {
  const rng = forIndex(ctx.keys.event, index);
  const category = rng.weighted(CATEGORY_TABLE);
  const s = CATEGORIES[category];
  const kind = rng.weighted(s.kinds);
  // Skew 1.6: about a third of the events are from the last year, a tenth from the oldest.
  const day = rng.recent(ctx.nowMs, RETENTION_DAYS, 1.6);
  const startOfDay = day - (((day % DAY_MS) + DAY_MS) % DAY_MS);
  const hours =
    category === 'traffic'
      ? HOURS.traffic
      : category === 'violence' || category === 'sexual-offence' || category === 'homicide'
        ? HOURS.night
        : HOURS.day;
  let occurredMs = startOfDay + rng.weighted(hours) * 3_600_000 + rng.int(0, 59) * 60_000;
  if (occurredMs >= ctx.nowMs) occurredMs -= DAY_MS;
  const place = options.nearPlace && rng.bool(0.75) ? options.nearPlace : pickPlace(rng);
  const setting =
    kind === 'internetfraude' || kind === 'online seksuele intimidatie' || kind === 'cybercrime' ? 'online' : rng.pick(s.settings);
  const year = utcYear(occurredMs);
  const nowYear = utcYear(ctx.nowMs);
  const sequence = sequenceOf(ctx, index);
  const police = rng.bool(s.police);
  const prosecuted = police && rng.bool(s.prosecution);
  const [median, max] = s.persons;
  return {
    index,
    category,
    kind,
    occurredOn: isoDate(occurredMs),
    occurredAt: isoTime(occurredMs),
    place: { woonplaats: place.woonplaats, gemeente: place.gemeente, setting },
    description: `${kind[0]!.toUpperCase()}${kind.slice(1)} in ${place.woonplaats} (${setting})`,
    policeReference: police ? policeReference(place.policeUnit, year, sequence) : null,
    // The prosecutor registers the case some weeks later, sometimes in the next year.
    parketNumber: prosecuted
      ? parketNumber(place.parket, (sequence * 7 + 13) % 1_000_000, rng.bool(0.85) ? year : Math.min(year + 1, nowYear))
      : null,
    typicalPersons: Math.round(rng.logNormal(median, 0.6, 1, max)),
  };
}
