// The TypeBox schemas of the referrals API: what staff and chain partners send, and what comes back.
import { Type, type Static } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../../kernel/http/schemas.ts';
import { ATTEMPT_CHANNELS, ATTEMPT_OUTCOMES, CONSENT_SOURCES, REFERRAL_SOURCES, REFERRAL_STATUSES } from './referrals.tables.ts';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });

export const Source = StringEnum(REFERRAL_SOURCES);
export const ConsentSource = StringEnum(CONSENT_SOURCES);
export const Status = StringEnum(REFERRAL_STATUSES);
export const ParticipantRole = StringEnum(['victim', 'next-of-kin', 'witness', 'legal-representative', 'contact-person']);
export const Track = StringEnum(['emotional', 'practical', 'legal', 'damage-recovery', 'criminal-proceedings']);

/** The person a referral is about, as the referrer describes them (kept in the encrypted payload). */
export const PersonDetails = Type.Object(
  {
    voornamen: Type.Optional(Text(200)),
    roepnaam: Type.Optional(Text(100)),
    tussenvoegsel: Type.Optional(Text(20)),
    achternaam: Text(200),
    dateOfBirth: Type.Optional(Type.String({ format: 'date' })),
    bsn: Type.Optional(
      Type.String({ pattern: '^[0-9 .-]{8,12}$', description: 'Validated with the elfproef when the person is registered' }),
    ),
    phones: Type.Optional(Type.Array(Type.String({ maxLength: 30 }), { maxItems: 10 })),
    emails: Type.Optional(Type.Array(Type.String({ format: 'email', maxLength: 254 }), { maxItems: 10 })),
    address: Type.Optional(
      Type.Object(
        {
          postcode: Type.String({ maxLength: 7 }),
          huisnummer: Type.Integer({ minimum: 1, maximum: 99999 }),
          toevoeging: Type.Optional(Text(10)),
          street: Type.Optional(Text(200)),
          city: Type.Optional(Text(100)),
        },
        { additionalProperties: false },
      ),
    ),
    preferredLanguage: Type.Optional(Type.String({ pattern: '^[a-z]{2,3}$' })),
    interpreterNeeded: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PersonDetails = Static<typeof PersonDetails>;

export const IncidentDetails = Type.Object(
  {
    category: Type.Optional(
      StringEnum(['violence', 'property', 'traffic', 'sexual-offence', 'homicide', 'calamity', 'missing-person', 'other']),
    ),
    occurredOn: Type.Optional(Type.String({ format: 'date' })),
    place: Type.Optional(Text(200)),
    policeReference: Type.Optional(Text(50)),
    description: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
);

const Consent = Type.Object({ given: Type.Boolean(), source: Type.Optional(ConsentSource) }, { additionalProperties: false });

/** What a chain partner's system sends to POST /integration/referrals. */
export const PartnerReferral = Type.Object(
  {
    source: StringEnum(['police', 'public-prosecutor', 'zsm', 'partner']),
    sourceReference: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'The partner’s own reference, e.g. the police registration number' }),
    ),
    unitCode: Type.Optional(
      Type.String({
        pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
        description: 'The team whose queue receives it; default CASUS_REFERRAL_DEFAULT_UNIT',
      }),
    ),
    consent: Consent,
    person: PersonDetails,
    role: Type.Optional(ParticipantRole),
    incident: Type.Optional(IncidentDetails),
    note: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
);
export type PartnerReferral = Static<typeof PartnerReferral>;

/** What staff register at intake (POST /referrals). */
export const StaffReferral = Type.Object(
  {
    source: Source,
    channel: StringEnum(['phone', 'email', 'web-form', 'letter', 'in-person'], { default: 'phone' }),
    sourceReference: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    owningUnitId: Uuid,
    receivedAt: Type.Optional(Type.String({ format: 'date-time', description: 'When it came in (default: now); not in the future' })),
    consent: Type.Optional(Consent),
    personId: Type.Optional(Uuid),
    incidentId: Type.Optional(Uuid),
    person: Type.Optional(PersonDetails),
    role: Type.Optional(ParticipantRole),
    incident: Type.Optional(IncidentDetails),
    note: Type.Optional(Text(4000)),
  },
  { additionalProperties: false },
);
export type StaffReferral = Static<typeof StaffReferral>;

export const Attempt = Type.Object({
  id: Uuid,
  at: DateTime,
  channel: StringEnum(ATTEMPT_CHANNELS),
  outcome: StringEnum(ATTEMPT_OUTCOMES),
  note: Nullable(Type.String()),
  recordedBy: Nullable(Uuid),
});

export const NewAttempt = Type.Object(
  {
    at: Type.Optional(
      Type.String({ format: 'date-time', description: 'When (default: now); not in the future, not before the referral came in' }),
    ),
    channel: StringEnum(ATTEMPT_CHANNELS),
    outcome: StringEnum(ATTEMPT_OUTCOMES),
    note: Type.Optional(Type.String({ maxLength: 500, description: 'Short and factual ("voicemail ingesproken"); stored unencrypted' })),
  },
  { additionalProperties: false },
);

const common = {
  id: Uuid,
  source: Source,
  channel: Type.String(),
  receivedAt: DateTime,
  sourceReference: Nullable(Type.String()),
  owningUnitId: Uuid,
  personId: Nullable(Uuid),
  status: Status,
  firstContactDueAt: DateTime,
  overdue: Type.Boolean({ description: 'Live and past its first-contact deadline' }),
  workingDaysLeft: Nullable(
    Type.Integer({
      description:
        'Live: working days from today to the first-contact deadline (0: due today; negative: working days overdue). Null once converted or closed',
    }),
  ),
  failedAttempts: Type.Integer(),
  assignedTo: Nullable(Uuid),
  convertedCaseId: Nullable(Uuid),
  consentGiven: Type.Boolean(),
  version: Type.Integer({ description: 'Send back on changes; a stale version gets 412' }),
};

export const ReferralListItem = Type.Object(common);

export const Referral = Type.Object({
  ...common,
  incidentId: Nullable(Uuid),
  consentSource: Nullable(ConsentSource),
  closedReason: Nullable(Type.String()),
  closedAt: Nullable(DateTime),
  createdAt: DateTime,
  payload: Nullable(
    Type.Record(Type.String(), Type.Unknown(), {
      description:
        'What the referrer sent, as received (only in GET /referrals/{referralId}, an audited read; null elsewhere). The BSN is left out without persons.read-bsn.',
    }),
  ),
  attempts: Type.Array(Attempt),
  allowedActions: Type.Array(Type.String()),
});

export const ConvertBody = Type.Object(
  {
    version: Type.Integer(),
    personId: Type.Optional(Uuid),
    person: Type.Optional(
      Type.Object({ ...PersonDetails.properties, confirmNoDuplicate: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
    ),
    role: Type.Optional(ParticipantRole),
    caseTypeKey: Type.Optional(Type.String({ maxLength: 63 })),
    tracks: Type.Optional(Type.Array(Track, { uniqueItems: true })),
    confidentiality: Type.Optional(StringEnum(['normal', 'sensitive', 'shielded'])),
  },
  { additionalProperties: false },
);
export type ConvertBody = Static<typeof ConvertBody>;
