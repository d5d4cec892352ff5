// The identity module: who is who (organisational units, users, groups), who may what (roles,
// scoped and dated grants), and how people prove it (passwords, second factors, sessions). Other
// modules use only what this file exports.
import type { CasusModule, ModuleContext } from '../../kernel/module.ts';
import { createSecretBox, masterKeyOf } from '../../kernel/crypto/secret-box.ts';
import { identityMigrations } from './migrations/index.ts';
import { identityPermissions } from './identity.permissions.ts';
import { Sessions } from './sessions.ts';
import { Throttle } from './throttle.ts';
import { TOTP_ENCRYPTED_COLUMNS, TotpFactors } from './totp.ts';
import { AuthService } from './auth.service.ts';
import { authRoutes } from './auth.routes.ts';
import { registerSso } from './sso.routes.ts';
import { Mailer } from '../../kernel/mail/mailer.ts';
import { PasswordResets } from './password-reset.ts';
import { passwordChangeRoutes, passwordResetRoutes } from './password-reset.routes.ts';
import { PasskeyFactors } from './webauthn.ts';
import { PasskeyService } from './webauthn.service.ts';
import { webauthnRoutes } from './webauthn.routes.ts';
import { TokenAuthenticator } from './token-authenticator.ts';
import { serviceAccountRoutes, tokenInfoRoutes } from './service-accounts.routes.ts';
import { UsersService } from './users.service.ts';
import { usersRoutes } from './users.routes.ts';
import { OrganisationService } from './organisation.service.ts';
import { organisationRoutes } from './organisation.routes.ts';
import { setupRoutes } from './setup.routes.ts';
import { Approvals } from './approvals.service.ts';
import { approvalRoutes } from './approvals.routes.ts';
import { notifySecurityEvent, SECURITY_NOTIFY_HANDLER } from './security-notifications.ts';
import { createSetupLink, hasAdministrator, setupBanner, type Execute } from './setup.ts';
import './identity.tables.ts';

export { seedRolePermissions, unseedRolePermissions, SEEDED_ROLES } from './migrations/0002_roles.ts';
export type { AuthService } from './auth.service.ts';
export { grantRole, revokeRoleAssignment, endRoleAssignmentAt, currentAssignments, findAssignment, responsibleManager, type RoleAssignment, type GrantInput } from './grants.service.ts';
export { loadGrants } from './grants.repository.ts';
export { createServiceAccount, deactivateServiceAccount, issueToken, listAllTokens, listServiceAccounts, listTokens, revokeToken, DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS, type IssuedToken, type ServiceAccount, type TokenSummary } from './api-tokens.ts';
export { describeUsers, describeGroups, describeUnits, unitByCode, rootUnitId, unitSubtree, managerChain, groupIdsOf, permissionHolders, type UserSummary, type UnitSummary } from './directory.ts';

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

export function createIdentityModule(options: { printSetupLink?: boolean } = { printSetupLink: true }): CasusModule & { services(): IdentityServices } {
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
      const totp = new TotpFactors({ keyRing: ctx.keyRing, legacyBox: createSecretBox(masterKeyOf(ctx.settings)), issuer: ctx.settings.auth.webauthnRpName, log: ctx.log });
      for (const column of TOTP_ENCRYPTED_COLUMNS) ctx.encryption.register(column);
      // Once per start: seeds left in the old format are converted (any met before then, on first use).
      // Not fatal (the database may not be migrated yet): the seeds are then converted on first use.
      ctx.onStarted(async () => {
        await totp.convertLegacySeeds(ctx.authDb).catch((error: unknown) => ctx.log.error({ err: error }, 'TOTP seeds not converted at start'));
      });
      const auth = new AuthService(ctx.authDb, sessions, throttle, totp);
      // Its own Mailer: the kernel's is generic, and other modules (access reviews) build theirs.
      const resets = new PasswordResets({ db: ctx.authDb, settings: ctx.settings, sessions, throttle, auth, mailer: new Mailer(ctx.settings.mail), log: ctx.log });
      services = { auth, sessions, throttle, resets, totp };
      ctx.addAuthenticator(sessions.authenticate);
      // API tokens after the session: a request with a live session cookie is that session's.
      const apiTokens = new TokenAuthenticator(ctx.authDb, ctx.permissions);
      ctx.addAuthenticator(apiTokens.authenticate);
      ctx.addRoutes({ prefix: '/service-accounts', plugin: serviceAccountRoutes(ctx.authDb, sessions) }, { prefix: '/auth/token', plugin: tokenInfoRoutes(ctx.authDb, apiTokens) });
      ctx.addRoutes({ prefix: '/auth', plugin: authRoutes(auth, sessions) });
      registerSso(ctx, auth, sessions, throttle);
      ctx.addRoutes({ prefix: '/auth/password-reset', plugin: passwordResetRoutes(resets, sessions) }, { prefix: '/auth/password', plugin: passwordChangeRoutes(resets) });
      const passkeys = new PasskeyFactors(ctx.settings);
      auth.addFactorVerifier('webauthn', (tx, session, proof) => passkeys.verifyAuthentication(tx, session, proof));
      ctx.addRoutes({ prefix: '/auth/webauthn', plugin: webauthnRoutes(auth, sessions, new PasskeyService(auth, passkeys)) });
      const users = new UsersService(ctx.authDb, sessions, throttle);
      ctx.addRoutes({ prefix: '/users', plugin: usersRoutes(users, sessions, ctx.authDb) });
      ctx.addRoutes({ prefix: '/setup', plugin: setupRoutes(ctx.authDb, auth, sessions) });
      // First run: no administrator yet -> print a one-time setup link (never a default password).
      ctx.onStarted(async (address) => {
        if (!address || !options.printSetupLink) return;
        const execute: Execute = async (text, values) => ctx.authDb.pool.query(text, values);
        if (await hasAdministrator(execute)) return;
        process.stdout.write(setupBanner(await createSetupLink(execute, ctx.settings, 'casus-serve', address)));
        ctx.log.warn('no administrator yet: a one-time setup link was printed on the console');
      });
      const approvals = new Approvals(ctx.authDb, ctx.permissions);
      ctx.addRoutes(...organisationRoutes(new OrganisationService(ctx.authDb, ctx.permissions, approvals), sessions, ctx.authDb, ctx.permissions));
      ctx.addRoutes({ prefix: '/grant-requests', plugin: approvalRoutes(approvals, sessions) });
      const securityMail = new Mailer(ctx.settings.mail);
      // Event handlers run on the application role's pool, which reads the organisation (who holds what).
      ctx.events.subscribe('security.event-raised', SECURITY_NOTIFY_HANDLER, (tx, event) =>
        notifySecurityEvent(tx, event, { mail: securityMail, log: ctx.log, appUrl: ctx.settings.http.publicUrl }).then(() => undefined));
      ctx.jobs.define({
        name: 'identity.retention',
        schedule: { cron: '23 3 * * *' },
        handler: async () => {
          const sessionsRemoved = await ctx.authDb.kysely.deleteFrom('user_session')
            .where('ended_at', '<', new Date(Date.now() - ENDED_SESSION_RETENTION_DAYS * 86_400_000)).executeTakeFirst();
          const throttlesRemoved = await throttle.purge();
          ctx.log.info({ sessions: Number(sessionsRemoved.numDeletedRows), throttles: throttlesRemoved }, 'identity retention done');
        },
      });
    },
  };
}

export const identityModule = createIdentityModule();
