// Catalogue: units, groups, roles, grants and grant requests, users, service accounts and tokens,
// access reviews. Their resources live in a unit (own: team a, other: team b, parent: region r1);
// none of them is a case, so the shielded column is '-' throughout.
import { REASON, type Entry } from './catalogue.ts';

const NOT_A_CASE = { scopes: ['shielded' as const], why: 'not case data: the organisation has no shielded resources' };
const ORGANISATION_WIDE = 'one list for the whole organisation (filtered by the caller’s units inside)';
const inFuture = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

const organisation: Entry[] = [
  // Units.
  {
    route: 'GET /api/v1/units',
    unscoped: 'the unit tree is public to every signed-in user (names and codes only)',
    probe: () => ({ url: '/api/v1/units' }),
  },
  {
    route: 'POST /api/v1/units',
    probe: (ctx) => ({
      url: '/api/v1/units',
      body: { parentId: ctx.org.unitId, kind: 'team', code: ctx.world.unique('matrix-unit-'), name: 'Matrix', reason: REASON },
    }),
  },
  {
    // A team inside the scope's unit (a1, b1, r1x): reshaping it is managing the scope's unit.
    route: 'PATCH /api/v1/units/:unitId',
    probe: async (ctx) => ({
      url: `/api/v1/units/${ctx.org.childUnitId}`,
      body: { version: await ctx.version('org_unit', ctx.org.childUnitId), name: `Unit child of ${ctx.org.unitCode}`, reason: REASON },
    }),
  },

  // Groups.
  { route: 'GET /api/v1/groups', unscoped: ORGANISATION_WIDE, probe: () => ({ url: '/api/v1/groups' }) },
  {
    route: 'POST /api/v1/groups',
    unscoped: 'a group is made empty and in no unit; its grants are what count',
    probe: (ctx) => ({ url: '/api/v1/groups', body: { name: ctx.world.unique('Matrix group '), reason: REASON } }),
  },
  {
    // A group holding a (not privileged) grant in the scope's unit; a member of that unit joins.
    route: 'POST /api/v1/groups/:groupId/members',
    probe: async (ctx) => ({
      url: `/api/v1/groups/${(await ctx.fresh('group')).groupId}/members`,
      body: { userId: ctx.org.member.id, reason: REASON },
    }),
  },
  {
    route: 'POST /api/v1/groups/:groupId/members/:userId/remove',
    probe: async (ctx) => {
      const group = await ctx.fresh('group');
      return { url: `/api/v1/groups/${group.groupId}/members/${group.memberId}/remove`, body: { reason: REASON } };
    },
  },

  // Roles and permissions: roles hold wherever granted, so they have no unit.
  { route: 'GET /api/v1/roles', unscoped: 'the role catalogue is organisation-wide', probe: () => ({ url: '/api/v1/roles' }) },
  {
    route: 'POST /api/v1/roles',
    unscoped: 'roles hold wherever granted: made only with roles.manage at the root',
    probe: (ctx) => ({
      url: '/api/v1/roles',
      body: { name: ctx.world.unique('Matrix role '), permissions: ['users.read'], reason: REASON },
    }),
  },
  {
    route: 'PUT /api/v1/roles/:roleId/permissions',
    unscoped: 'roles hold wherever granted: edited only with roles.manage at the root',
    probe: async (ctx) => ({
      url: `/api/v1/roles/${ctx.world.organisation.own.customRoleId}/permissions`,
      body: { permissions: ['users.read'], version: await ctx.version('role', ctx.world.organisation.own.customRoleId), reason: REASON },
    }),
  },
  { route: 'GET /api/v1/permissions', unscoped: 'the permissions the modules define', probe: () => ({ url: '/api/v1/permissions' }) },

  // Grants and grant requests.
  { route: 'GET /api/v1/grants', probe: (ctx) => ({ url: `/api/v1/grants?userId=${ctx.org.member.id}` }) },
  {
    route: 'POST /api/v1/grants',
    probe: async (ctx) => ({
      url: '/api/v1/grants',
      body: { roleId: ctx.world.roleIds['case-worker'], userId: (await ctx.fresh('user')).userId, unitId: ctx.org.unitId, reason: REASON },
    }),
  },
  {
    // A privileged role (team lead: cases.grant-access, persons.merge, …) waits for a second administrator.
    route: 'POST /api/v1/grants',
    variant: 'privileged role',
    probe: async (ctx) => ({
      url: '/api/v1/grants',
      body: { roleId: ctx.world.roleIds['team-lead'], userId: (await ctx.fresh('user')).userId, unitId: ctx.org.unitId, reason: REASON },
    }),
  },
  {
    route: 'POST /api/v1/grants/:grantId/revoke',
    probe: async (ctx) => ({ url: `/api/v1/grants/${(await ctx.fresh('granted-user')).grantId}/revoke`, body: { reason: REASON } }),
  },
  { route: 'GET /api/v1/grant-requests', unscoped: ORGANISATION_WIDE, probe: () => ({ url: '/api/v1/grant-requests' }) },
  ...(['approve', 'refuse'] as const).map((decision): Entry => ({
    // A national administrator asked for a team lead's grant in the scope's unit.
    route: `POST /api/v1/grant-requests/:requestId/${decision}`,
    probe: async (ctx) => ({
      url: `/api/v1/grant-requests/${(await ctx.fresh('grant-request')).requestId}/${decision}`,
      body: { reason: REASON },
    }),
  })),

  // Users.
  { route: 'GET /api/v1/users', probe: (ctx) => ({ url: `/api/v1/users?unitId=${ctx.org.unitId}` }) },
  {
    route: 'POST /api/v1/users',
    probe: (ctx) => ({
      url: '/api/v1/users',
      body: {
        kind: 'staff',
        username: ctx.world.unique('matrix-joiner-'),
        displayName: 'Matrix joiner',
        email: null,
        unitId: ctx.org.unitId,
        reason: REASON,
      },
    }),
  },
  { route: 'GET /api/v1/users/:userId', probe: (ctx) => ({ url: `/api/v1/users/${ctx.org.member.id}` }) },
  {
    route: 'PATCH /api/v1/users/:userId',
    probe: async (ctx) => ({
      url: `/api/v1/users/${ctx.org.member.id}`,
      body: { version: await ctx.version('app_user', ctx.org.member.id), displayName: `User ${ctx.org.member.username}` },
    }),
  },
  {
    route: 'POST /api/v1/users/:userId/move',
    probe: async (ctx) => ({
      url: `/api/v1/users/${(await ctx.fresh('user')).userId}/move`,
      body: { unitId: ctx.org.childUnitId, reason: REASON },
    }),
  },
  {
    route: 'POST /api/v1/users/:userId/deactivate',
    probe: async (ctx) => ({ url: `/api/v1/users/${(await ctx.fresh('user')).userId}/deactivate`, body: { reason: REASON } }),
  },
  {
    route: 'POST /api/v1/users/:userId/reactivate',
    probe: async (ctx) => ({ url: `/api/v1/users/${(await ctx.fresh('deactivated-user')).userId}/reactivate`, body: { reason: REASON } }),
  },
  {
    route: 'POST /api/v1/users/:userId/reset-factors',
    probe: async (ctx) => ({ url: `/api/v1/users/${(await ctx.fresh('user')).userId}/reset-factors`, body: { reason: REASON } }),
  },
  {
    route: 'POST /api/v1/users/:userId/unlock',
    probe: (ctx) => ({ url: `/api/v1/users/${ctx.org.member.id}/unlock`, body: { reason: REASON } }),
  },
  { route: 'GET /api/v1/users/:userId/sessions', probe: (ctx) => ({ url: `/api/v1/users/${ctx.org.member.id}/sessions` }) },
  {
    route: 'POST /api/v1/users/:userId/sessions/end',
    probe: async (ctx) => ({ url: `/api/v1/users/${(await ctx.fresh('user')).userId}/sessions/end`, body: { reason: REASON } }),
  },
  {
    route: 'POST /api/v1/auth/password-reset/for-user',
    probe: async (ctx) => ({ url: '/api/v1/auth/password-reset/for-user', body: { userId: (await ctx.fresh('user')).userId } }),
  },

  // Service accounts and their tokens.
  { route: 'GET /api/v1/service-accounts', unscoped: ORGANISATION_WIDE, probe: () => ({ url: '/api/v1/service-accounts' }) },
  {
    route: 'POST /api/v1/service-accounts',
    probe: (ctx) => ({
      url: '/api/v1/service-accounts',
      body: { username: ctx.world.unique('matrix-svc-'), displayName: 'Matrix partner', unitId: ctx.org.unitId, reason: REASON },
    }),
  },
  {
    route: 'GET /api/v1/service-accounts/:accountId/tokens',
    probe: (ctx) => ({ url: `/api/v1/service-accounts/${ctx.org.serviceAccountId}/tokens` }),
  },
  {
    // The account holds chain-partner in the scope's unit: issuing needs grants.manage there too.
    route: 'POST /api/v1/service-accounts/:accountId/tokens',
    probe: (ctx) => ({
      url: `/api/v1/service-accounts/${ctx.org.serviceAccountId}/tokens`,
      body: { name: 'Matrix', expiresInDays: 1, reason: REASON },
    }),
  },
  {
    route: 'POST /api/v1/service-accounts/:accountId/tokens/:tokenId/revoke',
    probe: async (ctx) => {
      const account = await ctx.fresh('service-account');
      return { url: `/api/v1/service-accounts/${account.accountId}/tokens/${account.tokenId}/revoke`, body: { reason: REASON } };
    },
  },
  {
    route: 'POST /api/v1/service-accounts/:accountId/deactivate',
    probe: async (ctx) => ({
      url: `/api/v1/service-accounts/${(await ctx.fresh('service-account')).accountId}/deactivate`,
      body: { reason: REASON },
    }),
  },

  // Access reviews: campaigns of the scope's unit.
  {
    route: 'GET /api/v1/access-reviews/campaigns',
    unscoped: ORGANISATION_WIDE,
    probe: () => ({ url: '/api/v1/access-reviews/campaigns' }),
  },
  {
    route: 'POST /api/v1/access-reviews/campaigns',
    probe: (ctx) => ({
      url: '/api/v1/access-reviews/campaigns',
      body: {
        name: ctx.world.unique('Matrix review '),
        scope: 'privileged',
        unitId: ctx.org.unitId,
        deadline: inFuture(30),
        onMissed: 'escalate',
      },
    }),
  },
  {
    route: 'GET /api/v1/access-reviews/campaigns/:campaignId',
    probe: (ctx) => ({ url: `/api/v1/access-reviews/campaigns/${ctx.org.campaignId}` }),
  },
  {
    route: 'POST /api/v1/access-reviews/campaigns/:campaignId/close',
    probe: async (ctx) => ({ url: `/api/v1/access-reviews/campaigns/${(await ctx.fresh('campaign')).campaignId}/close`, body: {} }),
  },
  {
    route: 'GET /api/v1/access-reviews/campaigns/:campaignId/report.csv',
    probe: (ctx) => ({ url: `/api/v1/access-reviews/campaigns/${ctx.org.campaignId}/report.csv` }),
  },
  {
    route: 'GET /api/v1/access-reviews/campaigns/:campaignId/report.pdf',
    probe: (ctx) => ({ url: `/api/v1/access-reviews/campaigns/${ctx.org.campaignId}/report.pdf` }),
  },
  {
    route: 'GET /api/v1/access-reviews/my-items',
    unscoped: 'the items one decides, wherever they are',
    probe: () => ({ url: '/api/v1/access-reviews/my-items' }),
  },
  {
    // Escalated without a named reviewer: a review manager over its unit decides.
    route: 'POST /api/v1/access-reviews/items/:itemId/decision',
    probe: async (ctx) => ({
      url: `/api/v1/access-reviews/items/${(await ctx.fresh('campaign')).itemId}/decision`,
      body: { decision: 'keep' },
    }),
  },
];

export const organisationEntries: Entry[] = organisation.map((entry) => (entry.unscoped ? entry : { without: NOT_A_CASE, ...entry }));
