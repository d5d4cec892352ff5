// What the persons module holds about one person, for a data-subject access request (GDPR art. 15):
// the person with every field (the BSN decrypted), the records merged into them, and their consents.
// Exported through index.ts for the privacy module, which composes the export and audits it. The
// reads go through SECURITY DEFINER functions that answer only holders of privacy.subject-access
// (migrations/0007_subject_access.ts): the caller's transaction must carry that permission.
import type { KeyRing } from '../../kernel/crypto/keyring.ts';
import type { Tx } from '../../kernel/db/database.ts';
import { displayNameOf } from './persons.lookup.ts';
import { BSN_PURPOSE } from './persons.service.ts';
import { AppError } from '../../kernel/errors.ts';
import { isValidBsn, normaliseBsn } from './bsn.ts';
import {
  consentsOfPersons,
  lookUpPersons,
  personTreeOf,
  redactionTermsOf,
  type PersonSubjectRow,
} from './persons.subject-access.repository.ts';

export interface SubjectPerson {
  id: string;
  displayName: string;
  voornamen: string | null;
  roepnaam: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
  dateOfBirth: string | null;
  bsn: string | null;
  phones: string[];
  emails: string[];
  address: {
    postcode: string;
    huisnummer: number | null;
    toevoeging: string | null;
    street: string | null;
    city: string | null;
    country: string;
  } | null;
  preferredLanguage: string;
  interpreterNeeded: boolean;
  confidentialAddress: boolean;
  vulnerabilities: string[];
  /** For a merged record: the person it was merged into. */
  mergedInto: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface SubjectConsent {
  id: string;
  personId: string;
  subject: string;
  given: boolean;
  source: string;
  recordedAt: string;
  note: string | null;
}

export interface PersonHoldings {
  person: SubjectPerson;
  /** Duplicates merged into the person (their data was about the same person), oldest first. */
  mergedRecords: SubjectPerson[];
  /** The consents of the person and of the merged records, oldest first. */
  consents: SubjectConsent[];
}

/** The name parts, BSN, phones and e-mail addresses of a person, to strike from free text that is not about them. */
export interface PersonTerms {
  id: string;
  voornamen: string | null;
  roepnaam: string | null;
  tussenvoegsel: string | null;
  achternaam: string;
  bsn: string | null;
  phones: string[];
  emails: string[];
}

function present(row: PersonSubjectRow, keyRing: KeyRing): SubjectPerson {
  return {
    id: row.id,
    displayName: displayNameOf(row),
    voornamen: row.voornamen,
    roepnaam: row.roepnaam,
    tussenvoegsel: row.tussenvoegsel,
    achternaam: row.achternaam,
    dateOfBirth: row.date_of_birth,
    bsn: row.bsn_encrypted ? keyRing.decryptText(BSN_PURPOSE, row.bsn_encrypted, row.id) : null,
    phones: row.phones,
    emails: row.emails,
    address:
      row.postcode === null
        ? null
        : {
            postcode: row.postcode,
            huisnummer: row.huisnummer,
            toevoeging: row.huisnummer_toevoeging,
            street: row.street,
            city: row.city,
            country: row.country,
          },
    preferredLanguage: row.preferred_language,
    interpreterNeeded: row.interpreter_needed,
    confidentialAddress: row.confidential_address,
    vulnerabilities: row.vulnerabilities,
    mergedInto: row.merged_into,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  };
}

/**
 * Everything this module holds about the person: null when there is no such person. Asked for a
 * merged duplicate, it answers the person that duplicate was merged into (where its data lives now).
 */
export async function personSubjectAccess(tx: Tx, keyRing: KeyRing, personId: string): Promise<PersonHoldings | null> {
  const [root, ...merged] = await personTreeOf(tx, personId);
  if (!root) return null;
  const consents = await consentsOfPersons(tx, [root.id, ...merged.map((m) => m.id)]);
  return {
    person: present(root, keyRing),
    mergedRecords: merged.map((row) => present(row, keyRing)),
    consents: consents.map((c) => ({
      id: c.id,
      personId: c.person_id,
      subject: c.subject,
      given: c.given,
      source: c.source,
      recordedAt: c.recorded_at.toISOString(),
      note: c.note,
    })),
  };
}

/** What identifies these persons in free text (for the export of someone else: struck out, never shown). */
export async function personRedactionTerms(tx: Tx, keyRing: KeyRing, personIds: readonly string[]): Promise<PersonTerms[]> {
  return (await redactionTermsOf(tx, personIds)).map((row) => ({
    id: row.id,
    voornamen: row.voornamen,
    roepnaam: row.roepnaam,
    tussenvoegsel: row.tussenvoegsel,
    achternaam: row.achternaam,
    bsn: row.bsn_encrypted ? keyRing.decryptText(BSN_PURPOSE, row.bsn_encrypted, row.id) : null,
    phones: row.phones,
    emails: row.emails,
  }));
}

/** Who asks: the BSN, or the name and date of birth, from the identity the requester proved. */
export interface SubjectQuery {
  bsn?: string | undefined;
  voornamen?: string | undefined;
  achternaam?: string | undefined;
  dateOfBirth?: string | undefined;
}

export interface SubjectMatch {
  id: string;
  displayName: string;
  dateOfBirth: string | null;
  /** 'bsn', 'name-and-date-of-birth'. */
  matchedOn: string[];
}

/**
 * The persons a data-subject request may be from, matched as the duplicate check matches (the same
 * BSN; or the same date of birth and a similar name), whoever works on their cases. 400 without a BSN
 * or a surname and date of birth, or with a BSN that fails the elfproef.
 */
export async function findDataSubjects(tx: Tx, keyRing: KeyRing, query: SubjectQuery): Promise<SubjectMatch[]> {
  if (query.bsn !== undefined && !isValidBsn(query.bsn)) throw AppError.invalid('/body/bsn', 'not a valid BSN (elfproef)');
  if (query.bsn === undefined && (query.achternaam === undefined || query.dateOfBirth === undefined))
    throw AppError.invalid('/body', 'give the BSN, or the surname and the date of birth');
  const bsnIndex = query.bsn !== undefined ? keyRing.blindIndex(BSN_PURPOSE, normaliseBsn(query.bsn)) : null;
  const name = [query.voornamen, query.achternaam].filter(Boolean).join(' ');
  return (await lookUpPersons(tx, bsnIndex, name, query.dateOfBirth ?? null)).map((row) => ({
    id: row.id,
    displayName: displayNameOf(row),
    dateOfBirth: row.date_of_birth,
    matchedOn: row.matched_on,
  }));
}
