// BSN (burgerservicenummer): nine digits passing the elfproef,
//   9·d1 + 8·d2 + 7·d3 + 6·d4 + 5·d5 + 4·d6 + 3·d7 + 2·d8 − 1·d9 ≡ 0 (mod 11).
// Leading zeros are allowed: the first BSNs were eight-digit sofinummers, padded with a zero.
//
// Synthetic numbers: as far as we know the Dutch government publishes no test range with a formal
// guarantee. The test persons of the RvIG's BRP test environment have numbers starting with 99999, and
// numbers starting with 0000 are widely said to be reserved for testing; we believe neither is issued
// to real people but could not confirm it from an authoritative source. Together they hold only 9,999
// valid numbers (TEST_RANGE_SIZE), so the first 9,999 synthetic persons get those (a small demo set is
// entirely in them) and later ones get numbers from the rest of the nine-digit space, which MAY belong
// to real people: demo data never goes into production, and it is no real person's data.
// Generation is a keyed permutation of the index: no two indexes of one seed share a BSN.
import { isValidBsn as isValidPersonBsn } from '../../modules/persons/index.ts';
import { createPermutation, deriveKey } from './random.ts';

const WEIGHTS = [9, 8, 7, 6, 5, 4, 3, 2] as const;

/** The elfproef on a string of exactly nine digits, not all zero. */
/** The elfproef of the persons module (one implementation serves both), for exactly nine digits. */
export function isValidBsn(value: string): boolean {
  return typeof value === 'string' && /^[0-9]{9}$/.test(value) && isValidPersonBsn(value);
}

/**
 * The BSN with seven-digit prefix `prefix` (0..9,999,999) and the `choice`-th (0..8) valid eighth
 * digit. For every prefix at least nine of the ten eighth digits give a check digit of 0..9 (2·d8 mod 11
 * takes ten distinct values, at most one of which makes the check digit 10), so this is injective.
 */
export function bsnFromPrefix(prefix: number, choice: number): string {
  const digits = String(prefix).padStart(7, '0');
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += WEIGHTS[i]! * (digits.charCodeAt(i) - 48);
  let seen = 0;
  for (let d8 = 0; d8 <= 9; d8++) {
    const check = (sum + 2 * d8) % 11;
    if (check === 10) continue;
    if (seen === choice) return `${digits}${d8}${check}`;
    seen++;
  }
  throw new Error('choice must be 0..8');
}

/** Every valid number starting with 0000 (but not 000000000) or 99999: believed never issued. */
const TEST_RANGE: readonly string[] = (() => {
  const numbers: string[] = [];
  for (let n = 1; n < 100_000; n++) {
    const value = String(n).padStart(9, '0');
    if (isValidBsn(value)) numbers.push(value);
  }
  for (let n = 999_990_000; n <= 999_999_999; n++) if (isValidBsn(String(n))) numbers.push(String(n));
  return numbers;
})();
export const TEST_RANGE_SIZE = TEST_RANGE.length;

// The rest: prefixes 1000000..9999999 except 99999xx, nine numbers each.
const GENERAL_PREFIXES = 9_000_000 - 100;
const GENERAL_SIZE = GENERAL_PREFIXES * 9;

export interface BsnGenerator {
  (index: number): string;
}

/** index -> BSN, unique per index for one seed, for up to TEST_RANGE_SIZE + 80,999,100 indexes. */
export function createBsnGenerator(seed: string): BsnGenerator {
  const testPermutation = createPermutation(deriveKey(seed, 'bsn-test'), TEST_RANGE_SIZE);
  const generalPermutation = createPermutation(deriveKey(seed, 'bsn'), GENERAL_SIZE);
  return (index: number) => {
    if (index < TEST_RANGE_SIZE) return TEST_RANGE[testPermutation(index)]!;
    const slot = generalPermutation(index - TEST_RANGE_SIZE);
    return bsnFromPrefix(1_000_000 + Math.floor(slot / 9), slot % 9);
  };
}
