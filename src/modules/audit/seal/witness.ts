// The witness store: a second home for every signed checkpoint and retention note, outside the database,
// where the database's owner cannot rewrite them (ADR 0025). Names are `checkpoint/<20-digit size>` and
// `retention/<20-digit number>`, so they sort by number. Nothing is ever replaced:
//
// - a directory (development, tests): each file is written under a temporary name, fsynced, and
//   hard-linked to its name, which fails if the name exists (create-exclusive, never half-written);
// - an S3 bucket with Object Lock in compliance mode (production): each PUT carries the lock (mode and
//   retain-until date) and `If-None-Match: *`. Object Lock protects versions, not names: a later PUT of the
//   same key adds a version and a DELETE adds a delete marker, both hiding the original from a plain GET.
//   So reads list the key's versions and take the first one written, and report any later version or
//   delete marker as an anomaly: someone with the bucket's credentials tried to rewrite or hide a copy.
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, link, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { WitnessSettings } from '../../../kernel/config-audit.ts';
import { bodyOf, S3Client, s3ErrorOf } from '../../../kernel/blobs/s3-client.ts';

export type WitnessKind = 'checkpoint' | 'retention';
const NAME = /^(checkpoint|retention)\/\d{20}$/;

export function witnessName(kind: WitnessKind, n: bigint | number | string): string {
  return `${kind}/${String(n).padStart(20, '0')}`;
}

export function numberOfName(name: string): bigint {
  return BigInt(name.slice(name.indexOf('/') + 1));
}

export class WitnessConflict extends Error {
  constructor(name: string) {
    super(`the witness store already holds a different ${name}: a copy once written never changes`);
    this.name = 'WitnessConflict';
  }
}

export interface WitnessCopy {
  body: string;
  /** Signs that the copy was overwritten or hidden after it was written (S3: later versions, delete markers). */
  anomalies: string[];
}

export interface WitnessStore {
  readonly describe: string;
  /** Writes a new copy; 'identical' when the same bytes are already there (a retry); WitnessConflict when others are. */
  put(name: string, body: string): Promise<'written' | 'identical'>;
  get(name: string): Promise<WitnessCopy | null>;
  /** Names of one kind in ascending order, after `after` (a name), at most `limit`. */
  list(kind: WitnessKind, options?: { after?: string; limit?: number }): Promise<string[]>;
  close(): void;
}

function checkName(name: string): void {
  if (!NAME.test(name)) throw new Error(`not a witness name: ${name}`);
}

export class DirectoryWitness implements WitnessStore {
  readonly #root: string;
  readonly describe: string;

  constructor(root: string) {
    this.#root = path.resolve(root);
    this.describe = `directory ${this.#root}`;
  }

  async put(name: string, body: string): Promise<'written' | 'identical'> {
    checkName(name);
    const file = path.join(this.#root, name);
    const dir = path.dirname(file);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temporary = path.join(dir, `.${randomUUID()}.part`);
    const handle = await open(temporary, 'wx', 0o400);
    try {
      await handle.writeFile(body, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if ((await readFile(file, 'utf8')) !== body) throw new WitnessConflict(name);
      return 'identical';
    } finally {
      await unlink(temporary);
    }
    const directory = await open(dir, 'r');
    try {
      await directory.sync();
    } finally {
      await directory.close();
    }
    return 'written';
  }

  async get(name: string): Promise<WitnessCopy | null> {
    checkName(name);
    try {
      return { body: await readFile(path.join(this.#root, name), 'utf8'), anomalies: [] };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async list(kind: WitnessKind, options: { after?: string; limit?: number } = {}): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(path.join(this.#root, kind));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    return entries
      .map((entry) => `${kind}/${entry}`)
      .filter((name) => NAME.test(name) && (options.after === undefined || name > options.after))
      .sort()
      .slice(0, options.limit ?? Infinity);
  }

  close(): void {}
}

interface ListedVersion {
  key: string;
  versionId: string;
  deleteMarker: boolean;
}

function xmlValue(block: string, tag: string): string | null {
  const match = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(block);
  return match
    ? match[1]!
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&')
    : null;
}

export class S3Witness implements WitnessStore {
  readonly #client: S3Client;
  readonly #prefix: string;
  readonly #retainDays: number;
  readonly describe: string;

  constructor(settings: Extract<WitnessSettings, { kind: 's3' }>) {
    this.#client = new S3Client(settings, {
      failed: (cause) => new Error(`the witness store did not answer: ${(cause as Error).message}`, { cause }),
    });
    this.#prefix = settings.prefix;
    this.#retainDays = settings.retainDays;
    this.describe = `S3 bucket ${settings.bucket}/${settings.prefix} at ${this.#client.host} (Object Lock, ${settings.retainDays} days)`;
  }

  async put(name: string, body: string): Promise<'written' | 'identical'> {
    checkName(name);
    const bytes = Buffer.from(body, 'utf8');
    const retainUntil = new Date(Date.now() + this.#retainDays * 86_400_000).toISOString();
    const sent = await this.#client.sendWithRetry('PUT', this.#client.url(`${this.#prefix}${name}`), {
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'content-length': String(bytes.length),
        // Object Lock PUTs need an integrity header; the SigV4 payload hash covers the bytes as well.
        'content-md5': createHash('md5').update(bytes).digest('base64'),
        'if-none-match': '*',
        'x-amz-object-lock-mode': 'COMPLIANCE',
        'x-amz-object-lock-retain-until-date': retainUntil,
      },
      payloadHash: createHash('sha256').update(bytes).digest('hex'),
      body: () => Readable.from([bytes]),
    });
    if (sent.status === 200) {
      sent.response.resume();
      return 'written';
    }
    if (sent.status === 412) {
      sent.response.resume();
      const existing = await this.get(name);
      if (existing?.body === body && existing.anomalies.length === 0) return 'identical';
      throw new WitnessConflict(name);
    }
    throw await s3ErrorOf('PUT', sent);
  }

  /** One page of ListObjectVersions: every version and delete marker, so hidden copies are seen too. */
  async #versions(prefix: string, keyMarker?: string): Promise<{ versions: ListedVersion[]; next: string | null }> {
    const query: Record<string, string> = { versions: '', prefix, 'max-keys': '1000' };
    if (keyMarker) query['key-marker'] = keyMarker;
    const sent = await this.#client.sendWithRetry('GET', this.#client.url('', query));
    if (sent.status !== 200) throw await s3ErrorOf('GET ?versions', sent);
    const xml = (await bodyOf(sent, 16 * 1024 * 1024)).toString('utf8');
    const versions: ListedVersion[] = [];
    for (const match of xml.matchAll(/<(Version|DeleteMarker)>([\s\S]*?)<\/\1>/g)) {
      const key = xmlValue(match[2]!, 'Key');
      if (key !== null)
        versions.push({ key, versionId: xmlValue(match[2]!, 'VersionId') ?? 'null', deleteMarker: match[1] === 'DeleteMarker' });
    }
    const truncated = xmlValue(xml, 'IsTruncated') === 'true';
    return { versions, next: truncated ? (xmlValue(xml, 'NextKeyMarker') ?? versions.at(-1)?.key ?? null) : null };
  }

  async get(name: string): Promise<WitnessCopy | null> {
    checkName(name);
    const key = `${this.#prefix}${name}`;
    // S3 lists a key's versions newest first; the copy we wrote is the oldest.
    const listed = (await this.#versions(key)).versions.filter((v) => v.key === key);
    const written = listed.filter((v) => !v.deleteMarker);
    const first = written.at(-1);
    if (!first) return null;
    const anomalies: string[] = [];
    if (written.length > 1) anomalies.push(`${name} has ${written.length} versions in the witness store: it was overwritten`);
    if (listed.some((v) => v.deleteMarker)) anomalies.push(`${name} is hidden by a delete marker in the witness store`);
    const sent = await this.#client.sendWithRetry('GET', this.#client.url(key, { versionId: first.versionId }));
    if (sent.status !== 200) throw await s3ErrorOf('GET', sent);
    return { body: (await bodyOf(sent)).toString('utf8'), anomalies };
  }

  async list(kind: WitnessKind, options: { after?: string; limit?: number } = {}): Promise<string[]> {
    const prefix = `${this.#prefix}${kind}/`;
    const limit = options.limit ?? Infinity;
    const names = new Set<string>();
    let marker: string | undefined = options.after ? `${this.#prefix}${options.after}` : undefined;
    for (;;) {
      const page = await this.#versions(prefix, marker);
      for (const v of page.versions) {
        const name = v.key.slice(this.#prefix.length);
        if (!v.deleteMarker && NAME.test(name) && (options.after === undefined || name > options.after)) names.add(name);
      }
      if (!page.next || names.size >= limit) break;
      marker = page.next;
    }
    return [...names].sort().slice(0, limit);
  }

  close(): void {
    this.#client.close();
  }
}

export function witnessFromSettings(settings: WitnessSettings | null): WitnessStore | null {
  if (!settings) return null;
  return settings.kind === 'directory' ? new DirectoryWitness(settings.dir) : new S3Witness(settings);
}
