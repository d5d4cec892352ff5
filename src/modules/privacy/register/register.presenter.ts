// Processing activities and their history as the API answers them, and the API's field names for the
// table's columns (the history names columns; the API names fields).
import type { Actor } from '../../../kernel/auth/actor.ts';
import { allowedActions } from '../../../kernel/auth/policy.ts';
import type { ActivityRow } from './register.repository.ts';
import { activityPolicy } from './register.policy.ts';

/** The fields the privacy officer writes, by the column that keeps each. */
export const FIELD_COLUMNS = {
  name: 'name',
  purpose: 'purpose',
  legalBasis: 'legal_basis',
  legalBasisDetail: 'legal_basis_detail',
  dataSubjectCategories: 'data_subject_categories',
  personalDataCategories: 'personal_data_categories',
  specialCategories: 'special_categories',
  recipients: 'recipients',
  processors: 'processors',
  thirdCountryTransfers: 'third_country_transfers',
  retention: 'retention',
  securityMeasures: 'security_measures',
  controller: 'controller',
  dpoContact: 'dpo_contact',
  auditActions: 'audit_actions',
} as const;
export type ActivityField = keyof typeof FIELD_COLUMNS;

const COLUMN_FIELDS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(FIELD_COLUMNS).map(([field, column]) => [column, field])),
  key: 'key',
  status: 'status',
  retired_at: 'retiredAt',
  retire_reason: 'retireReason',
};

/** A column named in the history, as the API names the field. */
export const fieldOfColumn = (column: string): string => COLUMN_FIELDS[column] ?? column;

export function presentActivity(actor: Actor, row: ActivityRow) {
  return {
    id: row.id,
    key: row.key,
    name: row.name,
    purpose: row.purpose,
    legalBasis: row.legal_basis,
    legalBasisDetail: row.legal_basis_detail,
    dataSubjectCategories: row.data_subject_categories,
    personalDataCategories: row.personal_data_categories,
    specialCategories: row.special_categories,
    recipients: row.recipients,
    processors: row.processors,
    thirdCountryTransfers: row.third_country_transfers,
    retention: row.retention,
    securityMeasures: row.security_measures,
    controller: row.controller,
    dpoContact: row.dpo_contact,
    auditActions: row.audit_actions,
    status: row.status,
    retiredAt: row.retired_at?.toISOString() ?? null,
    retireReason: row.retire_reason,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
    version: row.version,
    allowedActions: allowedActions(actor, activityPolicy, { status: row.status, auditActions: row.audit_actions }),
  };
}

interface HistoryRow {
  version: number;
  change: 'create' | 'update' | 'retire';
  changed_fields: string[];
  changed_at: Date;
  changed_by: string | null;
  snapshot: Record<string, unknown>;
}

/** Each version with what changed: the value before (the previous snapshot's) and after. */
export function presentHistory(rows: readonly HistoryRow[]) {
  return rows.map((row, i) => {
    const before = i > 0 ? rows[i - 1]!.snapshot : {};
    return {
      version: row.version,
      change: row.change,
      changedAt: row.changed_at.toISOString(),
      changedBy: row.changed_by,
      changedFields: row.changed_fields.map(fieldOfColumn),
      changes: row.changed_fields.map((column) => ({
        field: fieldOfColumn(column),
        from: before[column] ?? null,
        to: row.snapshot[column] ?? null,
      })),
    };
  });
}
