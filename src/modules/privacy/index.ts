// The privacy module: the privacy officer's tools under the GDPR (AVG): the processing register
// (verwerkingsregister), data-subject access exports, rectification history, erasure and
// anonymisation, and destruction of cases past their retention period. Other modules use only what
// this file exports.
import type { CasusModule } from '../../kernel/module.ts';
import { privacyMigrations } from './migrations/index.ts';
import { privacyPermissions } from './privacy.permissions.ts';

export function createPrivacyModule(): CasusModule {
  return {
    name: 'privacy',
    migrations: privacyMigrations,
    permissions: privacyPermissions,
    register() {},
  };
}

export const privacyModule = createPrivacyModule();
