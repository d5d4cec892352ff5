// The trail's health for /metrics (issue 14's alerting uses them), read from the database when Prometheus
// scrapes, one query per scrape:
//   casus_audit_tree_size                          leaves sealed
//   casus_audit_seal_lag_seconds                   age of the oldest committed event not yet sealed (0: none waits)
//   casus_audit_checkpoint_size, _age_seconds      the newest checkpoint
//   casus_audit_checkpoints_unwitnessed            checkpoints whose witness copy is not written yet
//   casus_audit_verify_last_success_timestamp_seconds   when the last verification that passed finished
//   casus_audit_verify_failures                    failed verifications since the last one that passed (0: fine)
import { Gauge, type Registry } from 'prom-client';
import { systemContext } from '../../../kernel/auth/actor.ts';
import type { Database } from '../../../kernel/db/database.ts';
import { trailHealthRow } from './status.repository.ts';

export interface TrailHealth {
  treeSize: number;
  sealLagSeconds: number;
  checkpointSize: number;
  checkpointAgeSeconds: number;
  unwitnessed: number;
  lastSuccess: number;
  failures: number;
}

const ACTOR = systemContext('audit-metrics');

export async function trailHealth(db: Database): Promise<TrailHealth> {
  return db.transaction(ACTOR, async (tx) => {
    const row = await trailHealthRow(tx);
    const num = (v: string | null) => (v === null ? NaN : Number(v));
    return {
      treeSize: num(row.treeSize),
      sealLagSeconds: num(row.sealLagSeconds),
      checkpointSize: num(row.checkpointSize),
      checkpointAgeSeconds: num(row.checkpointAgeSeconds),
      unwitnessed: num(row.unwitnessed),
      lastSuccess: num(row.lastSuccess),
      failures: num(row.failures),
    };
  });
}

export function registerTrailMetrics(registry: Registry, db: Database): void {
  // One read serves all gauges of a scrape (they collect one after another, within milliseconds).
  let cached: { at: number; value: Promise<TrailHealth | null> } | null = null;
  const health = () => {
    if (!cached || Date.now() - cached.at > 1000) cached = { at: Date.now(), value: trailHealth(db).catch(() => null) };
    return cached.value;
  };
  const gauge = (name: string, help: string, pick: (h: TrailHealth) => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      async collect() {
        const h = await health();
        this.set(h ? pick(h) : NaN);
      },
    });
  gauge('casus_audit_tree_size', 'Audit events sealed into the Merkle tree (leaves)', (h) => h.treeSize);
  gauge(
    'casus_audit_seal_lag_seconds',
    'Age of the oldest committed audit event not yet sealed; 0 when none waits',
    (h) => h.sealLagSeconds,
  );
  gauge('casus_audit_checkpoint_size', 'Tree size of the newest signed checkpoint', (h) => h.checkpointSize);
  gauge('casus_audit_checkpoint_age_seconds', 'Age of the newest signed checkpoint (NaN before the first)', (h) => h.checkpointAgeSeconds);
  gauge('casus_audit_checkpoints_unwitnessed', 'Signed checkpoints not yet copied to the witness store', (h) => h.unwitnessed);
  gauge(
    'casus_audit_verify_last_success_timestamp_seconds',
    'When the last audit trail verification that passed finished (Unix time; NaN before the first)',
    (h) => h.lastSuccess,
  );
  gauge('casus_audit_verify_failures', 'Audit trail verifications that failed since the last one that passed', (h) => h.failures);
}
