// First run without default credentials. While no active person holds a grant to manage grants (no
// administrator), each start of `casus serve` makes a one-time setup link and prints it on the
// console; `casus users bootstrap-admin` makes one on demand (also to recover when every
// administrator is locked out: it is run by whoever operates the database, who could do more anyway).
// The link creates one administrator (password + the functional-administrator role at the national
// unit) and starts an *enrolling* session: nothing works until she has set up a second factor.
// Only the newest link is valid; it expires after 24 hours.
import type { ActorContext } from '../../../kernel/auth/actor.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { publicBaseUrl, type Settings } from '../../../kernel/config.ts';
import { randomToken, sha256Hex } from '../../../kernel/crypto/tokens.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { onViolation } from '../../../kernel/db/sqlstate.ts';
import { AppError } from '../../../kernel/errors.ts';
import { alreadyInUse } from '../identity.errors.ts';
import { userContext, type AuthService, type SignInStep } from './auth.service.ts';
import { hashPassword, passwordFieldErrors } from './passwords.ts';
import { insertAdministrator, replaceSetupLink, spendSetupLink, type Execute } from './setup.repository.ts';

export { executeOn, hasAdministrator, type Execute } from './setup.repository.ts';

export const SETUP_LINK_HOURS = 24;
export const FIRST_ADMIN_ROLE = 'functional-administrator';

/** Makes a new setup link (earlier unused ones stop working) and records it in the audit trail. */
export async function createSetupLink(
  execute: Execute,
  settings: Settings,
  createdBy: string,
  listening?: string | null,
): Promise<{ url: string; expiresAt: Date }> {
  const token = randomToken();
  const link = await replaceSetupLink(execute, { tokenHash: sha256Hex(token), createdBy, validHours: SETUP_LINK_HOURS });
  // In the fragment: browsers do not send it to servers, so it stays out of access logs and proxies.
  return { url: `${publicBaseUrl(settings, listening)}/setup#token=${token}`, expiresAt: link.expiresAt };
}

export function setupBanner(link: { url: string; expiresAt: Date }): string {
  const line = '-'.repeat(78);
  return (
    `\n${line}\nCasus has no administrator yet. Create the first one (with a second factor) at:\n\n  ${link.url}\n\n` +
    `The link works once and until ${link.expiresAt.toISOString()}. \`casus users bootstrap-admin\` makes a new one.\n${line}\n\n`
  );
}

export interface SetupInput {
  token: string;
  username: string;
  displayName: string;
  email: string | null;
  password: string;
}

export class SetupService {
  readonly #db: Database;
  readonly #auth: AuthService;

  constructor(db: Database, auth: AuthService) {
    this.#db = db;
    this.#auth = auth;
  }

  /** Spends the link, creates the administrator and starts her enrolling sign-in; a bad link counts against the address. */
  async complete(ctx: ActorContext, input: SetupInput): Promise<SignInStep> {
    await this.#auth.throttle.checkIp(ctx.origin.ip ?? 'unknown');
    const passwordErrors = passwordFieldErrors(input.password, [input.username, input.email, input.displayName]);
    if (passwordErrors.length > 0) throw AppError.badRequest('Choose another password.', passwordErrors);
    const hash = await hashPassword(input.password);
    const userId = await this.#db.transaction(ctx, async (tx) => {
      const linkId = await spendSetupLink(tx, sha256Hex(input.token));
      if (!linkId) return null;
      const user = await insertAdministrator(tx, {
        username: input.username.toLowerCase(),
        displayName: input.displayName,
        email: input.email?.toLowerCase() ?? null,
        passwordHash: hash,
        roleKey: FIRST_ADMIN_ROLE,
      }).catch(onViolation({ unique: () => alreadyInUse('username', 'username or e-mail address') }));
      await recordAudit(tx, {
        action: 'user.bootstrap-admin',
        objectType: 'user',
        objectId: user,
        reason: 'setup link',
        details: { linkId, role: FIRST_ADMIN_ROLE },
      });
      return user;
    });
    if (!userId) {
      await this.#auth.throttle.failIp(ctx.origin.ip ?? 'unknown');
      throw new AppError({
        status: 400,
        code: 'invalid-or-expired-link',
        title: 'Invalid or expired link',
        detail: 'This setup link is used, replaced or expired. Run `casus users bootstrap-admin` for a new one.',
      });
    }
    return this.#auth.beginSecondStep(userContext(ctx, userId), userId, 'setup');
  }
}
