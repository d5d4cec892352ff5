// The composition root wires the privacy module's processing register into the audit module's
// processing log: with the options Casus runs with (src/app/modules.ts), a person read becomes a
// processing-log entry naming the register's activity for that action, not the shipping tests' stand-in.
// Driven round by round (sealer, then the processing log's writer), with no working instance: nothing
// outlives the test.
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../src/kernel/audit/audit.ts';
import { createLogger } from '../../src/kernel/observability/logger.ts';
import { auditShipping } from '../../src/app/modules.ts';
import { AuditSealer, AuditStream } from '../../src/modules/audit/index.ts';
import { sinksOf } from '../../src/modules/audit/shipping/register.ts';
import { PROCESSING_LOG_CONSUMER } from '../../src/modules/audit/shipping/processing-log-writer.ts';
import { Shipper } from '../../src/modules/audit/shipping/shipper.ts';
import { adminQuery } from '../helpers/database.ts';
import { build } from '../helpers/build.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope);
const log = createLogger({ level: 'silent' });

// Proves: the composition's options make the processing log's writer name the register's activity.
test('a person read is logged under the processing activity the register names for it', async (t) => {
  const personId = randomUUID();
  await system.db.transaction(
    {
      actor: { kind: 'user', id: `user-${randomUUID()}` },
      origin: { requestId: randomUUID(), traceId: null, ip: '192.0.2.1', userAgent: null },
    },
    (tx) => recordAudit(tx, { action: 'person.read', objectType: 'person', objectId: personId, dataSubjectId: personId }),
  );
  const expected = (
    await adminQuery<{ id: string }>(
      system.target.ownerUrl,
      `select a.id::text from processing_activity_action m join processing_activity a on a.id = m.activity_id
       where 'person.read' like m.pattern || '%' order by length(m.pattern) desc limit 1`,
    )
  ).rows[0]?.id;
  assert.ok(expected, 'the seeded register covers person.read');

  const stream = new AuditStream(system.db);
  const made = sinksOf({ settings: system.settings, keyRing: system.keyRing, log }, stream, auditShipping);
  t.after(() => made.close());
  const writer =
    made.sinks.find((sink) => sink.consumer === PROCESSING_LOG_CONSUMER) ?? assert.fail('the processing log is always written');
  const shipper = new Shipper(stream, writer, { batchSize: 1000, timeoutMs: 5000, baseDelayMs: 1000, maxDelayMs: 4000, log });
  await new AuditSealer(system.db, { batchSize: 1000 }).sealAll();
  await shipper.round(); // a round takes batches until the stream is drained
  assert.equal(shipper.state.consecutiveFailures, 0, shipper.state.lastError ?? '');

  const entry = (
    await adminQuery<{ processing_activity_id: string | null }>(
      system.target.ownerUrl,
      `select p.processing_activity_id from processing_log p join audit_event e on e.id = p.audit_event_id where e.object_id = $1`,
      [personId],
    )
  ).rows[0];
  assert.ok(entry, 'the person read has its entry');
  assert.ok(entry.processing_activity_id?.includes(expected), `activity ${entry.processing_activity_id} names ${expected}`);
});
