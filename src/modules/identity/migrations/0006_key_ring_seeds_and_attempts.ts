// Two hardenings of signing in.
//
// TOTP seeds move onto the kernel key ring, bound to their user (the user id is the AAD context, so a
// seed copied into another user's row no longer decrypts) and carrying their key id (so `casus keys
// rotate` can re-encrypt them). Re-encrypting needs the keys, which a migration does not have: here
// every seed still sealed the old way (secret box, purpose-only AAD) gets a leading 0x00 byte, a
// marker no key-ring value has (they start with their version, 0x01). The identity module converts
// marked seeds when it starts, and any it meets earlier on first use. A NOT VALID check constraint
// lets no marked value be written from now on (existing rows are exempt until converted), so the
// old, copyable format can never come back into a row: not by the application, not by a copy.
//
// Attempt reservations: `attempt_started_at` is when an account's latest attempt was reserved (see
// throttle.ts). A reservation that never resolved (the process died) is recognised by its age.
//
// During a rolling upgrade, instances of the previous release cannot read marked seeds: upgrade all.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const keyRingSeedsAndAttempts: Migration = {
  name: '0006_key_ring_seeds_and_attempts',
  async up(db) {
    await sql`alter table auth_throttle add column attempt_started_at timestamptz`.execute(db);
    await sql`update totp_factor set secret = '\\x00'::bytea || secret where secret is not null`.execute(db);
    await sql`update totp_factor set pending_secret = '\\x00'::bytea || pending_secret where pending_secret is not null`.execute(db);
    await sql`alter table totp_factor add constraint totp_factor_seeds_on_key_ring check (
        (secret is null or substring(secret from 1 for 1) <> '\\x00'::bytea)
        and (pending_secret is null or substring(pending_secret from 1 for 1) <> '\\x00'::bytea)) not valid`.execute(db);
  },
  async down(db) {
    // Seeds already on the key ring cannot be turned back into the old format without the keys: the
    // previous release could not read them. Rather than leave those users unable to sign in, or remove
    // their second factor, refuse; resetting their factors (users.support) first makes the way free.
    await sql`do $$ begin
        if exists (select 1 from totp_factor where substring(secret from 1 for 1) <> '\\x00'::bytea
                   or substring(pending_secret from 1 for 1) <> '\\x00'::bytea) then
          raise exception 'TOTP seeds on the key ring cannot be rolled back to the old format'
            using hint = 'Reset the second factors of users enrolled since the upgrade, then roll back again.';
        end if;
      end $$`.execute(db);
    await sql`alter table totp_factor drop constraint totp_factor_seeds_on_key_ring`.execute(db);
    await sql`update totp_factor set secret = substring(secret from 2) where secret is not null`.execute(db);
    await sql`update totp_factor set pending_secret = substring(pending_secret from 2) where pending_secret is not null`.execute(db);
    await sql`alter table auth_throttle drop column attempt_started_at`.execute(db);
  },
};
