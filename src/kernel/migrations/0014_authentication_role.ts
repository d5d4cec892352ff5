// The authentication role: the one login that may write identity, session and grant tables (users,
// credentials, second factors, sessions, API tokens, role assignments). The identity and access-review
// modules work through it; every other module through the application role, which keeps only read
// access to the organisation (units, users, roles, groups, grants) and none to secrets. SQL through the
// application's login (an injection anywhere in case work, or a leaked password) therefore cannot mint
// a session, set a password, enrol a factor or grant a role. Like the application role it owns
// nothing, has no BYPASSRLS, and receives only what migrations grant it: here, what every module's
// transaction needs (the sealed actor, the audit trail, the outbox); the identity and access-review
// migrations grant their tables. Deployments may create it as a LOGIN role for DATABASE_AUTH_URL;
// otherwise it is created without login and the owner connection switches to it with SET ROLE.
import { sql } from 'kysely';
import type { Migration } from '../db/migrator.ts';

const ACTOR_FUNCTIONS = [
  'casus_actor_id()',
  'casus_actor_kind()',
  'casus_actor_units()',
  'casus_actor_has_permission(text)',
  'casus_actor_units(text)',
  'casus_actor_sealed()',
];

export const authenticationRole: Migration = {
  name: '0014_authentication_role',
  async up(db, { authRole }) {
    const role = sql.id(authRole);
    await sql`do $$ begin
      if not exists (select from pg_roles where rolname = ${sql.lit(authRole)}) then
        create role ${role} nologin nosuperuser nobypassrls nocreatedb nocreaterole;
      end if;
    end $$`.execute(db);
    // As for the application role (0001): lets an owner login without a separate authentication login
    // act as it (SET ROLE); where a DBA created the role, deployments use DATABASE_AUTH_URL instead.
    await sql`do $$ begin
      if not pg_has_role(current_user, ${sql.lit(authRole)}, 'member') then
        grant ${role} to current_user;
      end if;
    exception when insufficient_privilege then
      raise notice 'cannot grant % to %: use DATABASE_AUTH_URL', ${sql.lit(authRole)}, current_user;
    end $$`.execute(db);
    await sql`grant usage on schema public to ${role}`.execute(db);
    await sql`grant usage on sequence casus_actor_nonce to ${role}`.execute(db);
    for (const fn of ACTOR_FUNCTIONS) await sql`grant execute on function ${sql.raw(fn)} to ${role}`.execute(db);
    // Its transactions write their audit events and publish events like any other (0013's policies and
    // triggers apply: the actor and origin come from the seal).
    await sql`grant insert on audit_event to ${role}`.execute(db);
    await sql`grant insert on outbox_event to ${role}`.execute(db);
    await sql
      .raw(
        `do $$ begin
      execute format('revoke temporary on database %I from %I', current_database(), '${authRole}');
    exception when insufficient_privilege then null;
    end $$`,
      )
      .execute(db);
  },
  async down(db, { authRole }) {
    const role = sql.id(authRole);
    // The role is cluster-wide and may serve other databases: leave it, only take back this database's grants.
    await sql`revoke insert on outbox_event from ${role}`.execute(db);
    await sql`revoke insert on audit_event from ${role}`.execute(db);
    for (const fn of ACTOR_FUNCTIONS) await sql`revoke execute on function ${sql.raw(fn)} from ${role}`.execute(db);
    await sql`revoke usage on sequence casus_actor_nonce from ${role}`.execute(db);
    await sql`revoke usage on schema public from ${role}`.execute(db);
  },
};
