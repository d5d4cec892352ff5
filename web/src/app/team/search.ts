// The team page's address: which section (?view=) and the filters of the team's cases and tasks. Read
// from the address, so anything not understood is dropped rather than sent to the API. Also who sees the
// page in the main menu. Kept apart from the page (router.tsx and Shell.tsx import this; the page itself
// loads when first visited).
import type { paths } from '../../api/schema';
import type { SignedInSession } from '../../modules/identity/session.ts';

export type Permissions = SignedInSession['permissions'];
export const holds = (permissions: Permissions, permission: string) => (permissions[permission]?.length ?? 0) > 0;

/** The main menu shows the team page to team leads (assigning, deciding access) and access reviewers. */
export const teamPageShownWith = (permissions: Permissions) =>
  holds(permissions, 'referrals.assign') || holds(permissions, 'cases.grant-access') || holds(permissions, 'cases.review-access');

export const TEAM_VIEWS = ['queue', 'tasks', 'cases', 'break-glass'] as const;
export type TeamView = (typeof TEAM_VIEWS)[number];

export type Track = NonNullable<paths['/cases']['get']['parameters']['query']['track']>;
export const TRACKS: readonly Track[] = ['emotional', 'practical', 'legal', 'damage-recovery', 'criminal-proceedings'];
export type TaskStatus = NonNullable<paths['/tasks']['get']['parameters']['query']['status']>;
export const TASK_STATUSES: readonly TaskStatus[] = ['open', 'done', 'cancelled'];

/** The filters of the team's cases that GET /cases takes (`type` is its caseTypeKey, `worker` its assignedTo). */
export interface CaseFilters {
  status?: string;
  track?: Track;
  type?: string;
  worker?: string;
}

export interface TeamSearch extends CaseFilters {
  view?: TeamView;
  taskStatus?: TaskStatus;
}

/** A status or case type key: lower-case words with hyphens, as the case types' keys are (at most 63). */
const KEY = /^[a-z0-9][a-z0-9-]{0,62}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const oneOf = <T extends string>(values: readonly T[], value: unknown): T | undefined => values.find((candidate) => candidate === value);
const key = (value: unknown): string | undefined => (typeof value === 'string' && KEY.test(value) ? value : undefined);

export function validateTeamSearch(search: Record<string, unknown>): TeamSearch {
  const valid: TeamSearch = {
    view: oneOf(TEAM_VIEWS, search.view),
    taskStatus: oneOf(TASK_STATUSES, search.taskStatus),
    status: key(search.status),
    track: oneOf(TRACKS, search.track),
    type: key(search.type),
    worker: typeof search.worker === 'string' && UUID.test(search.worker) ? search.worker : undefined,
  };
  return Object.fromEntries(Object.entries(valid).filter(([, value]) => value !== undefined));
}
