// Key rotation on a real database: every row ends up under the new key and readable, a stopped run
// resumes where it matters, rows written or locked by others during the run are neither lost nor
// overwritten, row-level security admits the system actor, and the job does it all in the background.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { build } from '../../../test/helpers/build.ts';
import { adminQuery, testDatabase, testEngine } from '../../../test/helpers/database.ts';
import { createKeyRing } from './keyring.ts';
import { columnStatus, rotateAll, rotateColumn, KEY_ROTATION_JOB, type EncryptedColumn } from './rotation.ts';
import { modules } from '../../app/modules.ts';
import type { CasusModule } from '../module.ts';

const A = randomBytes(32);
const B = randomBytes(32);
const INDEX = randomBytes(32);
const ringA = createKeyRing({ keys: [{ id: 'k2025', key: A }], activeKeyId: 'k2025', blindIndexKey: INDEX });
const ringAB = createKeyRing({
  keys: [
    { id: 'k2025', key: A },
    { id: 'k2026a', key: B },
  ],
  activeKeyId: 'k2026a',
  blindIndexKey: INDEX,
});
const ringB = createKeyRing({ keys: [{ id: 'k2026a', key: B }], activeKeyId: 'k2026a', blindIndexKey: INDEX });
const ROWS = 2500;
const plain = (id: number, version = 0) => `bsn-${String(id).padStart(6, '0')}-v${version}`;

/** A table of ROWS values encrypted under key A, with the row id as context. */
async function sampleTable(ownerUrl: string, name: string): Promise<EncryptedColumn> {
  await adminQuery(ownerUrl, `create table ${name} (id bigint primary key, secret bytea)`);
  const ids = Array.from({ length: ROWS }, (_, i) => i + 1);
  await adminQuery(ownerUrl, `insert into ${name} select * from unnest($1::bigint[], $2::bytea[])`, [
    ids,
    ids.map((id) => ringA.encrypt('sample.secret', plain(id), String(id))),
  ]);
  return { name: `sample.${name}`, table: name, idColumn: 'id', column: 'secret', kind: 'field', purpose: 'sample.secret', context: 'id' };
}

async function rows(ownerUrl: string, table: string): Promise<{ id: string; secret: Buffer }[]> {
  return (await adminQuery<{ id: string; secret: Buffer }>(ownerUrl, `select id::text as id, secret from ${table} order by id`)).rows;
}

function ownerPool(t: TestContext, url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  pool.on('error', () => undefined);
  t.after(() => pool.end());
  return pool;
}

// Proves: all 2,500 rows are re-encrypted under B in batches, decrypt with a ring that holds only B,
// carry B's id in their header, and hold no plaintext; a second run finds nothing to do.
test('rotation re-encrypts every row under the active key', async (t) => {
  const { ownerUrl } = await testDatabase();
  const column = await sampleTable(ownerUrl, 'rotation_all');
  const pool = ownerPool(t, ownerUrl);
  const progress: number[] = [];
  // Batches of 90 rows, in windows of 900 ids: several windows, the last one partly filled.
  const result = await rotateColumn(pool, ringAB, column, { batchSize: 90, onProgress: (done) => progress.push(done) });
  assert.deepEqual(
    { ...result, failedIds: undefined },
    { examined: ROWS, rotated: ROWS, failed: 0, failedIds: undefined, skipped: 0, complete: true },
  );
  assert.ok(progress.length >= 28 && progress.at(-1) === ROWS, `progress per batch: ${progress.join(',')}`);
  for (const row of await rows(ownerUrl, 'rotation_all')) {
    assert.equal(ringB.keyIdOf(row.secret), 'k2026a');
    assert.equal(ringB.decryptText('sample.secret', row.secret, row.id), plain(Number(row.id)));
    assert.ok(!row.secret.includes(Buffer.from(plain(Number(row.id)))), 'no plaintext in the raw bytes');
    assert.ok(!row.secret.includes(Buffer.from('bsn-')), 'no plaintext in the raw bytes');
  }
  const status = await columnStatus(pool, ringAB, column);
  assert.deepEqual(
    { total: status.total, active: status.active, others: status.others, empty: status.empty },
    { total: ROWS, active: ROWS, others: {}, empty: 0 },
  );
  const again = await rotateColumn(pool, ringAB, column, { batchSize: 90 });
  assert.equal(again.examined, 0, 'rows under the active key are filtered out in SQL');
  assert.equal(again.rotated, 0);
});

// Proves: a run stopped after its first batch leaves a consistent table (each row readable under
// its own key), reports itself incomplete, and the next run finishes exactly the rest.
test('an interrupted rotation resumes', async (t) => {
  const { ownerUrl } = await testDatabase();
  const column = await sampleTable(ownerUrl, 'rotation_resume');
  const pool = ownerPool(t, ownerUrl);
  const controller = new AbortController();
  const first = await rotateColumn(pool, ringAB, column, {
    batchSize: 500,
    signal: controller.signal,
    onProgress: () => controller.abort(),
  });
  assert.equal(first.complete, false);
  assert.equal(first.rotated, 500);
  const status = await columnStatus(pool, ringAB, column);
  assert.deepEqual({ active: status.active, others: status.others }, { active: 500, others: { k2025: ROWS - 500 } });
  for (const row of await rows(ownerUrl, 'rotation_resume'))
    assert.equal(ringAB.decryptText('sample.secret', row.secret, row.id), plain(Number(row.id)));
  const rest = await rotateColumn(pool, ringAB, column, { batchSize: 500 });
  assert.deepEqual([rest.examined, rest.rotated, rest.complete], [ROWS - 500, ROWS - 500, true]);
  assert.equal((await columnStatus(pool, ringAB, column)).active, ROWS);
});

// Proves: writes by others during a run survive it. Rows locked by a user's transaction are skipped
// (not waited for) and retried once free, getting the user's new value under the new key; a row
// locked for the whole run is reported and left for the next run; rows inserted and updated while
// it runs, by old instances (key A) and new ones (key B), all keep their latest value.
test('rows written concurrently are not lost', async (t) => {
  const { ownerUrl } = await testDatabase();
  const column = await sampleTable(ownerUrl, 'rotation_concurrent');
  const pool = ownerPool(t, ownerUrl);
  const expected = new Map<number, string>(Array.from({ length: ROWS }, (_, i) => [i + 1, plain(i + 1)]));
  const write = async (client: pg.Client | pg.Pool, ring: typeof ringA, id: number, version: number, insert = false) => {
    const value = ring.encrypt('sample.secret', plain(id, version), String(id));
    await client.query(
      insert ? 'insert into rotation_concurrent (id, secret) values ($1, $2)' : 'update rotation_concurrent set secret = $2 where id = $1',
      [id, value],
    );
    expected.set(id, plain(id, version));
  };

  // A user's transaction holds rows 1001-1010 (an old instance, still writing key A) during the pass.
  // Connections of their own (not the pool's), closed when the test ends, whatever happened.
  const connect = async () => {
    const client = new pg.Client({ connectionString: ownerUrl });
    client.on('error', () => undefined);
    await client.connect();
    t.after(() => client.end().catch(() => undefined));
    return client;
  };
  const user = await connect();
  const stuck = await connect();
  await user.query('begin');
  for (let id = 1001; id <= 1010; id++) await write(user, ringA, id, 1);
  // Another holds row 7 for the whole run.
  await stuck.query('begin');
  await write(stuck, ringA, 7, 1);

  const others: Promise<void>[] = [];
  let committed = false;
  let round = 0;
  const result = await rotateColumn(pool, ringAB, column, {
    batchSize: 100,
    onProgress: (done) => {
      if (done >= 1500 && !committed) {
        committed = true;
        others.push(user.query('commit').then(() => undefined));
      }
      // Meanwhile: updates of rows done and not yet done, and inserts, by old and new instances.
      round++;
      others.push(write(pool, ringAB, 50 + round, 2));
      others.push(write(pool, ringA, 2000 + round, 2));
      others.push(write(pool, round % 2 ? ringA : ringAB, 10_000 + round, 0, true));
    },
  });
  await Promise.all(others);
  assert.equal(result.skipped, 1, 'row 7 was locked throughout');
  assert.equal(result.failed, 0);
  await stuck.query('commit');
  await rotateColumn(pool, ringAB, column, { batchSize: 100 });

  const stored = await rows(ownerUrl, 'rotation_concurrent');
  assert.equal(stored.length, expected.size);
  for (const row of stored) {
    assert.equal(ringB.decryptText('sample.secret', row.secret, row.id), expected.get(Number(row.id)), `row ${row.id}`);
  }
  assert.equal(expected.get(1005), plain(1005, 1));
  assert.equal(expected.get(7), plain(7, 1));
});

// Proves: a column that cannot be rotated (its table is missing) is reported, and the others are
// still rotated.
test('one broken column does not stop the others', async (t) => {
  const { ownerUrl } = await testDatabase();
  const column = await sampleTable(ownerUrl, 'rotation_partial');
  const missing: EncryptedColumn = { ...column, name: 'sample.missing', table: 'rotation_missing' };
  const outcomes = await rotateAll(ownerPool(t, ownerUrl), ringAB, [missing, column]);
  assert.match(outcomes[0]!.error ?? '', /table rotation_missing or its column id does not exist/);
  assert.equal(outcomes[1]!.error, undefined);
  assert.equal(outcomes[1]!.result.rotated, ROWS);
});

// Proves: through the application role, row-level security that admits the system actor lets the
// rotation (as the sealed system actor) re-wrap every data key; each column's outcome is audited;
// the status per key id is right before and after; a value whose key has left the ring is counted
// as failed, reported by id, and left untouched.
test('rotation through the application role under row-level security, with audit', async (t) => {
  const system = await build(t);
  const { ownerUrl } = system.target;
  const role = testEngine().appRole;
  await adminQuery(ownerUrl, 'create table rotation_documents (id uuid primary key default gen_random_uuid(), wrapped_key bytea not null)');
  await adminQuery(ownerUrl, 'alter table rotation_documents enable row level security');
  await adminQuery(ownerUrl, 'alter table rotation_documents force row level security');
  await adminQuery(ownerUrl, `create policy system_only on rotation_documents using ((select casus_actor_kind()) = 'system')`);
  await adminQuery(ownerUrl, `grant select, update on rotation_documents to ${role}`);
  const dataKeys = Array.from({ length: 300 }, () => ringA.newDataKey());
  await adminQuery(ownerUrl, 'insert into rotation_documents (wrapped_key) select unnest($1::bytea[])', [dataKeys.map((k) => k.wrapped)]);
  const orphan = createKeyRing({ keys: [{ id: 'k2019', key: randomBytes(32) }], activeKeyId: 'k2019', blindIndexKey: INDEX }).newDataKey();
  const orphanId = (
    await adminQuery<{ id: string }>(ownerUrl, 'insert into rotation_documents (wrapped_key) values ($1) returning id', [orphan.wrapped])
  ).rows[0]!.id;
  const column: EncryptedColumn = {
    name: 'documents.data-key',
    table: 'rotation_documents',
    idColumn: 'id',
    column: 'wrapped_key',
    kind: 'data-key',
  };

  const before = await columnStatus(system.db, ringAB, column);
  assert.deepEqual(
    { total: before.total, active: before.active, others: before.others },
    { total: 301, active: 0, others: { k2025: 300, k2019: 1 } },
  );
  const [outcome] = await rotateAll(system.db, ringAB, [column]);
  assert.deepEqual([outcome!.result.rotated, outcome!.result.failed, outcome!.result.failedIds], [300, 1, [orphanId]]);
  const after = await columnStatus(system.db, ringAB, column);
  assert.deepEqual({ active: after.active, others: after.others }, { active: 300, others: { k2019: 1 } });
  const stored = (
    await adminQuery<{ wrapped_key: Buffer }>(ownerUrl, 'select wrapped_key from rotation_documents where id <> $1', [orphanId])
  ).rows;
  const unwrapped = new Set(stored.map((r) => ringB.unwrapDataKey(r.wrapped_key).toString('hex')));
  assert.deepEqual(unwrapped, new Set(dataKeys.map((k) => k.key.toString('hex'))), 'the same data keys, re-wrapped under B');
  const orphanRow = (
    await adminQuery<{ wrapped_key: Buffer }>(ownerUrl, 'select wrapped_key from rotation_documents where id = $1', [orphanId])
  ).rows[0]!;
  assert.deepEqual(orphanRow.wrapped_key, orphan.wrapped, 'left untouched');

  const audit = (
    await adminQuery<{ actor_kind: string; actor_id: string; result: string; details: Record<string, unknown> }>(
      ownerUrl,
      `select actor_kind, actor_id, result, details from audit_event where action = 'keys.rotate' and object_id = 'documents.data-key'`,
    )
  ).rows;
  assert.equal(audit.length, 1);
  assert.deepEqual([audit[0]!.actor_kind, audit[0]!.actor_id, audit[0]!.result], ['system', 'kernel.keys-rotate', 'failure']);
  assert.deepEqual([audit[0]!.details.activeKeyId, audit[0]!.details.rotated, audit[0]!.details.failed], ['k2026a', 300, 1]);

  // Without the system actor the application role sees no rows at all: nothing to rotate, nothing changed.
  const anonymous = await rotateColumn(system.db.kysely, ringAB, { ...column, name: 'documents.anonymous' });
  assert.equal(anonymous.examined, 0);
});

// Proves: a module registers its encrypted column through the module context, and the kernel's job
// kernel.keys-rotate, enqueued as `casus keys rotate` does, re-encrypts it in the background with
// the key ring from the settings.
test('the kernel.keys-rotate job rotates every registered column', async (t) => {
  const { ownerUrl } = await testDatabase();
  const column = await sampleTable(ownerUrl, 'rotation_job');
  // The job works through the application role, as the system actor.
  await adminQuery(ownerUrl, `grant select, update on rotation_job to ${testEngine().appRole}`);
  const sampleModule: CasusModule = { name: 'rotation-sample', register: (ctx) => ctx.encryption.register(column) };
  const system = await build(t, {
    worker: true,
    modules: [...modules, sampleModule],
    env: {
      CASUS_ENCRYPTION_KEYS: `k2025:${A.toString('base64')},k2026a:${B.toString('base64')}`,
      CASUS_ENCRYPTION_ACTIVE_KEY: 'k2026a',
      CASUS_BLIND_INDEX_KEY: INDEX.toString('base64'),
    },
  });
  assert.equal(system.keyRing.activeKeyId, 'k2026a');
  assert.ok(system.encryption.all().some((c) => c.name === column.name));
  await system.jobs.send(KEY_ROTATION_JOB, {});
  const deadline = Date.now() + 60_000;
  let status = await columnStatus(system.db, system.keyRing, column);
  while (status.active < ROWS && Date.now() < deadline) {
    await sleep(250);
    status = await columnStatus(system.db, system.keyRing, column);
  }
  assert.equal(status.active, ROWS, JSON.stringify(status));
  for (const row of await rows(ownerUrl, 'rotation_job'))
    assert.equal(ringB.decryptText('sample.secret', row.secret, row.id), plain(Number(row.id)));
});
