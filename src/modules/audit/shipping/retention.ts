// The processing log's retention: entries go when their category's period (CASUS_AUDIT_RETENTION_*_DAYS,
// the same periods as the audit trail's) has passed, and only once every consumer of the log has
// handled them (its writer, and the OTLP sink that ships it when configured): a collector that is down
// delays expiry rather than losing entries. Each run that removes anything is itself an audit event.
import { recordAudit } from '../../../kernel/audit/audit.ts';
import { systemContext } from '../../../kernel/auth/actor.ts';
import type { RetentionSettings } from '../../../kernel/config-audit.ts';
import type { Database } from '../../../kernel/db/database.ts';
import type { AuditStream } from '../stream/stream.repository.ts';
import { AUDIT_CATEGORIES, type AuditCategory } from './category.ts';
import { expireEntries } from './processing-log.repository.ts';

export const PROCESSING_LOG_RETENTION_JOB = 'audit.processing-log-retention';
const DAY_MS = 24 * 60 * 60 * 1000;
const DELETE_BATCH = 5000;

export function retentionDaysOf(retention: RetentionSettings, category: AuditCategory): number {
  return category === 'security' ? retention.securityDays : category === 'access' ? retention.accessDays : retention.changeDays;
}

export interface ExpiryReport {
  removed: Record<AuditCategory, number>;
  /** The last leaf every consumer of the log has handled; nothing above it was removed. */
  handledUpTo: string;
}

export async function expireProcessingLog(
  db: Database,
  stream: AuditStream,
  options: { retention: RetentionSettings; consumers: string[]; now?: Date },
): Promise<ExpiryReport> {
  const now = options.now ?? new Date();
  const cursors = await stream.cursors();
  const handled = options.consumers.map((consumer) => BigInt(cursors.find((c) => c.consumer === consumer)?.leafIndex ?? '-1'));
  const handledUpTo = handled.reduce((min, at) => (at < min ? at : min));
  const removed = { security: 0, access: 0, change: 0 };
  for (const category of AUDIT_CATEGORIES) {
    const before = new Date(now.getTime() - retentionDaysOf(options.retention, category) * DAY_MS);
    removed[category] = await expireEntries(db, category, before, handledUpTo, DELETE_BATCH);
  }
  if (removed.security + removed.access + removed.change > 0) {
    await db.transaction(systemContext('audit-processing-log-retention'), (tx) =>
      recordAudit(tx, {
        action: 'audit.processing-log-expire',
        objectType: 'processing-log',
        details: {
          removed,
          handledUpTo: handledUpTo.toString(),
          days: { security: options.retention.securityDays, access: options.retention.accessDays, change: options.retention.changeDays },
        },
      }),
    );
  }
  return { removed, handledUpTo: handledUpTo.toString() };
}
