// The identity dataset for the authenticated scenarios, written over the owner connection once the
// server has migrated: an organisation of the real shape (national, 10 regions, 60 teams), 1,500
// users with grants in their teams, 1,000 live sessions, and one signed-in user whose cookie the
// scenarios send. That user holds grants at two levels (national and a team), so every request
// resolves grants over the unit tree exactly as production does.
import { createHash, randomBytes } from 'node:crypto';
import { withClient } from '../src/kernel/db/client.ts';

export const IDENTITY_DATASET = 'identity: 71 units (national, 10 regions, 60 teams), 1,500 users with 1,560 grants, 1,000 live sessions';

export interface BenchSession {
  cookie: string;
  csrf: string;
}

export async function seedIdentity(ownerUrl: string): Promise<BenchSession> {
  return withClient(ownerUrl, async (client) => {
    await client.query('begin');
    const root = (await client.query<{ id: string }>(`select id from org_unit where parent_id is null`)).rows[0]!.id;
    await client.query(
      `insert into org_unit (parent_id, kind, code, name)
      select $1, 'region', 'bench-region-' || r, 'Regio ' || r from generate_series(1, 10) r`,
      [root],
    );
    await client.query(`insert into org_unit (parent_id, kind, code, name)
      select p.id, 'team', 'bench-team-' || r || '-' || t, 'Team ' || r || '-' || t
      from generate_series(1, 10) r cross join generate_series(1, 6) t join org_unit p on p.code = 'bench-region-' || r`);
    await client.query(`insert into app_user (kind, username, display_name, email, unit_id)
      select case when n % 3 = 0 then 'volunteer' else 'staff' end, 'bench-user-' || n, 'Bench User ' || n, 'bench-user-' || n || '@example.org',
             (select id from org_unit where code = 'bench-team-' || (1 + n % 10) || '-' || (1 + n % 6))
      from generate_series(1, 1500) n`);
    await client.query(`insert into role_assignment (role_id, user_id, unit_id, reason, granted_by)
      select (select id from role where key = case when u.kind = 'volunteer' then 'volunteer' else 'case-worker' end), u.id, u.unit_id, 'bench', 'bench'
      from app_user u where u.username like 'bench-user-%'`);
    await client.query(`insert into role_assignment (role_id, user_id, unit_id, reason, granted_by)
      select (select id from role where key = 'team-lead'), u.id, u.unit_id, 'bench', 'bench'
      from app_user u where u.username like 'bench-user-%' and u.username::text ~ '-(\\d*0)$' limit 60`);
    await client.query(`insert into user_session (id, user_id, state, csrf_token, authenticated_via, second_factor, expires_at)
      select encode(sha256(gen_random_bytes(32)), 'hex'), u.id, 'active', 'x', 'password', 'totp', now() + interval '8 hours'
      from app_user u where u.username like 'bench-user-%' order by u.username limit 1000`);

    // The measured user: functional administrator nationally and team lead in one team.
    const user = (
      await client.query<{ id: string }>(`insert into app_user (kind, username, display_name, unit_id)
      select 'staff', 'bench-admin', 'Bench Admin', id from org_unit where code = 'bench-team-1-1' returning id`)
    ).rows[0]!.id;
    await client.query(
      `insert into role_assignment (role_id, user_id, unit_id, reason, granted_by)
      select r.id, $1, u.id, 'bench', 'bench' from role r, org_unit u
      where (r.key = 'functional-administrator' and u.parent_id is null) or (r.key = 'team-lead' and u.code = 'bench-team-1-1')`,
      [user],
    );
    const token = randomBytes(32).toString('base64url');
    const csrf = randomBytes(32).toString('base64url');
    await client.query(
      `insert into user_session (id, user_id, state, csrf_token, authenticated_via, second_factor, expires_at)
      values ($1, $2, 'active', $3, 'password', 'totp', now() + interval '8 hours')`,
      [createHash('sha256').update(token).digest('hex'), user, csrf],
    );
    await client.query('commit');
    await client.query('analyze org_unit, app_user, role_assignment, role_permission, user_session, user_group_member');
    return { cookie: `casus-session=${token}`, csrf };
  });
}
