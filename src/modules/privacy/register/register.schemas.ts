// The TypeBox schemas of the processing register's API: an activity as answered, what the privacy
// officer sends to add or change one, and the history of changes.
import { Type } from 'typebox';
import { DateTime, Nullable, Reason, StringEnum, Uuid } from '../../../kernel/http/schemas.ts';
import { ACTIVITY_CHANGES, ACTIVITY_STATUSES, LEGAL_BASES } from '../privacy.tables.ts';

const Text = (max: number, description?: string) =>
  Type.String({ minLength: 1, maxLength: max, pattern: '\\S', ...(description ? { description } : {}) });
const Items = (description: string) => Type.Array(Text(500), { maxItems: 50, description });

/** An audit action or a prefix of actions ending in a dot, as the register's look-up takes them. */
export const AuditActionPattern = Type.String({
  pattern: '^([a-z][a-z0-9-]*\\.)+([a-z][a-z0-9-]*)?$',
  maxLength: 100,
  description: "An audit action ('person.bsn-reveal') or a prefix ending in a dot ('person.'): an action belongs to its longest match",
});

const Fields = {
  name: Text(200),
  purpose: Text(4000, 'The purpose of the processing (art. 30(1)(b))'),
  legalBasis: StringEnum(LEGAL_BASES, { description: 'The lawful basis of art. 6(1), a to f' }),
  legalBasisDetail: Type.String({ maxLength: 4000, description: 'The law or task relied on; art. 9 and 10 exceptions' }),
  dataSubjectCategories: Items('Categories of data subjects (art. 30(1)(c))'),
  personalDataCategories: Items('Categories of personal data (art. 30(1)(c))'),
  specialCategories: Items('Special categories (art. 9) and criminal-offence data (art. 10) processed'),
  recipients: Items('Categories of recipients (art. 30(1)(d))'),
  processors: Items('Processors acting for the controller'),
  thirdCountryTransfers: Type.String({ maxLength: 2000, description: 'Transfers outside the EEA and their safeguards (art. 30(1)(e))' }),
  retention: Text(2000, 'Time limits for erasure (art. 30(1)(f))'),
  securityMeasures: Items('Technical and organisational security measures (art. 30(1)(g), art. 32)'),
  controller: Text(500, 'The controller and its contact details (art. 30(1)(a))'),
  dpoContact: Type.String({ maxLength: 500, description: 'The data protection officer (FG) and contact' }),
  auditActions: Type.Array(AuditActionPattern, { maxItems: 200, uniqueItems: true }),
};

export const ActivityBody = Type.Object(
  {
    key: Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$', description: 'Stable identifier, kebab-case; never changes' }),
    name: Fields.name,
    purpose: Fields.purpose,
    legalBasis: Fields.legalBasis,
    legalBasisDetail: Type.Optional(Fields.legalBasisDetail),
    dataSubjectCategories: Type.Optional(Fields.dataSubjectCategories),
    personalDataCategories: Type.Optional(Fields.personalDataCategories),
    specialCategories: Type.Optional(Fields.specialCategories),
    recipients: Type.Optional(Fields.recipients),
    processors: Type.Optional(Fields.processors),
    thirdCountryTransfers: Type.Optional(Fields.thirdCountryTransfers),
    retention: Fields.retention,
    securityMeasures: Type.Optional(Fields.securityMeasures),
    controller: Fields.controller,
    dpoContact: Type.Optional(Fields.dpoContact),
    auditActions: Type.Optional(Fields.auditActions),
  },
  { additionalProperties: false },
);

export const ActivityChangeBody = Type.Object(
  {
    version: Type.Optional(Type.Integer({ description: 'The version you read (or If-Match with the ETag)' })),
    name: Type.Optional(Fields.name),
    purpose: Type.Optional(Fields.purpose),
    legalBasis: Type.Optional(Fields.legalBasis),
    legalBasisDetail: Type.Optional(Fields.legalBasisDetail),
    dataSubjectCategories: Type.Optional(Fields.dataSubjectCategories),
    personalDataCategories: Type.Optional(Fields.personalDataCategories),
    specialCategories: Type.Optional(Fields.specialCategories),
    recipients: Type.Optional(Fields.recipients),
    processors: Type.Optional(Fields.processors),
    thirdCountryTransfers: Type.Optional(Fields.thirdCountryTransfers),
    retention: Type.Optional(Fields.retention),
    securityMeasures: Type.Optional(Fields.securityMeasures),
    controller: Type.Optional(Fields.controller),
    dpoContact: Type.Optional(Fields.dpoContact),
    auditActions: Type.Optional(Fields.auditActions),
  },
  { additionalProperties: false },
);

export const RetireBody = Type.Object(
  { version: Type.Integer({ description: 'The version you read' }), reason: Reason },
  { additionalProperties: false },
);

export const Activity = Type.Object({
  id: Uuid,
  key: Type.String(),
  name: Type.String(),
  purpose: Type.String(),
  legalBasis: StringEnum(LEGAL_BASES),
  legalBasisDetail: Type.String(),
  dataSubjectCategories: Type.Array(Type.String()),
  personalDataCategories: Type.Array(Type.String()),
  specialCategories: Type.Array(Type.String()),
  recipients: Type.Array(Type.String()),
  processors: Type.Array(Type.String()),
  thirdCountryTransfers: Type.String(),
  retention: Type.String(),
  securityMeasures: Type.Array(Type.String()),
  controller: Type.String(),
  dpoContact: Type.String(),
  auditActions: Type.Array(Type.String()),
  status: StringEnum(ACTIVITY_STATUSES),
  retiredAt: Nullable(DateTime),
  retireReason: Nullable(Type.String()),
  createdAt: DateTime,
  createdBy: Nullable(Type.String({ description: 'The actor; null: shipped with Casus (a migration)' })),
  updatedAt: DateTime,
  updatedBy: Nullable(Type.String()),
  version: Type.Integer(),
  allowedActions: Type.Array(Type.String(), { description: '`update`, `retire`: what you may do with it now' }),
});

export const HistoryEntry = Type.Object({
  version: Type.Integer(),
  change: StringEnum(ACTIVITY_CHANGES),
  changedAt: DateTime,
  changedBy: Nullable(Type.String({ description: 'The actor; null: shipped with Casus (a migration)' })),
  changedFields: Type.Array(Type.String()),
  changes: Type.Array(Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() }), {
    description: 'Each changed field with its value before and after (from is null on creation)',
  }),
});
