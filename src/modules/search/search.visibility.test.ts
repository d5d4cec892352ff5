// What search never shows and what it records: another team's persons and cases, shielded cases, too
// broad a name, the audit of every search, bad input; and the name dictionary. (Finding: search.api.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { adminQuery } from '../../../test/helpers/database.ts';
import { type IdentitySystem } from '../../../test/helpers/identity.ts';
import { NO_ORIGIN } from '../../kernel/auth/actor.ts';
import { loadGrants } from '../identity/index.ts';
import { pruneNameWords } from '../persons/index.ts';
import { build, caseIds, nextBsn, openCase, personIds, register, search, team } from '../../../test/helpers/search.ts';

/** The user's own actor (with search.use), for calling the SQL functions directly. */
async function userContext(system: IdentitySystem, userId: string) {
  return { actor: { kind: 'user' as const, id: userId, ...(await loadGrants(system.db.pool, userId)) }, origin: NO_ORIGIN };
}

test('another team’s persons and cases are never found, whatever is typed; nor a shielded case', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const theirWorker = await b.user('worker', 'case-worker');
  const theirs = await register(theirWorker.session, {
    voornamen: 'Geheime',
    achternaam: 'Wijnberg',
    dateOfBirth: '1966-06-06',
    phones: ['0655554444'],
    emails: ['wijnberg@example.net'],
    address: { postcode: '9999 ZZ', huisnummer: 1 },
  });
  const theirCase = await openCase(theirWorker.session, { owningUnitId: b.unit, participants: [{ personId: theirs, role: 'victim' }] });
  // In team A, shielded by the lead from herself and everyone but its workers.
  const mine = await register(worker.session, { achternaam: 'Wijnberg' });
  const shielded = await openCase(worker.session, { owningUnitId: a.unit, participants: [{ personId: mine, role: 'victim' }] });
  assert.deepEqual(caseIds(await search(lead.session, { query: shielded.number })), [shielded.id], 'the lead reads the unit’s cases');
  const current = (await lead.session.request('GET', `/api/v1/cases/${shielded.id}`)).json();
  assert.equal(
    (await lead.session.request('PATCH', `/api/v1/cases/${shielded.id}`, { version: current.version, confidentiality: 'shielded' }))
      .statusCode,
    200,
  );
  const otherLead = await a.user('lead2', 'team-lead');

  for (const query of [
    'Wijnberg',
    'Geheime Wijnberg',
    '06-06-1966',
    '0655554444',
    'wijnberg@example.net',
    '9999 ZZ 1',
    theirCase.number,
    `${theirCase.number} Wijnberg`,
  ]) {
    for (const session of [worker.session, lead.session]) {
      const response = await search(session, { query });
      assert.equal(response.statusCode, 200, response.body);
      assert.ok(!personIds(response).includes(theirs), `${query}: another team's person`);
      assert.deepEqual(caseIds(response), [], `${query}: another team's case`);
    }
  }
  assert.deepEqual(personIds(await search(worker.session, { query: 'Wijnberg' })), [mine]);
  assert.deepEqual(
    caseIds(await search(otherLead.session, { query: shielded.number })),
    [],
    'a shielded case is hidden from other team leads',
  );
  assert.deepEqual(personIds(await search(otherLead.session, { query: 'Wijnberg' })), [], 'and so is its person');
  assert.deepEqual(personIds(await search(theirWorker.session, { query: 'Wijnberg' })), [theirs]);

  // Underneath: the index look-ups answer only holders of search.use, only ids, and only ids of persons
  // the actor may see, whatever the arguments (no caller-chosen cap above which they answer unnarrowed).
  const actor = async (userId: string, permissions?: string[]) => {
    const grants = await loadGrants(system.db.pool, userId);
    return {
      actor: { kind: 'user' as const, id: userId, ...grants, ...(permissions ? { permissions, scopes: {} } : {}) },
      origin: NO_ORIGIN,
    };
  };
  const lookups = [
    `search_person_candidates(array['wijnberg'], null, null, 0.5)`,
    `search_person_candidates(array['wijnberg'], null, null, 0.3)`,
    `search_person_candidates(array['wijnberg'], '+31655554444', 'wijnberg@example.net', 1)`,
    `search_person_candidates(null, '+31655554444', null, 0.3)`,
    `search_person_exact_candidates(array['wijnberg'], null)`,
    `search_person_exact_candidates(array['geheime', 'wijnberg'], '1966-06-06')`,
  ];
  const found = (ctx: Awaited<ReturnType<typeof actor>>) =>
    system.db.transaction(ctx, async (tx) => {
      const ids = new Set<string>();
      for (const call of lookups) {
        for (const row of (await sql<{ person_id: string | null; too_broad: boolean }>`select * from ${sql.raw(call)}`.execute(tx.db))
          .rows) {
          assert.equal(row.too_broad, false, call);
          ids.add(row.person_id!);
        }
      }
      return [...ids].sort();
    });
  assert.deepEqual(await found(await actor(worker.id)), [mine], 'only the Wijnberg she may see');
  assert.deepEqual(
    await found(await actor(otherLead.id)),
    [],
    'another lead of the team sees neither: one is shielded, one is another team’s',
  );
  assert.deepEqual(await found(await actor(theirWorker.id)), [theirs], 'and the other team only theirs');
  assert.deepEqual(await found(await actor(worker.id, ['cases.create'])), [], 'nothing without search.use');
  await assert.rejects(
    system.db.transaction(await actor(otherLead.id), (tx) =>
      sql`select * from search_person_candidates(array['wijnberg'], null, null, 0.5, 1)`.execute(tx.db),
    ),
    /does not exist/,
    'the caller no longer chooses a cap',
  );
  await assert.rejects(
    system.db.transaction(await actor(otherLead.id), (tx) =>
      sql`select * from search_person_exact_candidates(array['wijnberg'], null, 1)`.execute(tx.db),
    ),
    /does not exist/,
  );
});

test('a name that matches too many persons says so instead of listing an arbitrary few', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const own = await register(worker.session, { voornamen: 'Eline', achternaam: 'Veelvoorkomend', dateOfBirth: '2001-02-03' });
  await adminQuery(system.target.ownerUrl, `insert into person (achternaam) select 'Veelvoorkomend' from generate_series(1, 5001)`);
  const broad = await search(worker.session, { query: 'Veelvoorkomend' });
  assert.equal(broad.statusCode, 200, broad.body);
  assert.deepEqual([broad.json().persons, broad.json().tooBroad], [[], true]);
  // Too broad is answered without any ids, visible or not.
  const ctx = { actor: { kind: 'user' as const, id: worker.id, ...(await loadGrants(system.db.pool, worker.id)) }, origin: NO_ORIGIN };
  const answers = await system.db.transaction(ctx, async (tx) => ({
    exact: (await sql`select * from search_person_exact_candidates(array['veelvoorkomend'], null)`.execute(tx.db)).rows,
    similar: (await sql`select * from search_person_candidates(array['veelvoorkomend'], null, null, 0.5)`.execute(tx.db)).rows,
  }));
  assert.deepEqual(answers, { exact: [{ person_id: null, too_broad: true }], similar: [{ person_id: null, too_broad: true }] });
  const narrower = await search(worker.session, { query: 'Veelvoorkomend 03-02-2001' });
  assert.deepEqual([personIds(narrower), narrower.json().tooBroad], [[own], false], 'a date of birth narrows it through its own index');
  assert.deepEqual(personIds(await search(worker.session, { query: 'Eline Veelvoorkomend' })), [own]);
});

test('every search is audited: what kinds of terms, how many results and which, never the query text', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const bsn = nextBsn();
  const person = await register(worker.session, { voornamen: 'Sophie', achternaam: 'Terlouw', bsn, phones: ['0611223344'] });
  const response = await search(worker.session, { query: `Sophie Terlouw ${bsn} 06-11223344` });
  assert.deepEqual(personIds(response), [person]);
  await search(worker.session, { query: 'Onvindbaar', types: ['persons'] });

  const rows = await adminQuery<{
    object_type: string;
    result: string;
    details: Record<string, unknown>;
    origin_ip: string | null;
    object_ids: string[];
    data_subject_ids: string[];
  }>(
    system.target.ownerUrl,
    `select object_type, result, details, origin_ip, object_ids, data_subject_ids from audit_event where action = 'search.query' and actor_id = $1 order by id`,
    [worker.id],
  );
  assert.equal(rows.rows.length, 2);
  assert.deepEqual(rows.rows[0]!.details, {
    terms: ['bsn', 'phone', 'name'],
    types: ['persons', 'cases'],
    persons: 1,
    cases: 0,
    tooBroad: false,
    nameMatching: 'similar',
  });
  assert.deepEqual(rows.rows[1]!.details, {
    terms: ['name'],
    types: ['persons'],
    persons: 0,
    cases: 0,
    tooBroad: false,
    nameMatching: 'similar',
  });
  assert.deepEqual(
    rows.rows.map((r) => [r.object_ids, r.data_subject_ids]),
    [
      [[person], [person]],
      [[], []],
    ],
    'which persons were listed: the objects and data subjects of the read',
  );
  const kase = await openCase(worker.session, { owningUnitId: a.unit, participants: [{ personId: person, role: 'victim' }] });
  await search(worker.session, { query: `${kase.number} Terlouw` });
  const withCase = await adminQuery<{ object_ids: string[]; data_subject_ids: string[] }>(
    system.target.ownerUrl,
    `select object_ids, data_subject_ids from audit_event where action = 'search.query' and actor_id = $1 order by id desc limit 1`,
    [worker.id],
  );
  assert.deepEqual(withCase.rows[0], { object_ids: [person, kase.id], data_subject_ids: [person] });
  const whoLooked = await adminQuery<{ n: string }>(
    system.target.ownerUrl,
    `select count(*) as n from audit_event where action = 'search.query' and data_subject_ids @> array[$1]`,
    [person],
  );
  assert.equal(Number(whoLooked.rows[0]!.n), 2, '"who saw this client" finds the result lists that showed her');
  assert.equal(rows.rows[0]!.object_type, 'search');
  const everything = JSON.stringify(rows.rows).toLowerCase();
  for (const secret of [bsn, 'sophie', 'terlouw', '11223344', 'onvindbaar'])
    assert.ok(!everything.includes(secret), `no ${secret} in the audit trail`);
});

test('bad input is a problem and searches nothing; without search.use there is no search', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const admin = await a.user('admin', 'functional-administrator');
  const bad = [
    { query: '' },
    { query: '   ' },
    { query: 'x'.repeat(201) },
    {},
    { query: { text: 'Jansen' } },
    { query: 'Jansen', types: [] },
    { query: 'Jansen', types: ['documents'] },
    { query: 'Jansen', types: ['persons', 'persons'] },
    { query: 'Jansen', limit: 51 },
    { query: 'Jansen', limit: 0 },
    { query: 'Jansen', extra: true },
  ];
  for (const body of bad) {
    const response = await search(worker.session, body);
    assert.equal(response.statusCode, 400, `${JSON.stringify(body)}: ${response.body}`);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.ok(!response.body.includes('xxxxxxxxxx'), 'the problem does not repeat the query');
  }
  const audited = await adminQuery<{ n: number }>(
    system.target.ownerUrl,
    `select count(*)::int as n from audit_event where action = 'search.query' and actor_id = $1`,
    [worker.id],
  );
  assert.equal(audited.rows[0]!.n, 0);
  assert.equal((await search(admin.session, { query: 'Jansen' })).statusCode, 403, 'a functional administrator has no search.use');
  assert.equal((await system.app.inject({ method: 'POST', url: '/api/v1/search', payload: { query: 'Jansen' } })).statusCode, 401);
  assert.equal((await worker.session.request('GET', '/api/v1/search?query=Jansen')).statusCode, 404, 'no GET: terms never travel in a URL');
});

test('names are found through the name-word dictionary, and across words through the trigram fallback', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const berg = await register(worker.session, { voornamen: 'Wouter', tussenvoegsel: 'van den', achternaam: 'Zandbergh' });
  const words = async () =>
    (
      await adminQuery<{ word: string }>(
        system.target.ownerUrl,
        `select word from person_name_word where word in ('wouter', 'van', 'den', 'zandbergh', 'zandbergen', 'wout')`,
      )
    ).rows
      .map((r) => r.word)
      .sort();
  assert.deepEqual(await words(), ['den', 'van', 'wouter', 'zandbergh'], 'registering a person adds its name words');

  const asWorker = await userContext(system, worker.id);
  const candidates = (query: string[]) =>
    system.db.transaction(asWorker, async (tx) =>
      (
        await sql<{ id: string }>`select person_id as id from search_person_candidates(${query}::text[], null, null, 0.5)`.execute(tx.db)
      ).rows.map((r) => r.id),
    );
  assert.deepEqual(await candidates(['zandberg', 'wouter']), [berg], 'a typo finds the similar dictionary word');
  assert.deepEqual(
    await candidates(['vandenzandbergh']),
    [berg],
    'no dictionary word resembles a run-together name: the trigram scan finds it',
  );
  assert.deepEqual(await candidates(['zandbergh', 'pieter']), [], 'every word must match');
  assert.deepEqual(personIds(await search(worker.session, { query: 'Zandberg Wouter' })), [berg]);

  // A rename adds the new words; the prune job removes words no person carries any more, and only
  // the system actor may run it.
  const current = (await worker.session.request('GET', `/api/v1/persons/${berg}`)).json<{ version: number }>();
  const renamed = await worker.session.request('PATCH', `/api/v1/persons/${berg}`, {
    version: current.version,
    roepnaam: 'Wout',
    achternaam: 'Zandbergen',
  });
  assert.equal(renamed.statusCode, 200, renamed.body);
  assert.deepEqual(await words(), ['den', 'van', 'wout', 'wouter', 'zandbergen', 'zandbergh']);
  await assert.rejects(
    system.db.transaction(asWorker, async (tx) => sql`select person_name_words_prune()`.execute(tx.db)),
    /system actor only/,
  );
  assert.ok((await pruneNameWords(system.db)) >= 1);
  assert.deepEqual(await words(), ['den', 'van', 'wout', 'wouter', 'zandbergen']);
  assert.deepEqual(personIds(await search(worker.session, { query: 'Zandbergen Wout' })), [berg]);
});
