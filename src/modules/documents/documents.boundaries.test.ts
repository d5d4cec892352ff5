// Documents at their edges: another team sees nothing through the API or SQL, a virus hit is quarantined,
// soft delete destroys key and blob, retried uploads store once, key rotation, a large document streamed
// over a real connection, and lists audit what they showed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { sql } from 'kysely';
import { LocalDirectoryBackend } from '../../kernel/blobs/local.ts';
import { rotateColumn } from '../../kernel/crypto/rotation.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { EICAR, startFakeClamd } from '../../../test/helpers/blob-peers.ts';
import { actorOf, openCase, team } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, signIn } from '../../../test/helpers/identity.ts';
import { createCasesModule } from '../cases/index.ts';
import { createPersonsModule } from '../persons/index.ts';
import { createDocumentsModule } from './index.ts';
import { auditOf, blobDir, build, download, filesUnder, pdf, upload, type System } from '../../../test/helpers/documents.ts';

test('another team: 404 through the API, nothing through hand-written SQL as the application role', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const b = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const other = await b.user('worker', 'case-worker');
  const otherLead = await b.user('lead', 'team-lead');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const document = (await upload(system, worker.session, caseId, pdf('team a'), { filename: 'a.pdf' })).json();

  for (const session of [other.session, otherLead.session]) {
    assert.equal((await session.request('GET', `/api/v1/cases/${caseId}/documents`)).statusCode, 404);
    assert.equal((await download(system, session, document.id)).statusCode, 404);
    assert.equal((await session.request('GET', `/api/v1/documents/${document.id}`)).statusCode, 404);
    assert.equal((await session.request('PATCH', `/api/v1/documents/${document.id}`, { version: 1, filename: 'b.pdf' })).statusCode, 404);
    assert.equal(
      (await session.request('POST', `/api/v1/documents/${document.id}/delete`, { version: 1, reason: 'not ours to keep' })).statusCode,
      404,
    );
    assert.equal((await upload(system, session, caseId, pdf('intruder'), { filename: 'b.pdf' })).statusCode, 404);
  }
  for (const user of [other, otherLead]) {
    const ctx = await actorOf(system, user.id);
    const result = await system.db.transaction(ctx, async (tx) => ({
      rows: (await sql<{ n: number }>`select count(*)::int as n from document where id = ${document.id}`.execute(tx.db)).rows[0]!.n,
      all: (await sql<{ n: number }>`select count(*)::int as n from document where case_id = ${caseId}`.execute(tx.db)).rows[0]!.n,
      renamed: Number((await sql`update document set filename = 'hacked.pdf' where id = ${document.id}`.execute(tx.db)).numAffectedRows),
    }));
    assert.deepEqual(result, { rows: 0, all: 0, renamed: 0 });
    await assert.rejects(
      system.db.transaction(ctx, (tx) =>
        sql`insert into document (id, case_id, filename, content_type, size, sha256, wrapped_key, format_version, uploaded_by)
        values (gen_random_uuid(), ${caseId}, 'x.pdf', 'application/pdf', 1, ${'0'.repeat(64)}, '\\x01'::bytea, 1, ${user.id})`.execute(
          tx.db,
        ),
      ),
      /row-level security/,
    );
  }
  await assert.rejects(
    system.db.transaction(await actorOf(system, worker.id), (tx) =>
      sql`update document set case_id = gen_random_uuid() where id = ${document.id}`.execute(tx.db),
    ),
    /permission denied/,
    'a document never moves to another case (column grants)',
  );
  const untouched = await adminQuery<{ filename: string }>(system.target.ownerUrl, 'select filename from document where id = $1', [
    document.id,
  ]);
  assert.equal(untouched.rows[0]!.filename, 'a.pdf');
});

test('a virus hit: quarantined, a security event, 422 to the uploader, visible only to the security officer', async (t) => {
  const clamd = await startFakeClamd();
  t.after(() => clamd.close());
  const system = await build(t, { CASUS_CLAMD_URL: clamd.url, CASUS_CLAMD_ON_ERROR: 'reject' });
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const officer = await a.user('officer', 'security-officer', 'staff', 'national');
  const { id: caseId, clientId: person } = await openCase(system, worker, a.unit, { client: 'Jansen' });

  const clean = await upload(system, worker.session, caseId, pdf('clean'), { filename: 'schoon.pdf' });
  assert.equal(clean.statusCode, 201, clean.body);
  const infected = await upload(system, worker.session, caseId, Buffer.from(`${EICAR}\n`), { filename: 'bijlage.txt' });
  assert.equal(infected.statusCode, 422, infected.body);
  assert.equal(infected.json().type, 'urn:casus:problem:document-quarantined');
  assert.equal(clamd.scans, 2);

  const row = (
    await adminQuery<{ id: string; quarantined: boolean; signature: string }>(
      system.target.ownerUrl,
      'select id, quarantined, signature from document where case_id = $1 and quarantined',
      [caseId],
    )
  ).rows[0]!;
  assert.equal(row.signature, 'Eicar-Test-Signature');
  const on = new LocalDirectoryBackend(system.blobDir);
  await stat(on.pathOf('quarantine', row.id));
  await assert.rejects(stat(on.pathOf('objects', row.id)), /ENOENT/);
  const [event] = await auditOf(system, row.id);
  assert.equal(event!.action, 'document.quarantined');
  assert.equal(event!.result, 'denied');
  assert.equal(event!.data_subject_id, person);
  assert.equal(event!.details!.signature, 'Eicar-Test-Signature');

  const listed = await worker.session.request('GET', `/api/v1/cases/${caseId}/documents`);
  assert.deepEqual(
    listed.json().items.map((d: { id: string }) => d.id),
    [clean.json().id],
    'the uploader is never offered it',
  );
  assert.equal((await download(system, worker.session, row.id)).statusCode, 404);
  assert.equal((await worker.session.request('GET', '/api/v1/documents/quarantine')).statusCode, 403);

  const quarantine = await officer.session.request('GET', '/api/v1/documents/quarantine');
  assert.equal(quarantine.statusCode, 200, quarantine.body);
  const item = quarantine.json().items.find((d: { id: string }) => d.id === row.id);
  assert.equal(item.signature, 'Eicar-Test-Signature');
  assert.equal(item.filename, undefined, 'no file names for the officer');
  assert.equal((await download(system, officer.session, row.id)).statusCode, 403, 'not even the officer downloads it');
  assert.equal((await officer.session.request('GET', `/api/v1/cases/${caseId}/documents`)).statusCode, 404, 'nor sees the case');
  const removed = await officer.session.request('POST', `/api/v1/documents/${row.id}/delete`, {
    version: item.version,
    reason: 'EICAR test file, removed after review',
  });
  assert.equal(removed.statusCode, 204, removed.body);
  await assert.rejects(stat(on.pathOf('quarantine', row.id)), /ENOENT/);
});

test('soft delete hides the document, destroys its key and blob, keeps the record; stale or missing versions are refused', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const document = (await upload(system, worker.session, caseId, pdf('to delete'), { filename: 'weg.pdf' })).json();
  const renamed = await worker.session.request('PATCH', `/api/v1/documents/${document.id}`, { version: 1, filename: 'weg-ermee.pdf' });
  assert.equal(renamed.statusCode, 200, renamed.body);
  assert.equal(
    (await worker.session.request('PATCH', `/api/v1/documents/${document.id}`, { version: 2, filename: 'weg.png' })).statusCode,
    400,
    'the extension must match the content',
  );

  const deletion = (body: Record<string, unknown>) => worker.session.request('POST', `/api/v1/documents/${document.id}/delete`, body);
  assert.equal((await deletion({ reason: 'uploaded to the wrong case' })).statusCode, 428, 'a version is required');
  assert.equal((await deletion({ version: 1, reason: 'uploaded to the wrong case' })).statusCode, 412);
  assert.equal((await deletion({ version: 2, reason: 'short' })).statusCode, 400);
  assert.equal((await deletion({ version: 2, reason: 'uploaded to the wrong case' })).statusCode, 204);

  assert.deepEqual((await worker.session.request('GET', `/api/v1/cases/${caseId}/documents`)).json().items, []);
  assert.equal((await download(system, worker.session, document.id)).statusCode, 404);
  assert.equal((await worker.session.request('GET', `/api/v1/documents/${document.id}`)).statusCode, 404);
  assert.equal((await deletion({ version: 3, reason: 'uploaded to the wrong case' })).statusCode, 404, 'once');
  const row = (
    await adminQuery<{
      deleted_at: Date | null;
      deleted_by: string;
      delete_reason: string;
      wrapped_key: Buffer | null;
      key_id: string | null;
      filename: string;
    }>(system.target.ownerUrl, 'select deleted_at, deleted_by, delete_reason, wrapped_key, key_id, filename from document where id = $1', [
      document.id,
    ])
  ).rows[0]!;
  assert.ok(row.deleted_at);
  assert.equal(row.deleted_by, worker.id);
  assert.equal(row.delete_reason, 'uploaded to the wrong case');
  assert.equal(row.wrapped_key, null, 'the data key is gone: the content is unrecoverable');
  assert.equal(row.key_id, null);
  assert.deepEqual(
    (await filesUnder(system.blobDir)).map((f) => f.file),
    [],
    'and the blob is removed',
  );
  assert.deepEqual(
    (await auditOf(system, document.id)).map((e) => e.action),
    ['document.upload', 'document.update', 'document.delete'],
  );
});

test('a retried upload with the same Idempotency-Key stores once; closed cases take no documents', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const key = { 'idempotency-key': `upload-${randomBytes(6).toString('hex')}` };
  const first = await upload(system, worker.session, caseId, pdf('once'), { filename: 'eenmaal.pdf', headers: key });
  const second = await upload(system, worker.session, caseId, pdf('once'), { filename: 'eenmaal.pdf', headers: key });
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(second.statusCode, 201, second.body);
  assert.equal(second.json().id, first.json().id);
  assert.equal(second.headers['idempotent-replayed'], 'true');
  assert.equal(
    (await adminQuery<{ n: number }>(system.target.ownerUrl, 'select count(*)::int as n from document where case_id = $1', [caseId]))
      .rows[0]!.n,
    1,
  );
  assert.equal((await filesUnder(system.blobDir)).length, 1);

  const current = (await worker.session.request('GET', `/api/v1/cases/${caseId}`)).json();
  const closed = await worker.session.request('POST', `/api/v1/cases/${caseId}/close`, {
    version: current.version,
    reason: 'support completed, client satisfied',
  });
  assert.equal(closed.statusCode, 200, closed.body);
  assert.equal((await upload(system, worker.session, caseId, pdf('late'), { filename: 'laat.pdf' })).statusCode, 403);
  assert.equal((await download(system, worker.session, first.json().id)).statusCode, 200, 'still readable');
});

test('key rotation re-wraps the data keys; the documents stay readable', async (t) => {
  const [k1, k2, index] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
  const dir = await blobDir(t);
  const before = await build(t, {
    CASUS_BLOB_DIR: dir,
    CASUS_ENCRYPTION_KEYS: `k1:${k1}`,
    CASUS_ENCRYPTION_ACTIVE_KEY: 'k1',
    CASUS_BLIND_INDEX_KEY: index,
  });
  const a = await team(before);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId } = await openCase(before, worker, a.unit, { client: 'Jansen' });
  const bytes = pdf('rotate me');
  const document = (await upload(before, worker.session, caseId, bytes, { filename: 'sleutel.pdf' })).json();

  const after: System = await build(t, {
    CASUS_BLOB_DIR: dir,
    CASUS_ENCRYPTION_KEYS: `k1:${k1},k2:${k2}`,
    CASUS_ENCRYPTION_ACTIVE_KEY: 'k2',
    CASUS_BLIND_INDEX_KEY: index,
  });
  const column = after.encryption.all().find((c) => c.name === 'documents.data-key')!;
  const result = await rotateColumn(after.db, after.keyRing, column);
  // Other tests' documents (same database) are under the derived test key, which this ring lacks.
  assert.ok(result.rotated >= 1, JSON.stringify(result));
  assert.ok(!result.failedIds.includes(document.id));
  const row = (await adminQuery<{ key_id: string }>(after.target.ownerUrl, 'select key_id from document where id = $1', [document.id]))
    .rows[0]!;
  assert.equal(row.key_id, 'k2');
  const got = await download(after, await signIn(after, worker), document.id);
  assert.equal(got.statusCode, 200, got.body);
  assert.ok(got.rawPayload.equals(bytes));
});

test('a 3 MiB document over a real connection: past the 1 MiB JSON body limit, streamed both ways', async (t) => {
  const dir = await blobDir(t);
  const system = await buildIdentity(t, {
    extra: [createCasesModule(), createPersonsModule(), createDocumentsModule()],
    env: { CASUS_BLOB_DIR: dir, CASUS_DOCUMENT_MAX_BYTES: String(4 * 1024 * 1024) },
    listen: true,
  });
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const bytes = pdf('large', 3 * 1024 * 1024);
  const headers = { cookie: worker.session.cookie, 'x-csrf-token': worker.session.csrf };
  const created = await fetch(`${system.address}/api/v1/cases/${caseId}/documents?documentType=legal`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/octet-stream', 'content-disposition': "attachment; filename*=UTF-8''dossier.pdf" },
    body: bytes,
  });
  const document = (await created.json()) as { id: string; size: number };
  assert.equal(created.status, 201, JSON.stringify(document));
  assert.equal(document.size, bytes.length);
  const got = await fetch(`${system.address}/api/v1/documents/${document.id}/content`, { headers });
  assert.equal(got.status, 200);
  assert.ok(Buffer.from(await got.arrayBuffer()).equals(bytes));
});

// Proves: a document list's audit event names the documents it showed and the client they are about.
test('a document list records which documents it showed and whom they are about', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId, clientId: person } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const ids: string[] = [];
  for (const name of ['een.pdf', 'twee.pdf']) {
    const created = await upload(system, worker.session, caseId, pdf(name), { filename: name });
    assert.equal(created.statusCode, 201, created.body);
    ids.push(created.json().id);
  }
  assert.equal((await worker.session.request('GET', `/api/v1/cases/${caseId}/documents`)).statusCode, 200);
  const event = await adminQuery<{ object_ids: string[]; data_subject_ids: string[] }>(
    system.target.ownerUrl,
    `select object_ids, data_subject_ids from audit_event where action = 'document.list' and actor_id = $1 order by id desc limit 1`,
    [worker.id],
  );
  assert.deepEqual(event.rows[0], { object_ids: [...ids].reverse(), data_subject_ids: [person] });
});
