// The processing log on the database: a person read through the API becomes an entry linked to its audit
// event by the request's trace id, with the processing activity and the subject's pseudonym, never the
// person's id; pseudonyms are per person; only the system writes, only auditors and the privacy officer
// read, nobody changes an entry; the OTLP sink follows the log's writer; retention by category.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { NO_ORIGIN, systemContext, type ActorContext } from '../../../kernel/auth/actor.ts';
import { createLogger } from '../../../kernel/observability/logger.ts';
import { build } from '../../../../test/helpers/build.ts';
import { openCase, team } from '../../../../test/helpers/fixtures.ts';
import { standInCollector } from '../../../../test/helpers/otlp-collector.ts';
import { sealedEvent } from '../../../../test/helpers/sealed-events.ts';
import { AuditSealer } from '../seal/seal.repository.ts';
import { AuditStream } from '../stream/stream.repository.ts';
import { OtlpClient, OtlpProcessingLogSink } from './otlp-sink.ts';
import { processingEntriesOf, type ProcessingActivityOf } from './processing-log.ts';
import { ProcessingLogWriter } from './processing-log-writer.ts';
import { addEntries } from './processing-log.repository.ts';
import { subjectPseudonyms } from './pseudonym.ts';
import { expireProcessingLog } from './retention.ts';
import { Shipper } from './shipper.ts';
import { traceIdOf } from './trace-ids.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope);
const sealer = new AuditSealer(system.db, { batchSize: 1000 });
const stream = new AuditStream(system.db);
const log = createLogger({ level: 'silent' });
const pseudonyms = subjectPseudonyms(system.keyRing);
const activityOf: ProcessingActivityOf = (_tx, action) =>
  action.startsWith('person.') ? `urn:casus:processing-activity:client-support:${action}` : null;
const options = { batchSize: 100, timeoutMs: 5000, baseDelayMs: 1000, maxDelayMs: 4000, log };
const writer = new Shipper(stream, new ProcessingLogWriter(pseudonyms, activityOf), options);

interface Row {
  trace_id: string;
  span_id: string;
  name: string;
  audit_event_id: string;
  processing_activity_id: string | null;
  data_subject_pseudonym: string;
  status_code: number;
  category: string;
  kind: string;
}

const reader = (permissions: string[]): ActorContext => ({ actor: { kind: 'user', id: randomUUID(), permissions }, origin: NO_ORIGIN });

async function entries(ctx: ActorContext, where: { trace?: string; pseudonym?: string }): Promise<Row[]> {
  return system.db.transaction(ctx, async (tx) => {
    const rows = await sql<Row>`select trace_id, span_id, name, audit_event_id::text, processing_activity_id, data_subject_pseudonym,
        status_code, category, kind from processing_log
      where (${where.trace ?? null}::text is null or trace_id = ${where.trace ?? null})
        and (${where.pseudonym ?? null}::text is null or data_subject_pseudonym = ${where.pseudonym ?? null})
      order by leaf_index, subject_ordinal`.execute(tx.db);
    return rows.rows;
  });
}

const auditor = reader(['audit.read']);

/** Reads the person through the API under a W3C trace of our own; the trace id. */
async function readPerson(session: { cookie: string; csrf: string }, personId: string): Promise<string> {
  const traceId = randomBytes(16).toString('hex');
  const response = await system.app.inject({
    method: 'GET',
    url: `/api/v1/persons/${personId}`,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
  });
  assert.equal(response.statusCode, 200, response.body);
  return traceId;
}

async function writeProcessingLog(): Promise<void> {
  await sealer.sealAll();
  await writer.round();
  assert.equal(writer.state.consecutiveFailures, 0, writer.state.lastError ?? '');
}

// Proves: the entry of a person read links to its audit event by trace id and carries the activity and the
// pseudonym, not the person's id; the same person gets the same pseudonym, another person another.
test('a person read: linked to its audit event by trace id, with the activity and a pseudonym, never the person id', async () => {
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const kase = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const other = await openCase(system, worker, a.unit, { client: 'Pietersen' });
  const first = await readPerson(worker.session, kase.clientId);
  const again = await readPerson(worker.session, kase.clientId);
  const neighbour = await readPerson(worker.session, other.clientId);
  await writeProcessingLog();

  const [entry, ...more] = await entries(auditor, { trace: first });
  assert.equal(more.length, 0, 'one entry: one read of one person');
  assert.equal(entry!.name, 'person.read');
  assert.equal(entry!.processing_activity_id, 'urn:casus:processing-activity:client-support:person.read');
  assert.deepEqual([entry!.status_code, entry!.category, entry!.kind], [1, 'access', 'server']);
  assert.match(entry!.span_id, /^[0-9a-f]{16}$/);
  assert.equal(entry!.data_subject_pseudonym, pseudonyms.of(kase.clientId));
  assert.ok(!JSON.stringify(entry).includes(kase.clientId), 'the person id is not in the entry');

  const linked = await system.db.transaction(systemContext('test'), (tx) =>
    sql<{ action: string; data_subject_id: string; trace_id: string }>`select action, data_subject_id, trace_id from audit_event
      where id = ${entry!.audit_event_id}::bigint`.execute(tx.db),
  );
  assert.deepEqual(
    linked.rows[0],
    { action: 'person.read', data_subject_id: kase.clientId, trace_id: first },
    'the audit event of that read',
  );

  const [second] = await entries(auditor, { trace: again });
  const [third] = await entries(auditor, { trace: neighbour });
  assert.equal(second!.data_subject_pseudonym, entry!.data_subject_pseudonym, 'the same person, the same pseudonym');
  assert.notEqual(third!.data_subject_pseudonym, entry!.data_subject_pseudonym, 'another person, another pseudonym');
  assert.notEqual(second!.span_id, entry!.span_id);
  const all = await entries(auditor, { pseudonym: pseudonyms.of(kase.clientId) });
  assert.ok(all.some((e) => e.trace_id === first) && all.some((e) => e.trace_id === again), "a person's entries found by their pseudonym");
});

// Proves: a list read makes one entry per person; a job's event without a trace gets a derived one; a refusal is an error status.
test('one entry per data subject; a trace derived for jobs; refusals recorded as errors', async () => {
  const persons = [randomUUID(), randomUUID(), randomUUID()];
  await system.db.transaction(reader([]), (tx) =>
    recordAudit(tx, [
      { action: 'case.list', objectType: 'case', objectIds: [randomUUID()], dataSubjectIds: persons },
      { action: 'person.read', objectType: 'person', objectId: persons[0], dataSubjectId: persons[0], result: 'denied' },
    ]),
  );
  await system.db.transaction(systemContext('test-job'), (tx) =>
    recordAudit(tx, {
      action: 'person.update',
      objectType: 'person',
      objectId: persons[1],
      dataSubjectId: persons[1],
      changedFields: ['x'],
    }),
  );
  await writeProcessingLog();
  const listed = (await entries(auditor, {})).filter(
    (e) => e.name === 'case.list' && persons.map((p) => pseudonyms.of(p)).includes(e.data_subject_pseudonym),
  );
  assert.equal(listed.length, 3);
  assert.equal(new Set(listed.map((e) => e.span_id)).size, 3, 'each its own span');
  assert.equal(new Set(listed.map((e) => e.trace_id)).size, 1, 'one trace: one event');
  const denied = (await entries(auditor, { pseudonym: pseudonyms.of(persons[0]!) })).find((e) => e.name === 'person.read')!;
  assert.deepEqual([denied.status_code, denied.category], [2, 'security']);
  const job = (await entries(auditor, { pseudonym: pseudonyms.of(persons[1]!) })).find((e) => e.name === 'person.update')!;
  assert.equal(job.trace_id, traceIdOf({ id: job.audit_event_id, traceId: null }), 'derived from the event, as shipped records get it');
  assert.equal(job.kind, 'internal');
  assert.equal(job.processing_activity_id, 'urn:casus:processing-activity:client-support:person.update');
  const event = sealedEvent({ traceId: null });
  assert.match(traceIdOf(event), /^[0-9a-f]{32}$/);
  assert.notEqual(traceIdOf(event), traceIdOf({ ...event, id: `${event.id}0` }), 'one per event');
});

// Proves: row-level security: only the system writes and deletes, audit.read and audit.subject-views read, nobody changes an entry.
test('who may read, write and change the processing log', async () => {
  assert.ok((await entries(auditor, {})).length > 0);
  assert.ok((await entries(reader(['audit.subject-views']), {})).length > 0);
  assert.equal((await entries(reader(['cases.read-unit', 'persons.read']), {})).length, 0, 'others see nothing');
  const entry = processingEntriesOf(sealedEvent({ leafIndex: '999999' }), null, pseudonyms);
  await assert.rejects(
    system.db.transaction(auditor, (tx) => addEntries(tx, entry)),
    /row-level security/,
  );
  const removed = await system.db.transaction(auditor, (tx) => sql`delete from processing_log`.execute(tx.db));
  assert.equal(Number(removed.numAffectedRows), 0, 'a reader deletes nothing');
  await assert.rejects(
    system.db.transaction(systemContext('test'), (tx) => sql`update processing_log set name = 'x'`.execute(tx.db)),
    /never changed|permission denied/,
  );
  // The same entries twice (a batch handled again after a lost commit): added once.
  await system.db.transaction(systemContext('test'), (tx) => addEntries(tx, entry));
  await system.db.transaction(systemContext('test'), (tx) => addEntries(tx, entry));
  assert.equal((await entries(auditor, { trace: entry[0]!.traceId })).length, 1);
});

// Proves: the OTLP sink of the processing log ships only what the writer has written, then all of it, as spans.
test('the processing log ships as spans, never ahead of its writer', async () => {
  const collector = await standInCollector();
  const client = new OtlpClient({
    endpoint: collector.url,
    headers: {},
    caFile: null,
    certFile: null,
    keyFile: null,
    logs: false,
    traces: true,
  });
  const resource = { serviceVersion: '0.1.0', environment: 'test', hostName: 'app-1' };
  const shipper = new Shipper(stream, new OtlpProcessingLogSink({ client, resource, log, stream }), options);
  await shipper.round();
  const before = collector.requests.flatMap((r) => r.items).length;
  const person = randomUUID();
  await system.db.transaction(reader([]), (tx) =>
    recordAudit(tx, { action: 'person.read', objectType: 'person', objectId: person, dataSubjectId: person }),
  );
  await sealer.sealAll();
  await shipper.round();
  const spansOf = () =>
    collector.requests
      .flatMap((r) => r.items)
      .filter((s) => (s.attributes as Record<string, unknown>)['dpl.core.data_subject_id'] === pseudonyms.of(person));
  assert.equal(spansOf().length, 0, 'not written yet, not shipped');
  await writer.round();
  await shipper.round();
  assert.equal(spansOf().length, 1);
  assert.ok(collector.requests.flatMap((r) => r.items).length > before);
  const written = BigInt((await stream.cursors()).find((c) => c.consumer === 'processing-log')!.leafIndex);
  const shipped = BigInt((await stream.cursors()).find((c) => c.consumer === 'ship-otlp-processing-log')!.leafIndex);
  assert.equal(shipped, written);
  client.close();
  await collector.close();
});

// Proves: retention by category, and never of entries not yet handled by every consumer of the log; a run is audited.
test('retention: each category after its period, only what every consumer has handled', async () => {
  const handled = BigInt((await stream.cursors()).find((c) => c.consumer === 'processing-log')!.leafIndex);
  const yearsAgo = (years: number) => new Date(Date.now() - years * 365 * 24 * 3600 * 1000);
  const old = (category: 'security' | 'access' | 'change', years: number, leafIndex: bigint) => {
    const event = sealedEvent({ leafIndex: leafIndex.toString(), occurredAt: yearsAgo(years) });
    return processingEntriesOf(event, null, pseudonyms).map((e) => ({
      ...e,
      category,
      subjectOrdinal: 100 + Math.floor(Math.random() * 1e6),
    }));
  };
  const oldAccess = old('access', 3, 0n);
  const oldSecurity = old('security', 3, 0n);
  const oldChange = old('change', 3, 0n);
  const ancientChange = old('change', 7, 0n);
  const notHandled = old('access', 3, handled + 1000n);
  await system.db.transaction(systemContext('test'), (tx) =>
    addEntries(tx, [...oldAccess, ...oldSecurity, ...oldChange, ...ancientChange, ...notHandled]),
  );

  const report = await expireProcessingLog(system.db, stream, {
    retention: { securityDays: 730, accessDays: 730, changeDays: 2190 },
    consumers: ['processing-log'],
  });
  assert.ok(report.removed.access >= 1 && report.removed.security >= 1 && report.removed.change >= 1);
  const left = async (e: { traceId: string }[]) => (await entries(auditor, { trace: e[0]!.traceId })).length;
  assert.equal(await left(oldAccess), 0, 'access: 2 years');
  assert.equal(await left(oldSecurity), 0, 'security: 2 years');
  assert.equal(await left(oldChange), 1, 'changes are kept 6 years');
  assert.equal(await left(ancientChange), 0);
  assert.equal(await left(notHandled), 1, 'not yet handled by every consumer: kept');
  assert.ok((await entries(auditor, {})).length > 0, 'recent entries stay');
  const audited = await system.db.transaction(systemContext('test'), (tx) =>
    sql<{ details: { removed: Record<string, number> } }>`select details from audit_event where action = 'audit.processing-log-expire'
      order by id desc limit 1`.execute(tx.db),
  );
  assert.deepEqual(audited.rows[0]!.details.removed, report.removed);
});
