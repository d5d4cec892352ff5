// The referrals module's API tests (src/modules/referrals/*.test.ts): a system with the modules a referral
// touches, a chain partner's API token and its submissions, counts over the owner login.
import assert from 'node:assert/strict';
import { systemContext } from '../../src/kernel/auth/actor.ts';
import { adminQuery } from './database.ts';
import { buildIdentity, createUser, grantRole, signIn, totpCode, unitId, type IdentitySystem } from './identity.ts';
import { issueToken } from '../../src/modules/identity/index.ts';
import { createCasesModule } from '../../src/modules/cases/index.ts';
import { createPersonsModule } from '../../src/modules/persons/index.ts';
import { createTasksModule } from '../../src/modules/tasks/index.ts';
import { createReferralsModule } from '../../src/modules/referrals/index.ts';

export const build = (t: Parameters<typeof buildIdentity>[0], env?: Record<string, string>) =>
  buildIdentity(t, {
    extra: [createCasesModule(), createPersonsModule(), createReferralsModule(), createTasksModule()],
    ...(env ? { env } : {}),
  });

export const count = async (system: IdentitySystem, text: string, values: unknown[] = []) =>
  Number((await adminQuery<{ n: string }>(system.target.ownerUrl, `select count(*) as n from ${text}`, values)).rows[0]!.n);

/**
 * A chain partner's service account (created through the API by IT operations) with an API token issued
 * the way `casus tokens create` does, as the operator's system actor: a token carries only what its issuer
 * could grant, and no person holds referrals.submit (identity/escalation.test.ts).
 */
export async function policeToken(
  system: IdentitySystem,
  name: string,
  grantUnitCode = 'national',
): Promise<{ accountId: string; token: string }> {
  const admin = await createUser(system, `${name}-admin`);
  await grantRole(system, admin.id, 'it-operations', 'national');
  const session = await signIn(system, admin);
  assert.equal(
    (await session.request('POST', '/api/v1/auth/reauthenticate', { method: 'totp', code: await totpCode(admin) })).statusCode,
    204,
  );
  const account = await session.request('POST', '/api/v1/service-accounts', {
    username: name,
    displayName: `Politie ${name}`,
    unitId: await unitId(system, 'national'),
    reason: 'BVH-koppeling aanmeldingen',
  });
  assert.equal(account.statusCode, 201, account.body);
  // Police refer victims all over the country: the role usually holds nationally, so in every team's unit.
  await grantRole(system, account.json().id, 'chain-partner', grantUnitCode);
  const issued = await system.authDb.transaction(systemContext('cli:tokens'), (tx) =>
    issueToken(tx, {
      accountId: account.json().id as string,
      name: 'productie',
      expiresAt: new Date(Date.now() + 86_400_000),
      reason: 'BVH-koppeling',
    }),
  );
  return { accountId: account.json().id, token: issued.token };
}

export function submit(system: IdentitySystem, token: string, body: object, key?: string) {
  return system.app.inject({
    method: 'POST',
    url: '/api/v1/integration/referrals',
    headers: { authorization: `Bearer ${token}`, ...(key ? { 'idempotency-key': key } : {}) },
    payload: body,
  });
}

export const iso = (d: Date) => d.toISOString();
