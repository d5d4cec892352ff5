// The tasks API as case workers, volunteers and team leads use it: tasks on a case, due at the end of
// a working day, "my tasks" and "team tasks" with overdue ones first, changes with optimistic
// concurrency, complete and cancel; other teams see nothing, through the API or hand-written SQL as
// the application role; bad input changes nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { ActorContext } from '../../kernel/auth/actor.ts';
import { addWorkingDays } from '../../kernel/calendar/working-days.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf, openCase, shield, team } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, type Session } from '../../../test/helpers/identity.ts';
import { createCasesModule } from '../cases/index.ts';
import { createPersonsModule } from '../persons/index.ts';
import { createReferralsModule } from '../referrals/index.ts';
import { createTasksModule } from './index.ts';

const build = (t: Parameters<typeof buildIdentity>[0]) =>
  buildIdentity(t, { extra: [createCasesModule(), createPersonsModule(), createReferralsModule(), createTasksModule()] });

const ids = (response: { json(): { items: { id: string }[] } }) => response.json().items.map((i) => i.id);

test('tasks on a case: due in working days, my and team lists overdue first, change, complete, cancel', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const colleague = await a.user('colleague', 'case-worker');
  const outsider = await b.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const { id: caseId } = await openCase(system, worker, a.unit);
  // The colleague works on the case too: a task is seen only by those who see its case.
  assert.equal(
    (await lead.session.request('POST', `/api/v1/cases/${caseId}/assignments`, { userId: colleague.id, role: 'worker' })).statusCode,
    200,
  );

  const before = Date.now();
  const call = await worker.session.request('POST', '/api/v1/tasks', {
    caseId,
    title: 'Terugbellen over schadeformulier',
    dueInWorkingDays: 3,
  });
  assert.equal(call.statusCode, 201, call.body);
  assert.equal(call.json().dueAt, addWorkingDays(new Date(before), 3).toISOString(), 'the end of the third working day');
  assert.equal(call.json().owningUnitId, a.unit, 'the unit of its case');
  assert.equal(call.json().assigneeUserId, null);
  assert.equal(call.headers.etag, `"task:${call.json().id}:1"`);
  const dated = await worker.session.request('POST', '/api/v1/tasks', {
    caseId,
    title: 'Zitting voorbereiden',
    dueOn: '2099-06-30',
    assigneeUserId: colleague.id,
  });
  assert.equal(dated.statusCode, 201, dated.body);
  assert.equal(dated.json().dueAt, '2099-06-30T21:59:59.999Z', 'the end of that day, Amsterdam time');
  const late = await worker.session.request('POST', '/api/v1/tasks', {
    caseId,
    title: 'Verklaring opvragen',
    dueInWorkingDays: 1,
    assigneeUserId: colleague.id,
  });
  await adminQuery(system.target.ownerUrl, `update task set due_at = now() - interval '2 days' where id = $1`, [late.json().id]);

  // Team tasks: overdue first, then by due moment; my tasks: the colleague's two.
  const teamList = await worker.session.request('GET', '/api/v1/tasks?view=team');
  assert.equal(teamList.statusCode, 200, teamList.body);
  assert.deepEqual(ids(teamList), [late.json().id, call.json().id, dated.json().id]);
  assert.deepEqual(
    teamList.json().items.map((i: { overdue: boolean }) => i.overdue),
    [true, false, false],
  );
  const page1 = await worker.session.request('GET', '/api/v1/tasks?view=team&limit=2');
  const page2 = await worker.session.request('GET', `/api/v1/tasks?view=team&limit=2&after=${page1.json().next}`);
  assert.deepEqual([...ids(page1), ...ids(page2)], ids(teamList));
  assert.equal(page2.json().next, null);
  assert.deepEqual(ids(await colleague.session.request('GET', '/api/v1/tasks?view=mine')), [late.json().id, dated.json().id]);
  assert.deepEqual(ids(await worker.session.request('GET', `/api/v1/tasks?view=all&caseId=${caseId}`)), ids(teamList));

  // Another team sees none of it.
  assert.deepEqual((await outsider.session.request('GET', '/api/v1/tasks?view=team')).json().items, []);
  assert.deepEqual((await outsider.session.request('GET', '/api/v1/tasks?view=all')).json().items, []);
  assert.equal((await outsider.session.request('GET', `/api/v1/tasks/${call.json().id}`)).statusCode, 404);
  assert.equal((await outsider.session.request('POST', `/api/v1/tasks/${call.json().id}/complete`, { version: 1 })).statusCode, 404);
  const foreign = await outsider.session.request('POST', '/api/v1/tasks', { caseId, title: 'Meekijken', dueInWorkingDays: 1 });
  assert.equal(foreign.statusCode, 400, 'a case one cannot see does not exist');

  // Change with the version read; a stale one gets 412.
  const read = await colleague.session.request('GET', `/api/v1/tasks/${call.json().id}`);
  assert.equal(read.statusCode, 200, read.body);
  const handed = await colleague.session.request('PATCH', `/api/v1/tasks/${call.json().id}`, {
    version: read.json().version,
    assigneeUserId: colleague.id,
    dueInWorkingDays: 5,
  });
  assert.equal(handed.statusCode, 200, handed.body);
  assert.equal(handed.json().version, 2);
  assert.equal(handed.json().assigneeUserId, colleague.id);
  assert.equal(
    (await worker.session.request('PATCH', `/api/v1/tasks/${call.json().id}`, { version: 1, title: 'Overschreven' })).statusCode,
    412,
  );
  const [left, right] = await Promise.all([
    worker.session.request('PATCH', `/api/v1/tasks/${call.json().id}`, { version: 2, title: 'Eerst' }),
    colleague.session.request('PATCH', `/api/v1/tasks/${call.json().id}`, { version: 2, title: 'Tweede' }),
  ]);
  assert.deepEqual([left.statusCode, right.statusCode].sort(), [200, 412], 'two writers with one version: one wins');

  const done = await colleague.session.request('POST', `/api/v1/tasks/${call.json().id}/complete`, { version: 3 });
  assert.equal(done.statusCode, 200, done.body);
  assert.equal(done.json().status, 'done');
  assert.ok(done.json().completedAt);
  assert.deepEqual(done.json().allowedActions, []);
  assert.equal(
    (await colleague.session.request('POST', `/api/v1/tasks/${call.json().id}/cancel`, { version: 4, reason: 'toch niet' })).statusCode,
    409,
    'done is done',
  );
  const cancelled = await worker.session.request('POST', `/api/v1/tasks/${dated.json().id}/cancel`, {
    version: 1,
    reason: 'zitting verplaatst',
  });
  assert.equal(cancelled.statusCode, 200, cancelled.body);
  assert.equal(cancelled.json().cancelReason, 'zitting verplaatst');
  assert.deepEqual(ids(await worker.session.request('GET', '/api/v1/tasks?view=team')), [late.json().id]);
  assert.deepEqual(ids(await worker.session.request('GET', '/api/v1/tasks?view=team&status=done')), [call.json().id]);

  const actions = await adminQuery<{ action: string }>(
    system.target.ownerUrl,
    `select action from audit_event where object_id = $1 order by id`,
    [call.json().id],
  );
  assert.deepEqual(
    actions.rows.map((r) => r.action),
    ['task.create', 'task.read', 'task.update', 'task.update', 'task.complete'],
  );
});

test('a volunteer sees the tasks of the cases she works on, completes the ones handed to her, but cannot drop them', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const volunteer = await a.user('volunteer', 'volunteer', 'volunteer');
  const { id: caseId } = await openCase(system, worker, a.unit);
  const visit = (
    await worker.session.request('POST', '/api/v1/tasks', {
      caseId,
      title: 'Huisbezoek',
      dueInWorkingDays: 2,
      assigneeUserId: volunteer.id,
    })
  ).json();
  const other = (await worker.session.request('POST', '/api/v1/tasks', { caseId, title: 'Intern overleg', dueInWorkingDays: 2 })).json();
  // Handed a task on a case she does not work on, she sees nothing of it: being its assignee is no way in.
  assert.deepEqual(ids(await volunteer.session.request('GET', '/api/v1/tasks?view=mine')), []);
  assert.equal((await volunteer.session.request('GET', `/api/v1/tasks/${visit.id}`)).statusCode, 404);
  assert.equal(
    (await lead.session.request('POST', `/api/v1/cases/${caseId}/assignments`, { userId: volunteer.id, role: 'volunteer' })).statusCode,
    200,
  );
  assert.deepEqual(ids(await volunteer.session.request('GET', '/api/v1/tasks?view=mine')), [visit.id]);
  assert.deepEqual(
    (await volunteer.session.request('GET', '/api/v1/tasks?view=team')).json().items,
    [],
    'no team list without tasks.read-unit',
  );
  assert.equal(
    (await volunteer.session.request('GET', `/api/v1/tasks/${other.id}`)).statusCode,
    200,
    'the case’s other tasks: she works on the case',
  );
  assert.deepEqual((await volunteer.session.request('GET', `/api/v1/tasks/${visit.id}`)).json().allowedActions, ['update', 'complete']);
  assert.equal(
    (await volunteer.session.request('POST', `/api/v1/tasks/${visit.id}/cancel`, { version: 1, reason: 'geen zin' })).statusCode,
    403,
  );
  const done = await volunteer.session.request('POST', `/api/v1/tasks/${visit.id}/complete`, { version: 1 });
  assert.equal(done.statusCode, 200, done.body);
});

test('team B cannot read or change team A’s tasks, whatever the SQL says', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const other = await b.user('worker', 'case-worker');
  const { id: caseA } = await openCase(system, worker, a.unit);
  const { id: caseB } = await openCase(system, other, b.unit);
  const task = (
    await worker.session.request('POST', '/api/v1/tasks', { caseId: caseA, title: 'Dossier bijwerken', dueInWorkingDays: 1 })
  ).json();
  const outsider = await actorOf(system, other.id);
  const insider = await actorOf(system, worker.id);

  const titles = (ctx: ActorContext) =>
    system.db.transaction(ctx, async (tx) =>
      (await sql<{ title: string }>`select title from task where case_id in (${caseA}, ${caseB})`.execute(tx.db)).rows.map((r) => r.title),
    );
  assert.deepEqual(await titles(insider), ['Dossier bijwerken']);
  assert.deepEqual(await titles(outsider), []);
  const updated = await system.db.transaction(outsider, async (tx) =>
    Number(
      (await sql`update task set title = 'gekaapt', assignee_user_id = ${other.id} where id = ${task.id}`.execute(tx.db)).numAffectedRows,
    ),
  );
  assert.equal(updated, 0);
  await assert.rejects(
    system.db.transaction(outsider, (tx) =>
      sql`insert into task (id, case_id, owning_unit_id, title, due_at) values (gen_random_uuid(), ${caseA}, ${b.unit}, 'meekijken', now())`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
  );
  // Even on her own case a worker cannot put a task into another team's list.
  await assert.rejects(
    system.db.transaction(insider, (tx) =>
      sql`insert into task (id, case_id, owning_unit_id, title, due_at) values (gen_random_uuid(), ${caseA}, ${b.unit}, 'verstopt', now())`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
  );
  await assert.rejects(
    system.db.transaction(insider, (tx) => sql`update task set owning_unit_id = ${b.unit} where id = ${task.id}`.execute(tx.db)),
    /permission denied/,
    'a task never moves',
  );
  await assert.rejects(
    system.db.transaction(insider, (tx) => sql`delete from task where id = ${task.id}`.execute(tx.db)),
    /permission denied/,
  );
  const untouched = await adminQuery<{ title: string; owning_unit_id: string }>(
    system.target.ownerUrl,
    'select title, owning_unit_id from task where id = $1',
    [task.id],
  );
  assert.deepEqual(untouched.rows[0], { title: 'Dossier bijwerken', owning_unit_id: a.unit });
});

test('bad input is refused with a problem and changes nothing', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId } = await openCase(system, worker, a.unit);
  const task = (await worker.session.request('POST', '/api/v1/tasks', { caseId, title: 'Bestaand', dueInWorkingDays: 1 })).json();
  const snapshot = async () =>
    (
      await adminQuery<{ n: string; version: number }>(
        system.target.ownerUrl,
        `select (select count(*) from task) as n, (select version from task where id = $1) as version`,
        [task.id],
      )
    ).rows[0];
  const before = await snapshot();
  const create = (body: object) => worker.session.request('POST', '/api/v1/tasks', body);
  const bad = [
    await create({ caseId, title: 'Geen termijn' }),
    await create({ caseId, title: 'Twee termijnen', dueInWorkingDays: 2, dueOn: '2099-01-01' }),
    await create({ caseId, title: 'Verleden', dueOn: '2020-01-01' }),
    await create({ caseId, title: 'Ongeldige datum', dueOn: '2099-02-30' }),
    await create({ caseId, title: 'Te ver', dueInWorkingDays: 5000 }),
    await create({ title: 'Zonder ouder', dueInWorkingDays: 1 }),
    await create({ caseId, referralId: '00000000-0000-4000-8000-000000000000', title: 'Twee ouders', dueInWorkingDays: 1 }),
    await create({ caseId: '00000000-0000-4000-8000-000000000000', title: 'Onbekende zaak', dueInWorkingDays: 1 }),
    await create({ caseId, title: 'x'.repeat(201), dueInWorkingDays: 1 }),
    await create({ caseId, title: 'Onbekende collega', dueInWorkingDays: 1, assigneeUserId: '00000000-0000-4000-8000-000000000000' }),
    await create({ caseId, title: 'Extra veld', dueInWorkingDays: 1, priority: 'high' }),
    await worker.session.request('PATCH', `/api/v1/tasks/${task.id}`, { version: task.version }),
    await worker.session.request('PATCH', `/api/v1/tasks/${task.id}`, { version: task.version, title: '' }),
    await worker.session.request('POST', `/api/v1/tasks/${task.id}/cancel`, { version: task.version }),
    await worker.session.request('GET', '/api/v1/tasks?after=garbage'),
    await worker.session.request('GET', '/api/v1/tasks?status=later'),
  ];
  for (const response of bad) {
    assert.equal(response.statusCode, 400, response.body);
    assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
  }
  assert.deepEqual(await snapshot(), before);
});

// Proves: keyset paging neither skips nor repeats tasks due within the same millisecond (PostgreSQL
// keeps microseconds, JavaScript dates do not).
test('task lists page through every task exactly once, even when due moments differ only in microseconds', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId } = await openCase(system, worker, a.unit);
  const made: string[] = [];
  for (let i = 0; i < 4; i++) {
    const created = await worker.session.request('POST', '/api/v1/tasks', { caseId, title: `Taak ${i}`, dueOn: '2099-01-01' });
    assert.equal(created.statusCode, 201, created.body);
    made.push(created.json().id);
  }
  // Due order the reverse of the order they were made in, all within one millisecond.
  for (const [i, id] of made.entries()) {
    await adminQuery(
      system.target.ownerUrl,
      `update task set due_at = '2099-01-01 10:00:00.123000+00'::timestamptz + make_interval(secs => $2::int / 1000000.0) where id = $1`,
      [id, 900 - i * 100],
    );
  }
  const expected = [...made].reverse();
  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 10; page++) {
    const response = await worker.session.request(
      'GET',
      `/api/v1/tasks?view=all&caseId=${caseId}&limit=1${after ? `&after=${after}` : ''}`,
    );
    assert.equal(response.statusCode, 200, response.body);
    seen.push(...ids(response));
    after = response.json().next;
    if (!after) break;
  }
  assert.deepEqual(seen, expected, 'every task once, in due order');
});

// Proves (issue 9, item 6): the tasks of a case one cannot see (here a shielded case of one's own team)
// are nowhere: not in the team list (tasks.read-unit), not in "mine" for their assignee, not by id, not
// counted; and asking for a case's tasks answers the same for an invisible case as for none at all.
test('the tasks of a case one cannot see are nowhere, and asking for them does not confirm the case exists', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const colleague = await a.user('colleague', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const { id: caseId } = await openCase(system, worker, a.unit);
  const made = [];
  for (const assigneeUserId of [null, colleague.id, lead.id]) {
    const created = await worker.session.request('POST', '/api/v1/tasks', {
      caseId,
      title: `Afgeschermd werk ${made.length}`,
      dueInWorkingDays: 1,
      assigneeUserId,
    });
    assert.equal(created.statusCode, 201, created.body);
    made.push(created.json<{ id: string }>().id);
  }
  await shield(system, caseId);

  const lists = async (session: Session) => {
    const shown: string[] = [];
    for (const query of [
      'view=team',
      'view=mine',
      'view=all',
      `view=team&unitId=${a.unit}`,
      'view=all&status=done',
      `view=all&caseId=${caseId}`,
    ]) {
      const response = await session.request('GET', `/api/v1/tasks?${query}`);
      assert.equal(response.statusCode, 200, response.body);
      shown.push(...ids(response));
    }
    return shown;
  };
  assert.deepEqual(new Set(await lists(worker.session)), new Set(made), 'the case’s worker sees them all');
  const nowhere = '00000000-0000-4000-8000-000000000000';
  for (const [who, session] of [
    ['a colleague with tasks.read-unit', colleague.session],
    ['the team lead without a grant', lead.session],
  ] as const) {
    assert.deepEqual(await lists(session), [], `${who}: in no list, also not as assignee`);
    for (const id of made) {
      assert.equal((await session.request('GET', `/api/v1/tasks/${id}`)).statusCode, 404, who);
      assert.equal((await session.request('POST', `/api/v1/tasks/${id}/complete`, { version: 1 })).statusCode, 404, who);
    }
    const ofCase = await session.request('GET', `/api/v1/tasks?view=all&caseId=${caseId}`);
    const ofNothing = await session.request('GET', `/api/v1/tasks?view=all&caseId=${nowhere}`);
    assert.deepEqual(
      [ofCase.statusCode, ofCase.headers['content-type'], ofCase.json()],
      [ofNothing.statusCode, ofNothing.headers['content-type'], ofNothing.json()],
      `${who}: as for a case that does not exist`,
    );
    assert.equal(
      (await session.request('POST', '/api/v1/tasks', { caseId, title: 'Meekijken', dueInWorkingDays: 1 })).statusCode,
      400,
      `${who}: no task on it`,
    );
  }

  // Underneath, as the application role: not readable, not counted, not changeable.
  for (const user of [colleague, lead]) {
    const ctx = await actorOf(system, user.id);
    const seen = await system.db.transaction(ctx, async (tx) => ({
      count: (
        await sql<{ n: number }>`select count(*)::int as n from task where case_id = ${caseId} or assignee_user_id = ${user.id}`.execute(
          tx.db,
        )
      ).rows[0]!.n,
      changed: Number((await sql`update task set title = 'gezien' where case_id = ${caseId}`.execute(tx.db)).numAffectedRows),
    }));
    assert.deepEqual(seen, { count: 0, changed: 0 });
  }
  const titles = await adminQuery<{ title: string }>(system.target.ownerUrl, 'select title from task where case_id = $1 order by title', [
    caseId,
  ]);
  assert.deepEqual(
    titles.rows.map((r) => r.title),
    ['Afgeschermd werk 0', 'Afgeschermd werk 1', 'Afgeschermd werk 2'],
  );
});

test('task lists audit which tasks they showed', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId } = await openCase(system, worker, a.unit);
  const task = (await worker.session.request('POST', '/api/v1/tasks', { caseId, title: 'Bellen', dueInWorkingDays: 1 })).json<{
    id: string;
  }>();
  assert.deepEqual(ids(await worker.session.request('GET', '/api/v1/tasks?view=team')), [task.id]);
  const rows = await adminQuery<{ object_ids: string[] }>(
    system.target.ownerUrl,
    `select object_ids from audit_event where action = 'task.list' and actor_id = $1`,
    [worker.id],
  );
  assert.deepEqual(
    rows.rows.map((r) => r.object_ids),
    [[task.id]],
    'one audit row per list read, with the ids it showed',
  );
});
