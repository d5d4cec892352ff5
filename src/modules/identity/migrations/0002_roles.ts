// Who may what: roles bundle permissions; a role assignment gives a role to a user or a group in one
// organisational unit and its subtree, from a start to an optional end date. Nothing is allowed
// without one. Assignments are never deleted: revoking records who, when and why.
// The roles the organisation starts with are seeded by key; later modules add their permissions to
// them in their own migrations, and administrators may edit them afterwards.
import { sql, type Kysely } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const SEEDED_ROLES: { key: string; name: string; description: string }[] = [
  { key: 'case-worker', name: 'Medewerker', description: 'Case worker: referrals, clients, cases, contact and tasks of their team.' },
  {
    key: 'volunteer',
    name: 'Vrijwilliger',
    description: 'Volunteer: contact and tasks on the cases assigned to them; sees less (no BSN, no restricted documents).',
  },
  { key: 'team-lead', name: 'Teamleider', description: 'Team lead: team queue, assignment, and access reviews for the team.' },
  {
    key: 'functional-administrator',
    name: 'Applicatiebeheerder',
    description: 'Functional administrator: case types, forms, picklists, organisation and users.',
  },
  {
    key: 'security-officer',
    name: 'Security officer / auditor',
    description: 'Audit trail, access reviews, break-the-glass reviews, security events.',
  },
  {
    key: 'privacy-officer',
    name: 'Privacy officer (FG)',
    description: 'Audit trail, access reviews, GDPR requests and the processing register.',
  },
  {
    key: 'it-operations',
    name: 'IT-beheer',
    description: 'IT operations: health, alerts, incidents, SLA reports, backups and restore drills.',
  },
  {
    key: 'service-desk',
    name: 'Servicedesk',
    description: 'Service desk: helps users sign in (reset links, factor resets, ending sessions), no case data.',
  },
];

/**
 * Adds permissions to seeded roles by key (idempotent), for identity's own later migrations; other
 * modules' migrations write the same INSERT … SELECT out (a migration imports no other module).
 */
export async function seedRolePermissions(db: Kysely<unknown>, grants: Record<string, string[]>): Promise<void> {
  for (const [key, permissions] of Object.entries(grants)) {
    for (const permission of permissions) {
      await sql`insert into role_permission (role_id, permission)
        select id, ${permission} from role where key = ${key} on conflict do nothing`.execute(db);
    }
  }
}

export async function unseedRolePermissions(db: Kysely<unknown>, permissions: string[]): Promise<void> {
  await sql`delete from role_permission where permission = any(${permissions}::text[])`.execute(db);
}

export const roles: Migration = {
  name: '0002_roles',
  async up(db, { appRole }) {
    // Row-level security: none on role, role_permission and role_assignment; grants decide (since 0008 only the
    // authentication login writes them, the application role reads them).
    await sql`create table role (
      id uuid primary key default gen_random_uuid(),
      key text unique check (key ~ '^[a-z][a-z0-9-]{1,62}$'),
      name text not null unique check (length(name) between 1 and 200),
      description text not null default '' check (length(description) <= 2000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      version integer not null default 1
    )`.execute(db);
    await sql`create table role_permission (
      role_id uuid not null references role (id) on delete cascade,
      permission text not null check (permission ~ '^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$'),
      primary key (role_id, permission)
    )`.execute(db);
    await sql`create index role_permission_permission on role_permission (permission)`.execute(db);
    await sql`create table role_assignment (
      id uuid primary key default gen_random_uuid(),
      role_id uuid not null references role (id),
      user_id uuid references app_user (id),
      group_id uuid references user_group (id),
      unit_id uuid not null references org_unit (id),
      starts_at timestamptz not null default now(),
      ends_at timestamptz,
      reason text not null check (length(reason) between 1 and 2000),
      granted_by text not null,
      granted_at timestamptz not null default now(),
      revoked_at timestamptz,
      revoked_by text,
      revoke_reason text,
      check (num_nonnulls(user_id, group_id) = 1),
      check (ends_at is null or ends_at > starts_at),
      check ((revoked_at is null) = (revoked_by is null))
    )`.execute(db);
    await sql`create index role_assignment_user on role_assignment (user_id) where revoked_at is null`.execute(db);
    await sql`create index role_assignment_group on role_assignment (group_id) where revoked_at is null`.execute(db);
    await sql`create index role_assignment_role on role_assignment (role_id)`.execute(db);
    for (const role of SEEDED_ROLES) {
      await sql`insert into role (key, name, description) values (${role.key}, ${role.name}, ${role.description})`.execute(db);
    }
    await sql`grant select, insert, update, delete on role, role_permission to ${sql.id(appRole)}`.execute(db);
    await sql`grant select, insert, update on role_assignment to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop table role_assignment, role_permission, role`.execute(db);
  },
};
