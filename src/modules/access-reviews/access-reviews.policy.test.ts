// Who may run, read and close review campaigns and who decides a review item, row by row, without a
// database: access-reviews.manage starts and closes campaigns, access-reviews.read (or manage) reads
// them, both only in the campaign's unit; an item is decided by its reviewer, its escalation target,
// or (escalated without a named target) a review manager over its unit, never by the person whose
// grant it is, and only while it is undecided in an open campaign (docs/security.md, Access reviews).
import { campaignPolicy, itemPolicy, type CampaignResource, type ItemResource } from './access-reviews.policy.ts';
import { MANAGE, READ } from './access-reviews.permissions.ts';
import { ANONYMOUS, actor, policyTable } from '../../../test/helpers/policy-table.ts';

const NATIONAL = 'national';
const REGION = 'region-north';
const OTHER_REGION = 'region-south';
const TEAM = 'team-north-1';

const campaign = (over: Partial<CampaignResource> = {}): CampaignResource => ({ scopeUnitId: REGION, status: 'open', ...over });
const item = (over: Partial<ItemResource> = {}): ItemResource => ({
  unitId: TEAM,
  reviewerId: 'me',
  escalatedAt: null,
  escalatedTo: null,
  ownGrant: false,
  decided: false,
  campaignOpen: true,
  ...over,
});
const ESCALATED = new Date('2026-02-01T00:00:00Z');

const regionalOfficer = actor({ [REGION]: [MANAGE, READ], [TEAM]: [MANAGE, READ] });
const nationalOfficer = actor({
  [NATIONAL]: [MANAGE, READ],
  [REGION]: [MANAGE, READ],
  [OTHER_REGION]: [MANAGE, READ],
  [TEAM]: [MANAGE, READ],
});

policyTable('campaignPolicy', campaignPolicy, [
  {
    name: 'the security officer of the region, an open campaign of the region',
    actor: regionalOfficer,
    resource: campaign(),
    allows: ['start', 'read', 'close'],
  },
  {
    name: 'the security officer of the region, a closed campaign',
    actor: regionalOfficer,
    resource: campaign({ status: 'closed' }),
    allows: ['start', 'read'],
  },
  { name: 'a privacy officer (read only) of the region', actor: actor({ [REGION]: [READ] }), resource: campaign(), allows: ['read'] },
  {
    name: 'manage without read also reads',
    actor: actor({ [REGION]: [MANAGE] }),
    resource: campaign(),
    allows: ['start', 'read', 'close'],
  },
  { name: 'the security officer of another region', actor: actor({ [OTHER_REGION]: [MANAGE, READ] }), resource: campaign(), allows: [] },
  {
    name: 'the regional security officer, a campaign over the whole organisation',
    actor: regionalOfficer,
    resource: campaign({ scopeUnitId: NATIONAL }),
    allows: [],
  },
  {
    name: 'the national security officer, a campaign of a region',
    actor: nationalOfficer,
    resource: campaign(),
    allows: ['start', 'read', 'close'],
  },
  { name: 'anonymous', actor: ANONYMOUS, resource: campaign(), allows: [] },
]);

const me = (grants: Parameters<typeof actor>[0] = {}) => actor(grants, { id: 'me' });

policyTable('itemPolicy', itemPolicy, [
  { name: 'its reviewer decides it', actor: me(), resource: item(), allows: ['decide'] },
  { name: 'its reviewer, once decided', actor: me(), resource: item({ decided: true }), allows: [] },
  { name: 'its reviewer, in a closed campaign', actor: me(), resource: item({ campaignOpen: false }), allows: [] },
  { name: 'its reviewer, when the grant is her own', actor: me(), resource: item({ ownGrant: true }), allows: [] },
  {
    name: 'a review manager over the unit, not escalated',
    actor: me({ [TEAM]: [MANAGE] }),
    resource: item({ reviewerId: 'manager' }),
    allows: [],
  },
  {
    name: 'the escalation target',
    actor: me(),
    resource: item({ reviewerId: 'manager', escalatedAt: ESCALATED, escalatedTo: 'me' }),
    allows: ['decide'],
  },
  {
    name: 'escalated to someone else, a review manager over the unit',
    actor: me({ [TEAM]: [MANAGE] }),
    resource: item({ reviewerId: 'manager', escalatedAt: ESCALATED, escalatedTo: 'owner' }),
    allows: [],
  },
  {
    name: 'escalated without a target, a review manager over the unit',
    actor: me({ [TEAM]: [MANAGE] }),
    resource: item({ reviewerId: null, escalatedAt: ESCALATED }),
    allows: ['decide'],
  },
  {
    name: 'escalated without a target, a review manager of another unit',
    actor: me({ [OTHER_REGION]: [MANAGE] }),
    resource: item({ reviewerId: null, escalatedAt: ESCALATED }),
    allows: [],
  },
  {
    name: 'escalated without a target, a review manager whose own grant it is',
    actor: me({ [TEAM]: [MANAGE] }),
    resource: item({ reviewerId: null, escalatedAt: ESCALATED, ownGrant: true }),
    allows: [],
  },
  { name: 'a service account named as reviewer', actor: actor({}, { id: 'me', kind: 'service' }), resource: item(), allows: [] },
]);
