// `casus doctor`: what an operator runs first when something is off. Each check says what it found
// and what to do; nothing is changed (except starting the embedded PostgreSQL when none runs).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { access, constants, readFile } from 'node:fs/promises';
import path from 'node:path';
import { unsafeProductionSettings, type Settings } from '../kernel/config.ts';
import { withClient } from '../kernel/db/client.ts';
import { resolveDatabaseTarget, type DatabaseTarget } from '../kernel/db/target.ts';
import { createLogger } from '../kernel/observability/logger.ts';
import { createMigrator } from '../app/runtime.ts';
import { checkApplicationRolePrivileges, checkDefinerFunctions, checkSeal, type Outcome } from './doctor-guarantees.ts';

async function checkTls(settings: Settings): Promise<Outcome> {
  const tls = settings.http.tls;
  if (!tls) {
    return settings.http.trustProxy.length > 0
      ? { level: 'ok', detail: `no built-in TLS; TLS is terminated by the trusted proxy ${settings.http.trustProxy.join(', ')}` }
      : { level: 'ok', detail: 'no TLS configured (fine on loopback in development)' };
  }
  const cert = new X509Certificate(await readFile(tls.certFile));
  const key = createPrivateKey(await readFile(tls.keyFile));
  if (!cert.checkPrivateKey(key)) return { level: 'fail', detail: `${tls.keyFile} is not the key of ${tls.certFile}` };
  const daysLeft = Math.floor((Date.parse(cert.validTo) - Date.now()) / 86_400_000);
  if (daysLeft < 0) return { level: 'fail', detail: `certificate expired on ${cert.validTo}` };
  if (daysLeft < 30) return { level: 'warn', detail: `certificate expires in ${daysLeft} days (${cert.validTo}): renew it` };
  return { level: 'ok', detail: `certificate for ${cert.subject.replace(/\n/g, ', ')} valid for ${daysLeft} more days` };
}

async function checkDatabase(target: DatabaseTarget): Promise<{ db: Outcome; role: Outcome; clock: Outcome }> {
  const { version, skewMs } = await withClient(target.ownerUrl, async (client) => {
    const before = Date.now();
    const row = (
      await client.query<{ version: number; now: Date }>(
        `select current_setting('server_version_num')::int as version, clock_timestamp() as now`,
      )
    ).rows[0]!;
    const local = (before + Date.now()) / 2;
    return { version: row.version, skewMs: Math.round(row.now.getTime() - local) };
  });
  const major = Math.floor(version / 10000);
  const db: Outcome =
    major >= 15
      ? { level: 'ok', detail: `PostgreSQL ${major} at ${target.describe}` }
      : { level: 'fail', detail: `PostgreSQL ${major} is too old: Casus needs 15 or newer` };
  const role = await withClient(target.appUrl, async (client) => {
    if (target.setRole) await client.query(`set role ${client.escapeIdentifier(target.setRole)}`);
    const r = (
      await client.query<{ name: string; rolsuper: boolean; rolbypassrls: boolean }>(
        'select current_user as name, rolsuper, rolbypassrls from pg_roles where rolname = current_user',
      )
    ).rows[0]!;
    const outcome: Outcome =
      r.rolsuper || r.rolbypassrls
        ? { level: 'fail', detail: `application role ${r.name} is superuser or has BYPASSRLS: row-level security would not hold` }
        : { level: 'ok', detail: `application connects as ${r.name} (no superuser, no BYPASSRLS)${target.setRole ? ' via SET ROLE' : ''}` };
    return outcome;
  });
  const clock: Outcome =
    Math.abs(skewMs) > 2000
      ? { level: 'fail', detail: `clock differs ${skewMs} ms from the database server: fix NTP (audit times and sessions depend on it)` }
      : { level: 'ok', detail: `clock within ${Math.abs(skewMs)} ms of the database server` };
  return { db, role, clock };
}

export async function runDoctor(settings: Settings): Promise<boolean> {
  const results: [string, Outcome][] = [];
  const record = async (name: string, check: () => Promise<Outcome>) => {
    try {
      results.push([name, await check()]);
    } catch (error) {
      results.push([name, { level: 'fail', detail: (error as Error).message }]);
    }
  };
  await record('configuration', async () => {
    const reasons = settings.env === 'production' || settings.env === 'acceptance' ? [] : unsafeProductionSettings(settings);
    return reasons.length === 0
      ? { level: 'ok', detail: `valid for CASUS_ENV=${settings.env}` }
      : { level: 'warn', detail: `valid for ${settings.env}, but production would refuse: ${reasons.join('; ')}` };
  });
  await record('tls', () => checkTls(settings));
  if (!settings.database.url) {
    await record('data directory', async () => {
      const existing = await access(settings.dataDir).then(
        () => settings.dataDir,
        () => path.dirname(settings.dataDir),
      );
      try {
        await access(existing, constants.W_OK);
      } catch {
        return {
          level: 'fail',
          detail: `${existing} is not writable: the embedded PostgreSQL keeps its data under CASUS_DATA_DIR=${settings.dataDir}`,
        };
      }
      return { level: 'ok', detail: `embedded PostgreSQL data under ${settings.dataDir}` };
    });
  }
  let target: DatabaseTarget | null = null;
  try {
    const log = createLogger({ level: 'warn' });
    let dependent: [string, Outcome][] = [];
    await record('database', async () => {
      target = await resolveDatabaseTarget(settings, log);
      const { db, role, clock } = await checkDatabase(target);
      dependent = [
        ['application role', role],
        ['clock', clock],
      ];
      return db;
    });
    results.push(...dependent);
    if (target) {
      const found: DatabaseTarget = target;
      await record('migrations', async () => {
        const states = await createMigrator(settings, found, log).status();
        const pending = states.filter((s) => s.state === 'pending');
        const unknown = states.filter((s) => s.state === 'unknown');
        if (pending.length > 0) return { level: 'fail', detail: `${pending.length} pending: run \`casus migrate up\`` };
        return {
          level: 'ok',
          detail: `${states.length - unknown.length} applied${unknown.length ? `, ${unknown.length} from a newer release` : ''}`,
        };
      });
      await record('definer functions', () => checkDefinerFunctions(found));
      await record('app role limits', () => checkApplicationRolePrivileges(found));
      await record('actor seal', () => checkSeal(found));
    }
  } finally {
    await (target as DatabaseTarget | null)?.release();
  }
  const mark = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL' } as const;
  for (const [name, outcome] of results) process.stdout.write(`${mark[outcome.level]}  ${name.padEnd(18)} ${outcome.detail}\n`);
  return results.every(([, o]) => o.level !== 'fail');
}
