// What the verification screen (/audit/verification) shares with its route: the API's types, the tab in
// the address (?tab=, validated), and the words for what a verification can find
// (src/modules/audit/seal/verify-report.ts FINDING_KINDS). Kept out of the .tsx files: routes.tsx reads it.
import type { paths } from '../../api/schema';
import type { MessageId } from '../../i18n/messages.nl.ts';

export type VerificationStatus = paths['/audit/verification']['get']['responses'][200]['content']['application/json'];
export type Run = paths['/audit/verification/runs']['get']['responses'][200]['content']['application/json']['items'][number];
export type Checkpoint = paths['/audit/checkpoints']['get']['responses'][200]['content']['application/json']['items'][number];
export type RetentionBoundary =
  paths['/audit/retention-boundaries']['get']['responses'][200]['content']['application/json']['items'][number];
export type FindingKind = Run['findings'][number]['kind'];

export const verificationKey = ['audit', 'verification'] as const;
export const VERIFICATION_PAGE = 20;

export const VERIFICATION_TABS = ['runs', 'checkpoints', 'retention', 'keys'] as const;
export type VerificationTab = (typeof VERIFICATION_TABS)[number];

export interface VerificationSearch {
  tab?: VerificationTab;
}

export function validateVerificationSearch(search: Record<string, unknown>): VerificationSearch {
  const tab = VERIFICATION_TABS.find((candidate) => candidate === search.tab);
  return tab ? { tab } : {};
}

export const FINDING_KIND_TEXT: Record<FindingKind, MessageId> = {
  'event-modified': 'audit.verification.finding.eventModified',
  'event-deleted': 'audit.verification.finding.eventDeleted',
  'event-without-leaf': 'audit.verification.finding.eventWithoutLeaf',
  'leaf-missing': 'audit.verification.finding.leafMissing',
  'leaves-truncated': 'audit.verification.finding.leavesTruncated',
  'root-mismatch': 'audit.verification.finding.rootMismatch',
  'bad-note': 'audit.verification.finding.badNote',
  'witness-mismatch': 'audit.verification.finding.witnessMismatch',
  'witness-tampered': 'audit.verification.finding.witnessTampered',
  'tombstone-invalid': 'audit.verification.finding.tombstoneInvalid',
};
