// TOTP seeds on the key ring: bound to their user, rotatable with the other encrypted columns, and
// seeds enrolled before migration 0006 (the secret box, purpose-only AAD) keep working and are moved.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { generate } from 'otplib';
import { adminQuery } from '../../../../test/helpers/database.ts';
import {
  buildIdentity,
  cookieOf,
  createUser,
  sessionFrom,
  signIn,
  TEST_PASSWORD,
  totpCode,
  type IdentitySystem,
  type TestUser,
} from '../../../../test/helpers/identity.ts';
import { createSecretBox, masterKeyOf } from '../../../kernel/crypto/secret-box.ts';
import { rotateAll } from '../../../kernel/crypto/rotation.ts';
import { keyRingSeedsAndAttempts } from '../migrations/0006_key_ring_seeds_and_attempts.ts';

const A = randomBytes(32).toString('base64');
const B = randomBytes(32).toString('base64');
const INDEX = randomBytes(32).toString('base64');

async function seedOf(system: IdentitySystem, userId: string): Promise<Buffer | null> {
  const { rows } = await adminQuery<{ secret: Buffer | null }>(
    system.target.ownerUrl,
    'select secret from totp_factor where user_id = $1',
    [userId],
  );
  return rows[0]?.secret ?? null;
}

/** Password, then a TOTP code for the pending sign-in: the status of the second step. */
async function secondStep(system: IdentitySystem, user: TestUser, code: string): Promise<number> {
  const first = await system.app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    payload: { username: user.username, password: TEST_PASSWORD },
  });
  assert.equal(first.json().next, 'second-factor', first.body);
  const pending = sessionFrom(system, cookieOf(first), first.json().csrfToken);
  return (await pending.request('POST', '/api/v1/auth/second-factor', { method: 'totp', code })).statusCode;
}

async function withOwnerKysely<T>(ownerUrl: string, work: (db: Kysely<unknown>) => Promise<T>): Promise<T> {
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: ownerUrl, max: 1 }) }) });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

// Proves: the seed is bound to its user: copied (with its step counter) into another user's row, it
// does not decrypt there, so its owner's codes do not sign the other user in (401, not 500).
test("a seed copied into another user's row does not verify", async (t) => {
  const system = await buildIdentity(t);
  const ann = await createUser(system, 'ann');
  const ben = await createUser(system, 'ben');
  await signIn(system, ann);
  await signIn(system, ben);
  const annSeed = await seedOf(system, ann.id);
  assert.equal(system.keyRing.keyIdOf(annSeed!), system.keyRing.activeKeyId, 'stored on the key ring, with its key id');
  assert.ok(!annSeed!.includes(Buffer.from(ann.totpSecret!)), 'no plaintext seed in the row');
  await adminQuery(
    system.target.ownerUrl,
    `update totp_factor set secret = (select secret from totp_factor where user_id = $1) where user_id = $2`,
    [ann.id, ben.id],
  );
  assert.equal(await secondStep(system, ben, await generate({ secret: ann.totpSecret!, epoch: Math.floor(Date.now() / 1000) })), 401);
  assert.equal(await secondStep(system, ann, await totpCode(ann)), 200, 'the seed still works for its own user');
});

// Proves: the TOTP seed columns are registered for rotation, and a rotation moves them to the new
// active key, after which the user signs in with the same authenticator as before.
test('key rotation re-encrypts TOTP seeds', async (t) => {
  const keys = { CASUS_ENCRYPTION_KEYS: `t1:${A}`, CASUS_ENCRYPTION_ACTIVE_KEY: 't1', CASUS_BLIND_INDEX_KEY: INDEX };
  const before = await buildIdentity(t, { env: keys });
  // The tests of a file share a database: seeds of earlier tests are under another key ring.
  await adminQuery(before.target.ownerUrl, 'delete from totp_factor');
  const cleo = await createUser(before, 'cleo');
  await signIn(before, cleo);
  assert.equal(before.keyRing.keyIdOf((await seedOf(before, cleo.id))!), 't1');
  const after = await buildIdentity(t, { env: { ...keys, CASUS_ENCRYPTION_KEYS: `t1:${A},t2:${B}`, CASUS_ENCRYPTION_ACTIVE_KEY: 't2' } });
  const columns = after.encryption.all().filter((c) => c.table === 'totp_factor');
  assert.deepEqual(columns.map((c) => c.column).sort(), ['pending_secret', 'secret']);
  const outcomes = await rotateAll(after.db, after.keyRing, columns, { authDb: after.authDb });
  assert.ok(
    outcomes.every((o) => o.error === undefined && o.result.failed === 0),
    JSON.stringify(outcomes),
  );
  assert.equal(after.keyRing.keyIdOf((await seedOf(after, cleo.id))!), 't2');
  assert.equal(await secondStep(after, cleo, await totpCode(cleo)), 200);
});

// Proves: users enrolled before the upgrade keep signing in with their authenticator. Their seeds
// (as the old code sealed them) are marked by migration 0006, converted on first use or by the
// conversion at start, and no marked (old-format) seed can be written after the migration.
test('seeds enrolled before the upgrade keep working and move onto the key ring', async (t) => {
  const system = await buildIdentity(t);
  const owner = system.target.ownerUrl;
  // Back to before 0006 (it refuses while key-ring seeds exist: the other tests' users have some).
  await adminQuery(owner, 'delete from totp_factor');
  await withOwnerKysely(owner, (db) => keyRingSeedsAndAttempts.down(db, { appRole: 'unused', authRole: 'unused' }));
  const box = createSecretBox(masterKeyOf(system.settings));
  const users: TestUser[] = [];
  for (const name of ['dora', 'emil']) {
    const user = await createUser(system, name);
    user.totpSecret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
    // Exactly what the previous release stored: AES-GCM under the secret box, the purpose as AAD.
    await adminQuery(owner, `insert into totp_factor (user_id, secret, confirmed_at) values ($1, $2, now())`, [
      user.id,
      box.seal('identity.totp-seed', Buffer.from(user.totpSecret)),
    ]);
    users.push(user);
  }
  await withOwnerKysely(owner, (db) => keyRingSeedsAndAttempts.up(db, { appRole: 'unused', authRole: 'unused' }));
  const [dora, emil] = users as [TestUser, TestUser];
  assert.equal((await seedOf(system, dora.id))![0], 0, 'marked as the old format');

  // First use converts (on the way to checking the code).
  assert.equal(await secondStep(system, dora, await totpCode(dora)), 200);
  assert.equal(system.keyRing.keyIdOf((await seedOf(system, dora.id))!), system.keyRing.activeKeyId);
  // The conversion at start converts the rest.
  assert.equal(await system.identity.totp.convertLegacySeeds(system.authDb), 1);
  assert.equal(system.keyRing.keyIdOf((await seedOf(system, emil.id))!), system.keyRing.activeKeyId);
  assert.equal(await secondStep(system, emil, await totpCode(emil)), 200);
  assert.equal(await system.identity.totp.convertLegacySeeds(system.authDb), 0, 'nothing left');

  // An old-format seed cannot come back into a row, not even from the owner.
  await assert.rejects(
    adminQuery(owner, `update totp_factor set secret = '\\x00'::bytea || $1::bytea where user_id = $2`, [
      box.seal('identity.totp-seed', Buffer.from(dora.totpSecret!)),
      emil.id,
    ]),
    /totp_factor_seeds_on_key_ring/,
  );
});
