// persons_visible_among() (migrations/0005) mirrors the person_read policy as a set-based join, so
// that the search can narrow hundreds of name matches at once. It must answer exactly what row-level
// security answers, for every kind of actor and every way in: a missing way in would hide persons from
// search results. The data: two teams, normal, shielded, explicitly granted and break-the-glass cases,
// a person in no case registered lately and one registered long ago, a person in two cases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { systemContext, type ActorContext } from '../../kernel/auth/actor.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, createUnit, createUser, grantRole } from '../../../test/helpers/identity.ts';
import { createCasesModule } from '../cases/index.ts';
import { createPersonsModule } from './index.ts';

test('persons_visible_among answers exactly what row-level security shows, for every kind of actor', async (t) => {
  const system = await buildIdentity(t, { extra: [createCasesModule(), createPersonsModule()] });
  const owner = (text: string, values: unknown[] = []) => adminQuery<{ id: string }>(system.target.ownerUrl, text, values);
  await createUnit(system, 'vis-region', 'region');
  const teamA = await createUnit(system, 'vis-team-a', 'team', 'vis-region');
  const teamB = await createUnit(system, 'vis-team-b', 'team', 'vis-region');
  const user = async (name: string, role: string, unit: string) => {
    const u = await createUser(system, name, { unitCode: unit });
    await grantRole(system, u.id, role, unit);
    return u;
  };
  const worker = await user('vis-worker-a', 'case-worker', 'vis-team-a');
  const volunteer = await user('vis-volunteer-a', 'volunteer', 'vis-team-a');
  const lead = await user('vis-lead-a', 'team-lead', 'vis-team-a');
  const regional = await user('vis-regional', 'team-lead', 'vis-region');
  const otherWorker = await user('vis-worker-b', 'case-worker', 'vis-team-b');
  const otherLead = await user('vis-lead-b', 'team-lead', 'vis-team-b');
  const nobody = await createUser(system, 'vis-nobody');

  const type = (await owner(`select id from case_type where key = 'default'`)).rows[0]!.id;
  const newCase = async (number: string, unit: string, confidentiality = 'normal') =>
    (
      await owner(
        `insert into case_file (number, case_type_id, status, owning_unit_id, confidentiality) values ($1, $2, 'active', $3, $4) returning id`,
        [number, type, unit, confidentiality],
      )
    ).rows[0]!.id;
  const normalA = await newCase('2026-910001', teamA);
  const shieldedA = await newCase('2026-910002', teamA, 'shielded');
  const normalB = await newCase('2026-910003', teamB);
  const shieldedB = await newCase('2026-910004', teamB, 'shielded');
  const person = async (name: string, cases: string[], createdBy: string | null = null, createdAt = 'now()') => {
    const id = (
      await owner(`insert into person (achternaam, created_by, created_at) values ($1, $2, ${createdAt}) returning id`, [name, createdBy])
    ).rows[0]!.id;
    for (const caseId of cases)
      await owner(`insert into case_participant (case_id, person_id, role) values ($1, $2, 'victim')`, [caseId, id]);
    return id;
  };
  await person('InNormalA', [normalA]);
  await person('InShieldedA', [shieldedA]);
  await person('InNormalB', [normalB]);
  await person('InShieldedB', [shieldedB]);
  await person('InBoth', [normalA, normalB]);
  await person('RegisteredLately', [], worker.id);
  await person('RegisteredLongAgo', [], worker.id, `now() - interval '8 days'`);
  await person('RegisteredByOther', [], otherWorker.id);
  await owner(`insert into case_assignment (case_id, user_id) values ($1, $2), ($3, $4), ($5, $6)`, [
    normalA,
    worker.id,
    shieldedA,
    volunteer.id,
    normalB,
    otherWorker.id,
  ]);
  await owner(
    `insert into case_access_grant (case_id, user_id, kind, reason) values ($1, $2, 'explicit', 'shielded case handed over to the lead')`,
    [shieldedB, otherLead.id],
  );
  await owner(
    `insert into case_access_grant (case_id, user_id, kind, reason, expires_at) values ($1, $2, 'break-glass', 'client called at night about team B', now() + interval '1 hour')`,
    [normalB, lead.id],
  );
  await owner(
    `insert into case_access_grant (case_id, user_id, kind, reason, expires_at, revoked_at) values ($1, $2, 'explicit', 'revoked again after the hand-over', null, now())`,
    [shieldedA, regional.id],
  );
  await owner(
    `insert into case_access_grant (case_id, user_id, kind, reason, expires_at) values ($1, $2, 'break-glass', 'an expired break-the-glass access', now() - interval '1 minute')`,
    [shieldedB, regional.id],
  );

  const everyone = (
    await owner(
      `select id from person where achternaam in ('InNormalA', 'InShieldedA', 'InNormalB', 'InShieldedB', 'InBoth', 'RegisteredLately', 'RegisteredLongAgo', 'RegisteredByOther')`,
    )
  ).rows.map((r) => r.id);
  assert.equal(everyone.length, 8);
  const names = async (ctx: ActorContext) =>
    system.db.transaction(ctx, async (tx) => {
      const byPolicy = (
        await sql<{ achternaam: string }>`select achternaam from person where id = any(${everyone}::uuid[]) order by 1`.execute(tx.db)
      ).rows.map((r) => r.achternaam);
      const byMirror = (
        await sql<{
          achternaam: string;
        }>`select p.achternaam from persons_visible_among(${everyone}::uuid[]) v join person p on p.id = v order by 1`.execute(tx.db)
      ).rows.map((r) => r.achternaam);
      return { byPolicy, byMirror };
    });

  const expected: [string, ActorContext, string[]][] = [
    ['worker A', await actorOf(system, worker.id), ['InBoth', 'InNormalA', 'RegisteredLately']],
    ['volunteer A', await actorOf(system, volunteer.id), ['InShieldedA']],
    ['lead A', await actorOf(system, lead.id), ['InBoth', 'InNormalA', 'InNormalB']],
    ['regional lead', await actorOf(system, regional.id), ['InBoth', 'InNormalA', 'InNormalB']],
    ['worker B', await actorOf(system, otherWorker.id), ['InBoth', 'InNormalB', 'RegisteredByOther']],
    ['lead B', await actorOf(system, otherLead.id), ['InBoth', 'InNormalB', 'InShieldedB']],
    ['no grants', await actorOf(system, nobody.id), []],
    [
      'system',
      systemContext('test'),
      ['InBoth', 'InNormalA', 'InNormalB', 'InShieldedA', 'InShieldedB', 'RegisteredByOther', 'RegisteredLately', 'RegisteredLongAgo'],
    ],
  ];
  for (const [who, ctx, visible] of expected) {
    const { byPolicy, byMirror } = await names(ctx);
    assert.deepEqual(byPolicy, visible, `${who}: row-level security`);
    assert.deepEqual(byMirror, byPolicy, `${who}: persons_visible_among agrees`);
  }
});
