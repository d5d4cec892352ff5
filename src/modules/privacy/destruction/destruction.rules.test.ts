// Destruction rounds as their rules meet the people around them: a case taken off a proposed list with
// a reason (and never after the review), a hold set after approval (the case is skipped), a round that
// fails halfway (nothing half destroyed; the next run finishes it), a holder of privacy.destruction in
// one team and a list with another team's cases, and SQL through the application's login as every kind
// of insider: nothing is destroyed without an approved round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { systemContext, type ActorContext } from '../../../kernel/auth/actor.ts';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { actorOf, team, type Member } from '../../../../test/helpers/fixtures.ts';
import { buildPrivacy, fullCase, rowsOf, type PrivacySystem } from '../../../../test/helpers/privacy.ts';
import { carryOutRound, DESTRUCTION_ACTOR, proposeScheduledRound, roundsToResume } from './destruction.jobs.ts';

const REASON = 'Klacht van de cliënt loopt nog bij de directie';

interface Item {
  id: string;
  caseId: string;
  status: string;
  legalHold: boolean;
  skipReason: string | null;
  removalReason: string | null;
}

async function items(officer: Member, roundId: string): Promise<Item[]> {
  const answer = await officer.session.request('GET', `/api/v1/privacy/destruction-lists/${roundId}/items?limit=200`);
  assert.equal(answer.statusCode, 200, answer.body);
  return answer.json<{ items: Item[] }>().items;
}

async function propose(officer: Member): Promise<string> {
  const answer = await officer.session.request('POST', '/api/v1/privacy/destruction-lists', {});
  assert.equal(answer.statusCode, 201, answer.body);
  return answer.json<{ id: string }>().id;
}

async function sign(officer: Member, roundId: string, step: 'review' | 'approve' | 'cancel', body: object = {}) {
  return officer.session.request('POST', `/api/v1/privacy/destruction-lists/${roundId}/${step}`, body);
}

/** The test's leftover cases are kept another year (over the owner login), so the next test's lists hold only its own. */
async function keepForNow(system: PrivacySystem, caseIds: string[]): Promise<void> {
  await adminQuery(system.target.ownerUrl, `update case_file set retention_until = current_date + 365 where id = any($1::uuid[])`, [
    caseIds,
  ]);
}

async function setup(system: PrivacySystem) {
  const a = await team(system);
  return {
    a,
    worker: await a.user('worker', 'case-worker'),
    lead: await a.user('lead', 'team-lead'),
    first: await a.user('fg-1', 'privacy-officer'),
    second: await a.user('fg-2', 'privacy-officer'),
  };
}

test('a case leaves a proposed list with a reason, never a reviewed one; a hold set after approval skips it', async (t) => {
  const system = await buildPrivacy(t);
  const { a, worker, lead, first, second } = await setup(system);
  const removed = await fullCase(system, worker, a.unit, { closed: true });
  const heldLater = await fullCase(system, worker, a.unit, { closed: true });
  const roundId = await propose(first);
  const listed = await items(first, roundId);
  const item = (caseId: string) => listed.find((i) => i.caseId === caseId)!;

  const short = await first.session.request(
    'POST',
    `/api/v1/privacy/destruction-lists/${roundId}/items/${item(removed.caseId).id}/remove`,
    {
      reason: 'te kort',
    },
  );
  assert.equal(short.statusCode, 400, 'a reason of at least 10 characters');
  const off = await first.session.request('POST', `/api/v1/privacy/destruction-lists/${roundId}/items/${item(removed.caseId).id}/remove`, {
    reason: REASON,
  });
  assert.equal(off.statusCode, 200, off.body);
  assert.equal(off.json<{ tally: { removed: number } }>().tally.removed, 1);
  const again = await first.session.request(
    'POST',
    `/api/v1/privacy/destruction-lists/${roundId}/items/${item(removed.caseId).id}/remove`,
    {
      reason: REASON,
    },
  );
  assert.equal(again.statusCode, 409, 'removed already');

  assert.equal((await sign(first, roundId, 'review')).statusCode, 200);
  const late = await second.session.request(
    'POST',
    `/api/v1/privacy/destruction-lists/${roundId}/items/${item(heldLater.caseId).id}/remove`,
    { reason: REASON },
  );
  assert.equal(late.statusCode, 409, 'the reviewed list is what the approver approves');
  assert.equal((await sign(second, roundId, 'approve')).statusCode, 200);
  // After approval, before it is carried out, the team lead puts a case on hold: it is skipped.
  assert.equal((await lead.session.request('POST', `/api/v1/cases/${heldLater.caseId}/legal-hold`, { reason: REASON })).statusCode, 200);
  assert.equal((await items(first, roundId)).find((i) => i.caseId === heldLater.caseId)!.legalHold, true, 'the list shows the live hold');

  const summary = await carryOutRound(system.db, system.blobs, roundId, { batchSize: 5 });
  assert.equal(summary.completed, true);
  const after = await items(first, roundId);
  assert.deepEqual(
    [after.find((i) => i.caseId === removed.caseId), after.find((i) => i.caseId === heldLater.caseId)].map((i) => [
      i!.status,
      i!.skipReason,
      i!.removalReason,
    ]),
    [
      ['removed', null, REASON],
      ['skipped', 'legal-hold', null],
    ],
  );
  assert.equal(await rowsOf(system, 'case_file', 'id', removed.caseId), 1);
  assert.equal(await rowsOf(system, 'case_file', 'id', heldLater.caseId), 1);
  assert.equal(await rowsOf(system, 'document', 'case_id', heldLater.caseId), 1, 'a skipped case keeps everything');
  await keepForNow(system, [removed.caseId]);
});

test('the monthly schedule draws up a list in nobody’s name; a run out of time leaves the rest to the next, which the resume job finds', async (t) => {
  const system = await buildPrivacy(t);
  const { a, worker, first, second } = await setup(system);
  const cases = [await fullCase(system, worker, a.unit, { closed: true }), await fullCase(system, worker, a.unit, { closed: true })];
  const roundId = await proposeScheduledRound(system.db, 100);
  assert.ok(roundId);
  assert.equal(await proposeScheduledRound(system.db, 100), null, 'nothing new is due');
  const round = (await first.session.request('GET', `/api/v1/privacy/destruction-lists/${roundId}`)).json<{
    proposedBy: unknown;
    tally: { pending: number };
  }>();
  assert.deepEqual([round.proposedBy, round.tally.pending], [null, 2]);
  assert.deepEqual(await roundsToResume(system.db), [], 'nothing to carry out before approval');
  assert.equal((await sign(first, roundId, 'review')).statusCode, 200);
  assert.equal((await sign(second, roundId, 'approve')).statusCode, 200);
  assert.deepEqual(await roundsToResume(system.db), [roundId]);

  const late = await carryOutRound(system.db, system.blobs, roundId, { batchSize: 1, deadline: Date.now() - 1 });
  assert.deepEqual([late.destroyed, late.unfinished, late.completed], [0, true, false]);
  assert.deepEqual(await roundsToResume(system.db), [roundId], 'started, not finished: the resume job picks it up');
  const rest = await carryOutRound(system.db, system.blobs, roundId, { batchSize: 1 });
  assert.deepEqual([rest.destroyed, rest.completed], [2, true]);
  for (const c of cases) assert.equal(await rowsOf(system, 'case_file', 'id', c.caseId), 0);
  assert.deepEqual(await roundsToResume(system.db), []);
  const audit = await adminQuery<{ details: { by: string } }>(
    system.target.ownerUrl,
    `select details from audit_event where action = 'privacy.destruction-round-propose' and object_id = $1`,
    [roundId],
  );
  assert.equal(audit.rows[0]!.details.by, 'schedule');
});

test('a round that fails halfway leaves no case half destroyed, shows what is pending, and the next run finishes it', async (t) => {
  const system = await buildPrivacy(t);
  const { a, worker, first, second } = await setup(system);
  const one = await fullCase(system, worker, a.unit, { closed: true });
  const two = await fullCase(system, worker, a.unit, { closed: true });
  const roundId = await propose(first);
  assert.equal((await sign(first, roundId, 'review')).statusCode, 200);
  assert.equal((await sign(second, roundId, 'approve')).statusCode, 200);

  // A fault while the second case's contact moments are deleted (its transaction is rolled back).
  await adminQuery(
    system.target.ownerUrl,
    `create function test_fault() returns trigger language plpgsql as $$ begin raise exception 'disk full (test)'; end $$`,
  );
  await adminQuery(
    system.target.ownerUrl,
    `create trigger test_fault before delete on contact_moment for each row when (old.case_id = '${two.caseId}') execute function test_fault()`,
  );
  const broken = await carryOutRound(system.db, system.blobs, roundId, { batchSize: 1 });
  assert.deepEqual([broken.destroyed, broken.failed, broken.unfinished, broken.completed], [1, 1, true, false]);
  assert.equal(await rowsOf(system, 'case_file', 'id', one.caseId), 0);
  // Nothing of the second case went: its documents still have their keys, its contact moments and tasks are there.
  assert.equal(await rowsOf(system, 'case_file', 'id', two.caseId), 1);
  const key = await adminQuery(system.target.ownerUrl, `select 1 from document where case_id = $1 and wrapped_key is not null`, [
    two.caseId,
  ]);
  assert.equal(key.rowCount, 1);
  assert.equal(await rowsOf(system, 'task', 'case_id', two.caseId), 1);
  assert.equal(await rowsOf(system, 'referral', 'id', two.referralId), 1);
  const round = (await first.session.request('GET', `/api/v1/privacy/destruction-lists/${roundId}`)).json<{
    status: string;
    tally: { pending: number; destroyed: number };
  }>();
  assert.deepEqual(
    [round.status, round.tally.pending, round.tally.destroyed],
    ['executing', 1, 1],
    'the list shows the case still pending',
  );

  await adminQuery(system.target.ownerUrl, `drop trigger test_fault on contact_moment`);
  await adminQuery(system.target.ownerUrl, `drop function test_fault()`);
  const resumed = await carryOutRound(system.db, system.blobs, roundId, { batchSize: 1 });
  assert.deepEqual([resumed.destroyed, resumed.failed, resumed.completed], [1, 0, true]);
  assert.equal(await rowsOf(system, 'case_file', 'id', two.caseId), 0);
  assert.equal(await system.blobs.exists(two.documentId), false);
  const again = await carryOutRound(system.db, system.blobs, roundId, { batchSize: 1 });
  assert.deepEqual([again.destroyed, again.completed], [0, false], 'a completed round is not carried out again');
});

test('a holder of privacy.destruction in one team cannot sign a list with another team’s cases, nor see them', async (t) => {
  const system = await buildPrivacy(t);
  const { a, worker, first } = await setup(system);
  const b = await team(system);
  const workerB = await b.user('worker', 'case-worker');
  const ours = await fullCase(system, worker, a.unit, { closed: true });
  const theirs = await fullCase(system, workerB, b.unit, { closed: true });
  const roundId = await propose(first);
  const seen = await items(first, roundId);
  assert.ok(seen.some((i) => i.caseId === ours.caseId));
  assert.ok(!seen.some((i) => i.caseId === theirs.caseId), 'another team’s case is not shown');
  const review = await sign(first, roundId, 'review');
  assert.equal(review.statusCode, 403, review.body);
  const national = await b.user('fg-national', 'privacy-officer', 'staff', 'national');
  const cancelled = await sign(national, roundId, 'cancel', { reason: REASON });
  assert.equal(cancelled.statusCode, 200, cancelled.body);
  assert.deepEqual(
    (await items(national, roundId)).filter((i) => [ours.caseId, theirs.caseId].includes(i.caseId)).map((i) => i.status),
    ['withdrawn', 'withdrawn'],
    'a cancelled list withdraws its cases: they are proposed again next time',
  );
  await keepForNow(system, [ours.caseId, theirs.caseId]);
});

test('SQL through the application’s login destroys nothing without an approved round, whoever it claims to be', async (t) => {
  const system = await buildPrivacy(t);
  const { a, worker, lead, first, second } = await setup(system);
  const target = await fullCase(system, worker, a.unit, { closed: true });
  const asUser = async (who: Member) => actorOf(system, who.id);
  const refused = async (ctx: ActorContext, statement: string) =>
    assert.rejects(
      system.db.transaction(ctx, (tx) => sql.raw(statement).execute(tx.db)),
      (error: { code?: string }) => error.code === '42501',
      statement,
    );
  const id = target.caseId;
  for (const who of [worker, lead, first]) {
    const ctx = await asUser(who);
    for (const statement of [
      `select case_destroy('${id}')`,
      `select contact_moment_destroy_case('${id}')`,
      `select document_destroy_case('${id}')`,
      `select task_destroy_case('${id}')`,
      `select referral_destroy_case('${id}')`,
      `select case_clear_for_destruction('${id}')`,
      `select privacy_destruction_start(gen_random_uuid())`,
      `delete from case_file where id = '${id}'`,
      `delete from contact_moment where case_id = '${id}'`,
      `delete from document where case_id = '${id}'`,
      `insert into case_legal_hold (case_id, reason, set_by) values ('${id}', '${REASON}', gen_random_uuid())`,
      `insert into destruction_round (cutoff) values (current_date)`,
    ]) {
      await refused(ctx, statement);
    }
  }
  // The system actor, other than the destruction job, is refused as well; and the job itself clears
  // nothing that is not on an approved round being carried out.
  await refused(systemContext('outbox-relay'), `select case_destroy('${id}')`);
  await refused(systemContext('outbox-relay'), `select privacy_destruction_clear(gen_random_uuid())`);
  const roundId = await propose(first);
  const [item] = (await items(first, roundId)).filter((i) => i.caseId === id);
  const job = systemContext(DESTRUCTION_ACTOR);
  const early = await system.db.transaction(job, async (tx) => {
    const cleared = (await sql<{ r: string }>`select privacy_destruction_clear(${item!.id}::uuid) as r`.execute(tx.db)).rows[0]!.r;
    await sql`savepoint attempt`.execute(tx.db);
    const destroy = await sql`select case_destroy(${id}::uuid)`.execute(tx.db).then(
      () => 'destroyed',
      (error: { code?: string }) => error.code,
    );
    await sql`rollback to savepoint attempt`.execute(tx.db);
    return [cleared, destroy];
  });
  assert.deepEqual(early, ['done', '42501'], 'a proposed round clears nothing');
  await refused(job, `update destruction_round set status = 'executing', started_at = now() where id = '${roundId}'`);
  assert.equal(
    (await system.db.transaction(job, (tx) => sql<{ r: string }>`select privacy_destruction_start(${roundId}::uuid) as r`.execute(tx.db)))
      .rows[0]!.r,
    'wrong-state',
  );
  // An item cannot be added to a list after it was drawn up, not even by the job.
  await assert.rejects(
    system.db.transaction(job, (tx) =>
      sql`insert into destruction_item (round_id, case_id, case_number, case_type_key, owning_unit_id, retention_until)
        values (${roundId}::uuid, gen_random_uuid(), '2020-1', 'default', ${a.unit}::uuid, current_date)`.execute(tx.db),
    ),
    (error: { code?: string }) => error.code === '42501',
  );
  assert.equal(await rowsOf(system, 'case_file', 'id', id), 1);
  assert.equal((await sign(first, roundId, 'review')).statusCode, 200);
  assert.equal((await sign(second, roundId, 'cancel', { reason: REASON })).statusCode, 200);
  assert.equal((await sign(second, roundId, 'approve')).statusCode, 409, 'a cancelled list is never approved');
  await assert.rejects(adminQuery(system.target.ownerUrl, `delete from destruction_item where round_id = $1`, [roundId]), /never deleted/);
});
