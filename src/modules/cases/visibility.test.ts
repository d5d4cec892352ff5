// Case visibility enforced by PostgreSQL row-level security for the application role: hand-written
// SQL through that role sees and changes exactly the cases (and their persons and participants) the
// acting user may, whatever the query says. Actors carry their real grants, resolved by identity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { ActorContext } from '../../kernel/auth/actor.ts';
import { NO_ORIGIN } from '../../kernel/auth/actor.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, createUnit, createUser, grantRole, type IdentitySystem } from '../../../test/helpers/identity.ts';

// Every test of this file shares one database: each seeds its own units, users and case numbers.
async function seed(system: IdentitySystem, n: number) {
  const owner = (text: string, values: unknown[] = []) => adminQuery<{ id: string }>(system.target.ownerUrl, text, values);
  const teamA = await createUnit(system, `team-a${n}`, 'team');
  const teamB = await createUnit(system, `team-b${n}`, 'team');
  const worker = await createUser(system, `worker-a${n}`, { unitCode: `team-a${n}` });
  await grantRole(system, worker.id, 'case-worker', `team-a${n}`);
  const lead = await createUser(system, `lead-a${n}`, { unitCode: `team-a${n}` });
  await grantRole(system, lead.id, 'team-lead', `team-a${n}`);
  const other = await createUser(system, `worker-b${n}`, { unitCode: `team-b${n}` });
  await grantRole(system, other.id, 'case-worker', `team-b${n}`);
  const type = (await owner(`select id from case_type where key = 'default'`)).rows[0]!.id;
  const newCase = async (number: string, unit: string, confidentiality = 'normal') =>
    (
      await owner(
        `insert into case_file (number, case_type_id, status, owning_unit_id, confidentiality) values ($1, $2, 'active', $3, $4) returning id`,
        [number, type, unit, confidentiality],
      )
    ).rows[0]!.id;
  const a1 = await newCase(`2026-${n}00001`, teamA);
  const a2 = await newCase(`2026-${n}00002`, teamA, 'shielded');
  const b1 = await newCase(`2026-${n}00003`, teamB);
  const person = async (name: string, caseId: string) => {
    const id = (await owner(`insert into person (achternaam) values ($1) returning id`, [`${name}${n}`])).rows[0]!.id;
    await owner(`insert into case_participant (case_id, person_id, role) values ($1, $2, 'victim')`, [caseId, id]);
    return id;
  };
  const p1 = await person('Jansen', a1);
  const p2 = await person('de Vries', b1);
  const p3 = await person('Bakker', a2);
  await owner(`insert into case_assignment (case_id, user_id) values ($1, $2)`, [a1, worker.id]);
  return { teamA, teamB, worker, lead, other, type, cases: { a1, a2, b1 }, persons: { p1, p2, p3 } };
}

const numbers = (system: IdentitySystem, ctx: ActorContext) =>
  system.db.transaction(ctx, async (tx) =>
    (await sql<{ number: string }>`select number from case_file order by number`.execute(tx.db)).rows.map((r) => r.number),
  );
const surnames = (system: IdentitySystem, ctx: ActorContext) =>
  system.db.transaction(ctx, async (tx) =>
    (await sql<{ achternaam: string }>`select achternaam from person order by achternaam`.execute(tx.db)).rows.map((r) => r.achternaam),
  );

test('team A cannot read or change team B’s cases or persons, whatever the SQL says', async (t) => {
  const system = await buildIdentity(t, { extra: [] });
  const s = await seed(system, 1);
  const worker = await actorOf(system, s.worker.id);
  const other = await actorOf(system, s.other.id);

  assert.deepEqual(await numbers(system, worker), ['2026-100001'], 'a worker sees the case assigned to her');
  assert.deepEqual(await surnames(system, worker), ['Jansen1'], 'and the persons in it, nobody else');
  assert.deepEqual(await numbers(system, other), [], 'a case worker of team B is assigned to nothing');

  const attempts = await system.db.transaction(worker, async (tx) => ({
    updateCase: Number((await sql`update case_file set status = 'closed' where id = ${s.cases.b1}`.execute(tx.db)).numAffectedRows),
    updatePerson: Number((await sql`update person set achternaam = 'X' where id = ${s.persons.p2}`.execute(tx.db)).numAffectedRows),
    participants: (await sql<{ n: number }>`select count(*)::int as n from case_participant where case_id = ${s.cases.b1}`.execute(tx.db))
      .rows[0]!.n,
  }));
  assert.deepEqual(attempts, { updateCase: 0, updatePerson: 0, participants: 0 });
  await assert.rejects(
    system.db.transaction(worker, (tx) =>
      sql`insert into case_participant (case_id, person_id, role) values (${s.cases.b1}, ${s.persons.p1}, 'witness')`.execute(tx.db),
    ),
    /row-level security/,
  );
  await assert.rejects(
    system.db.transaction(worker, (tx) =>
      sql`insert into case_file (number, case_type_id, status, owning_unit_id) values ('2026-100099', ${s.type}, 'intake', ${s.teamB})`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
    'no case can be opened in another team',
  );
  await assert.rejects(
    system.db.transaction(worker, (tx) => sql`delete from case_file`.execute(tx.db)),
    /permission denied/,
  );
  const untouched = await adminQuery<{ status: string }>(system.target.ownerUrl, 'select status from case_file where id = $1', [
    s.cases.b1,
  ]);
  assert.equal(untouched.rows[0]!.status, 'active');

  // Her own case she may change, and open new ones in her team.
  await system.db.transaction(worker, async (tx) => {
    assert.equal(Number((await sql`update case_file set status = 'on-hold' where id = ${s.cases.a1}`.execute(tx.db)).numAffectedRows), 1);
    await sql`insert into case_file (number, case_type_id, status, owning_unit_id) values ('2026-100100', ${s.type}, 'intake', ${s.teamA})`.execute(
      tx.db,
    );
  });
});

test('a team lead sees the unit’s cases but not shielded ones without an explicit grant', async (t) => {
  const system = await buildIdentity(t);
  const s = await seed(system, 2);
  const lead = await actorOf(system, s.lead.id);
  assert.deepEqual(await numbers(system, lead), ['2026-200001'], 'unit-wide read, shielded case hidden');
  assert.deepEqual(await surnames(system, lead), ['Jansen2'], 'the shielded case’s person is hidden too');

  // Explicit access to the shielded case: only from someone who sees it and holds cases.grant-access
  // in its unit. The lead does not see it until she is granted it herself; then she may grant it.
  const grantWorker = (tx: Parameters<Parameters<typeof system.db.transaction>[1]>[0]) =>
    sql`insert into case_access_grant (case_id, user_id, kind, reason, granted_by) values (${s.cases.a2}, ${s.worker.id}, 'explicit', 'court case, worker needs the file', ${s.lead.id})`.execute(
      tx.db,
    );
  await assert.rejects(system.db.transaction(lead, grantWorker), /row-level security/, 'not for a case she cannot see');
  await adminQuery(
    system.target.ownerUrl,
    `insert into case_access_grant (case_id, user_id, kind, reason) values ($1, $2, 'explicit', 'the lead handles the court case')`,
    [s.cases.a2, s.lead.id],
  );
  await system.db.transaction(lead, grantWorker);
  const worker = await actorOf(system, s.worker.id);
  assert.deepEqual(await numbers(system, worker), ['2026-200001', '2026-200002']);
  assert.deepEqual(await surnames(system, worker), ['Bakker2', 'Jansen2']);
  // Granting needs cases.grant-access: the worker cannot grant herself or others.
  await assert.rejects(
    system.db.transaction(worker, (tx) =>
      sql`insert into case_access_grant (case_id, user_id, kind, reason) values (${s.cases.a2}, ${s.other.id}, 'explicit', 'just curious about it')`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
  );
});

test('break-the-glass access exists only with a reason, for oneself, and ends by itself', async (t) => {
  const system = await buildIdentity(t);
  const s = await seed(system, 3);
  await grantRole(system, s.other.id, 'break-glass', 'team-b3');
  const other = await actorOf(system, s.other.id);
  assert.deepEqual(await numbers(system, other), []);
  await assert.rejects(
    system.db.transaction(other, (tx) =>
      sql`insert into case_access_grant (case_id, user_id, kind, reason, granted_by, expires_at) values (${s.cases.a1}, ${s.other.id}, 'break-glass', 'short', ${s.other.id}, now() + interval '1 hour')`.execute(
        tx.db,
      ),
    ),
    /check constraint/,
    'a reason of at least ten characters',
  );
  await assert.rejects(
    system.db.transaction(other, (tx) =>
      sql`insert into case_access_grant (case_id, user_id, kind, reason, granted_by, expires_at) values (${s.cases.a1}, ${s.worker.id}, 'break-glass', 'emergency call from the client at night', ${s.other.id}, now() + interval '1 hour')`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
    'only for oneself',
  );
  await assert.rejects(
    system.db.transaction(other, (tx) =>
      sql`insert into case_access_grant (case_id, user_id, kind, reason, granted_by, expires_at) values (${s.cases.a2}, ${s.other.id}, 'break-glass', 'emergency call from the client at night', ${s.other.id}, now() + interval '1 hour')`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
    'never straight into a shielded case',
  );
  await assert.rejects(
    system.db.transaction(other, (tx) =>
      sql`insert into case_access_grant (case_id, user_id, kind, reason, granted_by, expires_at) values (${s.cases.a1}, ${s.other.id}, 'break-glass', 'emergency call from the client at night', ${s.other.id}, now() + interval '3 days 1 minute')`.execute(
        tx.db,
      ),
    ),
    /row-level security/,
    'at most 72 hours',
  );
  const grant = await system.db.transaction(
    other,
    async (tx) =>
      (
        await sql<{
          id: string;
        }>`insert into case_access_grant (case_id, user_id, kind, reason, granted_by, expires_at) values (${s.cases.a1}, ${s.other.id}, 'break-glass', 'emergency call from the client at night', ${s.other.id}, now() + interval '1 hour') returning id`.execute(
          tx.db,
        )
      ).rows[0]!.id,
  );
  assert.deepEqual(await numbers(system, other), ['2026-300001']);
  assert.deepEqual(await surnames(system, other), ['Jansen3']);
  await adminQuery(
    system.target.ownerUrl,
    `update case_access_grant set granted_at = now() - interval '2 hours', expires_at = now() - interval '1 second' where id = $1`,
    [grant],
  );
  assert.deepEqual(await numbers(system, other), [], 'an expired break-the-glass grant shows nothing');
});

test('the system actor sees everything; anonymous and forged actors see nothing', async (t) => {
  const system = await buildIdentity(t);
  await seed(system, 4);
  const all = await numbers(system, { actor: { kind: 'system', id: 'retention' }, origin: NO_ORIGIN });
  assert.ok(
    ['2026-400001', '2026-400002', '2026-400003'].every((n) => all.includes(n)),
    all.join(','),
  );
  assert.deepEqual(await numbers(system, { actor: { kind: 'anonymous', id: null }, origin: NO_ORIGIN }), []);
  assert.deepEqual(await surnames(system, { actor: { kind: 'anonymous', id: null }, origin: NO_ORIGIN }), []);
  const forged = await system.db.transaction(
    { actor: { kind: 'user', id: '00000000-0000-4000-8000-000000000000' }, origin: NO_ORIGIN },
    async (tx) => {
      await sql`select set_config('casus.actor_kind', 'system', true)`.execute(tx.db);
      return (await sql<{ n: number }>`select count(*)::int as n from case_file`.execute(tx.db)).rows[0]!.n;
    },
  );
  assert.equal(forged, 0, 'claiming to be the system actor breaks the seal');
});
