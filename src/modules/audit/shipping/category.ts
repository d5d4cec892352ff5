// Which retention category an audit event belongs to (ADR 0025: retention per category, in
// configuration: CASUS_AUDIT_RETENTION_*_DAYS). The processing log keeps its entries by the same rule,
// and the shipped records carry the category so the central log system can keep them alike. Expiry
// classifies in SQL with the same rule (casus_audit_category, migrations/0008_one_category_rule.ts);
// seal/retention.test.ts holds the two together: change both.
//
//   security: security events (breaking the glass, privileged grants...), every refusal and failure,
//             and everything about signing in, sessions, grants, roles, tokens and service accounts;
//   access:   reads: an action whose verb reads (read, list, search, query, export, reveal, report);
//   change:   everything else (creating, updating, closing, merging...).
export const AUDIT_CATEGORIES = ['security', 'access', 'change'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

/** The action's domain (before the first dot) for which every event is a security event. */
const SECURITY_DOMAINS = new Set([
  'auth',
  'session',
  'security',
  'grant',
  'grant-request',
  'role',
  'api-token',
  'service-account',
  'audit',
]);
/** Verbs (after the first dot) that only show data; `-list`, `read-` and `-reveal` forms too (`document.read-metadata`). */
const READ_VERBS = new Set(['read', 'list', 'search', 'query', 'export', 'report', 'view']);

export interface CategorisedEvent {
  action: string;
  result: 'success' | 'denied' | 'failure';
  details: Record<string, unknown> | null;
}

export function auditCategoryOf(event: CategorisedEvent): AuditCategory {
  if (event.result !== 'success' || event.details?.securityEvent === true) return 'security';
  const dot = event.action.indexOf('.');
  const domain = dot < 0 ? event.action : event.action.slice(0, dot);
  if (SECURITY_DOMAINS.has(domain)) return 'security';
  const verb = dot < 0 ? '' : event.action.slice(dot + 1);
  if (READ_VERBS.has(verb) || verb.startsWith('read-') || verb.endsWith('-list') || verb.endsWith('-reveal')) return 'access';
  return 'change';
}
