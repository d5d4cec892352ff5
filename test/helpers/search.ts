// The search module's API tests (src/modules/search/*.test.ts): teams of users made through the identity
// helpers, persons and cases registered through the API by those users, so what each may find is real
// row-level security.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { buildIdentity, createUnit, createUser, grantRole, signIn, type IdentitySystem, type Session } from './identity.ts';
import { createCasesModule } from '../../src/modules/cases/index.ts';
import { createPersonsModule, isValidBsn } from '../../src/modules/persons/index.ts';
import { createSearchModule } from '../../src/modules/search/index.ts';

/** A team unit and a way to add signed-in users with a role there (codes unique per call). */
export async function team(system: IdentitySystem) {
  const n = randomUUID().slice(0, 8);
  const code = `search-team-${n}`;
  const unit = await createUnit(system, code, 'team');
  const user = async (name: string, role: string) => {
    const u = await createUser(system, `${name}-s${n}`, { unitCode: code });
    await grantRole(system, u.id, role, code);
    return { ...u, session: await signIn(system, u) };
  };
  return { unit, user };
}

export const build = (t: Parameters<typeof buildIdentity>[0]) =>
  buildIdentity(t, { extra: [createCasesModule(), createPersonsModule(), createSearchModule()] });
export const search = (session: Session, body: Record<string, unknown>) => session.request('POST', '/api/v1/search', body);
export const personIds = (response: { json(): { persons: { id: string }[] } }) => response.json().persons.map((p) => p.id);
export const caseIds = (response: { json(): { cases: { id: string }[] } }) => response.json().cases.map((c) => c.id);

let bsnSeed = 300_000_000;
export function nextBsn(): string {
  for (;;) {
    const candidate = String(++bsnSeed);
    if (isValidBsn(candidate)) return candidate;
  }
}

export async function register(session: Session, body: Record<string, unknown>): Promise<string> {
  const response = await session.request('POST', '/api/v1/persons', { confirmNoDuplicate: true, ...body });
  assert.equal(response.statusCode, 201, response.body);
  return response.json<{ id: string }>().id;
}

export async function openCase(session: Session, body: Record<string, unknown>): Promise<{ id: string; number: string }> {
  const response = await session.request('POST', '/api/v1/cases', body);
  assert.equal(response.statusCode, 201, response.body);
  return response.json();
}
