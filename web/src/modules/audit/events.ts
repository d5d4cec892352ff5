// The audit trail search's address (/audit/events?personId=…&from=…): the filters GET /audit/events
// takes, so a search can be reloaded and shared. Read leniently: any filter given as text is kept and
// sent as it is, and the API's 400 names the field it refuses (shown at that field); only what the API
// could not take at all (an unknown result, overlong text) is dropped. The labels of the trail's actions
// are here too: dotted strings in a .tsx file would be taken for message keys.
import type { paths } from '../../api/schema';
import type { MessageId } from '../../i18n/messages.nl.ts';

type SearchQuery = NonNullable<paths['/audit/events']['get']['parameters']['query']>;
export type AuditEvent = paths['/audit/events']['get']['responses'][200]['content']['application/json']['items'][number];
export type AuditResult = NonNullable<SearchQuery['result']>;
export const AUDIT_RESULTS: readonly AuditResult[] = ['success', 'denied', 'failure'];

/** The filters, as the address and the API name them. */
export interface AuditSearch {
  personId?: string;
  caseId?: string;
  actorId?: string;
  action?: string;
  actionPrefix?: string;
  result?: AuditResult;
  from?: string;
  to?: string;
}

export const FILTER_KEYS = ['personId', 'caseId', 'actorId', 'action', 'actionPrefix', 'result', 'from', 'to'] as const;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' && value.length <= 200 ? value.trim() : undefined;

export function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  const valid: AuditSearch = {
    personId: text(search.personId),
    caseId: text(search.caseId),
    actorId: text(search.actorId),
    action: text(search.action),
    actionPrefix: text(search.actionPrefix),
    result: AUDIT_RESULTS.find((result) => result === search.result),
    from: text(search.from),
    to: text(search.to),
  };
  return Object.fromEntries(Object.entries(valid).filter(([, value]) => value !== undefined));
}

export const hasFilter = (search: AuditSearch): boolean => FILTER_KEYS.some((key) => search[key] !== undefined);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** One action as the API takes it (`case.break-glass`); a family is a prefix of one (`person.`). */
export const ACTION = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
export const ACTION_PREFIX = /^[a-z][a-z0-9-]*(\.[a-z0-9-]*)*$/;

/** Amsterdam's offset from UTC at a moment, in minutes: the screens show every moment in Amsterdam time. */
function amsterdamOffsetMinutes(at: Date): number {
  const name =
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** An <input type="datetime-local"> value, read as Amsterdam time, as an ISO moment; undefined when not one. */
export function fromAmsterdamInput(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return undefined;
  const asUtc = new Date(`${value}:00Z`);
  if (Number.isNaN(asUtc.getTime())) return undefined;
  return new Date(asUtc.getTime() - amsterdamOffsetMinutes(asUtc) * 60_000).toISOString();
}

/** An ISO moment as an <input type="datetime-local"> value in Amsterdam time; '' when not a moment. */
export function toAmsterdamInput(iso: string | undefined): string {
  const at = iso ? new Date(iso) : null;
  if (!at || Number.isNaN(at.getTime())) return '';
  return new Date(at.getTime() + amsterdamOffsetMinutes(at) * 60_000).toISOString().slice(0, 16);
}

/** The trail's actions a reader meets most, in words; any other shows as its code. */
export const ACTION_TEXT: Record<string, MessageId> = {
  'person.read': 'audit.events.action.personRead',
  'person.create': 'audit.events.action.personCreate',
  'person.update': 'audit.events.action.personUpdate',
  'person.bsn-reveal': 'audit.events.action.personBsnReveal',
  'person.consent': 'audit.events.action.personConsent',
  'person.consent-list': 'audit.events.action.personConsentList',
  'person.merge': 'audit.events.action.personMerge',
  'case.read': 'audit.events.action.caseRead',
  'case.create': 'audit.events.action.caseCreate',
  'case.update': 'audit.events.action.caseUpdate',
  'case.list': 'audit.events.action.caseList',
  'case.add-participant': 'audit.events.action.caseAddParticipant',
  'case.assign': 'audit.events.action.caseAssign',
  'case.break-glass': 'audit.events.action.caseBreakGlass',
  'contact-moment.create': 'audit.events.action.contactCreate',
  'contact-moment.read': 'audit.events.action.contactRead',
  'contact-moment.list': 'audit.events.action.contactList',
  'contact-moment.update': 'audit.events.action.contactUpdate',
  'document.read': 'audit.events.action.documentRead',
  'document.upload': 'audit.events.action.documentUpload',
  'document.list': 'audit.events.action.documentList',
  'search.query': 'audit.events.action.searchQuery',
  'referral.read': 'audit.events.action.referralRead',
};

/** The kinds of object the trail names most, in words; any other shows as its code. */
export const OBJECT_TEXT: Record<string, MessageId> = {
  person: 'audit.events.object.person',
  case: 'audit.events.object.case',
  'contact-moment': 'audit.events.object.contactMoment',
  document: 'audit.events.object.document',
  task: 'audit.events.object.task',
  referral: 'audit.events.object.referral',
  search: 'audit.events.object.search',
  'audit-event': 'audit.events.object.auditEvent',
  user: 'audit.events.object.user',
  incident: 'audit.events.object.incident',
};

export const RESULT_TEXT: Record<AuditResult, MessageId> = {
  success: 'audit.events.result.success',
  denied: 'audit.events.result.denied',
  failure: 'audit.events.result.failure',
};

/** Dark enough for white text (WCAG AA), as the administration's badges are. */
export const RESULT_COLOR: Record<AuditResult, string> = { success: 'teal.9', denied: 'red.9', failure: 'yellow' };
