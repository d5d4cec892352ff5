// Seeds the referral permissions into the roles, and adds the role for chain partners' service
// accounts (administrators grant it to an account in the units it may send referrals to). Values are
// written out, not imported from referrals.permissions.ts: this migration is history and must keep
// doing what it did when it shipped.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const CHAIN_PARTNER_ROLE = {
  key: 'chain-partner',
  name: 'Ketenpartner (koppeling)',
  description: 'Service accounts of chain partners (police, public prosecutor): submit referrals through the integration API.',
};

export const seedReferralPermissions: Migration = {
  name: '0002_seed_permissions',
  async up(db) {
    await sql`insert into role (key, name, description) values (${CHAIN_PARTNER_ROLE.key}, ${CHAIN_PARTNER_ROLE.name}, ${CHAIN_PARTNER_ROLE.description})
      on conflict do nothing`.execute(db);
    await sql`insert into role_permission (role_id, permission)
      select role.id, seed.permission from (values
        ('case-worker', 'referrals.read-unit'),
        ('case-worker', 'referrals.create'),
        ('case-worker', 'referrals.convert'),
        ('team-lead', 'referrals.read-unit'),
        ('team-lead', 'referrals.create'),
        ('team-lead', 'referrals.assign'),
        ('team-lead', 'referrals.convert'),
        ('chain-partner', 'referrals.submit')
      ) as seed (role_key, permission) join role on role.key = seed.role_key
      on conflict do nothing`.execute(db);
  },
  async down(db) {
    await sql`delete from role_permission where permission in
      ('referrals.read-unit', 'referrals.create', 'referrals.convert', 'referrals.assign', 'referrals.submit')`.execute(db);
    // A role that was ever granted stays: its assignments are history.
    await sql`delete from role r where r.key = ${CHAIN_PARTNER_ROLE.key} and not exists (select 1 from role_assignment a where a.role_id = r.id)`.execute(
      db,
    );
  },
};
