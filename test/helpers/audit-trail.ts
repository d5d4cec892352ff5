// A sealed audit trail for the audit module's tests: the system on this file's database with a directory
// witness of its own, events written as a user, sealed and checkpointed on demand (no background worker),
// and SQL as the superuser with triggers disabled: what an attacker with the database's owner login does.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestContext } from 'node:test';
import { sql } from 'kysely';
import { recordAudit, type AuditEvent } from '../../src/kernel/audit/audit.ts';
import { systemContext, type ActorContext } from '../../src/kernel/auth/actor.ts';
import { queryOnce } from '../../src/kernel/db/client.ts';
import { createLogger } from '../../src/kernel/observability/logger.ts';
import { AuditSealer } from '../../src/modules/audit/seal/seal.repository.ts';
import { Checkpointer } from '../../src/modules/audit/seal/checkpointer.ts';
import { auditKeys, type AuditKeys } from '../../src/modules/audit/seal/keys.ts';
import { witnessFromSettings, type WitnessStore } from '../../src/modules/audit/seal/witness.ts';
import { verifyTrail } from '../../src/modules/audit/seal/verifier.ts';
import type { VerificationReport } from '../../src/modules/audit/seal/verify-report.ts';
import { build, type TestSystem } from './build.ts';
import { freshDatabase } from './database.ts';

export interface SealedTrail {
  system: TestSystem;
  ownerUrl: string;
  witnessDir: string;
  keys: AuditKeys;
  witness: WitnessStore;
  sealer: AuditSealer;
  checkpointer: Checkpointer;
  /** Writes `count` events as a user (object ids returned), in one transaction each. */
  write(count: number, event?: Partial<AuditEvent>): Promise<string[]>;
  /** Seals everything committed, issues a checkpoint, copies it to the witness store; the new tree size. */
  checkpoint(): Promise<bigint>;
  /** The event id of a leaf. */
  eventOf(leafIndex: number | bigint): Promise<string>;
  /** SQL as the superuser with triggers (and so the append-only rules) disabled. */
  tamper(statements: string): Promise<void>;
  verify(mode?: 'incremental' | 'full'): Promise<VerificationReport>;
}

export function user(): ActorContext {
  return {
    actor: { kind: 'user', id: `user-${randomUUID()}` },
    origin: { requestId: randomUUID(), traceId: null, ip: '192.0.2.10', userAgent: 'test' },
  };
}

export async function sealedTrail(t: Pick<TestContext, 'after'>, env: Record<string, string> = {}): Promise<SealedTrail> {
  const witnessDir = mkdtempSync(path.join(tmpdir(), 'casus-audit-witness-'));
  t.after(() => rmSync(witnessDir, { recursive: true, force: true }));
  const system = await build(t, { env: { CASUS_AUDIT_WITNESS_DIR: witnessDir, ...env }, target: await freshDatabase() });
  const keys = auditKeys(system.settings);
  const witness = witnessFromSettings(system.settings.audit.witness)!;
  const sealer = new AuditSealer(system.db, { batchSize: 1000 });
  const checkpointer = new Checkpointer(system.db, {
    keys,
    witness,
    intervalSeconds: 3600,
    maxLeaves: 1_000_000,
    log: createLogger({ level: 'silent' }),
  });
  const ownerUrl = system.target.ownerUrl;
  const trail: SealedTrail = {
    system,
    ownerUrl,
    witnessDir,
    keys,
    witness,
    sealer,
    checkpointer,
    async write(count, event = {}) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const objectId = randomUUID();
        await system.db.transaction(user(), (tx) => recordAudit(tx, { action: 'case.read', objectType: 'case', objectId, ...event }));
        ids.push(objectId);
      }
      return ids;
    },
    async checkpoint() {
      await sealer.sealAll();
      const issued = await checkpointer.issue({ force: true });
      await checkpointer.witnessPending({ now: true });
      if (issued) return issued.size;
      return BigInt(
        (
          await system.db.transaction(systemContext('test'), (tx) =>
            sql<{ n: string }>`select tree_size::text as n from audit_seal_state`.execute(tx.db),
          )
        ).rows[0]!.n,
      );
    },
    async eventOf(leafIndex) {
      const { rows } = await queryOnce<{ event_id: string }>(ownerUrl, 'select event_id::text from audit_leaf where leaf_index = $1', [
        String(leafIndex),
      ]);
      if (!rows[0]) throw new Error(`no leaf ${leafIndex}`);
      return rows[0].event_id;
    },
    async tamper(statements) {
      await queryOnce(ownerUrl, `set session_replication_role = replica; ${statements}; reset session_replication_role`);
    },
    verify(mode = 'full') {
      return verifyTrail(system.db, { mode, keys, witness });
    },
  };
  return trail;
}

/**
 * The audit trail of any test system kept as a working instance keeps it (sealed, checkpointed, witnessed
 * when the system has a witness store), for tests of other modules that must leave a trail that verifies.
 */
export function trailKeeper(system: TestSystem) {
  const keys = auditKeys(system.settings);
  const witness = witnessFromSettings(system.settings.audit.witness);
  const sealer = new AuditSealer(system.db, { batchSize: 1000 });
  const checkpointer = new Checkpointer(system.db, {
    keys,
    witness,
    intervalSeconds: 3600,
    maxLeaves: 1_000_000,
    log: createLogger({ level: 'silent' }),
  });
  return {
    async checkpoint(): Promise<void> {
      await sealer.sealAll();
      await checkpointer.issue({ force: true });
      if (witness) await checkpointer.witnessPending({ now: true });
    },
    verify(mode: 'incremental' | 'full' = 'full'): Promise<VerificationReport> {
      return verifyTrail(system.db, { mode, keys, witness });
    },
  };
}
