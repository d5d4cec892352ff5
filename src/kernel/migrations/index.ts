import type { ModuleMigrations } from '../db/migrator.ts';
import { applicationRole } from './0001_application_role.ts';
import { auditTrail } from './0002_audit_trail.ts';
import { outbox } from './0003_outbox.ts';
import { outboxRetention } from './0004_outbox_retention.ts';
import { actorFunctions } from './0005_actor_functions.ts';
import { sealedActor } from './0006_sealed_actor.ts';
import { scopedGrants } from './0007_scoped_grants.ts';
import { workingDays } from './0008_working_days.ts';
import { idempotency } from './0009_idempotency.ts';
import { actorFunctionsPlpgsql } from './0010_actor_functions_plpgsql.ts';
import { auditListedIds } from './0011_audit_listed_ids.ts';
import { transactionSeal } from './0012_transaction_seal.ts';
import { auditFromSeal } from './0013_audit_from_seal.ts';
import { authenticationRole } from './0014_authentication_role.ts';
import { auditTransactionId } from './0015_audit_transaction_id.ts';

export const kernelMigrations: ModuleMigrations = {
  module: 'kernel',
  migrations: [
    applicationRole,
    auditTrail,
    outbox,
    outboxRetention,
    actorFunctions,
    sealedActor,
    scopedGrants,
    workingDays,
    idempotency,
    actorFunctionsPlpgsql,
    auditListedIds,
    transactionSeal,
    auditFromSeal,
    authenticationRole,
    auditTransactionId,
  ],
};
