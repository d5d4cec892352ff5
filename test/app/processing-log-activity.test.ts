// The composition root wires the privacy module's processing register into the audit module's
// processing log: with the modules as Casus runs them, a person read becomes a processing-log entry
// naming the register's activity for that action (not the shipping tests' stand-in).
import { after, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { recordAudit } from '../../src/kernel/audit/audit.ts';
import { adminQuery } from '../helpers/database.ts';
import { build } from '../helpers/build.ts';

const fileScope = { after: (cleanup) => after(cleanup as () => Promise<void>) } satisfies Pick<TestContext, 'after'>;
const system = await build(fileScope, { worker: true, env: { CASUS_AUDIT_SEAL_INTERVAL_MS: '100', CASUS_AUDIT_SHIP_INTERVAL_MS: '100' } });

// Proves: a working instance seals the event and writes its processing-log entry with the register's activity.
test('a person read is logged under the processing activity the register names for it', async () => {
  const personId = randomUUID();
  await system.db.transaction(
    {
      actor: { kind: 'user', id: `user-${randomUUID()}` },
      origin: { requestId: randomUUID(), traceId: null, ip: '192.0.2.1', userAgent: null },
    },
    (tx) => recordAudit(tx, { action: 'person.read', objectType: 'person', objectId: personId, dataSubjectId: personId }),
  );
  const expected = (
    await adminQuery(
      system.target.ownerUrl,
      `select a.id::text from processing_activity_action m join processing_activity a on a.id = m.activity_id
       where 'person.read' like m.pattern || '%' order by length(m.pattern) desc limit 1`,
    )
  ).rows[0]?.id as string | undefined;
  assert.ok(expected, 'the seeded register covers person.read');
  let entry: { processing_activity_id: string | null } | undefined;
  for (let i = 0; i < 100 && !entry; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    entry = (
      await adminQuery(
        system.target.ownerUrl,
        `select p.processing_activity_id from processing_log p join audit_event e on e.id = p.audit_event_id where e.object_id = $1`,
        [personId],
      )
    ).rows[0] as typeof entry;
  }
  assert.ok(entry, 'the entry is written within 10 s');
  assert.ok(entry.processing_activity_id?.includes(expected), `activity ${entry.processing_activity_id} names ${expected}`);
});
