// Blobs as files under one directory (the default; also fine on a shared volume for several instances):
//   <root>/tmp/<uuid>.part                      uploads in progress (ciphertext), removed on failure
//   <root>/objects/<h0h1>/<h2h3>/<id>           accepted blobs
//   <root>/quarantine/<h0h1>/<h2h3>/<id>        blobs the virus scanner flagged
// where h = hex SHA-256 of the id: two levels of 256 directories keep every directory small, whatever
// the shape of the ids (time-ordered UUIDs would otherwise crowd one directory).
// A blob is acknowledged only when its bytes and its directory entry are on disk: the file is written
// with fsync-on-close, hard-linked to its name (which fails instead of replacing an existing blob), and
// the directories are fsynced. Files are 0600 and directories 0700: only the service account reads them.
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { link, mkdir, open, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertBlobId, blobExists, blobNotFound, type BlobArea, type BlobBackend, type StagedObject } from './backend.ts';

/** Uploads interrupted by a crash leave a .part file; older than this it cannot be an upload in progress. */
const STALE_PART_MS = 24 * 60 * 60 * 1000;

const isErrno = (error: unknown, ...codes: string[]): boolean => codes.includes((error as NodeJS.ErrnoException).code ?? '');

async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class LocalDirectoryBackend implements BlobBackend {
  readonly kind = 'local' as const;
  readonly root: string;
  readonly #tmp: string;
  #swept = false;

  constructor(root: string) {
    this.root = path.resolve(root);
    this.#tmp = path.join(this.root, 'tmp');
  }

  /** Where (area, id) lives; exported for tests and for operators looking for a file. */
  pathOf(area: BlobArea, id: string): string {
    assertBlobId(id);
    const hash = createHash('sha256').update(id).digest('hex');
    return path.join(this.root, area, hash.slice(0, 2), hash.slice(2, 4), id);
  }

  async #sweepOnce(): Promise<void> {
    if (this.#swept) return;
    this.#swept = true;
    const cutoff = Date.now() - STALE_PART_MS;
    for (const name of await readdir(this.#tmp).catch(() => [] as string[])) {
      const file = path.join(this.#tmp, name);
      const info = await stat(file).catch(() => null);
      if (info && name.endsWith('.part') && info.mtimeMs < cutoff) await rm(file, { force: true });
    }
  }

  async stage(source: Readable): Promise<StagedObject> {
    await mkdir(this.#tmp, { recursive: true, mode: 0o700 });
    await this.#sweepOnce();
    const file = path.join(this.#tmp, `${randomUUID()}.part`);
    try {
      await pipeline(source, createWriteStream(file, { flags: 'wx', mode: 0o600, flush: true }));
    } catch (error) {
      await rm(file, { force: true });
      throw error;
    }
    const { size } = await stat(file);
    return {
      size,
      commit: async (area, id) => {
        const target = this.pathOf(area, id);
        const directory = path.dirname(target);
        await mkdir(directory, { recursive: true, mode: 0o700 });
        if (await this.#linkNoReplace(file, target)) await unlink(file);
        // The new name, and any fan-out directory just created, must survive a power cut.
        for (const dir of [directory, path.dirname(directory), path.dirname(path.dirname(directory)), this.#tmp]) await fsyncDirectory(dir);
      },
      discard: () => rm(file, { force: true }),
    };
  }

  /** Puts `file` at `target` unless something is there; true when `file` still has its own name too. */
  async #linkNoReplace(file: string, target: string): Promise<boolean> {
    try {
      await link(file, target);
      return true;
    } catch (error) {
      if (isErrno(error, 'EEXIST')) throw blobExists();
      // File systems without hard links: check, then rename (the ids are unique, so the race is theoretical).
      if (!isErrno(error, 'EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS')) throw error;
      if (await this.#present(target)) throw blobExists();
      await rename(file, target);
      return false;
    }
  }

  async #present(file: string): Promise<boolean> {
    try {
      await stat(file);
      return true;
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return false;
      throw error;
    }
  }

  async read(area: BlobArea, id: string): Promise<Readable> {
    try {
      const handle = await open(this.pathOf(area, id), 'r');
      return handle.createReadStream({ autoClose: true });
    } catch (error) {
      if (isErrno(error, 'ENOENT')) throw blobNotFound();
      throw error;
    }
  }

  exists(area: BlobArea, id: string): Promise<boolean> {
    return this.#present(this.pathOf(area, id));
  }

  async remove(area: BlobArea, id: string): Promise<void> {
    const file = this.pathOf(area, id);
    try {
      await unlink(file);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return;
      throw error;
    }
    await fsyncDirectory(path.dirname(file));
  }

  async check(): Promise<{ ok: boolean; detail: string }> {
    try {
      const staged = await this.stage(Readable.from([Buffer.from('probe')]));
      await staged.discard();
      return { ok: true, detail: `local directory ${this.root} is writable` };
    } catch (error) {
      return { ok: false, detail: `local directory ${this.root} is not writable: ${(error as Error).message}` };
    }
  }
}
