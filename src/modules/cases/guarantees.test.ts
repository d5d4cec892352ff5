// What the database itself holds against SQL through the application role (as after an injection),
// whatever the services do: shielding, un-shielding and moving cases, explicit grants, incidents of
// shielded cases, break-the-glass requests and the look-up counter, and the cases module's functions'
// search paths. Actors carry their real grants, resolved by identity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { ActorContext } from '../../kernel/auth/actor.ts';
import type { Tx } from '../../kernel/db/database.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, createUnit, createUser, grantRole, type IdentitySystem } from '../../../test/helpers/identity.ts';

// Every test of this file shares one database: each seeds its own units, users and cases.
let seq = 0;
async function seed(system: IdentitySystem) {
  const n = ++seq;
  const owner = <R extends object = { id: string }>(text: string, values: unknown[] = []) =>
    adminQuery<R>(system.target.ownerUrl, text, values);
  const teamA = await createUnit(system, `g-team-a${n}`, 'team');
  const teamB = await createUnit(system, `g-team-b${n}`, 'team');
  const user = async (name: string, grants: [string, string][]) => {
    const u = await createUser(system, `${name}-g${n}`, { unitCode: `g-team-a${n}` });
    for (const [role, unit] of grants) await grantRole(system, u.id, role, unit);
    return { id: u.id, ctx: await actorOf(system, u.id) };
  };
  const worker = await user('worker', [['case-worker', `g-team-a${n}`]]);
  const lead = await user('lead', [['team-lead', `g-team-a${n}`]]);
  const leadB = await user('lead-b', [
    ['team-lead', `g-team-b${n}`],
    ['case-worker', `g-team-a${n}`],
  ]);
  const both = await user('regional', [
    ['team-lead', `g-team-a${n}`],
    ['team-lead', `g-team-b${n}`],
  ]);
  const type = (await owner(`select id from case_type where key = 'default'`)).rows[0]!.id;
  const newCase = async (unit: string, confidentiality = 'normal', incident: string | null = null) =>
    (
      await owner(
        `insert into case_file (number, case_type_id, status, owning_unit_id, confidentiality, incident_id) values ($1, $2, 'active', $3, $4, $5) returning id`,
        [
          `2025-${String(n).padStart(3, '0')}${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
          type,
          unit,
          confidentiality,
          incident,
        ],
      )
    ).rows[0]!.id;
  const assign = (caseId: string, userId: string) =>
    owner(`insert into case_assignment (case_id, user_id) values ($1, $2)`, [caseId, userId]);
  const incident = async (unit: string) =>
    (
      await owner(`insert into incident (category, owning_unit_id, description) values ('violence', $1, 'wat er gebeurde') returning id`, [
        unit,
      ])
    ).rows[0]!.id;
  return { n, owner, teamA, teamB, worker, lead, leadB, both, newCase, assign, incident };
}

const count = async (system: IdentitySystem, ctx: ActorContext, query: (tx: Tx) => Promise<{ rows: unknown[] }>) =>
  system.db.transaction(ctx, async (tx) => (await query(tx)).rows.length);
const affected = (system: IdentitySystem, ctx: ActorContext, query: (tx: Tx) => Promise<{ numAffectedRows?: bigint }>) =>
  system.db.transaction(ctx, async (tx) => Number((await query(tx)).numAffectedRows ?? 0n));

test('explicit grants: for a case one sees, by cases.grant-access in its unit, never to oneself except with shielding; nobody rewrites a grant', async (t) => {
  const system = await buildIdentity(t);
  const s = await seed(system);
  const a1 = await s.newCase(s.teamA);
  await s.assign(a1, s.leadB.id);
  const grant = (ctx: ActorContext, to: string, caseId = a1) =>
    system.db.transaction(ctx, (tx) =>
      sql`insert into case_access_grant (case_id, user_id, kind, reason, granted_by) values (${caseId}, ${to}, 'explicit', 'takes over the case for a while', ${ctx.actor.id})`.execute(
        tx.db,
      ),
    );
  // Team B's lead works on a1 (assigned) but holds cases.grant-access only in team B.
  await assert.rejects(grant(s.leadB.ctx, s.worker.id), /row-level security/, 'cases.grant-access in another unit does not count');
  await assert.rejects(grant(s.worker.ctx, s.leadB.id), /row-level security/, 'a worker does not grant');
  await grant(s.lead.ctx, s.worker.id);
  await assert.rejects(
    grant(s.lead.ctx, s.lead.id),
    /oneself comes only with shielding/,
    'not to herself: refused when the transaction commits',
  );
  assert.equal((await s.owner(`select 1 from case_access_grant where case_id = $1 and user_id = $2`, [a1, s.lead.id])).rows.length, 0);
  // With shielding the case in the same transaction, the self-grant is what keeps her access.
  await system.db.transaction(s.lead.ctx, async (tx) => {
    await sql`insert into case_access_grant (case_id, user_id, kind, reason, granted_by) values (${a1}, ${s.lead.id}, 'explicit', 'shielded the case (automatic grant)', ${s.lead.id})`.execute(
      tx.db,
    );
    await sql`update case_file set confidentiality = 'shielded' where id = ${a1}`.execute(tx.db);
  });
  await assert.rejects(grant(s.lead.ctx, s.lead.id), /row-level security/, 'and none to herself on a shielded case');
  // Grants are nobody's to change through the application role, not even to lengthen one's own.
  assert.equal(
    await affected(system, s.lead.ctx, (tx) =>
      sql`update case_access_grant set expires_at = null, revoked_at = null where case_id = ${a1}`.execute(tx.db),
    ),
    0,
  );
});

test('leaving or entering shielded needs cases.grant-access in the case’s unit; moving a case needs cases.update in both units', async (t) => {
  const system = await buildIdentity(t);
  const s = await seed(system);
  const shielded = await s.newCase(s.teamA, 'shielded');
  const normal = await s.newCase(s.teamA);
  await s.assign(shielded, s.worker.id);
  await s.assign(normal, s.worker.id);
  const set = (ctx: ActorContext, id: string, change: string) =>
    system.db.transaction(ctx, (tx) => sql.raw(`update case_file set ${change} where id = '${id}'`).execute(tx.db));
  await assert.rejects(set(s.worker.ctx, shielded, `confidentiality = 'normal'`), /leaving shielded a case needs cases.grant-access/);
  await assert.rejects(set(s.worker.ctx, normal, `confidentiality = 'shielded'`), /shielding a case needs cases.grant-access/);
  await set(s.worker.ctx, shielded, `tracks = '{legal}'`);
  await assert.rejects(
    set(s.worker.ctx, normal, `owning_unit_id = '${s.teamB}'`),
    /needs cases.update in both units/,
    'an assigned worker does not move her case',
  );
  await assert.rejects(
    set(s.lead.ctx, normal, `owning_unit_id = '${s.teamB}'`),
    /needs cases.update in both units/,
    'nor a lead into a unit she does not lead',
  );
  await set(s.both.ctx, normal, `owning_unit_id = '${s.teamB}'`);
  const rows = await s.owner<{ id: string; confidentiality: string; owning_unit_id: string }>(
    `select id, confidentiality, owning_unit_id from case_file where id = any($1) order by confidentiality`,
    [[shielded, normal]],
  );
  assert.deepEqual(
    rows.rows.map((r) => [r.id, r.confidentiality, r.owning_unit_id]),
    [
      [normal, 'normal', s.teamB],
      [shielded, 'shielded', s.teamA],
    ],
  );
  // The team lead with a grant to the shielded case may un-shield it.
  await s.owner(`insert into case_access_grant (case_id, user_id, kind, reason) values ($1, $2, 'explicit', 'the lead handles the case')`, [
    shielded,
    s.lead.id,
  ]);
  await set(s.lead.ctx, shielded, `confidentiality = 'sensitive'`);
});

test('an incident linked only to a shielded case is invisible and unchangeable to the unit; a case links only incidents one sees', async (t) => {
  const system = await buildIdentity(t);
  const s = await seed(system);
  const hidden = await s.incident(s.teamA);
  const open = await s.incident(s.teamA);
  const shielded = await s.newCase(s.teamA, 'shielded', hidden);
  const normal = await s.newCase(s.teamA);
  await s.assign(shielded, s.worker.id);
  const seen = (ctx: ActorContext, id: string) =>
    count(system, ctx, (tx) => sql`select id, description from incident where id = ${id}`.execute(tx.db));
  assert.equal(await seen(s.lead.ctx, hidden), 0, 'cases.read-unit does not reach past the shielded case');
  assert.equal(await seen(s.lead.ctx, open), 1, 'an incident no case links yet: the unit sees it');
  assert.equal(await seen(s.worker.ctx, hidden), 1, 'through her shielded case');
  assert.equal(
    await affected(system, s.lead.ctx, (tx) => sql`update incident set description = 'overschreven' where id = ${hidden}`.execute(tx.db)),
    0,
  );
  assert.equal(
    await affected(system, s.worker.ctx, (tx) => sql`update incident set place = 'Utrecht' where id = ${hidden}`.execute(tx.db)),
    1,
    'cases.update in the unit of a visible linked case',
  );
  await assert.rejects(
    system.db.transaction(s.worker.ctx, (tx) => sql`update incident set owning_unit_id = ${s.teamB} where id = ${hidden}`.execute(tx.db)),
    /permission denied/,
  );
  // The lead's case cannot be linked to the hidden incident to reach it.
  await assert.rejects(
    system.db.transaction(s.lead.ctx, (tx) => sql`update case_file set incident_id = ${hidden} where id = ${normal}`.execute(tx.db)),
    /only an incident the actor can see/,
  );
  await assert.rejects(
    system.db.transaction(s.lead.ctx, (tx) =>
      sql`insert into case_file (number, case_type_id, status, owning_unit_id, incident_id) select '2025-999999999', id, 'intake', ${s.teamA}, ${hidden} from case_type where key = 'default'`.execute(
        tx.db,
      ),
    ),
    /only an incident the actor can see/,
  );
  assert.equal(
    await affected(system, s.lead.ctx, (tx) => sql`update case_file set incident_id = ${open} where id = ${normal}`.execute(tx.db)),
    1,
  );
});

test('break-the-glass requests and the look-up counter are out of the application role’s hands', async (t) => {
  const system = await buildIdentity(t);
  const s = await seed(system);
  await grantRole(system, s.leadB.id, 'break-glass', `g-team-b${s.n}`);
  const nightLine = await actorOf(system, s.leadB.id);
  const shielded = await s.newCase(s.teamA, 'shielded');
  const normal = await s.newCase(s.teamA);
  const ask = (ctx: ActorContext, caseId: string) =>
    system.db.transaction(
      ctx,
      async (tx) =>
        (
          await sql<{
            id: string;
          }>`insert into case_break_glass_request (case_id, reason) values (${caseId}, 'client called the night line') returning id`.execute(
            tx.db,
          )
        ).rows[0]!.id,
    );
  await assert.rejects(ask(s.worker.ctx, shielded), /row-level security/, 'only with cases.break-glass');
  await assert.rejects(ask(nightLine, normal), /row-level security/, 'a case that is not shielded takes the direct way');
  const asked = await ask(nightLine, shielded);
  await assert.rejects(
    system.db.transaction(nightLine, (tx) =>
      sql`insert into case_break_glass_request (case_id, reason, requested_by) values (${shielded}, 'for a colleague, really', ${s.worker.id})`.execute(
        tx.db,
      ),
    ),
    /permission denied/,
  );
  await assert.rejects(
    system.db.transaction(s.lead.ctx, (tx) =>
      sql`update case_break_glass_request set status = 'approved' where id = ${asked}`.execute(tx.db),
    ),
    /permission denied/,
  );
  assert.equal(
    await count(system, s.lead.ctx, (tx) => sql`select id from case_break_glass_request`.execute(tx.db)),
    0,
    'deciders read through case_break_glass_requests',
  );
  assert.equal(await count(system, nightLine, (tx) => sql`select id from case_break_glass_request`.execute(tx.db)), 1, 'her own');
  // The lead decides through the function; the requester cannot, and nobody approves her own.
  const decide = (ctx: ActorContext) =>
    system.db.transaction(ctx, async (tx) =>
      (
        await sql<{ outcome: string }>`select outcome from case_decide_break_glass(${asked}, true, 'confirmed by phone', 8)`.execute(tx.db)
      ).rows.map((r) => r.outcome),
    );
  assert.deepEqual(await decide(nightLine), ['own']);
  assert.deepEqual(await decide(s.worker.ctx), [], 'no cases.grant-access: no such request for her');
  assert.deepEqual(await decide(s.lead.ctx), ['approved']);
  await assert.rejects(
    system.db.transaction(nightLine, (tx) => sql`select * from case_break_glass_lookup`.execute(tx.db)),
    /permission denied/,
  );
  await assert.rejects(
    system.db.transaction(nightLine, (tx) =>
      sql`insert into case_break_glass_lookup (user_id, looked_up_at) values (${s.worker.id}, now())`.execute(tx.db),
    ),
    /permission denied/,
  );
  await assert.rejects(
    system.db.transaction(nightLine, (tx) => sql`update case_number_counter set last = 0`.execute(tx.db)),
    /permission denied/,
  );
});

test('the cases module’s functions pin their search path with pg_temp last', async (t) => {
  const system = await buildIdentity(t);
  const { rows } = await adminQuery<{ name: string; config: string[] | null; definer: boolean }>(
    system.target.ownerUrl,
    `select p.oid::regprocedure::text as name, p.proconfig as config, p.prosecdef as definer from pg_proc p
     where p.pronamespace = 'public'::regnamespace and p.proname like 'case\\_%' order by 1`,
  );
  assert.ok(rows.length >= 15, rows.map((r) => r.name).join(', '));
  for (const row of rows)
    assert.ok(row.config?.includes('search_path=pg_catalog, public, pg_temp'), `${row.name}: ${row.config?.join(' ') ?? 'no settings'}`);
});

test('the person a case is about is kept on the case by the database, and not the application role’s to write', async (t) => {
  const system = await buildIdentity(t);
  const s = await seed(system);
  const kase = await s.newCase(s.teamA);
  await s.assign(kase, s.worker.id);
  const person = async (name: string) => (await s.owner(`insert into person (achternaam) values ($1) returning id`, [name])).rows[0]!.id;
  const [witness, victim, merged] = [await person('Getuige'), await person('Slachtoffer'), await person('Samengevoegd')];
  const subject = async () =>
    (await s.owner<{ p: string | null }>('select primary_client_id as p from case_file where id = $1', [kase])).rows[0]!.p;
  assert.equal(await subject(), null, 'nobody takes part yet');
  await s.owner(`insert into case_participant (case_id, person_id, role) values ($1, $2, 'witness')`, [kase, witness]);
  assert.equal(await subject(), witness, 'else the first participant');
  await s.owner(`insert into case_participant (case_id, person_id, role, primary_client) values ($1, $2, 'victim', true)`, [kase, victim]);
  assert.equal(await subject(), victim, 'the primary client');
  await s.owner(`update case_participant set person_id = $1 where person_id = $2`, [merged, victim]);
  assert.equal(await subject(), merged, 'a merge moves it');
  await s.owner(`delete from case_participant where person_id = $1`, [merged]);
  assert.equal(await subject(), witness);
  await assert.rejects(
    system.db.transaction(s.worker.ctx, (tx) => sql`update case_file set primary_client_id = ${victim} where id = ${kase}`.execute(tx.db)),
    /permission denied/,
  );
  await assert.rejects(
    system.db.transaction(s.worker.ctx, (tx) => sql`update case_file set number = '2025-000000001' where id = ${kase}`.execute(tx.db)),
    /permission denied/,
  );
});
