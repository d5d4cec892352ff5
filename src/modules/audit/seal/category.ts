// The retention category of an audit event: the TypeScript twin of casus_audit_category (migrations/
// 0005_retention.ts, which says why), for the documentation, the retention report and the tests that
// hold the two together. The first rule that applies wins.
export const AUDIT_CATEGORIES = ['security', 'access', 'change'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];

const SECURITY_MODULES = new Set(['security', 'auth', 'session']);
const ACCESS_VERB = /\.(read|list|search|query|export|view)$/;
const ACCESS_VERB_PREFIX = /\.(read|view)-[a-z0-9-]+$/;
const ACCESS_VERB_SUFFIX = /-(read|list|reveal|search|export|query)$/;

export function auditCategory(action: string, details: Record<string, unknown> | null): AuditCategory {
  const module = action.split('.')[0]!;
  // As SQL's details ->> 'securityEvent' = 'true': the boolean, or the same text.
  const flagged = details?.securityEvent;
  if (flagged === true || flagged === 'true' || SECURITY_MODULES.has(module)) return 'security';
  if (module === 'search' || ACCESS_VERB.test(action) || ACCESS_VERB_PREFIX.test(action) || ACCESS_VERB_SUFFIX.test(action))
    return 'access';
  return 'change';
}
