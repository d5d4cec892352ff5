// The privacy module's tests (src/modules/privacy/**/*.test.ts): the whole system with a blob
// directory, and a closed case with everything a case holds, made through the API by its worker:
// a client with BSN, phone and address and a next of kin, an incident, a referral converted into the
// case (with an attempt and a task), a task, a contact moment and a document on the case; then closed.
// Its retention date is moved into the past over the owner login (six years cannot pass in a test).
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { modules } from '../../src/app/modules.ts';
import { createBlobStore, type BlobStore } from '../../src/kernel/blobs/store.ts';
import { build, type TestSystem } from './build.ts';
import { adminQuery } from './database.ts';
import type { Member } from './fixtures.ts';
import type { Session } from './identity.ts';

export type PrivacySystem = TestSystem & { blobDir: string; blobs: BlobStore };

/** `listen`: on 127.0.0.1 for a browser (test/browser/privacy-destruction.test.ts). */
export async function buildPrivacy(
  t: TestContext,
  env: Record<string, string> = {},
  options: { listen?: boolean } = {},
): Promise<PrivacySystem> {
  const blobDir = await mkdtemp(path.join(tmpdir(), 'casus-privacy-'));
  t.after(() => rm(blobDir, { recursive: true, force: true }));
  const system = await build(t, {
    modules,
    env: { CASUS_BLOB_DIR: blobDir, CASUS_AUTH_ATTEMPTS_PER_IP: '100000', ...env },
    listen: options.listen ?? false,
  });
  return Object.assign(system, { blobDir, blobs: createBlobStore(system.settings, system.keyRing) });
}

let made = 0;

/** n in letters (1 = b, 26 = bb): names are words without digits. */
function letters(n: number): string {
  let text = '';
  for (let rest = n; rest > 0; rest = Math.floor(rest / 26)) text = String.fromCharCode(97 + (rest % 26)) + text;
  return text;
}

/** A BSN passing the elfproef, different for every call of this file's process. */
export function freshBsn(): string {
  for (let n = 40_000_000 + process.pid * 101 + ++made * 7; ; n++) {
    const digits = String(n % 100_000_000)
      .padStart(8, '1')
      .split('')
      .map(Number);
    const sum = digits.reduce((acc, d, i) => acc + d * (9 - i), 0) % 11;
    if (sum < 10 && digits[0] !== 0) return `${digits.join('')}${sum}`;
  }
}

export interface FullCase {
  caseId: string;
  number: string;
  clientId: string;
  kinId: string;
  incidentId: string;
  referralId: string;
  documentId: string;
  contactMomentId: string;
  taskId: string;
  client: { achternaam: string; voornamen: string; bsn: string; phone: string; postcode: string };
}

async function ok<T = Record<string, unknown>>(session: Session, method: string, url: string, body?: unknown): Promise<T> {
  const response = await session.request(method, url, body);
  assert.ok(response.statusCode < 300, `${method} ${url}: ${response.statusCode} ${response.body}`);
  return response.json<T>();
}

/** A case with everything on it, by `worker` (case-worker) in `unit`; open unless `closed` (then past retention too). */
export async function fullCase(system: PrivacySystem, worker: Member, unit: string, options: { closed?: boolean } = {}): Promise<FullCase> {
  const n = ++made;
  const client = {
    voornamen: `Zeldzaam${letters(n)}`,
    achternaam: `Vergeetmij${letters(n)}`,
    bsn: freshBsn(),
    phone: `06${String(48_000_000 + n * 13 + (process.pid % 1000) * 1000).slice(0, 8)}`,
    postcode: '1234AB',
  };
  const s = worker.session;
  const clientId = (
    await ok<{ id: string }>(s, 'POST', '/api/v1/persons', {
      voornamen: client.voornamen,
      achternaam: client.achternaam,
      bsn: client.bsn,
      dateOfBirth: '1984-03-12',
      phones: [client.phone],
      emails: [`${client.voornamen.toLowerCase()}@example.org`],
      address: { postcode: client.postcode, huisnummer: 12, street: 'Vergeetstraat', city: 'Zwolle' },
      vulnerabilities: ['psychological'],
      confirmNoDuplicate: true,
    })
  ).id;
  const kinId = (await ok<{ id: string }>(s, 'POST', '/api/v1/persons', { achternaam: `Naaste${letters(n)}`, confirmNoDuplicate: true }))
    .id;
  const incidentId = (
    await ok<{ id: string }>(s, 'POST', '/api/v1/incidents', {
      owningUnitId: unit,
      category: 'violence',
      occurredOn: '2019-04-17',
      policeReference: `PL0900-2019-PV${process.pid}${n}`,
      description: `Mishandeling van ${client.voornamen} ${client.achternaam}`,
      place: 'Zwolle',
    })
  ).id;
  const referral = await ok<{ id: string }>(s, 'POST', '/api/v1/referrals', {
    source: 'police',
    channel: 'phone',
    sourceReference: `BVH-${process.pid}-${n}`,
    owningUnitId: unit,
    personId: clientId,
    incidentId,
    consent: { given: true },
    note: `Doorverwezen: ${client.achternaam}`,
  });
  await ok(s, 'POST', `/api/v1/referrals/${referral.id}/attempts`, {
    channel: 'phone',
    outcome: 'reached',
    note: `Gesproken met ${client.achternaam}`,
  });
  await ok(s, 'POST', '/api/v1/tasks', { referralId: referral.id, title: `Terugbellen ${client.achternaam}`, dueInWorkingDays: 2 });
  const { version } = await ok<{ version: number }>(s, 'GET', `/api/v1/referrals/${referral.id}`);
  const caseId = (
    await ok<{ case: { id: string } }>(s, 'POST', `/api/v1/referrals/${referral.id}/convert`, { version, personId: clientId })
  ).case.id;
  await ok(s, 'POST', `/api/v1/cases/${caseId}/participants`, { personId: kinId, role: 'next-of-kin' });
  const taskId = (
    await ok<{ id: string }>(s, 'POST', '/api/v1/tasks', { caseId, title: `Veiligheidsplan ${client.achternaam}`, dueInWorkingDays: 3 })
  ).id;
  const contactMomentId = (
    await ok<{ id: string }>(s, 'POST', `/api/v1/cases/${caseId}/contact-moments`, {
      personId: clientId,
      channel: 'phone',
      direction: 'outbound',
      outcome: 'reached',
      summary: `${client.voornamen} vertelde over de mishandeling`,
    })
  ).id;
  const upload = await system.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/documents?documentType=police-report`,
    headers: {
      cookie: s.cookie,
      'x-csrf-token': s.csrf,
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(`aangifte-${client.achternaam}.pdf`)}`,
    },
    payload: Buffer.from(`%PDF-1.7\n1 0 obj << /Title (aangifte ${client.achternaam}) >> endobj\n%%EOF\n`),
  });
  assert.equal(upload.statusCode, 201, upload.body);
  const kase = await ok<{ number: string; version: number }>(s, 'GET', `/api/v1/cases/${caseId}`);
  if (options.closed) {
    await ok(s, 'POST', `/api/v1/cases/${caseId}/close`, { version: kase.version, reason: `Afgesloten: ${client.achternaam} verhuisd` });
    await pastRetention(system, caseId);
  }
  return {
    caseId,
    number: kase.number,
    clientId,
    kinId,
    incidentId,
    referralId: referral.id,
    documentId: upload.json<{ id: string }>().id,
    contactMomentId,
    taskId,
    client,
  };
}

/** Closed seven years ago: its retention date passed yesterday. */
export async function pastRetention(system: TestSystem, caseId: string): Promise<void> {
  await adminQuery(
    system.target.ownerUrl,
    `update case_file set closed_at = now() - interval '7 years', retention_until = (now() at time zone 'Europe/Amsterdam')::date - 1 where id = $1`,
    [caseId],
  );
}

/** How many rows of `table` have `column` = `id` (over the owner login). */
export async function rowsOf(system: TestSystem, table: string, column: string, id: string): Promise<number> {
  return (await adminQuery<{ n: number }>(system.target.ownerUrl, `select count(*)::int as n from ${table} where ${column} = $1`, [id]))
    .rows[0]!.n;
}
