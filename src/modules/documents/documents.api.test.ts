// Documents on cases as case workers, volunteers, other teams and security officers meet them: upload
// and download round trips, ciphertext only on disk, content and size refusals that store nothing,
// restricted documents hidden from volunteers, other teams refused by the API and by row-level
// security, a virus hit quarantined with a security event, soft delete, and key rotation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { sql } from 'kysely';
import { LocalDirectoryBackend } from '../../kernel/blobs/local.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { actorOf, openCase, team } from '../../../test/helpers/fixtures.ts';
import { auditOf, build, download, filesUnder, MAX_BYTES, pdf, png, upload } from '../../../test/helpers/documents.ts';

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
