// The demo loader against a migrated test database: row counts, determinism across databases, BSNs
// that decrypt and pass the elfproef, team visibility through the API for a demo team lead, and
// search finding a demo person.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { adminQuery, emptyDatabase } from '../../../test/helpers/database.ts';
import { createMigrator, migrateUp } from '../../app/runtime.ts';
import { createLogger } from '../../kernel/observability/logger.ts';
import { build, testSettings } from '../../../test/helpers/build.ts';
import { TEST_PASSWORD, signIn, type TestUser } from '../../../test/helpers/identity.ts';
import { hashPassword } from '../../modules/identity/index.ts';
import { keyRingFromSettings } from '../../kernel/crypto/keyring.ts';
import { isValidBsn } from './bsn.ts';
import { DemoPlan, loadDemoData } from './loader.ts';

const NOW = new Date('2026-11-01T00:00:00Z');
const PERSONS = 300;
const keyRing = keyRingFromSettings(testSettings());

const count = async (url: string, table: string) =>
  Number((await adminQuery<{ n: string }>(url, `select count(*) as n from ${table}`)).rows[0]!.n);

test('loads a deterministic demo set that the application serves to the right team', async (t) => {
  const system = await build(t);
  const owner = system.target.ownerUrl;
  const result = await loadDemoData({ ownerUrl: owner, keyRing, persons: PERSONS, seed: 'demo', now: NOW, teams: 10, progress: null });
  assert.equal(result.status, 'loaded');

  await t.test('counts per table', async () => {
    assert.equal(await count(owner, "org_unit where code like 'demo-%'"), 20, '10 regions and 10 teams');
    assert.equal(await count(owner, "app_user where username like 'demo-%'"), 130, '13 staff per team, without credentials');
    assert.equal(await count(owner, "password_credential c join app_user u on u.id = c.user_id where u.username like 'demo-%'"), 0);
    assert.equal(await count(owner, 'person'), PERSONS);
    assert.equal(await count(owner, 'case_file'), PERSONS);
    assert.equal(await count(owner, 'case_participant where primary_client'), PERSONS);
    assert.equal(await count(owner, 'incident'), 240, '0.8 incidents per case');
    assert.equal(await count(owner, 'referral'), PERSONS);
    const contacts = await count(owner, 'contact_moment');
    assert.ok(contacts > PERSONS * 3 && contacts < PERSONS * 8, `about 5 contact moments per case, got ${contacts}`);
    assert.ok((await count(owner, "referral where status = 'converted'")) > PERSONS / 2, 'most referrals became the case');
    assert.ok((await count(owner, "referral where status in ('open', 'not-reached')")) > 0, 'some wait in the queues');
    assert.equal(await count(owner, "person where name_search = ''"), 0, 'the trigger filled name_search');
    const numbers = await adminQuery<{ year: number; last: number; max: number }>(
      owner,
      "select k.year, k.last, max(substr(c.number, 6)::int) as max from case_number_counter k join case_file c on c.number like k.year || '-%' group by k.year, k.last",
    );
    for (const row of numbers.rows) assert.equal(row.last, row.max, `the counter of ${row.year} continues after the highest number`);
    const raw = await adminQuery<{ summary: Buffer }>(owner, 'select summary_encrypted as summary from contact_moment limit 20');
    for (const row of raw.rows) assert.ok(!/[a-z]{4} [a-z]{4}/.test(row.summary.toString('latin1')), 'summaries are stored encrypted');
  });

  await t.test('a rerun with the same seed does nothing; another seed is refused', async () => {
    assert.equal(
      (await loadDemoData({ ownerUrl: owner, keyRing, persons: PERSONS, seed: 'demo', now: NOW, teams: 10, progress: null })).status,
      'already-loaded',
    );
    await assert.rejects(
      loadDemoData({ ownerUrl: owner, keyRing, persons: 10, seed: 'other', now: NOW, teams: 10, progress: null }),
      /another seed/,
    );
  });

  await t.test('the same seed gives the same rows in another database', async () => {
    const second = await emptyDatabase();
    t.after(() => second.release());
    await migrateUp(createMigrator(testSettings(), second, createLogger({ level: 'silent' })), second);
    await loadDemoData({ ownerUrl: second.ownerUrl, keyRing, persons: PERSONS, seed: 'demo', now: NOW, teams: 10, progress: null });
    const sample =
      "select md5(string_agg(row(c.id, c.number, c.status, c.opened_at, c.owning_unit_id, p.achternaam, p.date_of_birth, p.bsn_index)::text, '|' order by c.id)) as h from case_file c join case_participant cp on cp.case_id = c.id and cp.primary_client join person p on p.id = cp.person_id";
    const contacts =
      "select md5(string_agg(row(id, case_id, occurred_at, outcome, channel)::text, '|' order by id)) as h from contact_moment";
    for (const query of [sample, contacts]) {
      const [a, b] = await Promise.all([adminQuery<{ h: string }>(owner, query), adminQuery<{ h: string }>(second.ownerUrl, query)]);
      assert.equal(a.rows[0]!.h, b.rows[0]!.h);
    }
  });

  await t.test('BSNs decrypt, pass the elfproef and match their blind index', async () => {
    const { rows } = await adminQuery<{ id: string; box: Buffer; idx: Buffer }>(
      owner,
      'select id, bsn_encrypted as box, bsn_index as idx from person where bsn_encrypted is not null limit 50',
    );
    assert.ok(rows.length > 40);
    for (const row of rows) {
      const bsn = keyRing.decryptText('persons.bsn', row.box, row.id);
      assert.ok(isValidBsn(bsn), 'elfproef');
      assert.ok(keyRing.blindIndex('persons.bsn', bsn).equals(row.idx));
    }
  });

  await t.test("a demo team lead sees her team's cases through the API, not another team's, and finds a demo person", async () => {
    const plan = new DemoPlan({ seed: 'demo', now: NOW, persons: PERSONS, teams: 10 });
    const leadId = plan.leadId(0);
    const { rows: users } = await adminQuery<{ username: string }>(owner, 'select username from app_user where id = $1', [leadId]);
    await adminQuery(owner, 'insert into password_credential (user_id, hash) values ($1, $2)', [leadId, await hashPassword(TEST_PASSWORD)]);
    const lead: TestUser = { id: leadId, username: users[0]!.username, password: TEST_PASSWORD, totpSecret: null, lastStep: 0 };
    const session = await signIn(system, lead);

    const list = await session.request('GET', '/api/v1/cases?view=team&limit=50');
    assert.equal(list.statusCode, 200, list.body);
    const own = await adminQuery<{ id: string }>(
      owner,
      "select id from case_file where owning_unit_id = $1 and confidentiality <> 'shielded'",
      [plan.teamUnitId(0)],
    );
    assert.ok(own.rows.length > 0);
    const listed = (list.json().items as { id: string }[]).map((c) => c.id);
    assert.ok(listed.length > 0 && listed.every((id) => own.rows.some((r) => r.id === id)), 'only her team’s cases');

    const mine = own.rows[0]!.id;
    assert.equal((await session.request('GET', `/api/v1/cases/${mine}`)).statusCode, 200);
    const other = await adminQuery<{ id: string }>(owner, 'select id from case_file where owning_unit_id = $1 limit 1', [
      plan.teamUnitId(9),
    ]);
    assert.equal(
      (await session.request('GET', `/api/v1/cases/${other.rows[0]!.id}`)).statusCode,
      404,
      'another team’s case does not exist for her',
    );

    const { rows: persons } = await adminQuery<{ voornamen: string; achternaam: string; roepnaam: string }>(
      owner,
      `select p.voornamen, p.roepnaam, p.achternaam from person p join case_participant cp on cp.person_id = p.id and cp.primary_client join case_file c on c.id = cp.case_id
       where c.id = $1`,
      [mine],
    );
    const found = await session.request('POST', '/api/v1/search', { query: `${persons[0]!.achternaam} ${persons[0]!.roepnaam}` });
    assert.equal(found.statusCode, 200, found.body);
    assert.ok((found.json().persons as { achternaam?: string }[]).length > 0, 'the search finds the demo person');
  });
});

test('casus demo-data --persons loads through the command line', async (t) => {
  const target = await emptyDatabase();
  t.after(() => target.release());
  const env = { ...process.env, CASUS_ENV: 'development', DATABASE_URL: target.ownerUrl, CASUS_LOG_LEVEL: 'warn' };
  const run = promisify(execFile);
  await run(process.execPath, ['bin/casus.js', 'migrate', 'up'], { env, timeout: 120_000 });
  const { stdout } = await run(
    process.execPath,
    ['bin/casus.js', 'demo-data', '--persons', '200', '--now', '2026-11-01', '--teams', '10'],
    { env, timeout: 120_000 },
  );
  assert.match(stdout, /person\s+200\s/);
  assert.match(stdout, /total/);
  assert.equal(await count(target.ownerUrl, 'case_file'), 200);
  const refused = await run(process.execPath, ['bin/casus.js', 'demo-data', '--persons', '10'], {
    env: { ...env, CASUS_ENV: 'acceptance' },
    timeout: 60_000,
  }).then(
    () => null,
    (error: { code: number; stderr: string }) => error,
  );
  assert.ok(refused && refused.code !== 0, 'refused in acceptance');
});
