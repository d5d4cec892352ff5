// The permissions the referrals module owns, and which roles start with them. Chain partners'
// service accounts get referrals.submit through the role 'chain-partner' (migrations/0002), granted
// in the units whose queues they may fill (nationally for the police).
import type { PermissionDefinition } from '../../kernel/auth/permissions.ts';

export const referralPermissions: PermissionDefinition[] = [
  {
    name: 'referrals.read-unit',
    description: 'See and work the referral queue of the unit: read referrals, record contact attempts, take one.',
  },
  {
    name: 'referrals.create',
    description: 'Register referrals that come in by phone, e-mail, letter, web form or in person (staff intake).',
  },
  { name: 'referrals.submit', description: 'Submit referrals through the integration API (service accounts of chain partners).' },
  { name: 'referrals.assign', description: 'Assign the unit’s referrals to colleagues.' },
  { name: 'referrals.convert', description: 'Convert the unit’s referrals to cases, or close them as duplicate or declined.' },
];

export const CHAIN_PARTNER_ROLE = {
  key: 'chain-partner',
  name: 'Ketenpartner (koppeling)',
  description: 'Service accounts of chain partners (police, public prosecutor): submit referrals through the integration API.',
};

export const REFERRAL_ROLE_GRANTS: Record<string, string[]> = {
  'case-worker': ['referrals.read-unit', 'referrals.create', 'referrals.convert'],
  'team-lead': ['referrals.read-unit', 'referrals.create', 'referrals.assign', 'referrals.convert'],
  [CHAIN_PARTNER_ROLE.key]: ['referrals.submit'],
};
