// Local passwords, per OWASP ASVS 5.0 V6.2: at least 12 characters, at most 128 (so 64+ is allowed),
// any characters including spaces and emoji (normalised to NFC), no composition rules and no forced
// rotation; refused when on the shipped list of common and breached passwords, or when it is just
// the user's own name or address. Stored as argon2id (OWASP parameters: 19 MiB, 2 passes).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { hash, verify } from '@node-rs/argon2';
import type { FieldError } from '../../../kernel/errors.ts';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;
// algorithm 2 is Argon2id (the package's const enum cannot be imported under type stripping).
const ARGON2 = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  common ??= new Set(
    gunzipSync(readFileSync(new URL('./data/common-passwords.txt.gz', import.meta.url)))
      .toString('utf8')
      .split('\n')
      .filter(Boolean),
  );
  return common;
}

/** Code points, not UTF-16 units: an emoji counts as one character. */
function length(password: string): number {
  return [...password].length;
}

export function normalisePassword(password: string): string {
  return password.normalize('NFC');
}

/** The reasons this password may not be used (empty: acceptable). `context`: the user's own words. */
export function passwordProblems(password: string, context: (string | null | undefined)[] = []): string[] {
  const normalised = normalisePassword(password);
  const problems: string[] = [];
  if (length(normalised) < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (length(normalised) > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  const lower = normalised.toLowerCase();
  const squashed = lower.replace(/\s+/g, '');
  if (commonPasswords().has(lower) || commonPasswords().has(squashed)) problems.push('is on the list of common or breached passwords');
  else if (/^(.)\1*$/u.test(squashed) || /^(.{1,4})\1+$/u.test(squashed)) problems.push('repeats the same few characters');
  const words = context.filter((w): w is string => !!w && w.length >= 3).map((w) => w.toLowerCase());
  const words2 = words.flatMap((w) => [w, w.split('@')[0] ?? w]).filter((w) => w.length >= 3);
  if (words2.some((w) => squashed === w.replace(/\s+/g, '') || (squashed.includes(w) && w.length >= squashed.length / 2))) {
    problems.push('is mostly your own name, username or e-mail address');
  }
  if (['casus', 'slachtofferhulp'].some((w) => squashed.startsWith(w) && squashed.length - w.length < 6))
    problems.push('is mostly the name of this system');
  return problems;
}

export function passwordFieldErrors(password: string, context: (string | null | undefined)[], pointer = '/body/password'): FieldError[] {
  return passwordProblems(password, context).map((problem) => ({ pointer, detail: `The password ${problem}.` }));
}

export function hashPassword(password: string): Promise<string> {
  return hash(normalisePassword(password), ARGON2);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, normalisePassword(password));
  } catch {
    return false;
  }
}

// Verifying against this when the account does not exist (or has no password) makes a wrong username
// take as long as a wrong password: response time reveals nothing.
let dummy: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<false> {
  dummy ??= hashPassword('casus-timing-equaliser-not-a-password');
  await verifyPassword(await dummy, password);
  return false;
}
