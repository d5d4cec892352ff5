// The audit module: everything done with the audit trail the kernel writes (kernel/audit/audit.ts):
// sealing it into a verifiable Merkle tree with signed checkpoints, verifying it, expiring it by
// category, reading it (search, export, "who looked at this client"), detecting misuse while it
// happens, and shipping it to a central log system. Other modules use only what this file exports.
import type { CasusModule } from '../../kernel/module.ts';
import { auditMigrations } from './migrations/index.ts';
import { auditPermissions } from './audit.permissions.ts';
import { registerTrail } from './trail/trail.module.ts';

export function createAuditModule(): CasusModule {
  return {
    name: 'audit',
    migrations: auditMigrations,
    permissions: auditPermissions,
    register(ctx) {
      registerTrail(ctx);
    },
  };
}

export const auditModule = createAuditModule();
