// The SECURITY DEFINER functions of persons and search, as SQL through the application's own login
// would call them (issue 9, items 11 and 14): they answer only ids of persons the sealed actor may see,
// whatever the arguments; a temporary table named like a real one does not stand in for it (pg_temp is
// last on their search_path and their tables are schema-qualified); what they keep for themselves (the
// matches behind a duplicate check, the check counter, the shared-BSN mark) is out of the role's reach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, createUnit, createUser, grantRole } from '../../../test/helpers/identity.ts';
import { createCasesModule } from '../cases/index.ts';
import { createReferralsModule } from '../referrals/index.ts';
import { createSearchModule } from '../search/index.ts';
import { createTasksModule } from '../tasks/index.ts';
import { BSN_PURPOSE, createPersonsModule } from './index.ts';

const build = (t: Parameters<typeof buildIdentity>[0]) =>
  buildIdentity(t, {
    extra: [createCasesModule(), createPersonsModule(), createReferralsModule(), createTasksModule(), createSearchModule()],
  });

test('every SECURITY DEFINER function of persons, search, referrals and tasks puts pg_temp last', async (t) => {
  const system = await build(t);
  const { rows } = await adminQuery<{ proname: string; proconfig: string[] | null }>(
    system.target.ownerUrl,
    `select proname, proconfig from pg_proc where pronamespace = 'public'::regnamespace and prosecdef
       and (proname like 'person%' or proname like 'search%' or proname like 'referral%' or proname like 'task%') order by proname`,
  );
  assert.deepEqual(
    rows.map((r) => r.proname),
    [
      'person_bsn_guard',
      'person_consent_subject_access',
      'person_duplicate_check',
      // Erasure and destruction (issue 12): migrations/0008_erasure.ts, referrals and tasks 0004.
      'person_erase',
      'person_erase_released',
      'person_erasure_facts',
      'person_forget_words',
      'person_name_words_added',
      'person_name_words_prune',
      'person_redaction_terms',
      'person_subject_access',
      'person_subject_lookup',
      'persons_visible_among',
      'referral_destroy_case',
      'referral_erase_persons',
      'referral_person_erasure_facts',
      'referral_subject_access',
      'search_person_candidates',
      'search_person_exact_candidates',
      'task_destroy_case',
      'task_erase_persons',
      'task_subject_access',
    ],
  );
  for (const row of rows)
    assert.ok(row.proconfig?.includes('search_path=pg_catalog, public, pg_temp'), `${row.proname}: ${JSON.stringify(row.proconfig)}`);
  const owned = await adminQuery<{ proname: string; proconfig: string[] | null }>(
    system.target.ownerUrl,
    `select proname, proconfig from pg_proc where pronamespace = 'public'::regnamespace and proname in ('search_candidates_answer', 'person_duplicate_matches')`,
  );
  for (const row of owned.rows) assert.ok(row.proconfig?.includes('search_path=pg_catalog, public, pg_temp'), row.proname);
  assert.deepEqual(
    (await adminQuery(system.target.ownerUrl, `select 1 from pg_proc where proname = 'person_duplicate_candidates'`)).rows,
    [],
    'replaced by person_duplicate_check',
  );
});

test('as the application role, the look-ups answer only persons the actor may see, whatever the arguments and whatever the session holds', async (t) => {
  const system = await build(t);
  const owner = (text: string, values: unknown[] = []) => adminQuery<{ id: string }>(system.target.ownerUrl, text, values);
  const teamA = await createUnit(system, 'definer-a', 'team');
  const teamB = await createUnit(system, 'definer-b', 'team');
  const lead = await createUser(system, 'definer-lead-a', { unitCode: 'definer-a' });
  await grantRole(system, lead.id, 'team-lead', 'definer-a');
  const type = (await owner(`select id from case_type where key = 'default'`)).rows[0]!.id;
  const caseIn = async (number: string, unit: string) =>
    (
      await owner(`insert into case_file (number, case_type_id, status, owning_unit_id) values ($1, $2, 'active', $3) returning id`, [
        number,
        type,
        unit,
      ])
    ).rows[0]!.id;
  const ours = await caseIn('2026-930001', teamA);
  const theirs = await caseIn('2026-930002', teamB);
  const bsn = '111222333';
  const index = system.keyRing.blindIndex(BSN_PURPOSE, bsn);
  const person = async (name: string, caseId: string, withBsn: boolean) => {
    const id = (
      await owner(
        `insert into person (voornamen, achternaam, date_of_birth, bsn_encrypted, bsn_index) values ('Iris', $1, '1975-07-07', $2, $3) returning id`,
        [name, withBsn ? Buffer.from('x') : null, withBsn ? index : null],
      )
    ).rows[0]!.id;
    await owner(`insert into case_participant (case_id, person_id, role) values ($1, $2, 'victim')`, [caseId, id]);
    return id;
  };
  const visible = await person('Definerzicht', ours, false);
  const hidden = await person('Definerzicht', theirs, true);

  const ctx = await actorOf(system, lead.id);
  const answers = () =>
    system.db.transaction(ctx, async (tx) => {
      const ids = async (text: string) =>
        (await sql<{ id: string | null }>`${sql.raw(text)}`.execute(tx.db)).rows
          .map((r) => r.id)
          .filter((id): id is string => id !== null)
          .sort();
      return {
        visibleAmong: await ids(`select v as id from persons_visible_among(array['${visible}', '${hidden}']::uuid[]) v`),
        exact: await ids(`select person_id as id from search_person_exact_candidates(array['definerzicht'], null)`),
        exactWithBirth: await ids(
          `select person_id as id from search_person_exact_candidates(array['iris', 'definerzicht'], '1975-07-07')`,
        ),
        similar: await ids(`select person_id as id from search_person_candidates(array['definerzicht'], null, null, 0.3)`),
        duplicates: await ids(
          `select person_id as id from person_duplicate_check('\\x${index.toString('hex')}'::bytea, 'Iris Definerzicht', '1975-07-07')`,
        ),
      };
    });
  const onlyVisible = { visibleAmong: [visible], exact: [visible], exactWithBirth: [visible], similar: [visible], duplicates: [visible] };
  assert.deepEqual(await answers(), onlyVisible);

  // A session that makes temporary tables named like the real ones (case_file, case_participant),
  // claiming team B's person takes part in a case of team A: the functions read the real tables.
  const forged = await system.db.transaction(ctx, async (tx) => {
    const { rows } = await sql<{ temp: boolean }>`select has_database_privilege(current_user, current_database(), 'TEMP') as temp`.execute(
      tx.db,
    );
    if (!rows[0]!.temp) return 'no TEMP';
    await sql`create temp table case_file (id uuid, owning_unit_id uuid, confidentiality text) on commit drop`.execute(tx.db);
    await sql`create temp table case_participant (case_id uuid, person_id uuid) on commit drop`.execute(tx.db);
    await sql`insert into pg_temp.case_file values (${ours}, ${teamA}, 'normal')`.execute(tx.db);
    await sql`insert into pg_temp.case_participant values (${ours}, ${hidden})`.execute(tx.db);
    await sql`grant select on pg_temp.case_file, pg_temp.case_participant to public`.execute(tx.db);
    return (
      await sql<{ id: string }>`select v as id from persons_visible_among(array[${hidden}]::uuid[]) v
      union all select person_id from search_person_exact_candidates(array['definerzicht'], null) where person_id = ${hidden}`.execute(
        tx.db,
      )
    ).rows.length;
  });
  // Either the role may no longer make temporary tables at all (kernel migration 0012), or they change nothing.
  assert.ok(forged === 0 || forged === 'no TEMP', `forged: ${forged}`);

  // What the functions keep for themselves is out of the role's reach.
  for (const statement of [
    sql`select bsn_shared from person limit 1`,
    sql`update person set bsn_shared = false where id = ${visible}`,
    sql`select * from person_duplicate_check_window`,
    sql`insert into person_duplicate_check_window values (${lead.id}, now(), 1)`,
    sql`select * from person_duplicate_matches(null, 'Iris Definerzicht', '1975-07-07')`,
  ]) {
    await assert.rejects(
      system.db.transaction(ctx, (tx) => statement.execute(tx.db)),
      /permission denied/,
    );
  }
});
