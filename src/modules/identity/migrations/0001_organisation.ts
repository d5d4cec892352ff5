// Who is who: organisational units as a tree (national > region > team), the users that belong to
// them (staff, volunteers, service accounts) and user groups. Ids are UUIDs; the root unit is seeded
// so that the first administrator has somewhere to belong.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const organisation: Migration = {
  name: '0001_organisation',
  async up(db, { appRole }) {
    await sql`create table org_unit (
      id uuid primary key default gen_random_uuid(),
      parent_id uuid references org_unit (id),
      kind text not null check (kind in ('national', 'region', 'team')),
      code text not null unique check (code ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
      name text not null check (length(name) between 1 and 200),
      manager_id uuid,
      active boolean not null default true,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1,
      check ((kind = 'national') = (parent_id is null))
    )`.execute(db);
    await sql`create unique index org_unit_single_root on org_unit ((true)) where parent_id is null`.execute(db);
    await sql`create index org_unit_parent on org_unit (parent_id)`.execute(db);
    // A unit may not become its own ancestor: moving a region under one of its teams would cut the
    // subtree loose from the root and silently widen or drop grants.
    await sql`create function org_unit_no_cycle() returns trigger language plpgsql as $$
      begin
        if new.parent_id is not null and exists (
          with recursive up(id, parent_id) as (
            select id, parent_id from org_unit where id = new.parent_id
            union all
            select u.id, u.parent_id from org_unit u join up on u.id = up.parent_id
          ) select 1 from up where id = new.id
        ) then
          raise exception 'org unit % cannot be moved under its own subtree', new.id using errcode = '23514';
        end if;
        return new;
      end $$`.execute(db);
    await sql`create trigger org_unit_no_cycle before insert or update of parent_id on org_unit
      for each row execute function org_unit_no_cycle()`.execute(db);
    await sql`insert into org_unit (kind, code, name) values ('national', 'national', 'Landelijk')`.execute(db);

    await sql`create table app_user (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('staff', 'volunteer', 'service')),
      username text not null unique check (username ~ '^[a-z0-9][a-z0-9._@+-]{1,119}$'),
      display_name text not null check (length(display_name) between 1 and 200),
      email text check (email is null or (length(email) <= 254 and email = lower(email))),
      unit_id uuid not null references org_unit (id),
      status text not null default 'active' check (status in ('active', 'deactivated')),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      deactivated_at timestamptz,
      version integer not null default 1
    )`.execute(db);
    await sql`create unique index app_user_email on app_user (email) where email is not null`.execute(db);
    await sql`create index app_user_unit on app_user (unit_id)`.execute(db);
    await sql`alter table org_unit add constraint org_unit_manager foreign key (manager_id) references app_user (id)`.execute(db);

    await sql`create table user_group (
      id uuid primary key default gen_random_uuid(),
      name text not null unique check (length(name) between 1 and 200),
      description text not null default '' check (length(description) <= 2000),
      created_at timestamptz not null default now(),
      version integer not null default 1
    )`.execute(db);
    await sql`create table user_group_member (
      group_id uuid not null references user_group (id) on delete cascade,
      user_id uuid not null references app_user (id),
      added_at timestamptz not null default now(),
      primary key (group_id, user_id)
    )`.execute(db);
    await sql`create index user_group_member_user on user_group_member (user_id)`.execute(db);

    for (const table of ['org_unit', 'app_user', 'user_group', 'user_group_member']) {
      await sql`grant select, insert, update on ${sql.table(table)} to ${sql.id(appRole)}`.execute(db);
    }
    await sql`grant delete on user_group_member, user_group to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop table user_group_member, user_group`.execute(db);
    await sql`alter table org_unit drop constraint org_unit_manager`.execute(db);
    await sql`drop table app_user`.execute(db);
    await sql`drop table org_unit`.execute(db);
    await sql`drop function org_unit_no_cycle()`.execute(db);
  },
};
