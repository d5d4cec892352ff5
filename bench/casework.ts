// The casework scenarios of issue 4 against a database holding demo data (`casus demo-data`): the
// team lead of the busiest demo team searches, opens cases, logs contact and lists her team's cases,
// with 50 connections. Each request picks its case or query from pools drawn from her own team, so
// the run does not measure one hot row. Or a crew of case workers (prepareCaseworkers), each working
// on her own caseload: what an ordinary day looks like to the audit trail's detection, where one user
// opening a thousand persons is, rightly, a mass look-up. Sessions are written over the owner
// connection (demo users have no credentials), as bench/identity.ts does, and removed again afterwards.
import { createHash, randomBytes } from 'node:crypto';
import type autocannon from 'autocannon';
import type pg from 'pg';
import { withClient } from '../src/kernel/db/client.ts';
import type { Scenario } from './scenarios.ts';
import type { BenchDatabase } from './server.ts';
import { queryOnce } from '../src/kernel/db/client.ts';
import { redactUrl } from '../src/kernel/db/target.ts';
import { loadSettings } from '../src/kernel/config.ts';
import { keyRingFromSettings } from '../src/kernel/crypto/keyring.ts';
import { loadDemoData } from '../src/tools/demo-data/loader.ts';

export interface DemoPools {
  /** Cases of the team (any status), for opening. */
  caseIds: string[];
  /** Open cases of the team, for logging contact. */
  openCaseIds: string[];
  /** 'de Vries Jan' style queries: surname and first name. */
  nameQueries: string[];
  /** 'Jansen 12-03-1984' style queries: surname and date of birth. */
  birthQueries: string[];
  /** 'Jasnen Daan' style queries: the surname with two inner letters swapped (mostly the trigram fallback). */
  typoQueries: string[];
}

export interface DemoSession {
  cookie: string;
  csrf: string;
  sessionId: string;
  dataset: string;
  pools: DemoPools;
}

const POOL = 1000;
const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)]!;
/** A typing error: the third and fourth letters swapped ("Jansen" -> "Jasnen"). */
const swapLetters = (name: string) => `${name.slice(0, 2)}${name[3]}${name[2]}${name.slice(4)}`;
const dmy = (iso: string) => `${iso.slice(8, 10)}-${iso.slice(5, 7)}-${iso.slice(0, 4)}`;

/** Pools of the persons behind the given cases (first come first), as the scenarios draw from them. */
function poolsOf(
  persons: readonly {
    case_id: string;
    closed: boolean;
    achternaam: string;
    tussenvoegsel: string | null;
    roepnaam: string | null;
    dob: string | null;
  }[],
): DemoPools {
  const surname = (p: (typeof persons)[number]) => (p.tussenvoegsel ? `${p.tussenvoegsel} ${p.achternaam}` : p.achternaam);
  return {
    caseIds: persons.slice(0, POOL).map((p) => p.case_id),
    openCaseIds: persons
      .filter((p) => !p.closed)
      .slice(0, POOL)
      .map((p) => p.case_id),
    nameQueries: persons
      .filter((p) => p.roepnaam)
      .slice(0, POOL)
      .map((p) => `${surname(p)} ${p.roepnaam!}`),
    birthQueries: persons
      .filter((p) => p.dob)
      .slice(0, POOL)
      .map((p) => `${surname(p)} ${dmy(p.dob!)}`),
    typoQueries: persons
      .filter((p) => p.roepnaam && p.achternaam.length >= 5)
      .slice(0, POOL)
      .map((p) => `${swapLetters(p.achternaam)} ${p.roepnaam!}`),
  };
}

const PRIMARY_CLIENTS = `select c.id as case_id, c.closed_at is not null as closed, p.achternaam, p.tussenvoegsel, p.roepnaam,
    to_char(p.date_of_birth, 'YYYY-MM-DD') as dob
  from case_file c join case_participant cp on cp.case_id = c.id and cp.primary_client join person p on p.id = cp.person_id`;

/** A two-factor session of the user, written over the owner login. */
async function signIn(client: pg.ClientBase, userId: string): Promise<Pick<DemoSession, 'cookie' | 'csrf' | 'sessionId'>> {
  const token = randomBytes(32).toString('base64url');
  const csrf = randomBytes(32).toString('base64url');
  const sessionId = createHash('sha256').update(token).digest('hex');
  await client.query(
    `insert into user_session (id, user_id, state, csrf_token, authenticated_via, second_factor, expires_at)
      values ($1, $2, 'active', $3, 'password', 'totp', now() + interval '2 hours')`,
    [sessionId, userId, csrf],
  );
  return { cookie: `casus-session=${token}`, csrf, sessionId };
}

async function datasetTotals(client: pg.ClientBase): Promise<string> {
  const totals = (
    await client.query<{ persons: string; cases: string; contacts: string }>(
      `select (select reltuples::bigint from pg_class where relname = 'person') as persons, (select reltuples::bigint from pg_class where relname = 'case_file') as cases,
              (select reltuples::bigint from pg_class where relname = 'contact_moment') as contacts`,
    )
  ).rows[0]!;
  return `demo data: ~${count(totals.persons)} persons, ~${count(totals.cases)} cases, ~${count(totals.contacts)} contact moments`;
}

const count = (s: string | number) => Number(s).toLocaleString('en-US');

/** Signs in the lead of the demo team with the most cases and draws the request pools from that team. */
export async function prepareDemoSession(ownerUrl: string): Promise<DemoSession> {
  return withClient(ownerUrl, async (client) => {
    const team = (
      await client.query<{ unit: string; code: string; cases: string }>(
        `select c.owning_unit_id as unit, u.code, count(*) as cases from case_file c join org_unit u on u.id = c.owning_unit_id
       where u.code like 'demo-%' group by 1, 2 order by 3 desc limit 1`,
      )
    ).rows[0];
    if (!team) throw new Error('no demo data in this database: load it with `casus demo-data --persons N` first');
    const lead = (
      await client.query<{ id: string }>(
        `select u.id from app_user u join role_assignment a on a.user_id = u.id join role r on r.id = a.role_id
       where r.key = 'team-lead' and a.unit_id = $1 and a.revoked_at is null order by u.username limit 1`,
        [team.unit],
      )
    ).rows[0];
    if (!lead) throw new Error(`no team lead in ${team.code}`);
    const persons = (
      await client.query(
        `${PRIMARY_CLIENTS} where c.owning_unit_id = $1 and c.confidentiality <> 'shielded' order by md5(c.id::text) limit $2`,
        [team.unit, POOL * 3],
      )
    ).rows;
    return {
      ...(await signIn(client, lead.id)),
      dataset: `${await datasetTotals(client)}; measured as the team lead of ${team.code} (${count(team.cases)} cases)`,
      pools: poolsOf(persons),
    };
  });
}

/**
 * Signs in `size` case workers of the demo teams, those with the most cases assigned to them, each with
 * pools drawn from at most `caseload` of her own (non-shielded) cases, and searching for the clients of
 * those cases only: the casework of an ordinary day, which raises no detection alert (fewer distinct
 * persons per worker than a look-up rule counts, nobody searched outside her own cases).
 */
export async function prepareCaseworkers(ownerUrl: string, size: number, caseload: number): Promise<DemoSession[]> {
  return withClient(ownerUrl, async (client) => {
    const workers = (
      await client.query<{ id: string; username: string }>(
        `select u.id, u.username from app_user u
         join case_assignment a on a.user_id = u.id and a.ended_at is null
         join case_file c on c.id = a.case_id and c.confidentiality <> 'shielded' and c.closed_at is null
         where u.username like 'demo-%' group by u.id, u.username
         having count(*) >= 2 order by count(*) desc, u.username limit $1`,
        [size],
      )
    ).rows;
    if (workers.length < size)
      throw new Error(`only ${workers.length} demo case workers have two open cases: load more demo persons (BENCH_DEMO_PERSONS)`);
    const dataset = await datasetTotals(client);
    const crew: DemoSession[] = [];
    for (const worker of workers) {
      const persons = (
        await client.query(
          `${PRIMARY_CLIENTS} join case_assignment a on a.case_id = c.id and a.user_id = $1 and a.ended_at is null
           where c.confidentiality <> 'shielded' order by c.closed_at is not null, md5(c.id::text) limit $2`,
          [worker.id, caseload],
        )
      ).rows;
      crew.push({
        ...(await signIn(client, worker.id)),
        dataset: `${dataset}; measured as ${size} case workers of the demo teams, each on her own caseload (at most ${caseload} cases)`,
        pools: poolsOf(persons),
      });
    }
    return crew;
  });
}

/** Ends the benchmark sessions (the demo data itself stays). */
export async function endDemoSession(ownerUrl: string, sessions: DemoSession | readonly DemoSession[]): Promise<void> {
  const ids = (Array.isArray(sessions) ? sessions : [sessions]).map((s: DemoSession) => s.sessionId);
  await withClient(ownerUrl, (client) => client.query('delete from user_session where id = any($1::text[])', [ids]));
}

const json = { 'content-type': 'application/json', accept: 'application/json' };

/**
 * One request shape per issue operation; `requests` vary the case or query per request. Given several
 * sessions (a crew), each request is one drawn session's, with a case or query from her pools.
 */
export function demoScenarios(sessions: DemoSession | readonly DemoSession[] | null): Scenario[] {
  const crew: readonly DemoSession[] = sessions === null ? [] : Array.isArray(sessions) ? sessions : [sessions as DemoSession];
  const headersOf = (session: DemoSession) => ({ ...json, cookie: session.cookie, 'x-csrf-token': session.csrf });
  const headers = crew[0] ? headersOf(crew[0]) : json;
  const p = crew[0]?.pools;
  /** Each request as one session of the crew sends it, from that session's pools. */
  const vary = (build: (req: autocannon.Request, pools: DemoPools) => autocannon.Request): autocannon.Request[] => [
    {
      setupRequest: (req) => {
        const session = pick(crew);
        return build({ ...req, headers: headersOf(session) }, session.pools);
      },
    },
  ];
  const search = (queries: (pools: DemoPools) => string[]) =>
    vary((req, pools) => ({ ...req, body: JSON.stringify({ query: pick(queries(pools)) }) }));
  return [
    {
      name: 'demo-search-name',
      measures: 'POST /search with surname + first name of a person in the team (name-word dictionary, then RLS)',
      method: 'POST',
      path: '/api/v1/search',
      headers,
      connections: 50,
      demo: true,
      body: JSON.stringify({ query: p?.nameQueries[0] ?? 'Jansen Jan' }),
      requests: p ? search((pools) => pools.nameQueries) : undefined,
    },
    {
      name: 'demo-search-birth',
      measures: 'POST /search with surname + date of birth',
      method: 'POST',
      path: '/api/v1/search',
      headers,
      connections: 50,
      demo: true,
      body: JSON.stringify({ query: p?.birthQueries[0] ?? 'Jansen 01-01-1980' }),
      requests: p ? search((pools) => pools.birthQueries) : undefined,
    },
    {
      name: 'demo-search-typo',
      measures:
        'POST /search with a mistyped surname + first name (two inner letters swapped): no exact match and, mostly, no dictionary word similar enough, so the trigram scan over all names (the worst case)',
      method: 'POST',
      path: '/api/v1/search',
      headers,
      connections: 50,
      demo: true,
      body: JSON.stringify({ query: p?.typoQueries[0] ?? 'Jasnen Jan' }),
      requests: p ? search((pools) => pools.typoQueries) : undefined,
    },
    {
      name: 'demo-open-case',
      measures:
        'GET /cases/{id}/overview: the case screen (case, participants with names, 10 latest contact moments decrypted, open tasks; audited)',
      method: 'GET',
      path: '/api/v1/cases/00000000-0000-4000-8000-000000000000/overview',
      headers,
      connections: 50,
      demo: true,
      requests: p ? vary((req, pools) => ({ ...req, path: `/api/v1/cases/${pick(pools.caseIds)}/overview` })) : undefined,
    },
    {
      name: 'demo-save-contact',
      measures: 'POST /cases/{id}/contact-moments on an open team case (encrypts the summary, audited write)',
      method: 'POST',
      path: '/api/v1/cases/00000000-0000-4000-8000-000000000000/contact-moments',
      headers,
      connections: 50,
      demo: true,
      expectStatus: [201],
      body: JSON.stringify({
        channel: 'phone',
        direction: 'outbound',
        outcome: 'reached',
        durationMinutes: 12,
        summary: 'Telefonisch contact: afspraken over de vervolgstappen besproken.',
      }),
      requests: p ? vary((req, pools) => ({ ...req, path: `/api/v1/cases/${pick(pools.openCaseIds)}/contact-moments` })) : undefined,
    },
    {
      name: 'demo-team-cases',
      measures: 'GET /cases?view=team&limit=50: the first page of the team list',
      method: 'GET',
      path: '/api/v1/cases?view=team&limit=50',
      headers,
      connections: 50,
      demo: true,
    },
  ];
}

/** An existing, loaded database (`--existing` / BENCH_DATABASE_URL): used as it is and never dropped. */
export function existingDatabase(url: string): BenchDatabase {
  return {
    engine: 'external',
    describe: `existing database ${redactUrl(url)} (kept)`,
    env: { DATABASE_URL: url, DATABASE_APP_URL: '', DATABASE_AUTH_URL: '' },
    version: async () => String((await queryOnce<{ version: string }>(url, 'select version() as version')).rows[0]?.version),
    ownerUrl: async () => url,
    remove: async () => undefined,
  };
}

/** A small demo set for the casework scenarios on a fresh benchmark database. */
export async function loadSmallDemo(ownerUrl: string, env: Record<string, string>, persons: number): Promise<void> {
  const settings = loadSettings({ ...process.env, CASUS_ENV: 'development', CASUS_CONFIG_FILE: '', ...env });
  await loadDemoData({
    ownerUrl,
    keyRing: keyRingFromSettings(settings),
    persons,
    seed: 'bench',
    teams: 60,
    emailDomains: 'reserved',
    progress: null,
  });
}
