// BSN: the elfproef accepts exactly the numbers it should, and synthetic BSNs are valid, unique per
// index (collision-free by construction, checked over a million) and start in the test ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_RANGE_SIZE, bsnFromPrefix, createBsnGenerator, isValidBsn } from './bsn.ts';

function elfproef(n: number): boolean {
  const s = String(n).padStart(9, '0');
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(s[i]);
  return (sum - Number(s[8])) % 11 === 0;
}

test('isValidBsn accepts numbers that pass the elfproef and rejects typical invalid input', () => {
  for (const valid of ['111222333', '123456782', '999990019', '012345672', '000000012']) assert.equal(isValidBsn(valid), true, valid);
  const invalid = [
    '123456789', // one digit off: fails the check
    '111222334',
    '12345678', // eight digits (legacy numbers need their leading zero)
    '1234567820',
    '000000000', // passes the sum, but is no number
    '11122233a',
    ' 111222333',
    '111 222 333',
    '111.222.333',
    '',
    '１１１２２２３３３', // full-width digits
  ];
  for (const value of invalid) assert.equal(isValidBsn(value), false, JSON.stringify(value));
  assert.equal(isValidBsn(111222333 as unknown as string), false);
  // Against a brute-force elfproef over a stretch of numbers.
  for (let n = 100_000_000; n < 100_020_000; n++) assert.equal(isValidBsn(String(n)), elfproef(n), String(n));
});

test('bsnFromPrefix: nine valid, distinct numbers for every seven-digit prefix', () => {
  for (const prefix of [0, 1, 1234567, 9999999, 5000000]) {
    const numbers = Array.from({ length: 9 }, (_, choice) => bsnFromPrefix(prefix, choice));
    assert.equal(new Set(numbers).size, 9);
    for (const bsn of numbers) {
      assert.ok(isValidBsn(bsn) || bsn === '000000000', bsn);
      assert.ok(bsn.startsWith(String(prefix).padStart(7, '0')));
    }
  }
  assert.throws(() => bsnFromPrefix(1, 9));
});

test('the first 9,999 synthetic BSNs are exactly the valid numbers of the test ranges 0000xxxxx and 99999xxxx', () => {
  const bsn = createBsnGenerator('ranges');
  const generated = new Set(Array.from({ length: TEST_RANGE_SIZE }, (_, i) => bsn(i)));
  const expected = new Set<string>();
  for (let n = 1; n < 100_000; n++) if (elfproef(n)) expected.add(String(n).padStart(9, '0'));
  for (let n = 999_990_000; n <= 999_999_999; n++) if (elfproef(n)) expected.add(String(n));
  assert.equal(TEST_RANGE_SIZE, 9999);
  assert.deepEqual([...generated].sort(), [...expected].sort());
  // After the test ranges: the rest of the space, never the test ranges again.
  for (let i = TEST_RANGE_SIZE; i < TEST_RANGE_SIZE + 10_000; i++) {
    const value = bsn(i);
    assert.ok(!value.startsWith('0000') && !value.startsWith('99999') && !value.startsWith('0'), value);
  }
});

test('a million synthetic BSNs all pass the elfproef and none repeats; seeds give different numbers', () => {
  const bsn = createBsnGenerator('million');
  const seen = new Set<string>();
  for (let i = 0; i < 1_000_000; i++) {
    const value = bsn(i);
    if (!isValidBsn(value)) assert.fail(`index ${i}: ${value} fails the elfproef`);
    seen.add(value);
  }
  assert.equal(seen.size, 1_000_000);
  assert.equal(bsn(123_456), createBsnGenerator('million')(123_456));
  const other = createBsnGenerator('other');
  let same = 0;
  for (let i = 20_000; i < 21_000; i++) if (other(i) === bsn(i)) same++;
  assert.equal(same, 0);
});
