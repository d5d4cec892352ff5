// Seeds the referral permissions into the roles, and adds the role for chain partners' service
// accounts (administrators grant it to an account in the units it may send referrals to).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';
import { seedRolePermissions, unseedRolePermissions } from '../../identity/index.ts';
import { CHAIN_PARTNER_ROLE, REFERRAL_ROLE_GRANTS } from '../referrals.permissions.ts';

export const seedReferralPermissions: Migration = {
  name: '0002_seed_permissions',
  async up(db) {
    await sql`insert into role (key, name, description) values (${CHAIN_PARTNER_ROLE.key}, ${CHAIN_PARTNER_ROLE.name}, ${CHAIN_PARTNER_ROLE.description})
      on conflict do nothing`.execute(db);
    await seedRolePermissions(db, REFERRAL_ROLE_GRANTS);
  },
  async down(db) {
    await unseedRolePermissions(db, [...new Set(Object.values(REFERRAL_ROLE_GRANTS).flat())]);
    // A role that was ever granted stays: its assignments are history.
    await sql`delete from role r where r.key = ${CHAIN_PARTNER_ROLE.key} and not exists (select 1 from role_assignment a where a.role_id = r.id)`.execute(db);
  },
};
