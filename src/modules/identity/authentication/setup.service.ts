// First run without default credentials. While no active person holds a grant to manage grants (no
// administrator), each start of `casus serve` makes a one-time setup link and prints it on the
// console; `casus users bootstrap-admin` makes one on demand (also to recover when every
// administrator is locked out: it is run by whoever operates the database, who could do more anyway).
// The link creates one administrator, who must enrol a second factor before the session works.
// Only the newest link is valid; it expires after 24 hours.
import { publicBaseUrl, type Settings } from '../../../kernel/config.ts';
import { randomToken, sha256Hex } from '../../../kernel/crypto/tokens.ts';

export const SETUP_LINK_HOURS = 24;
export const FIRST_ADMIN_ROLE = 'functional-administrator';

/** Runs one parameterised statement: a pg client, a pool or a one-off owner connection. */
export type Execute = <R extends object = object>(text: string, values: unknown[]) => Promise<{ rows: R[] }>;

/** True when some active person can manage grants (then no setup link is printed at start). */
export async function hasAdministrator(execute: Execute): Promise<boolean> {
  const { rows } = await execute<{ found: boolean }>(`
    select exists (
      select 1 from role_assignment ra
      join role_permission rp on rp.role_id = ra.role_id and rp.permission = 'grants.manage'
      left join user_group_member m on m.group_id = ra.group_id
      join app_user u on u.id = coalesce(ra.user_id, m.user_id)
      where u.status = 'active' and u.kind <> 'service' and ra.revoked_at is null
        and ra.starts_at <= now() and (ra.ends_at is null or ra.ends_at > now())
    ) as found`, []);
  return rows[0]?.found === true;
}

/** Makes a new setup link (earlier unused ones stop working) and records it in the audit trail. */
export async function createSetupLink(execute: Execute, settings: Settings, createdBy: string, listening?: string | null): Promise<{ url: string; expiresAt: Date }> {
  const token = randomToken();
  await execute(`update one_time_link set used_at = now() where purpose = 'setup' and used_at is null`, []);
  const { rows } = await execute<{ id: string; expires_at: Date }>(
    `insert into one_time_link (purpose, token_hash, created_by, expires_at) values ('setup', $1, $2, now() + make_interval(hours => $3)) returning id, expires_at`,
    [sha256Hex(token), createdBy, SETUP_LINK_HOURS],
  );
  await execute(
    `insert into audit_event (actor_kind, actor_id, action, object_type, object_id, result, reason) values ('system', $1, 'setup.link-created', 'one-time-link', $2, 'success', 'no administrator yet, or bootstrap-admin')`,
    [createdBy, rows[0]!.id],
  );
  // In the fragment: browsers do not send it to servers, so it stays out of access logs and proxies.
  return { url: `${publicBaseUrl(settings, listening)}/setup#token=${token}`, expiresAt: rows[0]!.expires_at };
}

export function setupBanner(link: { url: string; expiresAt: Date }): string {
  const line = '-'.repeat(78);
  return `\n${line}\nCasus has no administrator yet. Create the first one (with a second factor) at:\n\n  ${link.url}\n\n` +
    `The link works once and until ${link.expiresAt.toISOString()}. \`casus users bootstrap-admin\` makes a new one.\n${line}\n\n`;
}
