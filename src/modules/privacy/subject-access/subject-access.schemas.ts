// The TypeBox schemas of the data-subject access export (GDPR art. 15) and of the rectification
// history: every member is declared, so the answer holds nothing but what is listed here.
import { Type, type Static } from 'typebox';
import { DateTime, Nullable, Uuid } from '../../../kernel/http/schemas.ts';

export const RequestBody = Type.Object(
  {
    reason: Type.String({
      minLength: 10,
      maxLength: 2000,
      description:
        'The request being answered (its reference and date): recorded in the audit trail. Sent in the body: it may hold personal data.',
    }),
  },
  { additionalProperties: false },
);

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });

export const SearchBody = Type.Object(
  {
    reason: RequestBody.properties.reason,
    bsn: Type.Optional(Type.String({ pattern: '^[0-9 .-]{8,12}$', description: 'From the identity the requester proved (elfproef)' })),
    voornamen: Type.Optional(Text(200)),
    achternaam: Type.Optional(Text(200)),
    dateOfBirth: Type.Optional(Type.String({ format: 'date' })),
  },
  { additionalProperties: false, description: 'The BSN, or the surname and date of birth (given names help)' },
);

export const SearchAnswer = Type.Object({
  items: Type.Array(
    Type.Object({
      personId: Uuid,
      displayName: Type.String(),
      dateOfBirth: Nullable(Type.String({ format: 'date' })),
      matchedOn: Type.Array(Type.String(), { description: '`bsn`, `name-and-date-of-birth`' }),
    }),
  ),
});

const Person = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  voornamen: Nullable(Type.String()),
  roepnaam: Nullable(Type.String()),
  tussenvoegsel: Nullable(Type.String()),
  achternaam: Type.String(),
  dateOfBirth: Nullable(Type.String({ format: 'date' })),
  bsn: Nullable(Type.String({ description: 'Decrypted' })),
  phones: Type.Array(Type.String()),
  emails: Type.Array(Type.String()),
  address: Nullable(
    Type.Object({
      postcode: Type.String(),
      huisnummer: Nullable(Type.Integer()),
      toevoeging: Nullable(Type.String()),
      street: Nullable(Type.String()),
      city: Nullable(Type.String()),
      country: Type.String(),
    }),
  ),
  preferredLanguage: Type.String(),
  interpreterNeeded: Type.Boolean(),
  confidentialAddress: Type.Boolean(),
  vulnerabilities: Type.Array(Type.String()),
  mergedInto: Nullable(Uuid),
  createdAt: DateTime,
  updatedAt: DateTime,
  version: Type.Integer(),
});

const Consent = Type.Object({
  id: Uuid,
  personId: Uuid,
  subject: Type.String(),
  given: Type.Boolean(),
  source: Type.String(),
  recordedAt: DateTime,
  note: Nullable(Type.String()),
});

const Participation = Type.Object({
  caseId: Uuid,
  number: Type.String(),
  caseType: Type.String(),
  status: Type.String(),
  confidentiality: Type.String(),
  tracks: Type.Array(Type.String()),
  openedAt: DateTime,
  closedAt: Nullable(DateTime),
  closeReason: Nullable(Type.String()),
  retentionUntil: Nullable(Type.String({ format: 'date' })),
  custom: Nullable(
    Type.Record(Type.String(), Type.Unknown(), { description: 'Custom fields: only on cases whose primary client the person is' }),
  ),
  role: Type.String(),
  primaryClient: Type.Boolean(),
  aboutPerson: Type.Boolean({ description: "The person is the case's primary client: its records that name nobody are about them" }),
  addedAt: DateTime,
  incident: Nullable(
    Type.Object({
      id: Uuid,
      category: Type.String(),
      occurredOn: Nullable(Type.String({ format: 'date' })),
      place: Nullable(Type.String()),
      policeReference: Nullable(Type.String()),
      prosecutorReference: Nullable(Type.String()),
      description: Nullable(Type.String()),
    }),
  ),
});

const ContactMoment = Type.Object({
  id: Uuid,
  caseId: Uuid,
  personId: Nullable(Uuid, { description: 'The person, when contact was with them; null: about the case as a whole' }),
  channel: Type.String(),
  direction: Type.String(),
  occurredAt: DateTime,
  durationMinutes: Nullable(Type.Integer()),
  outcome: Type.String(),
  summary: Type.String(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

const Document = Type.Object({
  id: Uuid,
  caseId: Uuid,
  filename: Type.String(),
  documentType: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  restricted: Type.Boolean(),
  quarantined: Type.Boolean(),
  uploadedAt: DateTime,
  updatedAt: DateTime,
  deletedAt: Nullable(DateTime),
});

const Referral = Type.Object({
  id: Uuid,
  personId: Uuid,
  source: Type.String(),
  channel: Type.String(),
  receivedAt: DateTime,
  sourceReference: Nullable(Type.String()),
  payload: Type.Record(Type.String(), Type.Unknown(), { description: 'What the referrer sent, as received' }),
  consentGiven: Type.Boolean(),
  consentSource: Nullable(Type.String()),
  status: Type.String(),
  closedReason: Nullable(Type.String()),
  closedAt: Nullable(DateTime),
  convertedCaseId: Nullable(Uuid),
  createdAt: DateTime,
  attempts: Type.Array(
    Type.Object({ id: Uuid, at: DateTime, channel: Type.String(), outcome: Type.String(), note: Nullable(Type.String()) }),
  ),
});

const Task = Type.Object({
  id: Uuid,
  caseId: Nullable(Uuid),
  referralId: Nullable(Uuid),
  title: Type.String(),
  description: Nullable(Type.String()),
  status: Type.String(),
  dueAt: DateTime,
  createdAt: DateTime,
  updatedAt: DateTime,
  completedAt: Nullable(DateTime),
  cancelReason: Nullable(Type.String()),
});

const ActivityRef = Type.Object({ id: Uuid, key: Type.String(), name: Type.String() });

export const AccessLogEntry = Type.Object({
  occurredAt: DateTime,
  action: Type.String(),
  processingActivity: Nullable(ActivityRef, { description: 'What the processing was for: the register activity of the action' }),
  actorKind: Type.String({ description: 'user (staff), service (a chain partner’s system), system (Casus itself), anonymous' }),
  actorId: Nullable(Type.String({ description: 'The staff account or service account; not a name' })),
  objectType: Type.String(),
  objectId: Nullable(Type.String()),
  result: Type.String(),
});

export const RectificationEntry = Type.Object({
  occurredAt: DateTime,
  action: Type.String(),
  objectType: Type.String(),
  objectId: Nullable(Type.String()),
  actorKind: Type.String(),
  actorId: Nullable(Type.String()),
  changedFields: Type.Array(Type.String(), { description: 'The fields changed; Casus keeps no earlier values' }),
  reason: Nullable(Type.String()),
});

export const SubjectAccessExport = Type.Object({
  generatedAt: DateTime,
  dataSubjectId: Uuid,
  person: Person,
  mergedRecords: Type.Array(Person, { description: 'Duplicates merged into the person' }),
  consents: Type.Array(Consent),
  cases: Type.Array(Participation),
  contactMoments: Type.Array(ContactMoment),
  documents: Type.Array(Document, { description: 'Names and dates, not contents' }),
  referrals: Type.Array(Referral),
  tasks: Type.Array(Task),
  accessLog: Type.Array(AccessLogEntry, { description: 'Who read or changed the person’s data, when, and for which processing' }),
  rectificationHistory: Type.Array(RectificationEntry),
  redactions: Type.Integer({ description: 'How many names, numbers and addresses of other people were struck from the free text' }),
});
export type SubjectAccessExport = Static<typeof SubjectAccessExport>;

export const RectificationHistory = Type.Object({
  dataSubjectId: Uuid,
  items: Type.Array(RectificationEntry),
});
