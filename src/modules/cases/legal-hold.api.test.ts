// Legal holds and retention dates (issue 12): a team lead or the privacy officer (cases.legal-hold in
// the case's unit) sets and lifts a hold with a reason, whether or not she sees the case; the case
// says it is held; others are refused (403 when they see the case, 404 when they do not), and SQL
// through the application's login writes no hold. Closing a case keeps it for its type's period, or
// the configured CASUS_RETENTION_YEARS when the type names none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { modules } from '../../app/modules.ts';
import { build } from '../../../test/helpers/build.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf, openCase, shield, team } from '../../../test/helpers/fixtures.ts';

const REASON = 'Schadeclaim van de cliënt loopt bij de rechtbank';

test('a legal hold is set and lifted with a reason by holders of cases.legal-hold in the case’s unit, seen or not', async (t) => {
  const system = await build(t, { modules });
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const officer = await a.user('fg', 'privacy-officer');
  const leadB = await b.user('lead', 'team-lead');
  const kase = await openCase(system, worker, a.unit, { client: 'Bewaarplicht' });
  const url = `/api/v1/cases/${kase.id}/legal-hold`;

  // The case offers the hold (allowedActions) to whoever sees it and holds cases.legal-hold in its unit.
  const offered = async (member: typeof lead) =>
    (await member.session.request('GET', `/api/v1/cases/${kase.id}`))
      .json<{ allowedActions: string[] }>()
      .allowedActions.includes('legalHold');
  assert.deepEqual([await offered(lead), await offered(worker)], [true, false]);
  assert.equal((await lead.session.request('GET', url)).json<{ held: boolean }>().held, false);
  const set = await lead.session.request('POST', url, { reason: REASON });
  assert.equal(set.statusCode, 200, set.body);
  const hold = set.json<{ held: boolean; holds: { reason: string; setBy: string; setByName: string; liftedAt: null }[] }>();
  assert.equal(hold.held, true);
  assert.deepEqual(
    hold.holds.map((h) => [h.reason, h.setBy, h.liftedAt]),
    [[REASON, lead.id, null]],
  );
  assert.equal((await lead.session.request('POST', url, { reason: REASON })).statusCode, 409, 'held already');
  assert.equal((await worker.session.request('GET', `/api/v1/cases/${kase.id}`)).json<{ legalHold: boolean }>().legalHold, true);

  // The privacy officer does not see the case, yet lifts the hold (she holds cases.legal-hold in its unit).
  assert.equal((await officer.session.request('GET', `/api/v1/cases/${kase.id}`)).statusCode, 404);
  const lifted = await officer.session.request('POST', `${url}/lift`, { reason: 'Claim afgewezen, uitspraak onherroepelijk' });
  assert.equal(lifted.statusCode, 200, lifted.body);
  const after = lifted.json<{ held: boolean; holds: { liftedBy: string; liftReason: string }[] }>();
  assert.deepEqual(
    [after.held, after.holds[0]!.liftedBy, after.holds[0]!.liftReason],
    [false, officer.id, 'Claim afgewezen, uitspraak onherroepelijk'],
  );
  assert.equal((await officer.session.request('POST', `${url}/lift`, { reason: REASON })).statusCode, 409, 'not held');
  assert.equal((await worker.session.request('GET', `/api/v1/cases/${kase.id}`)).json<{ legalHold: boolean }>().legalHold, false);

  // Without the permission: 403 at the door; another team's lead: 404 (the case does not exist for her).
  assert.equal((await worker.session.request('POST', url, { reason: REASON })).statusCode, 403);
  assert.equal((await leadB.session.request('GET', url)).statusCode, 404);
  assert.equal((await leadB.session.request('POST', url, { reason: REASON })).statusCode, 404);
  assert.equal((await lead.session.request('POST', url, { reason: 'kort' })).statusCode, 400);

  const audit = await adminQuery<{ action: string; actor_id: string; reason: string | null }>(
    system.target.ownerUrl,
    `select action, actor_id, reason from audit_event where object_id = $1 and (action like 'case.legal-hold-%' or action = 'case.read-legal-hold') order by id`,
    [kase.id],
  );
  assert.deepEqual(
    audit.rows.map((r) => [r.action, r.actor_id]),
    [
      ['case.read-legal-hold', lead.id],
      ['case.legal-hold-set', lead.id],
      ['case.legal-hold-lift', officer.id],
    ],
  );

  // SQL through the application's login: no hold written or lifted directly, not even by the team lead.
  for (const statement of [
    sql`insert into case_legal_hold (case_id, reason, set_by) values (${kase.id}::uuid, ${REASON}, ${lead.id}::uuid)`,
    sql`update case_legal_hold set lifted_at = null, lifted_by = null, lift_reason = null where case_id = ${kase.id}::uuid`,
    sql`delete from case_legal_hold where case_id = ${kase.id}::uuid`,
  ]) {
    await assert.rejects(
      system.db.transaction(await actorOf(system, lead.id), (tx) => statement.execute(tx.db)),
      (error: { code?: string }) => error.code === '42501',
    );
  }
  // Shielded, the case is out of the team lead's reach too: a hold route must not tell her it exists.
  await shield(system, kase.id);
  assert.equal((await lead.session.request('GET', url)).statusCode, 404);
  assert.equal((await lead.session.request('POST', url, { reason: REASON })).statusCode, 404);

  // And the definer function answers another team's lead as if there were no such case.
  const foreign = await system.db.transaction(await actorOf(system, leadB.id), (tx) =>
    sql<{ r: string }>`select case_legal_hold_set(${kase.id}::uuid, ${REASON}) as r`.execute(tx.db),
  );
  assert.equal(foreign.rows[0]!.r, 'not-permitted');
});

test('closing keeps a case for its type’s period, or CASUS_RETENTION_YEARS when the type names none', async (t) => {
  const system = await build(t, { modules, env: { CASUS_RETENTION_YEARS: '7' } });
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const close = async (caseTypeKey?: string) => {
    const opened = await worker.session.request('POST', '/api/v1/cases', { owningUnitId: a.unit, ...(caseTypeKey ? { caseTypeKey } : {}) });
    assert.equal(opened.statusCode, 201, opened.body);
    const closed = await worker.session.request('POST', `/api/v1/cases/${opened.json<{ id: string }>().id}/close`, {
      version: opened.json<{ version: number }>().version,
      reason: 'Hulpverlening afgerond',
    });
    assert.equal(closed.statusCode, 200, closed.body);
    return closed.json<{ retentionUntil: string }>().retentionUntil;
  };
  const today = (await adminQuery<{ d: string }>(system.target.ownerUrl, `select (now() at time zone 'Europe/Amsterdam')::date::text as d`))
    .rows[0]!.d;
  const years = (until: string) => Number(until.slice(0, 4)) - Number(today.slice(0, 4));
  assert.equal(years(await close()), 7, 'the default type follows the setting');
  await adminQuery(
    system.target.ownerUrl,
    `insert into case_type (key, name, statuses, transitions, initial_status, retention_years)
     select 'short-keep', 'Kort bewaren', statuses, transitions, initial_status, 2 from case_type where key = 'default'`,
  );
  assert.equal(years(await close('short-keep')), 2, 'a type with its own period keeps it');
});
