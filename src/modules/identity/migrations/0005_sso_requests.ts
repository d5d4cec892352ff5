// Single sign-on (OpenID Connect) keeps what it must remember between sending the browser to the
// identity provider and its return in PostgreSQL, not in the process: any instance can take the
// callback. The state is stored as its SHA-256 (it travels in URLs); the PKCE verifier and nonce must
// be read back as they are, and are worthless without the authorization code the browser carries.
// browser_hash binds the request to the browser that started it (a cookie), against login CSRF.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const ssoRequests: Migration = {
  name: '0005_sso_requests',
  async up(db, { appRole }) {
    await sql`create table sso_request (
      state_hash text primary key,
      browser_hash text not null,
      code_verifier text not null,
      nonce text not null,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null default now() + interval '10 minutes',
      used_at timestamptz
    )`.execute(db);
    await sql`create index sso_request_expires on sso_request (expires_at)`.execute(db);
    // One subject per issuer and user: a second IdP account must never silently reach the same user.
    await sql`create unique index external_identity_issuer_user on external_identity (issuer, user_id)`.execute(db);
    await sql`grant select, insert, update, delete on sso_request to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop index external_identity_issuer_user`.execute(db);
    await sql`drop table sso_request`.execute(db);
  },
};
