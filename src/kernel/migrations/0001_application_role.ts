// The application's database role: it owns nothing, has no BYPASSRLS, and receives only the
// privileges each migration grants explicitly. Deployments may create it (as a LOGIN role for
// DATABASE_APP_URL) before the first migration; otherwise it is created here without login and the
// owner connection switches to it with SET ROLE.
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

export const applicationRole: Migration = {
  name: '0001_application_role',
  async up(db, { appRole }) {
    const role = sql.id(appRole);
    await sql`do $$ begin
      if not exists (select from pg_roles where rolname = ${sql.lit(appRole)}) then
        create role ${role} nologin nosuperuser nobypassrls nocreatedb nocreaterole;
      end if;
    end $$`.execute(db);
    // Lets an owner login without a separate application login act as the application role
    // (SET ROLE). Where a DBA created the role and the owner may not grant it, deployments use
    // DATABASE_APP_URL instead; the exception block keeps the migration's transaction intact.
    await sql`do $$ begin
      if not pg_has_role(current_user, ${sql.lit(appRole)}, 'member') then
        grant ${role} to current_user;
      end if;
    exception when insufficient_privilege then
      raise notice 'cannot grant % to %: use DATABASE_APP_URL', ${sql.lit(appRole)}, current_user;
    end $$`.execute(db);
    await sql`grant usage on schema public to ${role}`.execute(db);
    await sql`revoke create on schema public from public`.execute(db);
  },
  async down(db, { appRole }) {
    // The role is cluster-wide and may serve other databases: leave it, only take back this schema.
    await sql`revoke usage on schema public from ${sql.id(appRole)}`.execute(db);
  },
};
