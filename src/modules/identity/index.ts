// The identity module: who is who (organisational units, users, groups), who may what (roles,
// scoped and dated grants), and how people prove it (passwords, second factors, sessions). Other
// modules use only what this file exports.
import type { CasusModule, ModuleContext } from '../../kernel/module.ts';
import { createSecretBox, masterKeyOf } from '../../kernel/crypto/secret-box.ts';
import { identityMigrations } from './migrations/index.ts';
import { identityPermissions } from './identity.permissions.ts';
import { Sessions } from './sessions.ts';
import { Throttle } from './throttle.ts';
import { TotpFactors } from './totp.ts';
import { AuthService } from './auth.service.ts';
import { authRoutes } from './auth.routes.ts';
import './identity.tables.ts';

export { seedRolePermissions, unseedRolePermissions, SEEDED_ROLES } from './migrations/0002_roles.ts';
export type { AuthService } from './auth.service.ts';
export { grantRole, revokeRoleAssignment, endRoleAssignmentAt, currentAssignments, findAssignment, responsibleManager, type RoleAssignment, type GrantInput } from './grants.service.ts';
export { loadGrants } from './grants.repository.ts';

/** The module's services, for the CLI and tests (built by register). */
export interface IdentityServices {
  auth: AuthService;
  sessions: Sessions;
  throttle: Throttle;
}

/** Session rows ended longer ago than this are deleted (the audit trail keeps the events). */
const ENDED_SESSION_RETENTION_DAYS = 90;

export function createIdentityModule(): CasusModule & { services(): IdentityServices } {
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
      const box = createSecretBox(masterKeyOf(ctx.settings));
      const sessions = new Sessions(ctx.db, ctx.settings, ctx.permissions);
      const throttle = new Throttle(ctx.db.kysely, ctx.settings.auth);
      const totp = new TotpFactors(box, ctx.settings.auth.webauthnRpName);
      const auth = new AuthService(ctx.db, sessions, throttle, totp);
      services = { auth, sessions, throttle };
      ctx.addAuthenticator(sessions.authenticate);
      ctx.addRoutes({ prefix: '/auth', plugin: authRoutes(auth, sessions) });
      ctx.jobs.define({
        name: 'identity.retention',
        schedule: { cron: '23 3 * * *' },
        handler: async () => {
          const sessionsRemoved = await ctx.db.kysely.deleteFrom('user_session')
            .where('ended_at', '<', new Date(Date.now() - ENDED_SESSION_RETENTION_DAYS * 86_400_000)).executeTakeFirst();
          const throttlesRemoved = await throttle.purge();
          ctx.log.info({ sessions: Number(sessionsRemoved.numDeletedRows), throttles: throttlesRemoved }, 'identity retention done');
        },
      });
    },
  };
}

export const identityModule = createIdentityModule();
