// The demo organisation: ten regions under the national unit, the teams under them, and the staff: per team WORKERS_PER_TEAM case workers, one team lead and VOLUNTEERS_PER_TEAM
// volunteers, each with a grant of their role in their team (rows for COPY into app_user and
// role_assignment). Names come from their own seed, so staff never share a name with a client by design.
import { createDemoContext, isoTime } from './context.ts';
import { generatePerson } from './dutch.ts';
import type pg from 'pg';
import { REGIONS, WORKERS_PER_TEAM, type DemoPlan } from './plan.ts';

const GRANTED_BY = 'demo-data';

export function staffRows(
  plan: DemoPlan,
  seed: string,
  roleId: (key: string) => string,
): { users: (readonly unknown[])[]; grants: (readonly unknown[])[] } {
  const staffCtx = createDemoContext({ seed: `${seed}:staff`, now: new Date(plan.ctx.nowMs), emailDomains: 'reserved' });
  const users: (readonly unknown[])[] = [];
  const grants: (readonly unknown[])[] = [];
  const grantedAt = isoTime(plan.ctx.nowMs - 400 * 86_400_000);
  for (let t = 0; t < plan.teams; t++) {
    for (let k = 0; k < plan.usersPerTeam; k++) {
      const index = t * plan.usersPerTeam + k;
      const kind = k < WORKERS_PER_TEAM ? 'worker' : k === WORKERS_PER_TEAM ? 'lead' : 'volunteer';
      const name = generatePerson(staffCtx, index).name;
      const display = [name.roepnaam, name.voorvoegsel, name.achternaam].filter(Boolean).join(' ');
      const username = `${plan.teamCode(t)}.${kind}${kind === 'lead' ? '' : k < WORKERS_PER_TEAM ? k + 1 : k - WORKERS_PER_TEAM}`;
      users.push([
        plan.ids.user(index),
        kind === 'volunteer' ? 'volunteer' : 'staff',
        username,
        display,
        null,
        plan.teamUnitId(t),
        grantedAt,
      ]);
      grants.push([
        plan.ids.grant(index),
        roleId(kind === 'worker' ? 'case-worker' : kind === 'lead' ? 'team-lead' : 'volunteer'),
        plan.ids.user(index),
        plan.teamUnitId(t),
        grantedAt,
        'Demo data',
        GRANTED_BY,
        grantedAt,
      ]);
    }
  }
  return { users, grants };
}

/** The regions and teams of the plan under the national unit (existing codes are skipped); how many were added. */
export async function insertUnits(client: pg.Client, plan: DemoPlan): Promise<number> {
  const { rows: national } = await client.query<{ id: string }>("select id from org_unit where kind = 'national'");
  const nationalId = national[0]!.id;
  let count = 0;
  for (let r = 0; r < REGIONS; r++) {
    const res = await client.query(
      "insert into org_unit (id, parent_id, kind, code, name) values ($1, $2, 'region', $3, $4) on conflict (code) do nothing",
      [plan.ids.unit(r), nationalId, plan.regionCode(r), `Demo regio ${r + 1}`],
    );
    count += res.rowCount ?? 0;
  }
  for (let t = 0; t < plan.teams; t++) {
    const res = await client.query(
      "insert into org_unit (id, parent_id, kind, code, name) values ($1, $2, 'team', $3, $4) on conflict (code) do nothing",
      [plan.teamUnitId(t), plan.ids.unit(Math.floor(t / plan.teamsPerRegion)), plan.teamCode(t), `Demo team ${plan.teamCode(t).slice(5)}`],
    );
    count += res.rowCount ?? 0;
  }
  return count;
}
