// The fixtures the module tests build over and over: a team (a unit and its members, signed in under
// their roles), the actor of a user (to call services and SQL as that user), and an open case. Every
// test of a file shares one database, so each test makes its own teams: unit codes and usernames carry
// a counter of this file's process. Rows the API would refuse to write (shielding by a case worker) are
// written over the owner login: they are the test's preconditions, not what it tests.
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

export interface CaseOptions {
  /** Registers a person by this surname through the API and makes them the case's primary client (a victim). */
  client?: string;
  /** Shields the case once it is open. */
  shielded?: boolean;
  /** More of POST /cases: participants, incidentId, tracks, … */
  body?: Record<string, unknown>;
}

export interface OpenedCase {
  id: string;
  number: string;
  version: number;
  clientId: string | null;
}

/** A case opened through the API by `by` (who is then assigned to it) in `unit`. */
export async function openCase(system: TestSystem, by: { session: Session }, unit: string, options: CaseOptions & { client: string }): Promise<OpenedCase & { clientId: string }>;
export async function openCase(system: TestSystem, by: { session: Session }, unit: string, options?: CaseOptions): Promise<OpenedCase>;
export async function openCase(system: TestSystem, by: { session: Session }, unit: string, options: CaseOptions = {}): Promise<OpenedCase> {
  let clientId: string | null = null;
  let participants = (options.body?.participants ?? []) as unknown[];
  if (options.client !== undefined) {
    const registered = await by.session.request('POST', '/api/v1/persons', { achternaam: options.client, confirmNoDuplicate: true });
    assert.equal(registered.statusCode, 201, registered.body);
    clientId = registered.json<{ id: string }>().id;
    participants = [{ personId: clientId, role: 'victim', primaryClient: true }, ...participants];
  }
  const opened = await by.session.request('POST', '/api/v1/cases', { owningUnitId: unit, ...options.body, ...(participants.length > 0 ? { participants } : {}) });
  assert.equal(opened.statusCode, 201, opened.body);
  const kase = opened.json<{ id: string; number: string; version: number }>();
  if (options.shielded) await adminQuery(system.target.ownerUrl, `update case_file set confidentiality = 'shielded' where id = $1`, [kase.id]);
  return { id: kase.id, number: kase.number, version: kase.version, clientId };
}
