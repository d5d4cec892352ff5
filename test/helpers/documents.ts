// The documents module's API tests (src/modules/documents/*.test.ts): a system with a blob directory,
// uploads and downloads through the API, files that look like PDF and PNG with a marker, the audit of a
// document.
import type { TestContext } from 'node:test';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { LightMyRequestResponse } from 'fastify';
import { adminQuery } from './database.ts';
import { buildIdentity, type IdentitySystem, type Session } from './identity.ts';
import { createCasesModule } from '../../src/modules/cases/index.ts';
import { createPersonsModule } from '../../src/modules/persons/index.ts';
import { createDocumentsModule } from '../../src/modules/documents/index.ts';

export const MAX_BYTES = 65536;

export async function blobDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'casus-documents-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

export async function build(t: TestContext, env: Record<string, string> = {}) {
  const dir = await blobDir(t);
  const system = await buildIdentity(t, {
    extra: [createCasesModule(), createPersonsModule(), createDocumentsModule()],
    env: { CASUS_BLOB_DIR: dir, CASUS_DOCUMENT_MAX_BYTES: String(MAX_BYTES), ...env },
  });
  return Object.assign(system, { blobDir: dir });
}
export type System = Awaited<ReturnType<typeof build>>;

interface UploadOptions {
  filename?: string;
  query?: string;
  headers?: Record<string, string>;
  payload?: Buffer | Readable;
}

export function upload(
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

export const download = (system: IdentitySystem, session: Session, id: string) =>
  system.app.inject({ method: 'GET', url: `/api/v1/documents/${id}/content`, headers: { cookie: session.cookie } });

export function pdf(marker: string, padding = 0): Buffer {
  return Buffer.concat([
    Buffer.from(`%PDF-1.7\n1 0 obj << /Title (${marker}) >> endobj\n`),
    Buffer.alloc(padding, 0x20),
    Buffer.from('\n%%EOF\n'),
  ]);
}

export function png(marker: string): Buffer {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.from('0000000d49484452000000010000000108060000001f15c489', 'hex');
  const text = Buffer.from(`tEXtComment\0${marker}`);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(text.length - 4);
  return Buffer.concat([signature, ihdr, length, text, Buffer.alloc(4), Buffer.from('0000000049454e44ae426082', 'hex')]);
}

/** Every file under the blob directory (objects, quarantine, tmp), with its bytes. */
export async function filesUnder(dir: string): Promise<{ file: string; bytes: Buffer }[]> {
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

export const auditOf = async (system: IdentitySystem, objectId: string) =>
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
