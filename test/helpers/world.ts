// A fixture world for the acceptance tests that walk the whole route inventory (the permission matrix,
// the shielded-case sweep): built once per test file, the same every time.
//
//   national ⊃ region r1 ⊃ team a (⊃ team a1) and r1x;  national ⊃ region r2 ⊃ team b (⊃ team b1)
//
// One signed-in user per seeded role, each granted in team a (the chain partner is a service account
// with an API token, granted there too). Case work in four scopes, each made through the API by a
// case worker of its unit (the author), so encryption, triggers and audit are real: `own` (team a; the
// case worker and the volunteer role users are assigned to its case), `other` (team b), `parent`
// (region r1) and `shielded` (a shielded case in team a that only its author works on). Each has a
// primary client with BSN and phone, a next of kin, an incident, a converted referral with contact
// attempts and a task, tasks on the case, a contact moment and a document; besides, an open referral
// with a task and an unlinked incident. The organisation side (members, groups, grants, grant
// requests, service accounts, review campaigns, break-the-glass requests and accesses) is written over
// the owner login: those rows are preconditions, not what is tested. `fresh(kind, scope)` makes one
// more resource of a kind, for routes that change or use it up.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { systemContext } from '../../src/kernel/auth/actor.ts';
import { randomToken, sha256Hex } from '../../src/kernel/crypto/tokens.ts';
import { modules } from '../../src/app/modules.ts';
import { hashPassword, identityModule, issueToken } from '../../src/modules/identity/index.ts';
import { build, type TestSystem } from './build.ts';
import { signIn, totpCode, TEST_PASSWORD, type TestUser } from './identity.ts';

/** The seeded roles (src/modules/*\/migrations), each held by one user (the chain partner: a service account). */
export const ROLES = [
  'case-worker',
  'volunteer',
  'team-lead',
  'functional-administrator',
  'security-officer',
  'privacy-officer',
  'it-operations',
  'service-desk',
  'break-glass',
  'chain-partner',
] as const;
export type Role = (typeof ROLES)[number];
export const CALLERS = ['anonymous', ...ROLES] as const;
export type CallerName = (typeof CALLERS)[number];
export const SCOPES = ['own', 'other', 'parent', 'shielded'] as const;
export type Scope = (typeof SCOPES)[number];
export type UnitScope = Exclude<Scope, 'shielded'>;
export const UNIT_SCOPES: readonly UnitScope[] = ['own', 'other', 'parent'];

export interface RequestOptions {
  body?: unknown;
  raw?: Buffer;
  headers?: Record<string, string>;
}

export interface Caller {
  name: string;
  /** The user or service account; null for anonymous. */
  id: string | null;
  user: TestUser | null;
  request(method: string, url: string, options?: RequestOptions): Promise<LightMyRequestResponse>;
}

/** The case work of one scope, made through the API by its author. */
export interface Casework {
  scope: Scope;
  unitId: string;
  unitCode: string;
  author: Caller;
  client: { id: string; voornamen: string; achternaam: string; bsn: string; dateOfBirth: string; phone: string };
  kin: { id: string; voornamen: string; achternaam: string };
  incident: { id: string; policeReference: string; description: string; place: string };
  referral: { id: string; taskId: string; attemptIds: string[]; sourceReference: string; note: string; taskTitle: string };
  kase: { id: string; number: string; participantIds: string[] };
  caseTask: { id: string; title: string };
  contactMoment: { id: string; summary: string };
  document: { id: string; filename: string };
  openReferral: { id: string; taskId: string; achternaam: string };
  unlinkedIncident: { id: string; policeReference: string };
}

/** Rows of the organisation in one unit scope (over the owner login). */
export interface Organisation {
  unitId: string;
  unitCode: string;
  /** A team inside the scope's unit (own: a1, other: b1, parent: r1x): what an administrator of the unit reshapes. */
  childUnitId: string;
  member: { id: string; username: string; grantId: string; sessionId: string };
  groupId: string;
  customRoleId: string;
  serviceAccountId: string;
  tokenId: string;
  campaignId: string;
  shieldedCaseId: string;
}

export interface FreshKinds {
  case: { caseId: string; caseNumber: string; clientId: string; bystanderAssignmentId: string };
  'closed-case': { caseId: string };
  'open-referral': { referralId: string };
  task: { taskId: string };
  document: { documentId: string };
  person: { personId: string };
  user: { userId: string };
  'deactivated-user': { userId: string };
  'granted-user': { userId: string; grantId: string };
  group: { groupId: string; memberId: string };
  'grant-request': { requestId: string };
  'service-account': { accountId: string; tokenId: string };
  campaign: { campaignId: string; itemId: string };
  'break-glass-request': { requestId: string };
  'break-glass-access': { grantId: string };
  session: { sessionId: string };
  passkey: { credentialId: string };
  /** A case of the scope on legal hold (set over the owner login). */
  'held-case': { caseId: string };
  /** A closed case of the scope whose retention date passed; every other due case not on a list is kept another year. */
  'due-case': { caseId: string };
  /** A proposed destruction list holding only a due case of the scope (drawn up by a national privacy officer). */
  'destruction-list': { roundId: string; itemId: string; caseId: string };
  /** Such a list, reviewed by a national privacy officer: the second signature is the caller's. */
  'reviewed-list': { roundId: string; itemId: string; caseId: string };
  /** The client of a closed case of the scope, with nothing keeping them: erasure anonymises them. */
  'erasable-person': { personId: string };
}
export type FreshKind = keyof FreshKinds;

export interface World {
  system: TestSystem;
  callers: Record<CallerName, Caller>;
  units: { national: string; r1: string; r2: string; a: string; b: string; a1: string; b1: string; r1x: string };
  casework: Record<Scope, Casework>;
  organisation: Record<UnitScope, Organisation>;
  /** Who asks for what a second person decides (grant requests, break-the-glass): a national administrator. */
  requesterId: string;
  roleIds: Record<string, string>;
  mail: { inbox: number };
  /** An owner-login query (preconditions, versions to send back). */
  owner<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, values?: unknown[]): Promise<T[]>;
  fresh<K extends FreshKind>(kind: K, scope: Scope): Promise<FreshKinds[K]>;
  /** A unique suffix for names and codes. */
  unique(prefix: string): string;
  /** Another live session of a user, written over the owner login: for routes that end the caller's own. */
  sessionOf(userId: string): Promise<{ cookie: string; csrf: string }>;
  /** Another shielded case of team a, by the same author, with everything the shielded case has and the same names and texts. */
  shieldedTwin(): Promise<Casework>;
  /** A staff user in team a with a password and no second factor yet, for the public sign-in routes. */
  signInUser: { id: string; username: string; password: string };
}

const PDF = Buffer.from('%PDF-1.7\n1 0 obj << /Title (verklaring) >> endobj\n%%EOF\n');

/** A BSN passing the elfproef, from a counter (9 digits; check digits of 10 skipped). */
function bsnFrom(n: number): string {
  for (let base = n; ; base++) {
    const digits = String(10_000_000 + (base % 80_000_000))
      .padStart(8, '0')
      .split('')
      .map(Number);
    const sum = digits.reduce((acc, d, i) => acc + d * (9 - i), 0) % 11;
    if (sum < 10 && digits[0] !== 0) return `${digits.join('')}${sum}`;
  }
}

async function startSmtp(t: Pick<TestContext, 'after'>): Promise<{ port: number; received: { count: number } }> {
  const received = { count: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received.count++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, received };
}

export async function buildWorld(t: Pick<TestContext, 'after'>): Promise<World> {
  const blobs = await mkdtemp(path.join(tmpdir(), 'casus-world-'));
  t.after(() => rm(blobs, { recursive: true, force: true }));
  const smtp = await startSmtp(t);
  const system = await build(t, {
    modules,
    env: {
      CASUS_AUTH_ATTEMPTS_PER_IP: '100000',
      CASUS_BLOB_DIR: blobs,
      CASUS_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      CASUS_PUBLIC_URL: 'http://localhost:3000',
    },
  });
  identityModule.services().throttle.delayPerFailureMs = 0;
  const pool = new pg.Pool({ connectionString: system.target.ownerUrl, max: 3 });
  t.after(() => pool.end());
  const owner = async <T extends pg.QueryResultRow>(text: string, values: unknown[] = []) => (await pool.query<T>(text, values)).rows;
  let counter = 0;
  const unique = (prefix: string) => `${prefix}${++counter}`;
  const hash = await hashPassword(TEST_PASSWORD);

  // Units.
  const unit = async (code: string, kind: 'region' | 'team', parent: string) =>
    (
      await owner<{ id: string }>(`insert into org_unit (parent_id, kind, code, name) values ($1, $2, $3, $4) returning id`, [
        parent,
        kind,
        code,
        `Unit ${code}`,
      ])
    )[0]!.id;
  const national = (await owner<{ id: string }>(`select id from org_unit where code = 'national'`))[0]!.id;
  const r1 = await unit('r1', 'region', national);
  const r2 = await unit('r2', 'region', national);
  const a = await unit('team-a', 'team', r1);
  const b = await unit('team-b', 'team', r2);
  const units = {
    national,
    r1,
    r2,
    a,
    b,
    a1: await unit('team-a1', 'team', a),
    b1: await unit('team-b1', 'team', b),
    r1x: await unit('r1x', 'team', r1),
  };
  const unitCodes: Record<string, string> = { [a]: 'team-a', [b]: 'team-b', [r1]: 'r1' };
  const roleIds = Object.fromEntries(
    (await owner<{ key: string; id: string }>(`select key, id from role where key is not null`)).map((r) => [r.key, r.id]),
  );

  const user = async (
    username: string,
    unitId: string,
    options: { kind?: 'staff' | 'volunteer' | 'service'; password?: boolean; email?: boolean } = {},
  ) => {
    const id = (
      await owner<{ id: string }>(
        `insert into app_user (kind, username, display_name, email, unit_id) values ($1, $2, $3, $4, $5) returning id`,
        [options.kind ?? 'staff', username, `User ${username}`, options.email ? `${username}@example.org` : null, unitId],
      )
    )[0]!.id;
    if (options.password !== false && options.kind !== 'service')
      await owner(`insert into password_credential (user_id, hash) values ($1, $2)`, [id, hash]);
    return id;
  };
  const grant = async (who: { userId?: string; groupId?: string }, role: string, unitId: string) =>
    (
      await owner<{ id: string }>(
        `insert into role_assignment (role_id, user_id, group_id, unit_id, reason, granted_by) values ($1, $2, $3, $4, 'world', 'test') returning id`,
        [roleIds[role], who.userId ?? null, who.groupId ?? null, unitId],
      )
    )[0]!.id;
  /** Requests with these credentials; a raw body goes as application/octet-stream. */
  const injector =
    (credentials: Record<string, string>): Caller['request'] =>
    (method, url, options = {}) =>
      system.app.inject({
        method: method as 'GET',
        url,
        headers: { ...credentials, ...(options.raw ? { 'content-type': 'application/octet-stream' } : {}), ...options.headers },
        ...(options.raw ? { payload: options.raw } : options.body !== undefined ? { payload: options.body as object } : {}),
      });
  /** A live session written over the owner login: a target for routes that end sessions. */
  const sessionOf = async (userId: string) => {
    const token = randomToken();
    const csrf = randomToken();
    await owner(
      `insert into user_session (id, user_id, state, csrf_token, authenticated_via, second_factor, expires_at) values ($1, $2, 'active', $3, 'password', 'totp', now() + interval '8 hours')`,
      [sha256Hex(token), userId, csrf],
    );
    return { id: sha256Hex(token), cookie: `${identityModule.services().sessions.cookieName}=${token}`, csrf };
  };
  const session = async (userId: string) => (await sessionOf(userId)).id;

  const signedIn = async (name: string, userId: string, testUser: TestUser): Promise<Caller> => {
    const s = await signIn(system, testUser);
    // Sensitive actions (granting, factors, tokens) need a recent factor check.
    const again = await s.request('POST', '/api/v1/auth/reauthenticate', { method: 'totp', code: await totpCode(testUser) });
    if (again.statusCode !== 204) throw new Error(`reauthenticate ${name}: ${again.statusCode} ${again.body}`);
    return { name, id: userId, user: testUser, request: injector({ cookie: s.cookie, 'x-csrf-token': s.csrf }) };
  };
  const staff = async (username: string, unitId: string, role: string | null, kind: 'staff' | 'volunteer' = 'staff') => {
    const id = await user(username, unitId, { kind, email: true });
    if (role) await grant({ userId: id }, role, unitId);
    return signedIn(username, id, { id, username, password: TEST_PASSWORD, totpSecret: null, lastStep: 0 });
  };

  // The callers: one per seeded role, granted in team a.
  const callers = { anonymous: { name: 'anonymous', id: null, user: null, request: injector({}) } } as Record<CallerName, Caller>;
  for (const role of ROLES) {
    if (role === 'chain-partner') continue;
    callers[role] = await staff(`role-${role}`, a, role, role === 'volunteer' ? 'volunteer' : 'staff');
  }
  const partnerId = await user('role-chain-partner', a, { kind: 'service' });
  await grant({ userId: partnerId }, 'chain-partner', a);
  const issued = await system.authDb.transaction(systemContext('cli:tokens'), (tx) =>
    issueToken(tx, { accountId: partnerId, name: 'world', expiresAt: new Date(Date.now() + 86_400_000), reason: 'world' }),
  );
  callers['chain-partner'] = {
    name: 'chain-partner',
    id: partnerId,
    user: null,
    request: injector({ authorization: `Bearer ${issued.token}` }),
  };
  const requesterId = await user('world-requester', national);
  await grant({ userId: requesterId }, 'functional-administrator', national);
  await grant({ userId: requesterId }, 'break-glass', national);
  // Who draws up and reviews destruction lists in the world (national privacy officer).
  const privacyOfficer = await staff('world-privacy-officer', national, 'privacy-officer');

  // Case work, through the API as each scope's author.
  const call = async <T = Record<string, unknown>>(
    caller: Caller,
    method: string,
    url: string,
    options: RequestOptions = {},
  ): Promise<T> => {
    const response = await caller.request(method, url, options);
    if (response.statusCode >= 300) throw new Error(`world: ${caller.name} ${method} ${url}: ${response.statusCode} ${response.body}`);
    return response.json<T>();
  };
  const upload = (caller: Caller, caseId: string, filename: string) =>
    call<{ id: string }>(caller, 'POST', `/api/v1/cases/${caseId}/documents`, {
      raw: PDF,
      headers: { 'content-disposition': `attachment; filename*=UTF-8''${filename}` },
    });
  const authors: Record<Scope, Caller> = {
    own: await staff('author-own', a, 'case-worker'),
    other: await staff('author-other', b, 'case-worker'),
    parent: await staff('author-parent', r1, 'case-worker'),
    shielded: await staff('author-shielded', a, 'case-worker'),
  };
  const scopeUnit: Record<Scope, string> = { own: a, other: b, parent: r1, shielded: a };
  const bystanders: Record<string, string> = {};
  for (const [code, id] of [
    ['a', a],
    ['b', b],
    ['r1', r1],
  ] as const)
    bystanders[id] = await user(`bystander-${code}`, id);
  const caseAssignees = async (scope: Scope, caseId: string) => {
    if (scope === 'own') {
      await owner(`insert into case_assignment (case_id, user_id, role) values ($1, $2, 'worker'), ($1, $3, 'volunteer')`, [
        caseId,
        callers['case-worker'].id,
        callers.volunteer.id,
      ]);
    }
    return (
      await owner<{ id: string }>(`insert into case_assignment (case_id, user_id, role) values ($1, $2, 'worker') returning id`, [
        caseId,
        bystanders[scopeUnit[scope]],
      ])
    )[0]!.id;
  };

  // Shielded over the owner login: shielding needs cases.grant-access, and whoever shields keeps a
  // grant; the shielded case's only way in is its author's assignment.
  const shield = async (caseId: string) => {
    await owner(`update case_file set confidentiality = 'shielded' where id = $1`, [caseId]);
  };
  /**
   * One scope's case work. A twin (of the shielded case) repeats its names, dates, phone, reference
   * and texts with a BSN of its own, and comes without the unit's open referral and unlinked incident.
   */
  const makeCasework = async (scope: Scope, index: number, twin?: Casework): Promise<Casework> => {
    const author = authors[scope];
    const unitId = scopeUnit[scope];
    const tag = `${scope[0]!.toUpperCase()}${scope.slice(1)}`;
    const client = twin
      ? {
          voornamen: twin.client.voornamen,
          achternaam: twin.client.achternaam,
          bsn: bsnFrom(123_400 + index * 7),
          dateOfBirth: twin.client.dateOfBirth,
          phone: twin.client.phone,
        }
      : {
          voornamen: `Wereld${tag}`,
          achternaam: `Matrix${tag}naam`,
          bsn: bsnFrom(123_400 + index * 7),
          dateOfBirth: `198${index}-0${index + 2}-1${index}`,
          phone: `06${String(31_415_900 + index)}`,
        };
    const clientId = (
      await call<{ id: string }>(author, 'POST', '/api/v1/persons', {
        body: {
          voornamen: client.voornamen,
          achternaam: client.achternaam,
          bsn: client.bsn,
          dateOfBirth: client.dateOfBirth,
          phones: [client.phone],
          confirmNoDuplicate: true,
        },
      })
    ).id;
    const kin = twin
      ? { voornamen: twin.kin.voornamen, achternaam: twin.kin.achternaam }
      : { voornamen: `Naaste${tag}`, achternaam: `Familie${tag}` };
    const kinId = (await call<{ id: string }>(author, 'POST', '/api/v1/persons', { body: { ...kin, confirmNoDuplicate: true } })).id;
    const incident = twin
      ? { policeReference: twin.incident.policeReference, description: twin.incident.description, place: twin.incident.place }
      : { policeReference: `PL0900-2026-MX${index}001`, description: `Incidentbeschrijving ${tag} geheim`, place: `Plaats${tag}` };
    const incidentId = (
      await call<{ id: string }>(author, 'POST', '/api/v1/incidents', {
        body: { owningUnitId: unitId, category: 'violence', occurredOn: '2026-01-02', ...incident },
      })
    ).id;
    const sourceReference = twin?.referral.sourceReference ?? `BVH-MX-${index}`;
    const note = twin?.referral.note ?? `Verwijzing ${tag}`;
    const referral = await call<{ id: string; version: number }>(author, 'POST', '/api/v1/referrals', {
      body: {
        source: 'police',
        channel: 'phone',
        sourceReference,
        owningUnitId: unitId,
        personId: clientId,
        incidentId,
        consent: { given: true },
        note,
      },
    });
    const attempts: string[] = [];
    for (let i = 0; i < 2; i++) {
      const answer = await call<{ attempts: { id: string }[] }>(author, 'POST', `/api/v1/referrals/${referral.id}/attempts`, {
        body: { channel: 'phone', outcome: 'no-answer' },
      });
      attempts.push(...answer.attempts.map((x) => x.id).filter((id) => !attempts.includes(id)));
    }
    const referralTaskTitle = twin?.referral.taskTitle ?? `Verwijzer terugbellen ${tag}`;
    const referralTaskId = (
      await call<{ id: string }>(author, 'POST', '/api/v1/tasks', {
        body: { referralId: referral.id, title: referralTaskTitle, dueInWorkingDays: 2 },
      })
    ).id;
    const version = (await call<{ version: number }>(author, 'GET', `/api/v1/referrals/${referral.id}`)).version;
    const converted = await call<{ case: { id: string; number: string } }>(author, 'POST', `/api/v1/referrals/${referral.id}/convert`, {
      body: { version, personId: clientId },
    });
    const caseId = converted.case.id;
    if (scope === 'shielded') await shield(caseId);
    await call(author, 'POST', `/api/v1/cases/${caseId}/participants`, { body: { personId: kinId, role: 'next-of-kin' } });
    const caseTask = { title: twin?.caseTask.title ?? `Veiligheidsplan ${tag}` };
    const caseTaskId = (
      await call<{ id: string }>(author, 'POST', '/api/v1/tasks', { body: { caseId, title: caseTask.title, dueInWorkingDays: 3 } })
    ).id;
    const summary = twin?.contactMoment.summary ?? `Contactverslag ${tag} vertrouwelijk`;
    const contactMomentId = (
      await call<{ id: string }>(author, 'POST', `/api/v1/cases/${caseId}/contact-moments`, {
        body: { personId: clientId, channel: 'phone', direction: 'outbound', outcome: 'reached', summary },
      })
    ).id;
    const filename = twin?.document.filename ?? `verklaring-${scope}.pdf`;
    const documentId = (await upload(author, caseId, filename)).id;
    await caseAssignees(scope, caseId);
    const participantIds = (await owner<{ id: string }>(`select id from case_participant where case_id = $1`, [caseId])).map((r) => r.id);
    const work: Casework = {
      scope,
      unitId,
      unitCode: unitCodes[unitId]!,
      author,
      client: { id: clientId, ...client },
      kin: { id: kinId, ...kin },
      incident: { id: incidentId, ...incident },
      referral: { id: referral.id, taskId: referralTaskId, attemptIds: attempts, sourceReference, note, taskTitle: referralTaskTitle },
      kase: { id: caseId, number: converted.case.number, participantIds },
      caseTask: { id: caseTaskId, ...caseTask },
      contactMoment: { id: contactMomentId, summary },
      document: { id: documentId, filename },
      openReferral: twin?.openReferral ?? { id: '', taskId: '', achternaam: '' },
      unlinkedIncident: twin?.unlinkedIncident ?? { id: '', policeReference: '' },
    };
    if (twin) return work;
    const openName = `Open${tag}aanmelding`;
    const openReferralId = (
      await call<{ id: string }>(author, 'POST', '/api/v1/referrals', {
        body: { source: 'police', channel: 'phone', owningUnitId: unitId, person: { achternaam: openName } },
      })
    ).id;
    const openTaskId = (
      await call<{ id: string }>(author, 'POST', '/api/v1/tasks', {
        body: { referralId: openReferralId, title: `Eerste contact ${tag}`, dueInWorkingDays: 1 },
      })
    ).id;
    const unlinkedReference = `PL0900-2026-MX${index}002`;
    const unlinkedIncidentId = (
      await call<{ id: string }>(author, 'POST', '/api/v1/incidents', {
        body: { owningUnitId: unitId, category: 'property', policeReference: unlinkedReference },
      })
    ).id;
    return {
      ...work,
      openReferral: { id: openReferralId, taskId: openTaskId, achternaam: openName },
      unlinkedIncident: { id: unlinkedIncidentId, policeReference: unlinkedReference },
    };
  };
  const casework = {} as Record<Scope, Casework>;
  for (const [index, scope] of SCOPES.entries()) casework[scope] = await makeCasework(scope, index);
  let twins = 0;

  // The organisation side, per unit scope.
  const serviceAccount = async (unitId: string) => {
    const accountId = await user(unique('svc-'), unitId, { kind: 'service' });
    await grant({ userId: accountId }, 'chain-partner', unitId);
    const token = await system.authDb.transaction(systemContext('cli:tokens'), (tx) =>
      issueToken(tx, { accountId, name: 'world', expiresAt: new Date(Date.now() + 86_400_000), reason: 'world' }),
    );
    return { accountId, tokenId: token.id };
  };
  const grantedUser = async (unitId: string) => {
    const userId = await user(unique('member-'), unitId, { email: true });
    return { userId, grantId: await grant({ userId }, 'case-worker', unitId) };
  };
  const campaign = async (unitId: string) => {
    const campaignId = (
      await owner<{ id: string }>(
        `insert into review_campaign (name, scope, unit_id, deadline, on_missed, created_by, escalated_at, escalation_deadline)
      values ($1, 'all', $2, now() + interval '30 days', 'escalate', $3, now(), now() + interval '14 days') returning id`,
        [unique('Campaign '), unitId, requesterId],
      )
    )[0]!.id;
    const { grantId } = await grantedUser(unitId);
    // Escalated without a named target: any review manager over the unit decides it.
    const itemId = (
      await owner<{ id: string }>(
        `insert into review_item (campaign_id, assignment_id, user_id, grantee_name, grantee_display_name, role_id, role_name, unit_id, unit_code, unit_name, granted_at, starts_at, escalated_at)
      select $1, a.id, a.user_id, u.username, u.display_name, a.role_id, r.name, a.unit_id, o.code, o.name, a.granted_at, a.starts_at, now()
      from role_assignment a join app_user u on u.id = a.user_id join role r on r.id = a.role_id join org_unit o on o.id = a.unit_id where a.id = $2 returning id`,
        [campaignId, grantId],
      )
    )[0]!.id;
    return { campaignId, itemId };
  };
  const shieldedCase = async (scope: UnitScope) => {
    const { id } = await call<{ id: string }>(authors[scope], 'POST', '/api/v1/cases', { body: { owningUnitId: scopeUnit[scope] } });
    await shield(id);
    return id;
  };
  const organisation = {} as Record<UnitScope, Organisation>;
  const children: Record<UnitScope, string> = { own: units.a1, other: units.b1, parent: units.r1x };
  for (const scope of UNIT_SCOPES) {
    const unitId = scopeUnit[scope];
    const username = `member-${scope}`;
    const memberId = await user(username, unitId, { email: true });
    const groupId = (await owner<{ id: string }>(`insert into user_group (name) values ($1) returning id`, [`Group ${scope}`]))[0]!.id;
    await grant({ groupId }, 'case-worker', unitId);
    const customRoleId = (
      await owner<{ id: string }>(`insert into role (name, description) values ($1, 'world') returning id`, [`Custom role ${scope}`])
    )[0]!.id;
    await owner(`insert into role_permission (role_id, permission) values ($1, 'users.read')`, [customRoleId]);
    const account = await serviceAccount(unitId);
    organisation[scope] = {
      unitId,
      unitCode: unitCodes[unitId]!,
      childUnitId: children[scope],
      member: {
        id: memberId,
        username,
        grantId: await grant({ userId: memberId }, 'case-worker', unitId),
        sessionId: await session(memberId),
      },
      groupId,
      customRoleId,
      serviceAccountId: account.accountId,
      tokenId: account.tokenId,
      campaignId: (await campaign(unitId)).campaignId,
      shieldedCaseId: await shieldedCase(scope),
    };
  }

  const unitOf = (scope: Scope) => scopeUnit[scope];
  /** A case of the scope without participants (registering persons counts against the author's duplicate-check limit), closed if asked. */
  const bareCase = async (scope: Scope, options: { closed?: boolean } = {}) => {
    const author = casework[scope].author;
    const kase = await call<{ id: string; version: number }>(author, 'POST', '/api/v1/cases', { body: { owningUnitId: unitOf(scope) } });
    if (options.closed) {
      await call(author, 'POST', `/api/v1/cases/${kase.id}/close`, { body: { version: kase.version, reason: 'world: help completed' } });
    }
    if (scope === 'shielded') await shield(kase.id);
    return kase.id;
  };
  const makers: { [K in FreshKind]: (scope: Scope) => Promise<FreshKinds[K]> } = {
    case: async (scope) => {
      // A client of its own: a success may open the case (and its people) to the caller for good.
      const work = casework[scope];
      const clientId = (
        await call<{ id: string }>(work.author, 'POST', '/api/v1/persons', {
          body: { achternaam: unique('Cliënt'), confirmNoDuplicate: true },
        })
      ).id;
      const kase = await call<{ id: string; number: string }>(work.author, 'POST', '/api/v1/cases', {
        body: { owningUnitId: work.unitId, participants: [{ personId: clientId, role: 'victim', primaryClient: true }] },
      });
      if (scope === 'shielded') await shield(kase.id);
      return { caseId: kase.id, caseNumber: kase.number, clientId, bystanderAssignmentId: await caseAssignees(scope, kase.id) };
    },
    'closed-case': async (scope) => {
      const { caseId } = await makers.case(scope);
      const current = await call<{ version: number }>(casework[scope].author, 'GET', `/api/v1/cases/${caseId}`);
      await call(casework[scope].author, 'POST', `/api/v1/cases/${caseId}/close`, {
        body: { version: current.version, reason: 'world: closed to be reopened' },
      });
      return { caseId };
    },
    'open-referral': async (scope) => ({
      referralId: (
        await call<{ id: string }>(casework[scope].author, 'POST', '/api/v1/referrals', {
          body: { source: 'police', channel: 'phone', owningUnitId: unitOf(scope), person: { achternaam: unique('Fresh') } },
        })
      ).id,
    }),
    task: async (scope) => ({
      taskId: (
        await call<{ id: string }>(casework[scope].author, 'POST', '/api/v1/tasks', {
          body: { caseId: casework[scope].kase.id, title: unique('Fresh task '), dueInWorkingDays: 3 },
        })
      ).id,
    }),
    document: async (scope) => ({
      documentId: (await upload(casework[scope].author, casework[scope].kase.id, `${unique('fresh-')}.pdf`)).id,
    }),
    person: async (scope) => {
      const work = casework[scope];
      const personId = (
        await call<{ id: string }>(work.author, 'POST', '/api/v1/persons', {
          body: { achternaam: unique('Dubbel'), confirmNoDuplicate: true },
        })
      ).id;
      await call(work.author, 'POST', `/api/v1/cases/${work.kase.id}/participants`, { body: { personId, role: 'witness' } });
      return { personId };
    },
    user: async (scope) => ({ userId: await user(unique('fresh-user-'), unitOf(scope), { email: true }) }),
    'deactivated-user': async (scope) => {
      const userId = await user(unique('leaver-'), unitOf(scope), { email: true });
      await owner(`update app_user set status = 'deactivated', deactivated_at = now() where id = $1`, [userId]);
      return { userId };
    },
    'granted-user': async (scope) => grantedUser(unitOf(scope)),
    group: async (scope) => {
      const groupId = (await owner<{ id: string }>(`insert into user_group (name) values ($1) returning id`, [unique('Fresh group ')]))[0]!
        .id;
      await grant({ groupId }, 'case-worker', unitOf(scope));
      const memberId = await user(unique('grouped-'), unitOf(scope));
      await owner(`insert into user_group_member (group_id, user_id) values ($1, $2)`, [groupId, memberId]);
      return { groupId, memberId };
    },
    'grant-request': async (scope) => {
      const userId = await user(unique('asked-for-'), unitOf(scope));
      return {
        requestId: (
          await owner<{ id: string }>(
            `insert into grant_request (kind, role_id, user_id, unit_id, reason, requested_by) values ('grant', $1, $2, $3, 'world: a team lead', $4) returning id`,
            [roleIds['team-lead'], userId, unitOf(scope), requesterId],
          )
        )[0]!.id,
      };
    },
    'service-account': async (scope) => serviceAccount(unitOf(scope)),
    campaign: async (scope) => campaign(unitOf(scope)),
    'break-glass-request': async (scope) => ({
      requestId: (
        await owner<{ id: string }>(
          `insert into case_break_glass_request (case_id, requested_by, reason) values ($1, $2, 'world: urgent question from the police') returning id`,
          [scope === 'shielded' ? casework.shielded.kase.id : organisation[scope].shieldedCaseId, requesterId],
        )
      )[0]!.id,
    }),
    'break-glass-access': async (scope) => ({
      grantId: (
        await owner<{ id: string }>(
          `insert into case_access_grant (case_id, user_id, kind, reason, granted_by, expires_at) values ($1, $2, 'break-glass', 'world: urgent question from the police', $2, now() + interval '8 hours') returning id`,
          [(await makers.case(scope)).caseId, requesterId],
        )
      )[0]!.id,
    }),
    session: async (scope) => ({ sessionId: await session(await user(unique('colleague-'), unitOf(scope))) }),
    passkey: async (scope) => {
      const credentialId = Buffer.from(unique('passkey-')).toString('base64url');
      await owner(`insert into webauthn_credential (id, user_id, public_key, name) values ($1, $2, $3, 'world')`, [
        credentialId,
        await user(unique('passkey-holder-'), unitOf(scope)),
        Buffer.alloc(77, 1),
      ]);
      return { credentialId };
    },
    'held-case': async (scope) => {
      const caseId = await bareCase(scope);
      await owner(`insert into case_legal_hold (case_id, reason, set_by) values ($1, 'world: a claim is pending', $2)`, [
        caseId,
        requesterId,
      ]);
      return { caseId };
    },
    'due-case': async (scope) => {
      const caseId = await bareCase(scope, { closed: true });
      await owner(
        `update case_file set closed_at = now() - interval '7 years', retention_until = (now() at time zone 'Europe/Amsterdam')::date - 1 where id = $1`,
        [caseId],
      );
      await owner(
        `update case_file c set retention_until = current_date + 365 where c.closed_at is not null and c.retention_until < current_date and c.id <> $1
           and not exists (select 1 from destruction_item i where i.case_id = c.id and i.status = 'pending')`,
        [caseId],
      );
      return { caseId };
    },
    'destruction-list': async (scope) => {
      const { caseId } = await makers['due-case'](scope);
      const { id: roundId } = await call<{ id: string }>(privacyOfficer, 'POST', '/api/v1/privacy/destruction-lists', { body: {} });
      const itemId = (
        await owner<{ id: string }>(`select id from destruction_item where round_id = $1 and case_id = $2`, [roundId, caseId])
      )[0]!.id;
      return { roundId, itemId, caseId };
    },
    'reviewed-list': async (scope) => {
      const list = await makers['destruction-list'](scope);
      await call(privacyOfficer, 'POST', `/api/v1/privacy/destruction-lists/${list.roundId}/review`, { body: {} });
      return list;
    },
    'erasable-person': async (scope) => {
      const { caseId, clientId } = await makers.case(scope);
      const current = await call<{ version: number }>(casework[scope].author, 'GET', `/api/v1/cases/${caseId}`);
      await call(casework[scope].author, 'POST', `/api/v1/cases/${caseId}/close`, {
        body: { version: current.version, reason: 'world: help completed' },
      });
      return { personId: clientId };
    },
  };
  const signInUser = { id: await user('world-sign-in', a), username: 'world-sign-in', password: TEST_PASSWORD };

  return {
    system,
    callers,
    units,
    casework,
    organisation,
    requesterId,
    roleIds,
    mail: {
      get inbox() {
        return smtp.received.count;
      },
    },
    owner,
    unique,
    signInUser,
    shieldedTwin: () => makeCasework('shielded', SCOPES.length + ++twins, casework.shielded),
    sessionOf: async (userId) => {
      const { cookie, csrf } = await sessionOf(userId);
      return { cookie, csrf };
    },
    fresh: (kind, scope) => makers[kind](scope),
  };
}

/** A fresh, unused id (what a by-id read of something that does not exist is compared with). */
export const nowhere = (): string => randomUUID();
