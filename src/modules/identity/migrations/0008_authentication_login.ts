// Identity's tables move to the authentication role (kernel migration 0014). Until now the application
// role could write every one of them: one INSERT into user_session (or role_assignment, or
// password_credential) through the application's login minted a national administrator's session
// without a password or a second factor. Now:
//   - the authentication role reads and writes them all (the identity module works through it);
//   - the application role keeps SELECT on the organisation (units, users, groups, roles, grants),
//     which other modules need to show names and check who holds what, and loses every write;
//   - the application role loses all access to secrets and sign-in state (credentials, factors,
//     sessions, tokens, links, throttles, SSO requests) and to pending grant requests.
// No row-level security on these tables (but grant_request, 0007): the application role cannot write
// them at all, and the authentication role is identity's own login (it has no access to case data).
// Tables identity adds later state their grants the same way.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

/** Read by other modules through identity's exports (directory.ts, grants.repository.ts). */
const ORGANISATION = ['org_unit', 'app_user', 'user_group', 'user_group_member', 'role', 'role_permission', 'role_assignment'];
/** Secrets, sign-in state and pending grant requests: nobody but the authentication role. */
const SECRETS = [
  'password_credential',
  'totp_factor',
  'recovery_code',
  'webauthn_credential',
  'external_identity',
  'user_session',
  'api_token',
  'auth_throttle',
  'one_time_link',
  'sso_request',
  'grant_request',
];

export const authenticationLogin: Migration = {
  name: '0008_authentication_login',
  async up(db, { appRole, authRole }) {
    const [app, auth] = [sql.id(appRole), sql.id(authRole)];
    for (const table of [...ORGANISATION, ...SECRETS]) {
      await sql`grant select, insert, update, delete on ${sql.table(table)} to ${auth}`.execute(db);
    }
    for (const table of ORGANISATION) await sql`revoke insert, update, delete, truncate on ${sql.table(table)} from ${app}`.execute(db);
    for (const table of SECRETS) await sql`revoke all on ${sql.table(table)} from ${app}`.execute(db);
  },
  async down(db, { appRole, authRole }) {
    const [app, auth] = [sql.id(appRole), sql.id(authRole)];
    // Back to 0001-0005's grants.
    for (const table of ['org_unit', 'app_user', 'user_group', 'user_group_member', 'role_assignment'])
      await sql`grant select, insert, update on ${sql.table(table)} to ${app}`.execute(db);
    await sql`grant delete on user_group_member, user_group, role, role_permission to ${app}`.execute(db);
    await sql`grant insert, update on role, role_permission to ${app}`.execute(db);
    for (const table of SECRETS.filter((t) => t !== 'grant_request'))
      await sql`grant select, insert, update, delete on ${sql.table(table)} to ${app}`.execute(db);
    await sql`grant select, insert, update on grant_request to ${app}`.execute(db);
    for (const table of [...ORGANISATION, ...SECRETS]) await sql`revoke all on ${sql.table(table)} from ${auth}`.execute(db);
  },
};
