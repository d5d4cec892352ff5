// The fixtures the module tests build over and over: a team (a unit and its members, signed in under
// their roles), the actor of a user (to call services and SQL as that user), and an open case. Every
// test of a file shares one database, so each test makes its own teams: unit codes and usernames carry
// a counter of this file's process. Shielding is written over the owner login (the API would ask for a
// team lead with cases.grant-access): it is the test's precondition, not what it tests.
import assert from 'node:assert/strict';
import { NO_ORIGIN, type ActorContext } from '../../src/kernel/auth/actor.ts';
import { loadGrants } from '../../src/modules/identity/index.ts';
import type { TestSystem } from './build.ts';
import { adminQuery } from './database.ts';
import { createUnit, createUser, grantRole, signIn, type Session, type TestUser } from './identity.ts';

export type Member = TestUser & { session: Session };

export interface Team {
  /** This team's number in the file: a suffix for references and names that must be unique. */
  n: number;
  code: string;
  unit: string;
  /** A new user of the team holding each role in its unit (or in `unitCode`), signed in with TOTP enrolled. */
  user: (name: string, roles: string | readonly string[], kind?: 'staff' | 'volunteer', unitCode?: string) => Promise<Member>;
}

let teams = 0;

/** A new team under the national unit. */
export async function team(system: TestSystem): Promise<Team> {
  const n = ++teams;
  const code = `fixture-team-${n}`;
  const unit = await createUnit(system, code, 'team');
  const user: Team['user'] = async (name, roles, kind = 'staff', unitCode = code) => {
    const created = await createUser(system, `${name}-${code}`, { unitCode, kind });
    for (const role of typeof roles === 'string' ? [roles] : roles) await grantRole(system, created.id, role, unitCode);
    const session = await signIn(system, created); // enrols TOTP: the user carries its secret from here on
    return { ...created, session };
  };
  return { n, code, unit, user };
}

/** The actor a request of this user (or service account) carries: its grants as identity resolves them now. */
export async function actorOf(system: TestSystem, id: string, kind: 'user' | 'service' = 'user'): Promise<ActorContext> {
  return { actor: { kind, id, ...(await loadGrants(system.db.pool, id)) }, origin: NO_ORIGIN };
}

export interface Participant {
  personId: string;
  role: string;
  primaryClient?: boolean;
}

export interface CaseOptions {
  /** Registers a person by this surname through the API and makes them the case's primary client (a victim). */
  client?: string;
  /** Persons the opener sees, taking part from the start (after the client). */
  participants?: readonly Participant[];
}

export interface OpenedCase {
  id: string;
  number: string;
  version: number;
  clientId: string | null;
}

/** A case opened through the API by `by` (who is then assigned to it) in `unit`. */
export async function openCase(
  system: TestSystem,
  by: { session: Session },
  unit: string,
  options: CaseOptions & { client: string },
): Promise<OpenedCase & { clientId: string }>;
export async function openCase(system: TestSystem, by: { session: Session }, unit: string, options?: CaseOptions): Promise<OpenedCase>;
export async function openCase(system: TestSystem, by: { session: Session }, unit: string, options: CaseOptions = {}): Promise<OpenedCase> {
  let clientId: string | null = null;
  let participants = options.participants ?? [];
  if (options.client !== undefined) {
    const registered = await by.session.request('POST', '/api/v1/persons', { achternaam: options.client, confirmNoDuplicate: true });
    assert.equal(registered.statusCode, 201, registered.body);
    clientId = registered.json<{ id: string }>().id;
    participants = [{ personId: clientId, role: 'victim', primaryClient: true }, ...participants];
  }
  const opened = await by.session.request('POST', '/api/v1/cases', {
    owningUnitId: unit,
    ...(participants.length > 0 ? { participants } : {}),
  });
  assert.equal(opened.statusCode, 201, opened.body);
  const kase = opened.json<{ id: string; number: string; version: number }>();
  return { id: kase.id, number: kase.number, version: kase.version, clientId };
}

/** Shields the case over the owner login, keeping its version: only those who work on it or hold a grant see it from here on. */
export async function shield(system: TestSystem, caseId: string): Promise<void> {
  await adminQuery(system.target.ownerUrl, `update case_file set confidentiality = 'shielded' where id = $1`, [caseId]);
}
