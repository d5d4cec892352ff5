// The detection rules as configuration: the shape of the JSON file CASUS_AUDIT_DETECTION_RULES names,
// checked when the settings load, so a wrong rule stops every casus command with its reasons instead of
// a detector that silently never fires. A rule is data for the audit module's rule engine (a kind the
// engine knows, a filter on audit events, conditions it can evaluate, thresholds), never code; the
// built-in rules are data of the same shape in the audit module (detection/default-rules.ts), and the
// file's rules replace them by id, or add to them.
import { readFileSync } from 'node:fs';
import { Type, type Static, type TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { ConfigError } from './config-error.ts';

export const DETECTION_SEVERITIES = ['low', 'medium', 'high'] as const;
export type DetectionSeverity = (typeof DETECTION_SEVERITIES)[number];

/** What a threshold rule counts distinct values of: one value per event, or each value of a list read. */
export const DETECTION_FIELDS = ['dataSubjectId', 'dataSubjectIds', 'objectId', 'objectIds'] as const;
export type DetectionField = (typeof DETECTION_FIELDS)[number];

/**
 * Conditions the engine evaluates beyond the event itself: the working-day calendar and hours; whether
 * the case the event concerns is shielded; whether the persons a search showed are outside the cases the
 * searcher works on (both answered by the cases module).
 */
export const DETECTION_CONDITIONS = ['outsideWorkingHours', 'shieldedCase', 'outsideOwnCases'] as const;
export type DetectionCondition = (typeof DETECTION_CONDITIONS)[number];

const literals = <const T extends readonly string[]>(values: T) => Type.Unsafe<T[number]>({ type: 'string', enum: [...values] });

const RuleId = Type.String({ pattern: '^[a-z][a-z0-9-]{0,62}$' });
/** An audit action ("person.read"), or every action under a prefix ("case.*"). */
const ActionPattern = Type.String({ pattern: '^[a-z][a-z0-9-]*(\\.[a-z][a-z0-9-]*)*(\\.\\*)?$', maxLength: 100 });
const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' });

const Filter = Type.Object(
  {
    actions: Type.Optional(Type.Array(ActionPattern, { minItems: 1, maxItems: 100 })),
    results: Type.Optional(Type.Array(literals(['success', 'denied', 'failure']), { minItems: 1 })),
    actorKinds: Type.Optional(Type.Array(literals(['user', 'service']), { minItems: 1 })),
    /** Only events about a person (a data subject, or a list read that showed persons). */
    withDataSubject: Type.Optional(Type.Boolean()),
    /** details.<key> equals one of the values (for a list, holds one of them): `{ "terms": ["bsn", "name"] }`. */
    details: Type.Optional(
      Type.Record(
        Type.String({ pattern: '^[A-Za-z][A-Za-z0-9]{0,62}$' }),
        Type.Array(Type.Union([Type.String({ maxLength: 200 }), Type.Number(), Type.Boolean()]), { minItems: 1, maxItems: 100 }),
      ),
    ),
  },
  { additionalProperties: false },
);

const common = {
  id: RuleId,
  description: Type.String({ minLength: 1, maxLength: 500 }),
  severity: literals(DETECTION_SEVERITIES),
  enabled: Type.Optional(Type.Boolean()),
  filter: Filter,
  conditions: Type.Optional(Type.Array(literals(DETECTION_CONDITIONS), { maxItems: DETECTION_CONDITIONS.length })),
};

/** Every matching event is a hit; hits of one actor within `dedupeMinutes` of an alert join it. */
const MatchRule = Type.Object(
  { ...common, kind: Type.Literal('match'), dedupeMinutes: Type.Integer({ minimum: 1, maximum: 10_080 }) },
  { additionalProperties: false },
);

/** `threshold` or more matching events (or distinct values of `field`) of one actor within `windowMinutes`. */
const ThresholdRule = Type.Object(
  {
    ...common,
    kind: Type.Literal('threshold'),
    count: literals(['events', 'distinct']),
    field: Type.Optional(literals(DETECTION_FIELDS)),
    threshold: Type.Integer({ minimum: 2, maximum: 100_000 }),
    windowMinutes: Type.Integer({ minimum: 1, maximum: 1440 }),
  },
  { additionalProperties: false },
);

const RulesFile = Type.Object(
  {
    /** Office hours on working days, Europe/Amsterdam; outside them (and on any day the calendar closes) is after hours. */
    workingHours: Type.Optional(Type.Object({ start: Clock, end: Clock }, { additionalProperties: false })),
    rules: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 200 })),
  },
  { additionalProperties: false },
);

export type DetectionFilter = Static<typeof Filter>;
export type MatchRule = Static<typeof MatchRule>;
export type ThresholdRule = Static<typeof ThresholdRule>;
export type DetectionRule = MatchRule | ThresholdRule;
export interface WorkingHours {
  start: string;
  end: string;
}
export interface DetectionRulesFile {
  workingHours?: WorkingHours;
  rules: DetectionRule[];
}

const RULE_KINDS: Record<string, TSchema> = { match: MatchRule, threshold: ThresholdRule };

function errorsOf(schema: TSchema, value: unknown, at: string): string[] {
  return [...Value.Errors(schema, value)]
    .filter((e) => e.keyword !== 'boolean') // the additionalProperties error says it better
    .map((e) => {
      const { additionalProperties, allowedValues } = e.params as { additionalProperties?: string[]; allowedValues?: unknown[] };
      const extra = additionalProperties ?? allowedValues;
      return `${at}${e.instancePath}: ${e.message}${extra ? ` (${extra.join(', ')})` : ''}`;
    });
}

function minutesOf(clock: string): number {
  const [h, m] = clock.split(':').map(Number) as [number, number];
  return h * 60 + m;
}

/** The rules of a parsed file, or every reason it is refused (`where` names the file in them). */
export function validateDetectionRules(parsed: unknown, where: string): DetectionRulesFile {
  const reasons = errorsOf(RulesFile, parsed, where);
  if (reasons.length > 0) throw new ConfigError(reasons);
  const file = parsed as { workingHours?: WorkingHours; rules?: unknown[] };
  if (file.workingHours && minutesOf(file.workingHours.start) >= minutesOf(file.workingHours.end))
    reasons.push(`${where}/workingHours: start must be before end`);
  const rules: DetectionRule[] = [];
  const seen = new Set<string>();
  (file.rules ?? []).forEach((rule, i) => {
    const at = `${where}/rules/${i}`;
    const kind = (rule as { kind?: unknown } | null)?.kind;
    const schema = typeof kind === 'string' ? RULE_KINDS[kind] : undefined;
    if (!schema) return void reasons.push(`${at}/kind: must be one of ${Object.keys(RULE_KINDS).join(', ')}`);
    const problems = errorsOf(schema, rule, at);
    if (problems.length > 0) return void reasons.push(...problems);
    const valid = rule as DetectionRule;
    if (seen.has(valid.id)) reasons.push(`${at}/id: ${valid.id} is defined twice`);
    seen.add(valid.id);
    if (valid.kind === 'threshold' && (valid.count === 'distinct') !== (valid.field !== undefined))
      reasons.push(`${at}: count "distinct" needs a field, count "events" takes none`);
    rules.push(valid);
  });
  if (reasons.length > 0) throw new ConfigError(reasons);
  return { ...(file.workingHours ? { workingHours: file.workingHours } : {}), rules };
}

/** Reads and checks the rules file; ConfigError with every reason when it cannot be used. */
export function readDetectionRules(file: string): DetectionRulesFile {
  const where = `CASUS_AUDIT_DETECTION_RULES ${file}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`${where} cannot be read as JSON: ${(error as Error).message}`]);
  }
  return validateDetectionRules(parsed, where);
}
