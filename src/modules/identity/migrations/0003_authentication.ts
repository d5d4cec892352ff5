// How users prove who they are, and what stays of that between requests. Secrets are never stored as
// given: passwords as argon2id hashes, recovery codes, session ids, API tokens and one-time links as
// SHA-256 hashes of 256-bit random values (a hash is enough: they are not guessable), TOTP seeds
// encrypted (they must be read back to check a code).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const TABLES = [
  'password_credential',
  'totp_factor',
  'recovery_code',
  'webauthn_credential',
  'external_identity',
  'user_session',
  'api_token',
  'auth_throttle',
  'one_time_link',
];

export const authentication: Migration = {
  name: '0003_authentication',
  async up(db, { appRole }) {
    // Row-level security: none on these tables; grants decide (since 0008 only the authentication login reaches
    // them; the application role has no access to secrets or sign-in state).
    await sql`create table password_credential (
      user_id uuid primary key references app_user (id),
      hash text not null,
      changed_at timestamptz not null default now()
    )`.execute(db);
    // pending_secret: a seed being enrolled; the confirmed one keeps working until the new one is confirmed.
    await sql`create table totp_factor (
      user_id uuid primary key references app_user (id),
      secret bytea,
      pending_secret bytea,
      confirmed_at timestamptz,
      check ((secret is null) = (confirmed_at is null)),
      last_used_step bigint not null default 0,
      created_at timestamptz not null default now()
    )`.execute(db);
    await sql`create table recovery_code (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id),
      code_hash text not null,
      created_at timestamptz not null default now(),
      used_at timestamptz
    )`.execute(db);
    await sql`create index recovery_code_user on recovery_code (user_id) where used_at is null`.execute(db);
    await sql`create table webauthn_credential (
      id text primary key,
      user_id uuid not null references app_user (id),
      public_key bytea not null,
      counter bigint not null default 0,
      transports text[] not null default '{}',
      name text not null check (length(name) between 1 and 100),
      created_at timestamptz not null default now(),
      last_used_at timestamptz
    )`.execute(db);
    await sql`create index webauthn_credential_user on webauthn_credential (user_id)`.execute(db);
    await sql`create table external_identity (
      issuer text not null,
      subject text not null,
      user_id uuid not null references app_user (id),
      linked_at timestamptz not null default now(),
      last_login_at timestamptz,
      primary key (issuer, subject)
    )`.execute(db);
    await sql`create index external_identity_user on external_identity (user_id)`.execute(db);
    // A session is 'pending' between the password (or SSO) step and the second factor, 'enrolling'
    // when a user without a factor must first set one up, and 'active' after that. Only active
    // sessions make an actor; an ended session is kept (with why) for the session list and audit.
    await sql`create table user_session (
      id text primary key,
      user_id uuid not null references app_user (id),
      state text not null check (state in ('pending', 'enrolling', 'active')),
      csrf_token text not null,
      authenticated_via text not null check (authenticated_via in ('password', 'sso', 'setup', 'reset')),
      second_factor text check (second_factor in ('totp', 'webauthn', 'recovery-code', 'enrolment')),
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null,
      reauthenticated_at timestamptz,
      failed_factor_attempts integer not null default 0,
      challenge text,
      origin_ip text,
      user_agent text,
      ended_at timestamptz,
      end_reason text
    )`.execute(db);
    await sql`create index user_session_user on user_session (user_id) where ended_at is null`.execute(db);
    await sql`create index user_session_ended on user_session (ended_at) where ended_at is not null`.execute(db);
    await sql`create table api_token (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references app_user (id),
      name text not null check (length(name) between 1 and 200),
      token_hash text not null unique,
      prefix text not null,
      role_ids uuid[],
      created_at timestamptz not null default now(),
      created_by text not null,
      expires_at timestamptz not null,
      last_used_at timestamptz,
      revoked_at timestamptz,
      revoked_by text,
      revoke_reason text
    )`.execute(db);
    await sql`create index api_token_user on api_token (user_id)`.execute(db);
    // Counters for rate limits and lockout, keyed 'ip:<address>' or 'account:<username>' (also for
    // usernames that do not exist, so a lockout reveals nothing). In PostgreSQL: every instance sees them.
    await sql`create table auth_throttle (
      key text primary key,
      window_started_at timestamptz not null default now(),
      attempts integer not null default 0,
      failures integer not null default 0,
      lockouts integer not null default 0,
      locked_until timestamptz
    )`.execute(db);
    await sql`create table one_time_link (
      id uuid primary key default gen_random_uuid(),
      purpose text not null check (purpose in ('setup', 'password-reset')),
      token_hash text not null unique,
      user_id uuid references app_user (id),
      created_at timestamptz not null default now(),
      created_by text not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      check ((purpose = 'setup') = (user_id is null))
    )`.execute(db);
    for (const table of TABLES) {
      await sql`grant select, insert, update, delete on ${sql.table(table)} to ${sql.id(appRole)}`.execute(db);
    }
  },
  async down(db) {
    await sql.raw(`drop table ${[...TABLES].reverse().join(', ')}`).execute(db);
  },
};
