// The identity module: who is who (organisational units, users, groups), who may what (roles,
// scoped and dated grants), and how people prove it (passwords, second factors, sessions). Other
// modules use only what this file exports.
import type { CasusModule, ModuleContext } from '../../kernel/module.ts';
import { createSecretBox, masterKeyOf } from '../../kernel/crypto/secret-box.ts';
import { identityMigrations } from './migrations/index.ts';
import { identityPermissions } from './identity.permissions.ts';
import { Sessions } from './sessions/sessions.service.ts';
import { Throttle } from './authentication/throttle.ts';
import { TOTP_ENCRYPTED_COLUMNS, TotpFactors } from './authentication/totp.ts';
import { AuthService } from './authentication/auth.service.ts';
import { authRoutes } from './authentication/auth.routes.ts';
import { registerSso } from './authentication/sso.routes.ts';
import { purgeSsoRequests } from './authentication/sso.repository.ts';
import { Mailer } from '../../kernel/mail/mailer.ts';
import { PasswordResets } from './authentication/password-reset.service.ts';
import { passwordChangeRoutes, passwordResetRoutes } from './authentication/password-reset.routes.ts';
import { PreferencesService } from './authentication/preferences.service.ts';
import { preferencesRoutes } from './authentication/preferences.routes.ts';
import { PasskeyFactors } from './authentication/webauthn.ts';
import { PasskeyService } from './authentication/webauthn.service.ts';
import { webauthnRoutes } from './authentication/webauthn.routes.ts';
import { TokenAuthenticator } from './service-accounts/token-authenticator.ts';
import { serviceAccountRoutes, tokenInfoRoutes } from './service-accounts/service-accounts.routes.ts';
import { ServiceAccountsService } from './service-accounts/service-accounts.service.ts';
import { UsersService } from './organisation/users.service.ts';
import { usersRoutes } from './organisation/users.routes.ts';
import { OrganisationService } from './organisation/organisation.service.ts';
import { organisationRoutes } from './organisation/organisation.routes.ts';
import { setupRoutes } from './authentication/setup.routes.ts';
import { Approvals } from './grants/approvals.service.ts';
import { approvalRoutes } from './grants/approvals.routes.ts';
import { GrantsService } from './grants/grants.service.ts';
import { grantsRoutes } from './grants/grants.routes.ts';
import { RolesService } from './grants/roles.service.ts';
import { rolesRoutes } from './grants/roles.routes.ts';
import { notifySecurityEvent, SECURITY_NOTIFY_HANDLER } from './security-notifications/security-notifications.service.ts';
import { createSetupLink, executeOn, hasAdministrator, SetupService, setupBanner } from './authentication/setup.service.ts';
import './identity.tables.ts';

export type { AuthService } from './authentication/auth.service.ts';
export {
  grantRole,
  revokeRoleAssignment,
  endRoleAssignmentAt,
  currentAssignments,
  findAssignment,
  type RoleAssignment,
  type GrantInput,
} from './grants/grants.service.ts';
export { loadGrants } from './grants/grants.repository.ts';
export {
  createServiceAccount,
  deactivateServiceAccount,
  issueToken,
  listAllTokens,
  listServiceAccounts,
  listTokens,
  revokeToken,
  DEFAULT_TOKEN_DAYS,
  MAX_TOKEN_DAYS,
  type IssuedToken,
  type ServiceAccount,
  type TokenSummary,
} from './service-accounts/service-accounts.service.ts';
export { createSetupLink, executeOn, hasAdministrator, setupBanner, type Execute } from './authentication/setup.service.ts';
export { hashPassword } from './authentication/passwords.ts';
export {
  describeUsers,
  describeGroups,
  describeUnits,
  unitByCode,
  rootUnitId,
  unitSubtree,
  managerChain,
  responsibleManager,
  groupIdsOf,
  permissionHolders,
  type UserSummary,
  type UnitSummary,
} from './organisation/directory.repository.ts';

/** The module's services, for the CLI and tests (built by register). */
export interface IdentityServices {
  auth: AuthService;
  sessions: Sessions;
  throttle: Throttle;
  resets: PasswordResets;
  totp: TotpFactors;
}

/** Session rows ended longer ago than this are deleted (the audit trail keeps the events). */
const ENDED_SESSION_RETENTION_DAYS = 90;

export function createIdentityModule(
  options: { printSetupLink?: boolean } = { printSetupLink: true },
): CasusModule & { services(): IdentityServices } {
  let services: IdentityServices | null = null;
  return {
    name: 'identity',
    migrations: identityMigrations,
    permissions: identityPermissions,
    services() {
      if (!services) throw new Error('The identity module is not registered yet');
      return services;
    },
    register(ctx: ModuleContext) {
      const sessions = new Sessions(ctx.authDb, ctx.settings, ctx.permissions);
      const throttle = new Throttle(ctx.authDb.kysely, ctx.settings.auth);
      // The secret box only opens seeds still in the format before migration 0006, to convert them.
      const totp = new TotpFactors({
        keyRing: ctx.keyRing,
        legacyBox: createSecretBox(masterKeyOf(ctx.settings)),
        issuer: ctx.settings.auth.webauthnRpName,
        log: ctx.log,
      });
      for (const column of TOTP_ENCRYPTED_COLUMNS) ctx.encryption.register(column);
      // Once per start: seeds left in the old format are converted (any met before then, on first use).
      // Not fatal (the database may not be migrated yet): the seeds are then converted on first use.
      ctx.onStarted(async () => {
        await totp
          .convertLegacySeeds(ctx.authDb)
          .catch((error: unknown) => ctx.log.error({ err: error }, 'TOTP seeds not converted at start'));
      });
      const auth = new AuthService(ctx.authDb, sessions, throttle, totp);
      // Its own Mailer: the kernel's is generic, and other modules (access reviews) build theirs.
      const resets = new PasswordResets({
        db: ctx.authDb,
        settings: ctx.settings,
        sessions,
        throttle,
        auth,
        mailer: new Mailer(ctx.settings.mail),
        log: ctx.log,
      });
      services = { auth, sessions, throttle, resets, totp };
      ctx.addAuthenticator(sessions.authenticate);
      // API tokens after the session: a request with a live session cookie is that session's.
      const apiTokens = new TokenAuthenticator(ctx.authDb, ctx.permissions);
      ctx.addAuthenticator(apiTokens.authenticate);
      const serviceAccounts = new ServiceAccountsService(ctx.authDb);
      ctx.addRoutes(
        { prefix: '/service-accounts', plugin: serviceAccountRoutes(serviceAccounts, sessions) },
        { prefix: '/auth/token', plugin: tokenInfoRoutes(serviceAccounts, apiTokens) },
      );
      ctx.addRoutes({ prefix: '/auth', plugin: authRoutes(auth, sessions) });
      ctx.addRoutes({ prefix: '/auth/preferences', plugin: preferencesRoutes(new PreferencesService(ctx.authDb, sessions)) });
      registerSso(ctx, auth, sessions, throttle);
      ctx.addRoutes(
        { prefix: '/auth/password-reset', plugin: passwordResetRoutes(resets, sessions) },
        { prefix: '/auth/password', plugin: passwordChangeRoutes(resets) },
      );
      const passkeys = new PasskeyFactors(ctx.settings);
      auth.addFactorVerifier('webauthn', (tx, session, proof) => passkeys.verifyAuthentication(tx, session, proof));
      ctx.addRoutes({ prefix: '/auth/webauthn', plugin: webauthnRoutes(auth, sessions, new PasskeyService(auth, passkeys)) });
      const users = new UsersService(ctx.authDb, sessions, throttle);
      ctx.addRoutes({ prefix: '/users', plugin: usersRoutes(users, sessions) });
      ctx.addRoutes({ prefix: '/setup', plugin: setupRoutes(new SetupService(ctx.authDb, auth), sessions) });
      // First run: no administrator yet -> print a one-time setup link (never a default password).
      ctx.onStarted(async (address) => {
        if (!address || !options.printSetupLink) return;
        const execute = executeOn(ctx.authDb.pool);
        if (await hasAdministrator(execute)) return;
        process.stdout.write(setupBanner(await createSetupLink(execute, ctx.settings, 'casus-serve', address)));
        ctx.log.warn('no administrator yet: a one-time setup link was printed on the console');
      });
      const approvals = new Approvals(ctx.authDb, ctx.permissions);
      ctx.addRoutes(
        ...organisationRoutes(new OrganisationService(ctx.authDb, approvals), sessions),
        ...rolesRoutes(new RolesService(ctx.authDb, ctx.permissions, approvals), sessions),
        { prefix: '/grants', plugin: grantsRoutes(new GrantsService(ctx.authDb, approvals), sessions) },
      );
      ctx.addRoutes({ prefix: '/grant-requests', plugin: approvalRoutes(approvals, sessions) });
      const securityMail = new Mailer(ctx.settings.mail);
      // Event handlers run on the application role's pool, which reads the organisation (who holds what).
      ctx.events.subscribe('security.event-raised', SECURITY_NOTIFY_HANDLER, (tx, event) =>
        notifySecurityEvent(tx, event, { mail: securityMail, log: ctx.log, appUrl: ctx.settings.http.publicUrl }).then(() => undefined),
      );
      ctx.jobs.define({
        name: 'identity.retention',
        schedule: { cron: '23 3 * * *' },
        handler: async () => {
          const sessionsRemoved = await sessions.purgeEnded(ENDED_SESSION_RETENTION_DAYS);
          const throttlesRemoved = await throttle.purge();
          ctx.log.info({ sessions: sessionsRemoved, throttles: throttlesRemoved }, 'identity retention done');
        },
      });
      ctx.jobs.define({
        name: 'identity.sso-retention',
        schedule: { cron: '41 * * * *' },
        handler: async () => {
          const removed = await purgeSsoRequests(ctx.authDb.kysely);
          if (removed > 0) ctx.log.info({ ssoRequests: removed }, 'expired SSO sign-in requests removed');
        },
      });
    },
  };
}

export const identityModule = createIdentityModule();
