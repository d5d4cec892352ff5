// The built-in detection rules: data of the shape a rules file holds (kernel/config-detection.ts), so
// that changing a threshold is configuration, never code. A file named by CASUS_AUDIT_DETECTION_RULES
// replaces a rule of the same id (`"enabled": false` turns it off) and adds rules of new ids.
import type { DetectionRule, DetectionRulesFile, WorkingHours } from '../../../kernel/config-detection.ts';

/** Office hours on working days (Europe/Amsterdam), wide enough for early and late shifts. */
export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '07:00', end: '19:00' };

/** The reads that open one person's file: her record, her BSN, a case about her (its primary client). */
const OPENING_A_PERSON = ['person.read', 'person.bsn-reveal', 'case.read'];

export const DEFAULT_RULES: readonly DetectionRule[] = Object.freeze([
  {
    id: 'mass-lookup',
    kind: 'threshold',
    description: 'Opened many different persons in a few minutes (mass look-up)',
    severity: 'high',
    filter: { actions: OPENING_A_PERSON, results: ['success'] },
    count: 'distinct',
    field: 'dataSubjectId',
    threshold: 50,
    windowMinutes: 5,
  },
  {
    id: 'bulk-lookup',
    kind: 'threshold',
    description: 'Opened more different persons in an hour than a day of case work needs',
    severity: 'medium',
    filter: { actions: OPENING_A_PERSON, results: ['success'] },
    count: 'distinct',
    field: 'dataSubjectId',
    threshold: 150,
    windowMinutes: 60,
  },
  {
    id: 'search-outside-own-cases',
    kind: 'threshold',
    description: 'Searched by BSN or name and found only persons outside the cases one works on, several times',
    severity: 'medium',
    filter: { actions: ['search.query'], results: ['success'], details: { terms: ['bsn', 'name'] } },
    conditions: ['outsideOwnCases'],
    count: 'events',
    threshold: 3,
    windowMinutes: 60,
  },
  {
    id: 'shielded-after-hours',
    kind: 'match',
    description: 'Opened or changed a shielded case outside working hours',
    severity: 'high',
    filter: { actorKinds: ['user'] },
    conditions: ['shieldedCase', 'outsideWorkingHours'],
    dedupeMinutes: 720,
  },
  {
    id: 'after-hours-access',
    kind: 'match',
    description: 'Read or changed personal data outside working hours (evening, night, weekend, public holiday)',
    severity: 'low',
    filter: { actorKinds: ['user'], withDataSubject: true },
    conditions: ['outsideWorkingHours'],
    dedupeMinutes: 720,
  },
  {
    id: 'repeated-denied',
    kind: 'threshold',
    description: 'Was refused access repeatedly in a short time',
    severity: 'medium',
    filter: { results: ['denied'] },
    count: 'events',
    threshold: 5,
    windowMinutes: 10,
  },
  {
    id: 'break-glass',
    kind: 'match',
    description: 'Broke the glass: opened, or asked to open, a case outside one’s own scope',
    severity: 'high',
    filter: { actions: ['case.break-glass', 'case.break-glass-request'], results: ['success'] },
    dedupeMinutes: 60,
  },
]);

export interface EffectiveRules {
  workingHours: WorkingHours;
  rules: DetectionRule[];
}

/** The built-in rules with the file's: same id replaces, new id adds, `enabled: false` removes. */
export function effectiveRules(file: DetectionRulesFile | null): EffectiveRules {
  const byId = new Map<string, DetectionRule>(DEFAULT_RULES.map((r) => [r.id, r]));
  for (const rule of file?.rules ?? []) byId.set(rule.id, rule);
  return {
    workingHours: file?.workingHours ?? DEFAULT_WORKING_HOURS,
    rules: [...byId.values()].filter((r) => r.enabled !== false),
  };
}
