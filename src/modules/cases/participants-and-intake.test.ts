// Two answers the permission matrix (test/app/permission-matrix.test.ts) found wrong, held by the
// service and by the database alike (migrations/0014_participants_and_shielded_intake.ts):
//   - participants are added by whoever may change the case: an assigned volunteer adds one (it was a
//     500: the database asked for cases.update), a case worker with a grant to another team's case
//     does not, through the API or through SQL as the application role;
//   - opening a case as shielded is shielding it: it needs cases.grant-access in its unit, by POST
//     /cases, by converting a referral and through SQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, createUnit, createUser, grantRole, signIn, type IdentitySystem } from '../../../test/helpers/identity.ts';
import { createPersonsModule } from '../persons/index.ts';
import { createReferralsModule } from '../referrals/index.ts';
import { createTasksModule } from '../tasks/index.ts';
import { createCasesModule } from './index.ts';

async function setup(t: Parameters<typeof buildIdentity>[0], n: number) {
  const system = await buildIdentity(t, {
    extra: [createCasesModule(), createPersonsModule(), createReferralsModule(), createTasksModule()],
  });
  const teamA = await createUnit(system, `pi-team-a${n}`, 'team');
  const teamB = await createUnit(system, `pi-team-b${n}`, 'team');
  const user = async (name: string, role: string, code: string, kind: 'staff' | 'volunteer' = 'staff') => {
    const u = await createUser(system, `${name}-pi${n}`, { unitCode: code, kind });
    await grantRole(system, u.id, role, code);
    return { ...u, ctx: await actorOf(system, u.id), session: await signIn(system, u) };
  };
  return { system, teamA, teamB, user };
}

const owner = (system: IdentitySystem, text: string, values: unknown[] = []) =>
  adminQuery<{ id: string }>(system.target.ownerUrl, text, values);

test('participants are added by whoever may change the case: its volunteer yes, a worker granted another team’s case no', async (t) => {
  const { system, teamA, user } = await setup(t, 1);
  const worker = await user('worker', 'case-worker', 'pi-team-a1');
  const volunteer = await user('volunteer', 'volunteer', 'pi-team-a1', 'volunteer');
  const workerB = await user('worker-b', 'case-worker', 'pi-team-b1');
  const kase = (await worker.session.request('POST', '/api/v1/cases', { owningUnitId: teamA })).json<{ id: string }>();
  const client = (await worker.session.request('POST', '/api/v1/persons', { achternaam: 'Deelnemer', confirmNoDuplicate: true })).json<{
    id: string;
  }>();
  assert.equal(
    (await worker.session.request('POST', `/api/v1/cases/${kase.id}/participants`, { personId: client.id, role: 'victim' })).statusCode,
    200,
  );
  await owner(system, `insert into case_assignment (case_id, user_id, role) values ($1, $2, 'volunteer')`, [kase.id, volunteer.id]);

  const added = await volunteer.session.request('POST', `/api/v1/cases/${kase.id}/participants`, { personId: client.id, role: 'witness' });
  assert.equal(added.statusCode, 200, added.body);
  assert.equal(added.json<{ participants: unknown[] }>().participants.length, 2);

  // Team b's worker holds cases.update (in team b) and an explicit grant to the case: she sees it, she does
  // not change it (the service locks what it changes, under the change policy: 404, as for every change).
  await owner(
    system,
    `insert into case_access_grant (case_id, user_id, kind, reason) values ($1, $2, 'explicit', 'reads along for a while')`,
    [kase.id, workerB.id],
  );
  assert.equal((await workerB.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 200);
  assert.equal(
    (await workerB.session.request('POST', `/api/v1/cases/${kase.id}/participants`, { personId: client.id, role: 'next-of-kin' }))
      .statusCode,
    404,
  );
  await assert.rejects(
    system.db.transaction(workerB.ctx, (tx) =>
      sql`insert into case_participant (case_id, person_id, role) values (${kase.id}, ${client.id}, 'contact-person')`.execute(tx.db),
    ),
    /row-level security/,
  );
  assert.equal((await owner(system, `select id from case_participant where case_id = $1`, [kase.id])).rows.length, 2);
});

test('opening a case as shielded needs cases.grant-access in its unit, whichever way it is opened', async (t) => {
  const { system, teamA, user } = await setup(t, 2);
  const worker = await user('worker', 'case-worker', 'pi-team-a2');
  const lead = await user('lead', 'team-lead', 'pi-team-a2');

  const refused = await worker.session.request('POST', '/api/v1/cases', { owningUnitId: teamA, confidentiality: 'shielded' });
  assert.equal(refused.statusCode, 403, refused.body);
  const referral = (
    await worker.session.request('POST', '/api/v1/referrals', {
      source: 'police',
      channel: 'phone',
      owningUnitId: teamA,
      person: { achternaam: 'Schuil' },
    })
  ).json<{ id: string; version: number }>();
  const converted = await worker.session.request('POST', `/api/v1/referrals/${referral.id}/convert`, {
    version: referral.version,
    person: { achternaam: 'Schuil', confirmNoDuplicate: true },
    confidentiality: 'shielded',
  });
  assert.equal(converted.statusCode, 403, converted.body);
  assert.equal((await owner(system, `select id from case_file where owning_unit_id = $1`, [teamA])).rows.length, 0, 'nothing was opened');
  const type = (await owner(system, `select id from case_type where key = 'default'`)).rows[0]!.id;
  await assert.rejects(
    system.db.transaction(worker.ctx, (tx) =>
      sql`insert into case_file (number, case_type_id, status, owning_unit_id, confidentiality) values ('2026-000000001', ${type}, 'active', ${teamA}, 'shielded')`.execute(
        tx.db,
      ),
    ),
    /opening a case as shielded needs cases.grant-access/,
  );

  const opened = await lead.session.request('POST', '/api/v1/cases', { owningUnitId: teamA, confidentiality: 'shielded' });
  assert.equal(opened.statusCode, 201, opened.body);
  assert.equal(opened.json<{ confidentiality: string }>().confidentiality, 'shielded');
  assert.equal(
    (await worker.session.request('POST', '/api/v1/cases', { owningUnitId: teamA, confidentiality: 'sensitive' })).statusCode,
    201,
  );
});
