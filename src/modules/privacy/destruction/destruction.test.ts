// Acceptance (issue 12): cases past their retention date are listed, approved by a second person (the
// same person is refused, by the API and by the database), and destroyed with everything on them; their
// documents no longer decrypt, the report lists them without personal data, and the audit trail only
// grew and still verifies. A case on legal hold and an open case are never listed. A round that fails halfway leaves no
// case half destroyed and finishes on the next run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { adminQuery } from '../../../../test/helpers/database.ts';
import { actorOf, team } from '../../../../test/helpers/fixtures.ts';
import { buildPrivacy, fullCase, rowsOf, type PrivacySystem } from '../../../../test/helpers/privacy.ts';
import { carryOutRound } from './destruction.jobs.ts';
import { trailKeeper } from '../../../../test/helpers/audit-trail.ts';

const reason = 'Lopende klachtprocedure bij de geschillencommissie';

/** Every audit row as it is now: id and a hash of the whole row. */
async function auditSnapshot(system: PrivacySystem): Promise<Map<string, string>> {
  const { rows } = await adminQuery<{ id: string; hash: string }>(
    system.target.ownerUrl,
    `select id::text, md5(a::text) as hash from audit_event a`,
  );
  return new Map(rows.map((r) => [r.id, r.hash]));
}

async function roundItems(
  system: PrivacySystem,
  session: { request: (m: string, u: string, b?: unknown) => Promise<{ statusCode: number; body: string; json<T>(): T }> },
  roundId: string,
) {
  const answer = await session.request('GET', `/api/v1/privacy/destruction-lists/${roundId}/items?limit=200`);
  assert.equal(answer.statusCode, 200, answer.body);
  return answer.json<{ items: { id: string; caseId: string; caseNumber: string; status: string; legalHold: boolean }[] }>().items;
}

test('cases past retention are listed, approved by a second person, destroyed; documents no longer decrypt; the report lists them; the trail only grows', async (t) => {
  const witnessDir = await mkdtemp(path.join(tmpdir(), 'casus-destruction-witness-'));
  t.after(() => rm(witnessDir, { recursive: true, force: true }));
  const system = await buildPrivacy(t, { CASUS_AUDIT_WITNESS_DIR: witnessDir });
  // The audit trail as a working instance keeps it: sealed, checkpointed and witnessed, before and after the round.
  const trail = trailKeeper(system);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const reviewer = await a.user('fg-review', 'privacy-officer');
  const approver = await a.user('fg-approve', 'privacy-officer');

  const doomed = await fullCase(system, worker, a.unit, { closed: true });
  const held = await fullCase(system, worker, a.unit, { closed: true });
  const open = await fullCase(system, worker, a.unit);
  // The doomed case's next of kin also takes part in the open case: she stays.
  assert.equal(
    (await worker.session.request('POST', `/api/v1/cases/${open.caseId}/participants`, { personId: doomed.kinId, role: 'witness' }))
      .statusCode,
    200,
  );
  const hold = await lead.session.request('POST', `/api/v1/cases/${held.caseId}/legal-hold`, { reason });
  assert.equal(hold.statusCode, 200, hold.body);

  const { wrapped_key: wrappedKey } = (
    await adminQuery<{ wrapped_key: Buffer }>(system.target.ownerUrl, 'select wrapped_key from document where id = $1', [doomed.documentId])
  ).rows[0]!;
  assert.ok(wrappedKey, 'the document has its data key before');
  const opened = await system.blobs.open(doomed.documentId, wrappedKey);
  opened.destroy();
  const auditBefore = await auditSnapshot(system);
  await trail.checkpoint();

  // Drawn up: the doomed case only (the held one is kept, the open one is not due).
  const proposed = await reviewer.session.request('POST', '/api/v1/privacy/destruction-lists', {});
  assert.equal(proposed.statusCode, 201, proposed.body);
  const round = proposed.json<{ id: string; status: string; tally: { pending: number } }>();
  assert.equal(round.status, 'proposed');
  const items = await roundItems(system, reviewer.session, round.id);
  assert.deepEqual(
    items.map((i) => [i.caseNumber, i.status, i.legalHold]),
    [[doomed.number, 'pending', false]],
  );
  assert.equal(
    (await reviewer.session.request('POST', '/api/v1/privacy/destruction-lists', {})).statusCode,
    409,
    'nothing due that no open list holds: a case is on one list at most',
  );

  // First signature; the reviewer may not give the second.
  const reviewed = await reviewer.session.request('POST', `/api/v1/privacy/destruction-lists/${round.id}/approve`, {});
  assert.equal(reviewed.statusCode, 409, 'not reviewed yet');
  assert.equal((await reviewer.session.request('POST', `/api/v1/privacy/destruction-lists/${round.id}/review`, {})).statusCode, 200);
  const self = await reviewer.session.request('POST', `/api/v1/privacy/destruction-lists/${round.id}/approve`, {});
  assert.equal(self.statusCode, 403, self.body);
  assert.equal(self.json<{ type: string }>().type, 'urn:casus:problem:four-eyes');
  // The database refuses it too: through the application role in the reviewer's name ...
  const sqlSelf = await system.db.transaction(await actorOf(system, reviewer.id), (tx) =>
    sql<{ r: string }>`select privacy_destruction_approve(${round.id}::uuid) as r`.execute(tx.db),
  );
  assert.equal(sqlSelf.rows[0]!.r, 'same-person');
  await assert.rejects(
    system.db.transaction(await actorOf(system, reviewer.id), (tx) =>
      sql`update destruction_round set status = 'approved', approved_by = reviewed_by, approved_at = now() where id = ${round.id}::uuid`.execute(
        tx.db,
      ),
    ),
    /permission denied/,
    'no UPDATE for the application role',
  );
  // ... and over the owner login, where only the constraint and the trigger stand in the way.
  await assert.rejects(
    adminQuery(
      system.target.ownerUrl,
      `update destruction_round set status = 'approved', approved_by = reviewed_by, approved_at = now() where id = $1`,
      [round.id],
    ),
    /four_eyes|in her own name/,
  );
  await assert.rejects(
    adminQuery(
      system.target.ownerUrl,
      `update destruction_round set status = 'approved', approved_by = $2, approved_at = now() where id = $1`,
      [round.id, approver.id],
    ),
    /in her own name/,
    'nobody approves in someone else’s name, not even the owner',
  );

  const approved = await approver.session.request('POST', `/api/v1/privacy/destruction-lists/${round.id}/approve`, {});
  assert.equal(approved.statusCode, 200, approved.body);
  assert.deepEqual(
    [
      approved.json<{ status: string }>().status,
      approved.json<{ reviewedBy: { id: string } }>().reviewedBy.id,
      approved.json<{ approvedBy: { id: string } }>().approvedBy.id,
    ],
    ['approved', reviewer.id, approver.id],
  );

  const summary = await carryOutRound(system.db, system.blobs, round.id, { batchSize: 10 });
  assert.deepEqual(summary, { destroyed: 1, skipped: 0, failed: 0, unfinished: false, completed: true });

  // Gone, with everything on it.
  for (const [table, column, id] of [
    ['case_file', 'id', doomed.caseId],
    ['case_participant', 'case_id', doomed.caseId],
    ['contact_moment', 'case_id', doomed.caseId],
    ['document', 'case_id', doomed.caseId],
    ['task', 'case_id', doomed.caseId],
    ['task', 'referral_id', doomed.referralId],
    ['referral', 'id', doomed.referralId],
    ['referral_contact_attempt', 'referral_id', doomed.referralId],
    ['incident', 'id', doomed.incidentId],
    ['person', 'id', doomed.clientId],
    ['person_consent', 'person_id', doomed.clientId],
  ] as const) {
    assert.equal(await rowsOf(system, table, column, id), 0, `${table}.${column} = ${id}`);
  }
  assert.equal(await rowsOf(system, 'person', 'id', doomed.kinId), 1, 'the next of kin takes part in another case: kept');
  assert.equal(await rowsOf(system, 'case_file', 'id', held.caseId), 1, 'the case on legal hold stays');
  assert.equal(await rowsOf(system, 'case_file', 'id', open.caseId), 1, 'the open case stays');
  const words = await adminQuery(system.target.ownerUrl, `select 1 from person_name_word where word = $1`, [
    doomed.client.achternaam.toLowerCase(),
  ]);
  assert.equal(words.rowCount, 0, 'the erased client’s surname left the search dictionary');

  // The document no longer decrypts: the API has nothing, the database has no key, the blob is gone,
  // and even the old wrapped key finds nothing to open.
  assert.equal((await worker.session.request('GET', `/api/v1/documents/${doomed.documentId}/content`)).statusCode, 404);
  assert.equal(await system.blobs.exists(doomed.documentId), false);
  await assert.rejects(system.blobs.open(doomed.documentId, wrappedKey), 'the blob cannot be read, whatever key one kept');

  // The report: the case by number and id, what went, who signed; nothing about the client.
  const report = await reviewer.session.request('GET', `/api/v1/privacy/destruction-lists/${round.id}/report`);
  assert.equal(report.statusCode, 200, report.body);
  const body = report.json<{
    round: {
      status: string;
      approvedBy: { id: string };
      reviewedBy: { id: string };
      tally: { destroyed: number; totals: Record<string, number> };
    };
    items: { caseNumber: string; caseId: string; status: string; counts: Record<string, number> }[];
  }>();
  assert.equal(body.round.status, 'completed');
  assert.deepEqual([body.round.reviewedBy.id, body.round.approvedBy.id], [reviewer.id, approver.id]);
  assert.deepEqual(
    body.items.map((i) => [i.caseNumber, i.caseId, i.status]),
    [[doomed.number, doomed.caseId, 'destroyed']],
  );
  assert.deepEqual(body.items[0]!.counts, {
    contactMoments: 1,
    documents: 1,
    tasks: 2,
    referrals: 1,
    participants: 2,
    assignments: 1,
    incidents: 1,
    personsErased: 1,
    personsKept: 0,
  });
  assert.equal(body.round.tally.destroyed, 1);
  for (const secret of [
    doomed.client.achternaam,
    doomed.client.voornamen,
    doomed.client.bsn,
    doomed.client.phone,
    'Zwolle',
    'mishandeling',
  ]) {
    assert.ok(!report.body.includes(secret), `the report does not hold ${secret}`);
  }
  const pdf = await reviewer.session.request('GET', `/api/v1/privacy/destruction-lists/${round.id}/report.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');

  // The audit trail: every row from before is still there, unchanged; new rows record the destruction.
  const auditAfter = await auditSnapshot(system);
  assert.ok(auditAfter.size > auditBefore.size);
  for (const [id, hash] of auditBefore) assert.equal(auditAfter.get(id), hash, `audit row ${id} unchanged`);
  // ...and the whole trail, from leaf 0, still verifies against the signed and witnessed checkpoints.
  await trail.checkpoint();
  const verified = await trail.verify('full');
  assert.equal(verified.ok, true, JSON.stringify(verified));
  const destroyed = await adminQuery<{ actor_id: string; data_subject_ids: string[]; details: { caseNumber: string } }>(
    system.target.ownerUrl,
    `select actor_id, data_subject_ids, details from audit_event where action = 'privacy.case-destroyed' and object_id = $1`,
    [doomed.caseId],
  );
  assert.equal(destroyed.rows.length, 1);
  assert.equal(destroyed.rows[0]!.actor_id, 'privacy.destruction');
  assert.deepEqual(destroyed.rows[0]!.data_subject_ids, [doomed.clientId]);
  const signatures = await adminQuery<{ action: string; actor_id: string }>(
    system.target.ownerUrl,
    `select action, actor_id from audit_event where object_id = $1 and action like 'privacy.destruction-round-%' order by id`,
    [round.id],
  );
  assert.deepEqual(
    signatures.rows.map((r) => r.action),
    [
      'privacy.destruction-round-propose',
      'privacy.destruction-round-review',
      'privacy.destruction-round-approve',
      'privacy.destruction-round-start',
      'privacy.destruction-round-complete',
    ],
  );
});
