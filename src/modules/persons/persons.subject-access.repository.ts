// The SQL behind persons.subject-access.ts: the module's SECURITY DEFINER functions for data-subject
// requests (migrations/0007_subject_access.ts), which refuse anyone without privacy.subject-access.
import { sql } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';

export interface PersonSubjectRow {
  id: string;
  voornamen: string | null;
  roepnaam: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
  date_of_birth: string | null;
  bsn_encrypted: Buffer | null;
  phones: string[];
  emails: string[];
  postcode: string | null;
  huisnummer: number | null;
  huisnummer_toevoeging: string | null;
  street: string | null;
  city: string | null;
  country: string;
  preferred_language: string;
  interpreter_needed: boolean;
  confidential_address: boolean;
  vulnerabilities: string[];
  merged_into: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export interface ConsentSubjectRow {
  id: string;
  person_id: string;
  subject: string;
  given: boolean;
  source: string;
  recorded_at: Date;
  note: string | null;
}

export interface RedactionTermsRow {
  id: string;
  voornamen: string | null;
  roepnaam: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
  bsn_encrypted: Buffer | null;
  phones: string[];
  emails: string[];
}

export interface LookupRow {
  id: string;
  voornamen: string | null;
  roepnaam: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
  date_of_birth: string | null;
  matched_on: string[];
}

/** Live persons with this BSN (blind index), or this date of birth and a similar name. */
export async function lookUpPersons(tx: Tx, bsnIndex: Buffer | null, name: string, dateOfBirth: string | null): Promise<LookupRow[]> {
  return (await sql<LookupRow>`select * from person_subject_lookup(${bsnIndex}, ${name}, ${dateOfBirth}::date)`.execute(tx.db)).rows;
}

/** The person kept in the end and every record merged into them, that person first. */
export async function personTreeOf(tx: Tx, personId: string): Promise<PersonSubjectRow[]> {
  return (await sql<PersonSubjectRow>`select * from person_subject_access(${personId}::uuid)`.execute(tx.db)).rows;
}

export async function consentsOfPersons(tx: Tx, personIds: readonly string[]): Promise<ConsentSubjectRow[]> {
  return (await sql<ConsentSubjectRow>`select * from person_consent_subject_access(${[...personIds]}::uuid[])`.execute(tx.db)).rows;
}

export async function redactionTermsOf(tx: Tx, personIds: readonly string[]): Promise<RedactionTermsRow[]> {
  if (personIds.length === 0) return [];
  return (await sql<RedactionTermsRow>`select * from person_redaction_terms(${[...personIds]}::uuid[])`.execute(tx.db)).rows;
}
