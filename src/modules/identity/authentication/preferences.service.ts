// A person's own preferences, changed by herself in a signed-in browser session: for now the interface
// language, so the web client shows it in every browser she signs in from. Not the account's data that
// administrators edit (PATCH /users/{id}, with its version): a preference changes neither version nor
// updated_at, so it never makes an administrator's edit conflict. Audited like every change to an account.
import type { FastifyRequest } from 'fastify';
import type { Database } from '../../../kernel/db/database.ts';
import { AppError } from '../../../kernel/errors.ts';
import { recordAudit } from '../../../kernel/audit/audit.ts';
import type { Sessions } from '../sessions/sessions.service.ts';
import { lockPreferredLanguage, setPreferredLanguage, type Language } from './preferences.repository.ts';

export class PreferencesService {
  readonly #db: Database;
  readonly #sessions: Sessions;

  constructor(db: Database, sessions: Sessions) {
    this.#db = db;
    this.#sessions = sessions;
  }

  /** Her own language; an API token has no person behind it to prefer anything (403). */
  async setLanguage(request: FastifyRequest, language: Language): Promise<{ language: Language }> {
    const session = this.#sessions.sessionOf(request);
    if (!session) throw AppError.forbidden('Only a signed-in browser session has preferences.');
    await this.#db.transaction(request.actorContext(), async (tx) => {
      const previous = await lockPreferredLanguage(tx.db, session.user_id);
      if (!previous) throw AppError.unauthorized();
      // The same choice again writes nothing (no audit event without a change).
      if (previous.language === language) return;
      await setPreferredLanguage(tx.db, session.user_id, language);
      await recordAudit(tx, {
        action: 'user.preferences-changed',
        objectType: 'user',
        objectId: session.user_id,
        changedFields: ['preferredLanguage'],
        details: { language: { from: previous.language, to: language } },
      });
    });
    return { language };
  }
}
