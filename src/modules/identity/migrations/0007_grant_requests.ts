// Four eyes for privileged grants. A grant of a privileged role (to a user or to a group), a membership of
// a group holding one, and a privileged permission added to a role do not take effect when asked for:
// they become a request that a second administrator approves (the real change is made in the same
// transaction) or refuses, within seven days.
//
// Privileges as the other identity tables (select, insert, update for the application role; requests
// are never deleted: they are the evidence of who asked and who decided). Row-level security is on,
// with policies for every role (not only the application role, so they still hold when the identity
// tables move to a login of their own): a request is inserted only pending and in the sealed actor's
// own name, decided only by the sealed actor, and read by its requester, by holders of grants.manage
// or roles.manage, and by the platform itself. The table's own check keeps the decider apart from
// the requester, whoever writes the row. Whether the decider may decide (could make the change
// herself, is not its grantee) is the policy's (identity.policy.ts): it needs the role's permissions
// and the unit tree, which a row policy cannot judge cheaply.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const grantRequests: Migration = {
  name: '0007_grant_requests',
  async up(db, { appRole }) {
    await sql`create table grant_request (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('grant', 'membership', 'role-permissions')),
      role_id uuid references role (id),
      user_id uuid references app_user (id),
      group_id uuid references user_group (id),
      unit_id uuid references org_unit (id),
      starts_at timestamptz,
      ends_at timestamptz,
      permissions text[],
      role_version integer,
      reason text not null check (length(reason) between 1 and 2000),
      requested_by uuid not null references app_user (id),
      requested_at timestamptz not null default now(),
      expires_at timestamptz not null default now() + interval '7 days',
      status text not null default 'pending' check (status in ('pending', 'approved', 'refused')),
      decided_by uuid references app_user (id),
      decided_at timestamptz,
      decision_reason text check (decision_reason is null or length(decision_reason) between 1 and 2000),
      assignment_id uuid references role_assignment (id),
      check (case kind
        when 'grant' then role_id is not null and unit_id is not null and num_nonnulls(user_id, group_id) = 1 and permissions is null
        when 'membership' then group_id is not null and user_id is not null and role_id is null and unit_id is null and permissions is null
        else role_id is not null and permissions is not null and role_version is not null and num_nulls(user_id, group_id, unit_id) = 3
      end),
      check (ends_at is null or starts_at is null or ends_at > starts_at),
      check (expires_at > requested_at),
      check ((status = 'pending') = (decided_by is null) and (status = 'pending') = (decided_at is null)),
      check (decided_by is distinct from requested_by),
      check (assignment_id is null or (kind = 'grant' and status = 'approved'))
    )`.execute(db);
    await sql`create index grant_request_pending on grant_request (expires_at) where status = 'pending'`.execute(db);
    await sql`create index grant_request_requested_by on grant_request (requested_by, requested_at)`.execute(db);
    await sql`grant select, insert, update on grant_request to ${sql.id(appRole)}`.execute(db);

    await sql`alter table grant_request enable row level security`.execute(db);
    const actor = sql.raw('(select casus_actor_id())');
    const system = sql.raw(`(select casus_actor_kind()) = 'system'`);
    await sql`create policy grant_request_read on grant_request for select using (
      ${system}
      or requested_by::text = ${actor}
      or (select casus_actor_has_permission('grants.manage'))
      or (select casus_actor_has_permission('roles.manage')))`.execute(db);
    await sql`create policy grant_request_create on grant_request for insert with check (
      status = 'pending' and requested_by::text = ${actor}
      and ((select casus_actor_has_permission('grants.manage')) or (select casus_actor_has_permission('roles.manage'))))`.execute(db);
    await sql`create policy grant_request_decide on grant_request for update
      using (status = 'pending' and ${actor} is not null)
      with check (decided_by::text = ${actor})`.execute(db);
  },
  async down(db) {
    await sql`drop table grant_request`.execute(db);
  },
};
