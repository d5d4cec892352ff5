// The incidents API tests (src/modules/cases/incidents*.test.ts): a system with cases and persons,
// requests with headers, counts over the owner login.
import { adminQuery } from './database.ts';
import { buildIdentity, type IdentitySystem, type Session } from './identity.ts';
import { createCasesModule } from '../../src/modules/cases/index.ts';
import { createPersonsModule } from '../../src/modules/persons/index.ts';

export const build = (t: Parameters<typeof buildIdentity>[0]) => buildIdentity(t, { extra: [createCasesModule(), createPersonsModule()] });

/** inject() as the session, with extra headers (If-Match, Idempotency-Key). */
export function send(
  system: IdentitySystem,
  session: Session,
  method: string,
  url: string,
  body?: object,
  headers: Record<string, string> = {},
) {
  return system.app.inject({
    method: method as 'GET',
    url,
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, ...headers },
    ...(body !== undefined ? { payload: body } : {}),
  });
}

export const count = async (system: IdentitySystem, text: string, values: unknown[] = []) =>
  Number((await adminQuery<{ n: string }>(system.target.ownerUrl, `select count(*) as n from ${text}`, values)).rows[0]!.n);
