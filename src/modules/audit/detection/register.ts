// Detection's part of the audit module's register(): the rule engine as a consumer of the sealed
// stream in every working instance, the alert routes, and the open alerts on /metrics.
import { Gauge, type Registry } from 'prom-client';
import { systemContext } from '../../../kernel/auth/actor.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { ModuleContext } from '../../../kernel/module.ts';
import { AuditStream } from '../stream/stream.repository.ts';
import { streamWorker } from '../stream/stream-worker.ts';
import { openAlertCounts } from './alerts.repository.ts';
import { alertRoutes } from './alerts.routes.ts';
import { AlertsService } from './alerts.service.ts';
import { effectiveRules } from './default-rules.ts';
import { ALERT_SEVERITIES } from './detection.tables.ts';
import { DETECTION_CONSUMER, DetectionEngine } from './engine.ts';

/** The engine with the configured rules (the built-in ones, with the rules file's applied). */
export function detectionEngine(settings: ModuleContext['settings']): DetectionEngine {
  const { workingHours, rules } = effectiveRules(settings.audit.detection.rulesFile);
  return new DetectionEngine({ rules, workingHours, calendar: settings.calendar });
}

function registerAlertMetrics(db: Database, registry: Registry): void {
  new Gauge({
    name: 'audit_detection_alerts_open',
    help: 'Detection alerts nobody has acknowledged or closed yet, by severity',
    labelNames: ['severity'],
    registers: [registry],
    async collect() {
      const counts = await db.transaction(systemContext('audit-metrics'), (tx) => openAlertCounts(tx)).catch(() => null);
      for (const severity of ALERT_SEVERITIES) this.set({ severity }, counts ? (counts.get(severity) ?? 0) : NaN);
    },
  });
}

export function registerDetection(ctx: ModuleContext): void {
  const { detection } = ctx.settings.audit;
  const engine = detectionEngine(ctx.settings);
  ctx.addWorker(
    streamWorker(new AuditStream(ctx.db), {
      consumer: DETECTION_CONSUMER,
      handler: engine.handle,
      intervalMs: detection.intervalMs,
      batchSize: detection.batchSize,
      log: ctx.log,
    }),
  );
  ctx.addRoutes({ prefix: '/audit/alerts', plugin: alertRoutes(new AlertsService(ctx.db)) });
  ctx.addMetrics((registry) => registerAlertMetrics(ctx.db, registry));
}
