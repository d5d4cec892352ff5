// What the administrator's screens share: the API's types for them, the session's permissions (a
// permission holds in the units listed and their subtrees) and the queries several screens read.
// Kept out of the .tsx files: permission names are dotted strings the catalogue test would take for keys.
import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '../../../api/client.ts';
import type { paths } from '../../../api/schema';
import type { SignedInSession } from '../session.ts';

export type Unit = paths['/units']['get']['responses'][200]['content']['application/json']['items'][number];
export type User = paths['/users']['get']['responses'][200]['content']['application/json']['items'][number];
export type UserDetail = paths['/users/{userId}']['get']['responses'][200]['content']['application/json'];
export type Grant = UserDetail['grants'][number];
export type Group = paths['/groups']['get']['responses'][200]['content']['application/json']['items'][number];
export type Role = paths['/roles']['get']['responses'][200]['content']['application/json']['items'][number];
export type Permission = paths['/permissions']['get']['responses'][200]['content']['application/json']['items'][number];
export type GrantRequest = paths['/grant-requests']['get']['responses'][200]['content']['application/json']['items'][number];
export type ServiceAccount = paths['/service-accounts']['get']['responses'][200]['content']['application/json']['items'][number];
export type ApiToken =
  paths['/service-accounts/{accountId}/tokens']['get']['responses'][200]['content']['application/json']['items'][number];

export const PERMISSION = {
  unitsManage: 'units.manage',
  usersRead: 'users.read',
  usersManage: 'users.manage',
  usersSupport: 'users.support',
  rolesManage: 'roles.manage',
  grantsManage: 'grants.manage',
  sessionsManage: 'sessions.manage',
  serviceAccountsManage: 'service-accounts.manage',
  reviewsRead: 'access-reviews.read',
  reviewsManage: 'access-reviews.manage',
} as const;

type Permissions = SignedInSession['permissions'];

/** Holds the permission in some unit. */
export const holds = (permissions: Permissions | undefined, permission: string): boolean => (permissions?.[permission]?.length ?? 0) > 0;

/** The permissions that open a section of /admin. */
export const SECTION_PERMISSIONS = {
  units: [PERMISSION.unitsManage],
  users: [PERMISSION.usersRead],
  groups: [PERMISSION.usersRead],
  roles: [PERMISSION.rolesManage],
  grants: [PERMISSION.grantsManage],
  serviceAccounts: [PERMISSION.serviceAccountsManage],
  accessReviews: [PERMISSION.reviewsRead, PERMISSION.reviewsManage],
} as const;

export type Section = keyof typeof SECTION_PERMISSIONS;

export const opens = (permissions: Permissions | undefined, section: Section): boolean =>
  SECTION_PERMISSIONS[section].some((permission) => holds(permissions, permission));

/** Any section of /admin open: the main menu's "Beheer". */
export const anyAdminSection = (permissions: Permissions | undefined): boolean =>
  (Object.keys(SECTION_PERMISSIONS) as Section[]).some((section) => opens(permissions, section));

/**
 * Does the permission hold in this unit: granted in it or in one of its ancestors (grants reach
 * subtrees). The API decides; this only keeps actions it would refuse off the screen.
 */
export function holdsIn(permissions: Permissions | undefined, permission: string, unitId: string, units: Unit[]): boolean {
  const granted = new Set(permissions?.[permission] ?? []);
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  for (let unit = byId.get(unitId); unit; unit = unit.parentId ? byId.get(unit.parentId) : undefined) {
    if (granted.has(unit.id)) return true;
  }
  return false;
}

export const unitsQuery = queryOptions({
  queryKey: ['admin', 'units'],
  queryFn: async () => unwrap(await api.GET('/units')).items,
  refetchOnWindowFocus: false,
});

export const rolesQuery = queryOptions({
  queryKey: ['admin', 'roles'],
  queryFn: async () => unwrap(await api.GET('/roles')).items,
  refetchOnWindowFocus: false,
});

export const permissionsQuery = queryOptions({
  queryKey: ['admin', 'permissions'],
  queryFn: async () => unwrap(await api.GET('/permissions')).items,
  refetchOnWindowFocus: false,
  staleTime: Infinity,
});

export const groupsQuery = queryOptions({
  queryKey: ['admin', 'groups'],
  queryFn: async () => unwrap(await api.GET('/groups')).items,
  refetchOnWindowFocus: false,
});

export const userQueryKey = (userId: string) => ['admin', 'user', userId];
export const userQuery = (userId: string) =>
  queryOptions({
    queryKey: userQueryKey(userId),
    queryFn: async () => unwrap(await api.GET('/users/{userId}', { params: { path: { userId } } })),
    refetchOnWindowFocus: false,
  });

/** Units in tree order (each after its parent), with their depth: for pickers and the tree. */
export function unitTree(units: Unit[]): { unit: Unit; depth: number }[] {
  const children = new Map<string | null, Unit[]>();
  for (const unit of units) children.set(unit.parentId, [...(children.get(unit.parentId) ?? []), unit]);
  for (const list of children.values()) list.sort((a, b) => a.name.localeCompare(b.name, 'nl'));
  const ids = new Set(units.map((unit) => unit.id));
  const out: { unit: Unit; depth: number }[] = [];
  const walk = (parentId: string | null, depth: number) => {
    for (const unit of children.get(parentId) ?? []) {
      out.push({ unit, depth });
      walk(unit.id, depth + 1);
    }
  };
  // Roots: no parent, or a parent this list does not hold.
  for (const unit of units) if (unit.parentId === null || !ids.has(unit.parentId)) walk(unit.parentId, 0);
  return out.filter((entry, index, all) => all.findIndex((other) => other.unit.id === entry.unit.id) === index);
}

/** The offset of Amsterdam time from UTC at a moment, in minutes (60 in winter, 120 in summer). */
function amsterdamOffsetMinutes(at: Date): number {
  const name =
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' })
      .formatToParts(at)
      .find((part) => part.type === 'timeZoneName')?.value ?? '';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/** A time on an <input type="date"> day in Amsterdam, where the screens show every moment, whatever the browser's zone. */
function onDay(day: string, time: string): string {
  const asUtc = new Date(`${day}T${time}Z`);
  return new Date(asUtc.getTime() - amsterdamOffsetMinutes(asUtc) * 60_000).toISOString();
}

/** The end of that day (a grant holds until then; a deadline is then). */
export const endOfDay = (day: string): string => onDay(day, '23:59:59');

/** The start of that day. */
export const startOfDay = (day: string): string => onDay(day, '00:00:00');

/** A unit's name (and code), or its id while the list is loading. */
export function unitLabel(units: Unit[] | undefined, unitId: string | null | undefined): string {
  const unit = units?.find((u) => u.id === unitId);
  return unit ? `${unit.name} (${unit.code})` : (unitId ?? '');
}

/** Badge colours with white text at 4.5:1 or more (yellow takes black text: autoContrast). */
export const COLOUR = { good: 'teal.9', neutral: 'gray.8', open: 'blue.9', bad: 'red.9', waiting: 'yellow' } as const;

/** A grant request's state as a badge colour. */
export const REQUEST_COLOURS: Record<GrantRequest['status'], string> = {
  pending: COLOUR.waiting,
  approved: COLOUR.good,
  refused: COLOUR.bad,
  expired: COLOUR.neutral,
};
