// Documents on cases as case workers, volunteers, other teams and security officers meet them: upload
// and download round trips, ciphertext only on disk, content and size refusals that store nothing,
// restricted documents hidden from volunteers, other teams refused by the API and by row-level
// security, a virus hit quarantined with a security event, soft delete, and key rotation.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { LocalDirectoryBackend } from '../../kernel/blobs/local.ts';
import { rotateColumn } from '../../kernel/crypto/rotation.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { EICAR, startFakeClamd } from '../../../test/helpers/blob-peers.ts';
import { actorOf, openCase, team } from '../../../test/helpers/fixtures.ts';
import { buildIdentity, signIn, type IdentitySystem, type Session } from '../../../test/helpers/identity.ts';
import { createCasesModule } from '../cases/index.ts';
import { createPersonsModule } from '../persons/index.ts';
import { createDocumentsModule } from './index.ts';

const MAX_BYTES = 65536;

async function blobDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'casus-documents-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function build(t: TestContext, env: Record<string, string> = {}) {
  const dir = await blobDir(t);
  const system = await buildIdentity(t, {
    extra: [createCasesModule(), createPersonsModule(), createDocumentsModule()],
    env: { CASUS_BLOB_DIR: dir, CASUS_DOCUMENT_MAX_BYTES: String(MAX_BYTES), ...env },
  });
  return Object.assign(system, { blobDir: dir });
}
type System = Awaited<ReturnType<typeof build>>;

interface UploadOptions {
  filename?: string;
  query?: string;
  headers?: Record<string, string>;
  payload?: Buffer | Readable;
}

function upload(
  system: IdentitySystem,
  session: Session,
  caseId: string,
  bytes: Buffer,
  options: UploadOptions = {},
): Promise<LightMyRequestResponse> {
  return system.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/documents${options.query ?? ''}`,
    headers: {
      cookie: session.cookie,
      'x-csrf-token': session.csrf,
      'content-type': 'application/octet-stream',
      ...(options.filename !== undefined
        ? { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(options.filename)}` }
        : {}),
      ...options.headers,
    },
    payload: options.payload ?? bytes,
  });
}

const download = (system: IdentitySystem, session: Session, id: string) =>
  system.app.inject({ method: 'GET', url: `/api/v1/documents/${id}/content`, headers: { cookie: session.cookie } });

function pdf(marker: string, padding = 0): Buffer {
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n1 0 obj << /Title (${marker}) >> endobj\n`),
    Buffer.alloc(padding, 0x20),
    Buffer.from('\n%%EOF\n'),
  ]);
}

function png(marker: string): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex');
  const text = Buffer.from(`tEXtComment\0${marker}`);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(text.length - 4);
  return Buffer.concat([signature, ihdr, length, text, Buffer.alloc(4), Buffer.from('0000000049454e44ae426082', 'hex')]);
}

/** Every file under the blob directory (objects, quarantine, tmp), with its bytes. */
async function filesUnder(dir: string): Promise<{ file: string; bytes: Buffer }[]> {
  const found: { file: string; bytes: Buffer }[] = [];
  const walk = async (at: string, depth: number) => {
    if (depth > 6) return;
    for (const entry of await readdir(at, { withFileTypes: true }).catch(() => [])) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) await walk(full, depth + 1);
      else found.push({ file: full, bytes: await readFile(full) });
    }
  };
  await walk(dir, 0);
  return found;
}

const auditOf = async (system: IdentitySystem, objectId: string) =>
  (
    await adminQuery<{
      action: string;
      result: string;
      data_subject_id: string | null;
      reason: string | null;
      details: Record<string, unknown> | null;
    }>(
      system.target.ownerUrl,
      `select action, result, data_subject_id, reason, details from audit_event where object_id = $1 order by id`,
      [objectId],
    )
  ).rows;

test('a PDF and a PNG go up and come back byte for byte, encrypted at rest, served as attachments, audited', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId, clientId: person } = await openCase(system, worker, a.unit, { client: 'Jansen' });

  const files = [
    {
      name: 'Aangifte mishandeling – Jansen.pdf',
      bytes: pdf(`PLAINTEXT-MARKER-PDF-${randomBytes(6).toString('hex')}`),
      type: 'application/pdf',
      documentType: 'police-report',
    },
    {
      name: 'foto letsel.png',
      bytes: png(`PLAINTEXT-MARKER-PNG-${randomBytes(6).toString('hex')}`),
      type: 'image/png',
      documentType: 'medical',
    },
  ];
  const ids: string[] = [];
  for (const file of files) {
    const created = await upload(system, worker.session, caseId, file.bytes, {
      filename: file.name,
      query: `?documentType=${file.documentType}`,
    });
    assert.equal(created.statusCode, 201, created.body);
    const document = created.json();
    ids.push(document.id);
    assert.equal(created.headers.location, `/api/v1/documents/${document.id}`);
    assert.equal(document.caseId, caseId);
    assert.equal(document.filename, file.name);
    assert.equal(document.contentType, file.type, 'the type found in the content');
    assert.equal(document.size, file.bytes.length);
    assert.equal(document.sha256, createHash('sha256').update(file.bytes).digest('hex'));
    assert.equal(document.documentType, file.documentType);
    assert.equal(document.restricted, false);
    assert.equal(document.uploadedBy, worker.id);
    assert.deepEqual(document.allowedActions, ['read', 'update', 'delete']);

    const got = await download(system, worker.session, document.id);
    assert.equal(got.statusCode, 200, got.body);
    assert.ok(got.rawPayload.equals(file.bytes), 'the same bytes come back');
    assert.equal(got.headers['content-type'], file.type);
    assert.equal(got.headers['content-length'], String(file.bytes.length));
    assert.match(String(got.headers['content-disposition']), /^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    assert.ok(String(got.headers['content-disposition']).endsWith(`filename*=UTF-8''${encodeURIComponent(file.name)}`));
    assert.equal(got.headers['x-content-type-options'], 'nosniff');
    assert.match(String(got.headers['content-security-policy']), /^sandbox(;|$)/);
    assert.equal(got.headers['cache-control'], 'no-store');
  }
  const head = await system.app.inject({
    method: 'HEAD',
    url: `/api/v1/documents/${ids[0]}/content`,
    headers: { cookie: worker.session.cookie },
  });
  assert.equal(head.statusCode, 404, 'no HEAD: it would decrypt the file for nothing');

  const on = new LocalDirectoryBackend(system.blobDir);
  const stored = await filesUnder(system.blobDir);
  for (const [i, id] of ids.entries()) {
    const file = (await stat(on.pathOf('objects', id))).size;
    assert.ok(file > files[i]!.bytes.length, 'the blob is on disk, as ciphertext with its header and tags');
  }
  assert.ok(stored.length >= 2);
  for (const { file, bytes } of stored) {
    for (const f of files) {
      const marker = f.bytes.toString('latin1').match(/PLAINTEXT-MARKER-[A-Z]+-[0-9a-f]+/)![0];
      assert.equal(bytes.includes(Buffer.from(marker)), false, `${file} holds no plaintext`);
      assert.equal(bytes.includes(f.bytes.subarray(0, 8)), false, `${file} holds no plaintext magic`);
    }
  }
  const row = (
    await adminQuery<{ wrapped_key: Buffer; key_id: string; format_version: number; content_type: string }>(
      system.target.ownerUrl,
      'select wrapped_key, key_id, format_version, content_type from document where id = $1',
      [ids[0]],
    )
  ).rows[0]!;
  assert.equal(row.key_id, system.keyRing.activeKeyId, 'key_id follows the wrapped key');
  assert.equal(row.key_id, system.keyRing.keyIdOf(row.wrapped_key));
  assert.equal(row.format_version, 1);

  const listed = await worker.session.request('GET', `/api/v1/cases/${caseId}/documents`);
  assert.equal(listed.statusCode, 200, listed.body);
  assert.deepEqual(
    listed.json().items.map((d: { id: string }) => d.id),
    [...ids].reverse(),
    'newest first',
  );
  const page = await worker.session.request('GET', `/api/v1/cases/${caseId}/documents?limit=1`);
  assert.equal(page.json().items[0].id, ids[1]);
  const rest = await worker.session.request('GET', `/api/v1/cases/${caseId}/documents?limit=1&after=${page.json().next}`);
  assert.deepEqual(
    rest.json().items.map((d: { id: string }) => d.id),
    [ids[0]],
  );
  assert.equal(rest.json().next, null);
  const described = await worker.session.request('GET', `/api/v1/documents/${ids[0]}`);
  assert.equal(described.statusCode, 200);
  assert.equal(described.headers.etag, `"document:${ids[0]}:1"`);

  const audit = await auditOf(system, ids[0]!);
  assert.deepEqual(
    audit.map((e) => e.action),
    ['document.upload', 'document.read', 'document.read-metadata'],
  );

  const openapi = (await system.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
  const operation = openapi.paths['/cases/{caseId}/documents'].post;
  assert.deepEqual(Object.keys(operation.requestBody.content), ['application/octet-stream'], 'documented as a raw upload');
  assert.equal(operation.requestBody.content['application/octet-stream'].schema.format, 'binary');
  assert.ok(operation.parameters.some((p: { in: string; name: string }) => p.in === 'header' && p.name === 'idempotency-key'));
  assert.ok(
    audit.every((e) => e.data_subject_id === person),
    'the case’s primary client is the data subject',
  );
  assert.ok(
    audit.every((e) => !JSON.stringify(e.details).includes('Jansen')),
    'no file name in the audit details',
  );
});

test('file names are sanitised, and a name without extension gets the one of its content', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const cases: [string | undefined, string][] = [
    ['../../etc/brief\u202Efdp.pdf', 'brieffdp.pdf'],
    ['verslag', 'verslag.pdf'],
    [undefined, 'document.pdf'],
    [`${'x'.repeat(300)}.pdf`, `${'x'.repeat(251)}.pdf`],
  ];
  for (const [given, expected] of cases) {
    const created = await upload(system, worker.session, caseId, pdf('name'), given === undefined ? {} : { filename: given });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.json().filename, expected, String(given));
  }
  const plain = await upload(system, worker.session, caseId, pdf('plain'), {
    headers: { 'content-disposition': 'attachment; filename="brief aan cli\u00c3\u00abnt.pdf"' },
  });
  assert.equal(plain.json().filename, 'brief aan cliënt.pdf', 'raw UTF-8 in the plain parameter is read as UTF-8');
});

test('content and size refusals store nothing: a PNG named .pdf (400), too large (413), a program (400), not octet-stream (400/415)', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });

  const renamed = await upload(system, worker.session, caseId, png('renamed'), { filename: 'scan.pdf' });
  assert.equal(renamed.statusCode, 400, renamed.body);
  assert.equal(renamed.json().type, 'urn:casus:problem:document-refused');
  const program = await upload(system, worker.session, caseId, Buffer.concat([Buffer.from('MZ'), randomBytes(200)]), {
    filename: 'brief.pdf',
  });
  assert.equal(program.statusCode, 400);
  const html = await upload(system, worker.session, caseId, Buffer.from('<html><script>alert(1)</script></html>'), {
    filename: 'brief.txt',
  });
  assert.equal(html.statusCode, 400);

  const big = pdf('big', MAX_BYTES);
  const declared = await upload(system, worker.session, caseId, big, { filename: 'big.pdf' });
  assert.equal(declared.statusCode, 413, declared.body);
  assert.equal(declared.json().type, 'urn:casus:problem:payload-too-large');
  // Without a Content-Length (a chunked stream) the blob store counts and stops at the limit.
  const streamed = await upload(system, worker.session, caseId, big, {
    filename: 'big.pdf',
    payload: Readable.from([big.subarray(0, 40000), big.subarray(40000)]),
  });
  assert.equal(streamed.statusCode, 413, streamed.body);

  const json = await worker.session.request('POST', `/api/v1/cases/${caseId}/documents`, { file: 'x' });
  assert.equal(json.statusCode, 400, 'a JSON body is not a file');
  const form = await system.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/documents`,
    headers: { cookie: worker.session.cookie, 'x-csrf-token': worker.session.csrf, 'content-type': 'multipart/form-data; boundary=x' },
    payload: '--x--',
  });
  assert.equal(form.statusCode, 415);

  const rows = await adminQuery<{ n: number }>(system.target.ownerUrl, 'select count(*)::int as n from document where case_id = $1', [
    caseId,
  ]);
  assert.equal(rows.rows[0]!.n, 0, 'no document recorded');
  assert.deepEqual(
    (await filesUnder(system.blobDir)).map((f) => f.file),
    [],
    'no blob, no leftover upload',
  );
  assert.equal(
    (await upload(system, worker.session, caseId, pdf('fine'), { filename: 'fine.pdf' })).statusCode,
    201,
    'the next upload works',
  );
});

test('restricted documents: hidden from a volunteer on the case (list, download, SQL), refused to her as uploader', async (t) => {
  const system = await build(t);
  const a = await team(system);
  const worker = await a.user('worker', 'case-worker');
  const lead = await a.user('lead', 'team-lead');
  const volunteer = await a.user('volunteer', 'volunteer', 'volunteer');
  const { id: caseId } = await openCase(system, worker, a.unit, { client: 'Jansen' });
  const assigned = await lead.session.request('POST', `/api/v1/cases/${caseId}/assignments`, { userId: volunteer.id, role: 'volunteer' });
  assert.equal(assigned.statusCode, 200, assigned.body);

  const open = (
    await upload(system, worker.session, caseId, pdf('open'), { filename: 'brief.pdf', query: '?documentType=correspondence' })
  ).json();
  const restricted = await upload(system, worker.session, caseId, pdf('medical'), {
    filename: 'medisch.pdf',
    query: '?documentType=medical&restricted=true',
  });
  assert.equal(restricted.statusCode, 201, restricted.body);
  assert.equal(restricted.json().restricted, true);
  const secret = restricted.json().id as string;

  const seen = await volunteer.session.request('GET', `/api/v1/cases/${caseId}/documents`);
  assert.equal(seen.statusCode, 200, seen.body);
  assert.deepEqual(
    seen.json().items.map((d: { id: string }) => d.id),
    [open.id],
    'the volunteer sees only the unrestricted document',
  );
  assert.deepEqual(seen.json().items[0].allowedActions, ['read', 'update', 'delete'], 'she works on the case');
  assert.equal((await download(system, volunteer.session, secret)).statusCode, 404);
  assert.equal((await volunteer.session.request('GET', `/api/v1/documents/${secret}`)).statusCode, 404);
  assert.equal(
    (await volunteer.session.request('POST', `/api/v1/documents/${secret}/delete`, { version: 1, reason: 'trying to remove it' }))
      .statusCode,
    404,
  );
  assert.equal((await download(system, volunteer.session, open.id)).statusCode, 200);
  const hers = await upload(system, volunteer.session, caseId, pdf('hers'), { filename: 'x.pdf', query: '?restricted=true' });
  assert.equal(hers.statusCode, 403, 'she cannot add what she could not read');
  assert.equal((await upload(system, volunteer.session, caseId, pdf('hers'), { filename: 'verslag gesprek.pdf' })).statusCode, 201);
  assert.equal((await download(system, lead.session, secret)).statusCode, 200, 'the team lead reads restricted documents');

  const asVolunteer = await actorOf(system, volunteer.id);
  const visible = await system.db.transaction(asVolunteer, async (tx) =>
    (await sql<{ id: string }>`select id from document where case_id = ${caseId}`.execute(tx.db)).rows.map((r) => r.id),
  );
  assert.ok(visible.includes(open.id) && !visible.includes(secret), 'row-level security hides the restricted row from her');
  const changed = await system.db.transaction(asVolunteer, async (tx) =>
    Number((await sql`update document set restricted = false where id = ${secret}`.execute(tx.db)).numAffectedRows),
  );
  assert.equal(changed, 0);

  // Marking restricted later: only with the permission; afterwards the volunteer no longer sees it.
  assert.equal(
    (await volunteer.session.request('PATCH', `/api/v1/documents/${open.id}`, { version: 1, restricted: true })).statusCode,
    403,
  );
  const marked = await worker.session.request('PATCH', `/api/v1/documents/${open.id}`, {
    version: 1,
    restricted: true,
    documentType: 'medical',
  });
  assert.equal(marked.statusCode, 200, marked.body);
  assert.equal(marked.json().version, 2);
  assert.equal((await download(system, volunteer.session, open.id)).statusCode, 404);
});

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
