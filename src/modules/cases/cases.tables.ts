// The cases module's tables, for typed SQL (see kernel/db/tables.ts).
import type { Generated } from 'kysely';

export interface CaseStatusDefinition {
  key: string;
  label: string;
  closed: boolean;
}

export interface CaseTypeTable {
  id: Generated<string>;
  key: string;
  name: string;
  statuses: CaseStatusDefinition[];
  transitions: { from: string; to: string }[];
  initial_status: string;
  /** Years a closed case of this type is kept; null: the configured default (CASUS_RETENTION_YEARS). */
  retention_years: number | null;
  active: Generated<boolean>;
  version: Generated<number>;
}

export type IncidentCategory =
  'violence' | 'property' | 'traffic' | 'sexual-offence' | 'homicide' | 'calamity' | 'missing-person' | 'other';

export interface IncidentTable {
  id: Generated<string>;
  category: IncidentCategory;
  occurred_on: string | null;
  place: string | null;
  police_reference: string | null;
  prosecutor_reference: string | null;
  description: string | null;
  owning_unit_id: string;
  created_at: Generated<Date>;
  created_by: string | null;
  version: Generated<number>;
}

export type Confidentiality = 'normal' | 'sensitive' | 'shielded';
export type SupportTrack = 'emotional' | 'practical' | 'legal' | 'damage-recovery' | 'criminal-proceedings';

export interface CaseFileTable {
  id: Generated<string>;
  number: string;
  case_type_id: string;
  status: string;
  owning_unit_id: string;
  confidentiality: Generated<Confidentiality>;
  incident_id: string | null;
  tracks: Generated<SupportTrack[]>;
  opened_at: Generated<Date>;
  opened_by: string | null;
  closed_at: Date | null;
  close_reason: string | null;
  retention_until: string | null;
  custom: Generated<Record<string, unknown>>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  version: Generated<number>;
  /** Its primary client, else its first participant; kept by the database (migrations/0012_case_primary_client.ts). */
  primary_client_id: Generated<string | null>;
}

/** Sequential numbers of the first releases; still written by the demo-data loader, no longer by the application (0010). */
export interface CaseNumberCounterTable {
  year: number;
  last: number;
}

export type AssignmentRole = 'worker' | 'volunteer' | 'coordinator';

export interface CaseAssignmentTable {
  id: Generated<string>;
  case_id: string;
  user_id: string;
  role: Generated<AssignmentRole>;
  assigned_at: Generated<Date>;
  assigned_by: string | null;
  ended_at: Date | null;
}

export interface CaseAccessGrantTable {
  id: Generated<string>;
  case_id: string;
  user_id: string;
  kind: 'explicit' | 'break-glass';
  reason: string;
  granted_by: string | null;
  granted_at: Generated<Date>;
  expires_at: Date | null;
  revoked_at: Date | null;
  reviewed_at: Date | null;
  reviewed_by: string | null;
}

/** A request to break the glass on a shielded case (migrations/0010_break_glass_requests.ts); expired: pending past expires_at. */
export interface CaseBreakGlassRequestTable {
  id: Generated<string>;
  case_id: string;
  requested_by: Generated<string>;
  reason: string;
  requested_at: Generated<Date>;
  expires_at: Generated<Date>;
  status: Generated<'pending' | 'approved' | 'refused'>;
  decided_by: string | null;
  decided_at: Date | null;
  decision_comment: string | null;
  grant_id: string | null;
}

/** A legal hold on a case (migrations/0017_retention_and_legal_hold.ts): while live (not lifted) the case is kept. */
export interface CaseLegalHoldTable {
  id: Generated<string>;
  case_id: string;
  reason: string;
  set_by: string;
  set_at: Generated<Date>;
  lifted_at: Date | null;
  lifted_by: string | null;
  lift_reason: string | null;
}

export type ParticipantRole = 'victim' | 'next-of-kin' | 'witness' | 'legal-representative' | 'contact-person';

export interface CaseParticipantTable {
  id: Generated<string>;
  case_id: string;
  person_id: string;
  role: ParticipantRole;
  primary_client: Generated<boolean>;
  added_at: Generated<Date>;
}

declare module '../../kernel/db/tables.ts' {
  interface Tables {
    case_type: CaseTypeTable;
    incident: IncidentTable;
    case_file: CaseFileTable;
    case_number_counter: CaseNumberCounterTable;
    case_assignment: CaseAssignmentTable;
    case_access_grant: CaseAccessGrantTable;
    case_break_glass_request: CaseBreakGlassRequestTable;
    case_participant: CaseParticipantTable;
    case_legal_hold: CaseLegalHoldTable;
  }
}
