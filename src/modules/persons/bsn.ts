// The BSN (burgerservicenummer): nine digits passing the elfproef (11-test):
// 9·d1 + 8·d2 + 7·d3 + 6·d4 + 5·d5 + 4·d6 + 3·d7 + 2·d8 − 1·d9 ≡ 0 (mod 11), and not all zeros.
// Eight-digit numbers are valid with a leading zero (older BSNs are written without it).

export function normaliseBsn(input: string): string {
  const digits = input.replace(/[\s.-]/g, '');
  return digits.length === 8 ? `0${digits}` : digits;
}

export function isValidBsn(input: string): boolean {
  const bsn = normaliseBsn(input);
  if (!/^\d{9}$/.test(bsn) || bsn === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number(bsn[i]) * (9 - i);
  sum -= Number(bsn[8]);
  return sum % 11 === 0;
}
