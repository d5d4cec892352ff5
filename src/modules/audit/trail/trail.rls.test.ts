// The audit trail's rules in the database, against hand-written SQL through the application's login
// (what an injection or a leaked password would give an insider): a case worker, a volunteer, a team
// lead and an auditor granted only in a team read no event; audit.read at the root reads them all;
// audit_subject_events() answers only those who may see the person and hold audit.subject-views or
// work on a case of hers, records every answer, and its SECURITY DEFINER functions search pg_temp last.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import { adminQuery, testEngine } from '../../../../test/helpers/database.ts';
import { actorOf, openCase, team } from '../../../../test/helpers/fixtures.ts';
import { buildIdentity, type IdentitySystem } from '../../../../test/helpers/identity.ts';
import { createCasesModule } from '../../cases/index.ts';
import { createPersonsModule } from '../../persons/index.ts';
import { createAuditModule } from '../index.ts';

const countEvents = (system: IdentitySystem, ctx: ActorContext) =>
  system.db.transaction(ctx, async (tx) =>
    Number((await sql<{ n: string }>`select count(*) as n from audit_event`.execute(tx.db)).rows[0]!.n),
  );

const subjectEvents = (system: IdentitySystem, ctx: ActorContext, personId: string) =>
  system.db.transaction(
    ctx,
    async (tx) =>
      (
        await sql<{ id: string; action: string }>`select id, action from audit_subject_events(${personId}::uuid, null, null, 50)`.execute(
          tx.db,
        )
      ).rows,
  );

test('through the application’s login only audit.read at the root reads audit_event; nobody else reads a row', async (t) => {
  const system = await buildIdentity(t, { extra: [createCasesModule(), createPersonsModule(), createAuditModule()] });
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  await openCase(system, worker, a.unit, { client: 'Rlsclient' });
  const lead = await a.user('lead', 'team-lead');
  const volunteer = await a.user('volunteer', [], 'volunteer');
  const teamOfficer = await a.user('team-officer', 'security-officer');
  const privacy = await a.user('privacy', 'privacy-officer', 'staff', 'national');
  const officer = await a.user('officer', 'security-officer', 'staff', 'national');
  const total = Number((await adminQuery<{ n: string }>(system.target.ownerUrl, 'select count(*) as n from audit_event')).rows[0]!.n);
  assert.ok(total > 5);

  for (const [name, user] of Object.entries({ worker, lead, volunteer, teamOfficer, privacy })) {
    assert.equal(await countEvents(system, await actorOf(system, user.id)), 0, `${name} reads no event`);
  }
  assert.equal(await countEvents(system, await actorOf(system, officer.id)), total, 'the root auditor reads them all');
  // A forged actor gains nothing: the settings are sealed, and the policy asks the sealed functions.
  const forged = await system.db.transaction(await actorOf(system, worker.id), async (tx) => {
    await sql`select set_config('casus.actor_permissions', 'audit.read', true), set_config('casus.actor_scopes', '', true)`.execute(tx.db);
    return Number((await sql<{ n: string }>`select count(*) as n from audit_event`.execute(tx.db)).rows[0]!.n);
  });
  assert.equal(forged, 0);
  // Nor can anyone change or remove what the trail holds (the kernel's triggers).
  await assert.rejects(
    system.db.transaction(await actorOf(system, officer.id), (tx) => sql`delete from audit_event`.execute(tx.db)),
    /append-only|permission denied/,
  );
});

test('audit_subject_events answers root holders, holders and case workers who may see the person, refuses the rest, records each answer', async (t) => {
  const system = await buildIdentity(t, { extra: [createCasesModule(), createPersonsModule(), createAuditModule()] });
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const kase = await openCase(system, worker, a.unit, { client: 'Subjectsql' });
  const client = kase.clientId;
  const lead = await a.user('lead', 'team-lead');
  const volunteer = await a.user('volunteer', [], 'volunteer');
  await adminQuery(system.target.ownerUrl, `insert into case_assignment (case_id, user_id, role) values ($1, $2, 'volunteer')`, [
    kase.id,
    volunteer.id,
  ]);
  const stranger = await b.user('stranger', 'case-worker');
  const privacy = await b.user('privacy', 'privacy-officer', 'staff', 'national');
  const teamPrivacy = await b.user('team-privacy', 'privacy-officer');

  const mine = await subjectEvents(system, await actorOf(system, worker.id), client);
  assert.ok(mine.some((e) => e.action === 'person.create') && mine.some((e) => e.action === 'case.create'));

  for (const [name, user, answer] of [
    ['another team’s worker', stranger, 'hidden'],
    ['a privacy officer of another team, who cannot see the person', teamPrivacy, 'hidden'],
    ['the volunteer on the case', volunteer, 'refused'],
    ['the team lead who sees but does not work on it', lead, 'refused'],
  ] as const) {
    await assert.rejects(
      subjectEvents(system, await actorOf(system, user.id), client),
      new RegExp(`audit_subject_events: ${answer}`),
      name,
    );
  }
  // A system actor, and no actor at all, get nothing either.
  await assert.rejects(
    subjectEvents(system, { actor: { kind: 'anonymous', id: null }, origin: (await actorOf(system, worker.id)).origin }, client),
  );

  // The worker's view is recorded by the function itself, in her name, with what it showed.
  const recorded = await adminQuery<{ actor_id: string; data_subject_id: string; object_ids: string[] }>(
    system.target.ownerUrl,
    `select actor_id, data_subject_id, object_ids from audit_event where action = 'audit.subject-view' order by id`,
  );
  assert.deepEqual(recorded.rows, [{ actor_id: worker.id, data_subject_id: client, object_ids: mine.map((e) => e.id) }]);

  // The privacy officer at the root answers for any client: the same events, with no case of hers.
  const hers = await subjectEvents(system, await actorOf(system, privacy.id), client);
  assert.ok(mine.every((e) => hers.some((h) => h.id === e.id)));
});

test('the trail’s functions search pg_temp last and only the application may call them', async (t) => {
  const system = await buildIdentity(t, { extra: [createAuditModule()] });
  const { rows } = await adminQuery<{ name: string; definer: boolean; config: string[] | null; app: boolean; public: boolean }>(
    system.target.ownerUrl,
    `select p.proname as name, p.prosecdef as definer, p.proconfig as config,
            has_function_privilege($1, p.oid, 'execute') as app,
            exists (select 1 from aclexplode(p.proacl) x where x.grantee = 0) as public
     from pg_proc p where p.proname in ('audit_subject_events', 'audit_subject_access', 'audit_actor_holds_at_root') order by 1`,
    [testEngine().appRole],
  );
  assert.deepEqual(
    rows.map((r) => [r.name, r.definer, r.config, r.app, r.public]),
    [
      ['audit_actor_holds_at_root', false, ['search_path=pg_catalog, public, pg_temp'], true, false],
      ['audit_subject_access', true, ['search_path=pg_catalog, public, pg_temp'], true, false],
      ['audit_subject_events', true, ['search_path=pg_catalog, public, pg_temp'], true, false],
    ],
  );
});
