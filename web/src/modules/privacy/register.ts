// The processing register's screen (/privacy/register): the activity as the API answers it, the fields
// the privacy officer writes (texts and lists, a list one item a line in the form), and the refusals of
// the register's API with what the screen says to each.
import type { paths } from '../../api/schema';
import type { MessageId } from '../../i18n/messages.nl.ts';

export type Activity = paths['/privacy/processing-activities/{activityId}']['get']['responses'][200]['content']['application/json'];
export type HistoryEntry =
  paths['/privacy/processing-activities/{activityId}/history']['get']['responses'][200]['content']['application/json']['items'][number];
export type LegalBasis = Activity['legalBasis'];
export type RegisterStatus = 'active' | 'retired' | 'all';

export const LEGAL_BASES: readonly LegalBasis[] = [
  'consent',
  'contract',
  'legal-obligation',
  'vital-interests',
  'public-task',
  'legitimate-interests',
];

/** The fields of an activity in the form's order; `lines`: a list, one item a line; `long`: a text area. */
export const ACTIVITY_FIELDS = [
  { name: 'name', kind: 'text', required: true },
  { name: 'purpose', kind: 'long', required: true },
  { name: 'legalBasis', kind: 'basis', required: true },
  { name: 'legalBasisDetail', kind: 'long', required: false },
  { name: 'dataSubjectCategories', kind: 'lines', required: false },
  { name: 'personalDataCategories', kind: 'lines', required: false },
  { name: 'specialCategories', kind: 'lines', required: false },
  { name: 'recipients', kind: 'lines', required: false },
  { name: 'processors', kind: 'lines', required: false },
  { name: 'thirdCountryTransfers', kind: 'long', required: false },
  { name: 'retention', kind: 'long', required: true },
  { name: 'securityMeasures', kind: 'lines', required: false },
  { name: 'controller', kind: 'text', required: true },
  { name: 'dpoContact', kind: 'text', required: false },
  { name: 'auditActions', kind: 'lines', required: false },
] as const;

export type ActivityFieldName = (typeof ACTIVITY_FIELDS)[number]['name'];
export type ActivityValues = Record<ActivityFieldName | 'key', string>;

export const emptyValues = (): ActivityValues => ({
  key: '',
  ...(Object.fromEntries(ACTIVITY_FIELDS.map((field) => [field.name, field.name === 'legalBasis' ? 'public-task' : ''])) as Record<
    ActivityFieldName,
    string
  >),
});

/** An activity's values as the form shows them (lists one item a line). */
export const valuesOf = (activity: Activity): ActivityValues => ({
  key: activity.key,
  ...(Object.fromEntries(
    ACTIVITY_FIELDS.map((field) => {
      const value = activity[field.name];
      return [field.name, Array.isArray(value) ? value.join('\n') : value];
    }),
  ) as Record<ActivityFieldName, string>),
});

const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The form's values as the API takes them: texts trimmed, lists split by line (empty lines left out). */
export function bodyOf(values: ActivityValues) {
  const body: Record<string, unknown> = {};
  for (const field of ACTIVITY_FIELDS) {
    const value = values[field.name];
    body[field.name] = field.kind === 'lines' ? lines(value) : value.trim();
  }
  return body as Pick<Activity, ActivityFieldName>;
}

/** The register's refusals that are about the activity, not a field: what the screen says to each. */
export const REGISTER_PROBLEMS: Record<string, MessageId> = {
  'precondition-failed': 'privacy.register.problem.stale',
  'processing-activity-key-taken': 'privacy.register.problem.keyTaken',
  'processing-activity-name-taken': 'privacy.register.problem.nameTaken',
  'audit-action-pattern-taken': 'privacy.register.problem.patternTaken',
  'processing-activity-retired': 'privacy.register.problem.retired',
  'processing-activity-covers-audit-actions': 'privacy.register.problem.coversActions',
};

/** The query key under which every read of the register is cached (invalidated after each change). */
export const registerKey = ['privacy', 'register'];
