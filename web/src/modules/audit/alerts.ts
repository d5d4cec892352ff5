// What the alert screens share (/audit/alerts, /audit/alerts/$alertId): the API's types, the list's
// address (?status=&severity=&rule=, validated: anything not understood is dropped rather than sent to
// the API), and the catalogue's name and explanation of each built-in detection rule
// (src/modules/audit/detection/default-rules.ts). A rule the organisation added in its own rules file has
// no name here: the screens show the description the API gives. Kept out of the .tsx files: it is read by
// routes.tsx, which must not load the screens.
import type { paths } from '../../api/schema';
import type { MessageId } from '../../i18n/messages.nl.ts';

export type Alert = paths['/audit/alerts']['get']['responses'][200]['content']['application/json']['items'][number];
export type AlertDetail = paths['/audit/alerts/{alertId}']['get']['responses'][200]['content']['application/json'];
export type AlertStatus = Alert['status'];
export type AlertSeverity = Alert['severity'];

export const ALERT_STATUSES: readonly AlertStatus[] = ['open', 'acknowledged', 'closed'];
export const ALERT_SEVERITIES: readonly AlertSeverity[] = ['high', 'medium', 'low'];
export const ALERTS_PAGE = 25;

export const alertsKey = ['audit', 'alerts'] as const;
export const alertKey = (alertId: string) => [...alertsKey, 'one', alertId] as const;

export const STATUS_TEXT: Record<AlertStatus, MessageId> = {
  open: 'audit.alerts.status.open',
  acknowledged: 'audit.alerts.status.acknowledged',
  closed: 'audit.alerts.status.closed',
};
export const STATUS_COLOUR: Record<AlertStatus, string> = { open: 'red.9', acknowledged: 'yellow', closed: 'gray.8' };
export const SEVERITY_TEXT: Record<AlertSeverity, MessageId> = {
  high: 'audit.alerts.severity.high',
  medium: 'audit.alerts.severity.medium',
  low: 'audit.alerts.severity.low',
};
/**
 * With autoContrast: white text on red.9 and gray.8 (5:1 and more); orange.9 with white text is 4.3:1, below AA, so
 * medium is a lighter orange that takes black text (9:1).
 */
export const SEVERITY_COLOUR: Record<AlertSeverity, string> = { high: 'red.9', medium: 'orange.5', low: 'gray.8' };

/** The built-in rules by id: a name for the list and what the rule looks for, in the user's language. */
export const RULES: Record<string, { name: MessageId; about: MessageId }> = {
  'mass-lookup': { name: 'audit.rule.massLookup', about: 'audit.rule.massLookup.about' },
  'bulk-lookup': { name: 'audit.rule.bulkLookup', about: 'audit.rule.bulkLookup.about' },
  'search-outside-own-cases': { name: 'audit.rule.searchOutsideOwnCases', about: 'audit.rule.searchOutsideOwnCases.about' },
  'shielded-after-hours': { name: 'audit.rule.shieldedAfterHours', about: 'audit.rule.shieldedAfterHours.about' },
  'after-hours-access': { name: 'audit.rule.afterHoursAccess', about: 'audit.rule.afterHoursAccess.about' },
  'repeated-denied': { name: 'audit.rule.repeatedDenied', about: 'audit.rule.repeatedDenied.about' },
  'break-glass': { name: 'audit.rule.breakGlass', about: 'audit.rule.breakGlass.about' },
};
export const ruleOf = (id: string) => (Object.hasOwn(RULES, id) ? RULES[id] : undefined);

/** What closing an alert found: the first words of the reason the API records. */
export const FINDINGS = ['misuse', 'explained', 'false-alarm'] as const;
export type Finding = (typeof FINDINGS)[number];
export const FINDING_TEXT: Record<Finding, MessageId> = {
  misuse: 'audit.alert.finding.misuse',
  explained: 'audit.alert.finding.explained',
  'false-alarm': 'audit.alert.finding.falseAlarm',
};
/** The finding's own words: at least this long (the API wants a reason of 10 characters or more). */
export const FINDING_MIN_LENGTH = 10;

/** The list's address. `status` absent: the open ones; `all`: every status. */
export interface AlertsSearch {
  status?: AlertStatus | 'all';
  severity?: AlertSeverity;
  rule?: string;
}

/** A rule id as the API takes it. */
const RULE_ID = /^[a-z][a-z0-9-]{0,62}$/;
const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined => values.find((candidate) => candidate === value);

export function validateAlertsSearch(search: Record<string, unknown>): AlertsSearch {
  const valid: AlertsSearch = {
    status: oneOf([...ALERT_STATUSES, 'all' as const], search.status),
    severity: oneOf(ALERT_SEVERITIES, search.severity),
    rule: typeof search.rule === 'string' && RULE_ID.test(search.rule) ? search.rule : undefined,
  };
  return Object.fromEntries(Object.entries(valid).filter(([, value]) => value !== undefined));
}
