// The persons module's tables, for typed SQL (see kernel/db/tables.ts).
import type { Generated } from 'kysely';

export interface PersonTable {
  id: Generated<string>;
  voornamen: string | null;
  roepnaam: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
  date_of_birth: string | null;
  bsn_encrypted: Buffer | null;
  bsn_index: Buffer | null;
  phones: Generated<string[]>;
  emails: Generated<string[]>;
  postcode: string | null;
  huisnummer: number | null;
  huisnummer_toevoeging: string | null;
  street: string | null;
  city: string | null;
  country: Generated<string>;
  preferred_language: Generated<string>;
  interpreter_needed: Generated<boolean>;
  confidential_address: Generated<boolean>;
  vulnerabilities: Generated<string[]>;
  merged_into: string | null;
  name_search: Generated<string>;
  /** When the person was anonymised (privacy.erasure, a destruction round; migrations/0008_erasure.ts); written only by the database. */
  anonymised_at: Date | null;
  created_at: Generated<Date>;
  created_by: string | null;
  updated_at: Generated<Date>;
  version: Generated<number>;
}

export interface PersonConsentTable {
  id: Generated<string>;
  person_id: string;
  subject: 'support' | 'data-sharing-police' | 'data-sharing-partners' | 'contact-by-email' | 'contact-by-sms' | 'research';
  given: boolean;
  source: 'client' | 'police' | 'prosecutor' | 'legal-representative' | 'parent-or-guardian' | 'other';
  recorded_at: Generated<Date>;
  recorded_by: string | null;
  note: string | null;
}

declare module '../../kernel/db/tables.ts' {
  interface Tables {
    person: PersonTable;
    person_consent: PersonConsentTable;
  }
}
