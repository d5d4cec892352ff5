// What the destruction-list screens share (/privacy/destruction and /privacy/destruction/$roundId): the
// API's types, the query keys, the round's query (refreshed every 2 s while the list is being carried
// out, at most POLL_LIMIT times), the report's PDF address, and the texts of statuses, skip reasons and
// counts. Kept out of the .tsx files: dotted strings there are taken for message keys.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client.ts';
import type { paths } from '../../api/schema';
import type { MessageId } from '../../i18n/messages.nl.ts';
import type { SignedInSession } from '../identity/session.ts';
import { holds, PRIVACY_PERMISSION } from './privacy.ts';

export type Round = paths['/privacy/destruction-lists/{roundId}']['get']['responses'][200]['content']['application/json'];
export type RoundItem =
  paths['/privacy/destruction-lists/{roundId}/items']['get']['responses'][200]['content']['application/json']['items'][number];
export type Report = paths['/privacy/destruction-lists/{roundId}/report']['get']['responses'][200]['content']['application/json'];
export type Counts = Round['tally']['totals'];

export const destructionKey = ['privacy', 'destruction'] as const;
export const roundKey = (roundId: string) => [...destructionKey, 'round', roundId] as const;

/** A page of lists or of a list's cases. */
export const PAGE_SIZE = 50;
/** While a list is being carried out its page asks again every POLL_MS, at most POLL_LIMIT times (ten minutes). */
export const POLL_MS = 2000;
export const POLL_LIMIT = 300;

/** Approved (the job starts it) or executing: the cases are being destroyed. */
export const carryingOut = (round: Round | undefined): boolean => round?.status === 'approved' || round?.status === 'executing';

export const roundQuery = (roundId: string) =>
  queryOptions({
    queryKey: roundKey(roundId),
    queryFn: async () => unwrap(await api.GET('/privacy/destruction-lists/{roundId}', { params: { path: { roundId } } })),
    // A 404 (no such list) or 400 (a malformed id) will not change by asking again.
    retry: false,
    refetchOnWindowFocus: false,
    refetchInterval: (query) => (carryingOut(query.state.data) && query.state.dataUpdateCount < POLL_LIMIT ? POLL_MS : false),
  });

/** The tally in one line's words: on the list, destroyed, taken off, skipped. */
export const tallyValues = (round: Round) => ({
  pending: round.tally.pending,
  destroyed: round.tally.destroyed,
  removed: round.tally.removed,
  skipped: round.tally.skipped,
});

/** The report as PDF: a plain link, the browser sends the session cookie (the read is audited). */
export const reportPdfUrl = (roundId: string) => `/api/v1/privacy/destruction-lists/${encodeURIComponent(roundId)}/report.pdf`;

export const ROUND_STATUS: Record<Round['status'], MessageId> = {
  proposed: 'privacy.destruction.status.proposed',
  reviewed: 'privacy.destruction.status.reviewed',
  approved: 'privacy.destruction.status.approved',
  executing: 'privacy.destruction.status.executing',
  completed: 'privacy.destruction.status.completed',
  cancelled: 'privacy.destruction.status.cancelled',
};

/** What the status means for what happens next. */
export const ROUND_STATUS_HINT: Record<Round['status'], MessageId> = {
  proposed: 'privacy.destruction.statusHint.proposed',
  reviewed: 'privacy.destruction.statusHint.reviewed',
  approved: 'privacy.destruction.statusHint.approved',
  executing: 'privacy.destruction.statusHint.executing',
  completed: 'privacy.destruction.statusHint.completed',
  cancelled: 'privacy.destruction.statusHint.cancelled',
};

export const ROUND_COLOUR: Record<Round['status'], string> = {
  proposed: 'blue.9',
  reviewed: 'yellow',
  approved: 'grape.9',
  executing: 'grape.9',
  completed: 'teal.9',
  cancelled: 'gray.8',
};

export const ITEM_STATUS: Record<RoundItem['status'], MessageId> = {
  pending: 'privacy.destruction.item.pending',
  removed: 'privacy.destruction.item.removed',
  destroyed: 'privacy.destruction.item.destroyed',
  skipped: 'privacy.destruction.item.skipped',
  withdrawn: 'privacy.destruction.item.withdrawn',
};

export const SKIP_REASON: Record<string, MessageId> = {
  'not-found': 'privacy.destruction.skip.notFound',
  reopened: 'privacy.destruction.skip.reopened',
  retention: 'privacy.destruction.skip.retention',
  'legal-hold': 'privacy.destruction.skip.legalHold',
};

export const COUNT_LABEL: Record<keyof Counts, MessageId> = {
  contactMoments: 'privacy.destruction.count.contactMoments',
  documents: 'privacy.destruction.count.documents',
  tasks: 'privacy.destruction.count.tasks',
  referrals: 'privacy.destruction.count.referrals',
  participants: 'privacy.destruction.count.participants',
  assignments: 'privacy.destruction.count.assignments',
  incidents: 'privacy.destruction.count.incidents',
  personsErased: 'privacy.destruction.count.personsErased',
  personsKept: 'privacy.destruction.count.personsKept',
};

/** The problems these screens explain in their own words (the rest: the administrator's texts). */
export const DESTRUCTION_PROBLEMS: Record<string, MessageId> = {
  'four-eyes': 'privacy.destruction.problem.fourEyes',
  forbidden: 'privacy.destruction.problem.forbidden',
  conflict: 'privacy.destruction.problem.conflict',
};
export const PROPOSE_PROBLEMS: Record<string, MessageId> = {
  ...DESTRUCTION_PROBLEMS,
  conflict: 'privacy.destruction.problem.nothingDue',
};

/** Whether the session opens the destruction lists (privacy.destruction anywhere; the API decides per unit). */
export const mayDestroy = (permissions: SignedInSession['permissions'] | undefined): boolean =>
  holds(permissions, PRIVACY_PERMISSION.destruction);
