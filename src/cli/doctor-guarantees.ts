// `casus doctor`: the database's guarantees against SQL through the application's own login (after an
// injection or with a leaked password). Each of these held when the migrations ran; a DBA's later
// change (a GRANT, a function replaced by hand) can break one without anything else noticing.
import { withClient } from '../kernel/db/client.ts';
import { createDatabase } from '../kernel/db/database.ts';
import { loadActorKey } from '../kernel/db/actor-seal.ts';
import type { DatabaseTarget } from '../kernel/db/target.ts';
import { systemContext } from '../kernel/auth/actor.ts';
import { sql } from 'kysely';

export type Outcome = { level: 'ok' | 'warn' | 'fail'; detail: string };

const PINNED_PATH = 'search_path=pg_catalog, public, pg_temp';

/** SECURITY DEFINER functions must look in pg_temp last, or a TEMP table could stand in for theirs. */
export async function checkDefinerFunctions(target: DatabaseTarget): Promise<Outcome> {
  const { rows } = await withClient(target.ownerUrl, (client) =>
    client.query<{ name: string; config: string[] | null }>(
      `select p.oid::regprocedure::text as name, p.proconfig as config from pg_catalog.pg_proc p
     where p.pronamespace = 'public'::regnamespace and p.prosecdef
       and not exists (select 1 from pg_catalog.pg_depend d where d.objid = p.oid and d.deptype = 'e')`,
    ),
  );
  const unpinned = rows.filter((r) => !(r.config ?? []).includes(PINNED_PATH)).map((r) => r.name);
  return unpinned.length === 0
    ? { level: 'ok', detail: `${rows.length} SECURITY DEFINER functions search pg_catalog, public, pg_temp (last)` }
    : {
        level: 'fail',
        detail: `SECURITY DEFINER functions without ${PINNED_PATH}: ${unpinned.join(', ')} (a TEMP table could stand in for their tables)`,
      };
}

/** What the application role may do that it must not: TEMP tables, setting the nonce back. */
export async function checkApplicationRolePrivileges(target: DatabaseTarget): Promise<Outcome> {
  return withClient(target.appUrl, async (client) => {
    if (target.setRole) await client.query(`set role ${client.escapeIdentifier(target.setRole)}`);
    const row = (
      await client.query<{ temp: boolean; draw: boolean | null; reset: boolean | null }>(
        `select has_database_privilege(current_user, current_database(), 'TEMP') as temp,
        has_sequence_privilege(current_user, to_regclass('public.casus_actor_nonce'), 'USAGE') as draw,
        has_sequence_privilege(current_user, to_regclass('public.casus_actor_nonce'), 'UPDATE') as reset`,
      )
    ).rows[0]!;
    const problems = [
      ...(row.temp ? ['may create TEMP tables (REVOKE TEMPORARY ON DATABASE … FROM PUBLIC)'] : []),
      ...(row.draw === null
        ? ['the nonce sequence casus_actor_nonce is missing: run `casus migrate up`']
        : row.draw
          ? []
          : ['may not draw nonces (GRANT USAGE ON SEQUENCE casus_actor_nonce)']),
      ...(row.reset ? ['may set the nonce back (REVOKE UPDATE ON SEQUENCE casus_actor_nonce)'] : []),
    ];
    return problems.length === 0
      ? { level: 'ok', detail: 'no TEMP tables; draws nonces, cannot set them back' }
      : { level: 'fail', detail: `the application role ${problems.join('; ')}` };
  });
}

/** A real sealed transaction through the application role: the seal verifies, so policies see the actor. */
export async function checkSeal(target: DatabaseTarget): Promise<Outcome> {
  const key = await loadActorKey(target.ownerUrl);
  const db = createDatabase({
    appUrl: target.appUrl,
    setRole: target.setRole,
    poolMax: 1,
    statementTimeoutMs: 5000,
    applicationName: 'casus-doctor',
    actorKey: () => key,
  });
  try {
    const seen = await db.transaction(
      systemContext('doctor'),
      async (tx) => (await sql<{ kind: string }>`select casus_actor_kind() as kind`.execute(tx.db)).rows[0]!.kind,
    );
    return seen === 'system'
      ? { level: 'ok', detail: 'transactions are sealed; the seal verifies (actor key and nonce)' }
      : { level: 'fail', detail: `a sealed transaction reads as ${seen}: row-level security would see no actor` };
  } finally {
    await db.close();
  }
}
