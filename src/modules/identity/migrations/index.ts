import type { Migration } from '../../../kernel/db/migrator.ts';
import { organisation } from './0001_organisation.ts';
import { roles } from './0002_roles.ts';
import { authentication } from './0003_authentication.ts';
import { seedIdentityPermissions } from './0004_seed_identity_permissions.ts';
import { ssoRequests } from './0005_sso_requests.ts';
import { keyRingSeedsAndAttempts } from './0006_key_ring_seeds_and_attempts.ts';
import { grantRequests } from './0007_grant_requests.ts';
import { authenticationLogin } from './0008_authentication_login.ts';
import { permissionNameCheck } from './0009_permission_name_check.ts';
import { preferredLanguage } from './0010_preferred_language.ts';

export const identityMigrations: Migration[] = [
  organisation,
  roles,
  authentication,
  seedIdentityPermissions,
  ssoRequests,
  keyRingSeedsAndAttempts,
  grantRequests,
  authenticationLogin,
  permissionNameCheck,
  preferredLanguage,
];
