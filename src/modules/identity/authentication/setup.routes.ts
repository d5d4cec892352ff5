// POST /api/v1/setup: the one-time setup link creates the first administrator (password + the
// functional-administrator role at the national unit) and starts an *enrolling* session: nothing
// works until the administrator has set up a second factor.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { sql } from 'kysely';
import { AppError } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { sha256Hex } from '../../../kernel/crypto/tokens.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { AuthService } from './auth.service.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import { hashPassword, passwordFieldErrors } from './passwords.ts';
import { FIRST_ADMIN_ROLE } from './setup.service.ts';
import { Email, Username } from '../identity.schemas.ts';

export function setupRoutes(db: Database, auth: AuthService, sessions: Sessions): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post('/', {
      config: { access: { public: true } },
      schema: {
        tags: ['authentication'],
        summary: 'Create an administrator with a one-time setup link (first run, or `casus users bootstrap-admin`)',
        body: Type.Object({
          token: Type.String({ minLength: 20, maxLength: 100 }),
          username: Username,
          displayName: Type.String({ minLength: 1, maxLength: 200 }),
          email: Type.Union([Email, Type.Null()]),
          password: Type.String({ minLength: 1, maxLength: 1024 }),
        }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            next: Type.Literal('enrol-second-factor'),
            methods: Type.Array(Type.String()),
            csrfToken: Type.String(),
          }),
        },
      },
    }, async (request, reply) => {
      const body = request.body;
      const ctx = request.actorContext();
      await auth.throttle.checkIp(ctx.origin.ip ?? 'unknown');
      const passwordErrors = passwordFieldErrors(body.password, [body.username, body.email, body.displayName]);
      if (passwordErrors.length > 0) throw AppError.badRequest('Choose another password.', passwordErrors);
      const hash = await hashPassword(body.password);
      const userId = await db.transaction(ctx, async (tx) => {
        const link = await tx.db.selectFrom('one_time_link').select(['id']).where('token_hash', '=', sha256Hex(body.token)).where('purpose', '=', 'setup')
          .where('used_at', 'is', null).where('expires_at', '>', sql<Date>`now()`).forUpdate().executeTakeFirst();
        if (!link) return null;
        await tx.db.updateTable('one_time_link').set({ used_at: sql<Date>`now()` }).where('id', '=', link.id).execute();
        const root = await tx.db.selectFrom('org_unit').select('id').where('parent_id', 'is', null).executeTakeFirstOrThrow();
        const user = await tx.db.insertInto('app_user')
          .values({ kind: 'staff', username: body.username.toLowerCase(), display_name: body.displayName, email: body.email?.toLowerCase() ?? null, unit_id: root.id })
          .returning('id').executeTakeFirstOrThrow()
          .catch((error: unknown) => {
            if ((error as { code?: string }).code === '23505') throw AppError.badRequest('That username or e-mail address is already in use.', [{ pointer: '/body/username', detail: 'already in use' }]);
            throw error;
          });
        await tx.db.insertInto('password_credential').values({ user_id: user.id, hash }).execute();
        await sql`insert into role_assignment (role_id, user_id, unit_id, reason, granted_by)
          select id, ${user.id}::uuid, ${root.id}::uuid, 'first administrator (setup link)', 'system:setup' from role where key = ${FIRST_ADMIN_ROLE}`.execute(tx.db);
        await recordAudit(tx, { action: 'user.bootstrap-admin', objectType: 'user', objectId: user.id, reason: 'setup link', details: { linkId: link.id, role: FIRST_ADMIN_ROLE } });
        return user.id;
      });
      if (!userId) {
        await auth.throttle.failIp(ctx.origin.ip ?? 'unknown');
        throw new AppError({ status: 400, code: 'invalid-or-expired-link', title: 'Invalid or expired link', detail: 'This setup link is used, replaced or expired. Run `casus users bootstrap-admin` for a new one.' });
      }
      const step = await auth.beginSecondStep({ ...ctx, actor: { kind: 'user', id: userId } }, userId, 'setup');
      sessions.setCookie(reply, step.token);
      return { next: 'enrol-second-factor' as const, methods: [], csrfToken: step.session.csrf_token };
    });
  };
}
