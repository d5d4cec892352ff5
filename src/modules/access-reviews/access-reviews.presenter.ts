// The API's view of campaigns and review items: schemas (the output whitelist) and presenters.
import { Type, type Static } from 'typebox';
import type { Actor } from '../../kernel/auth/actor.ts';
import { allowedActions } from '../../kernel/auth/policy.ts';
import type { CampaignCounts, CampaignRow, ItemWithCampaign } from './access-reviews.repository.ts';
import { campaignPolicy, itemPolicy, type ItemResource } from './access-reviews.policy.ts';

const Time = Type.String({ format: 'date-time' });
const NullableTime = Type.Union([Time, Type.Null()]);

export const CountsSchema = Type.Object({
  total: Type.Integer(),
  decided: Type.Integer(),
  kept: Type.Integer(),
  revoked: Type.Integer(),
  undecided: Type.Integer(),
  escalated: Type.Integer({ description: 'Items escalated after the deadline' }),
  revokedUnreviewed: Type.Integer({ description: 'Grants revoked because nobody reviewed them by the deadline' }),
});

export const CampaignSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  scope: Type.Union([Type.Literal('all'), Type.Literal('privileged')]),
  unitId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'null: the whole organisation; else this unit and its subtree' }),
  deadline: Time,
  onMissed: Type.Union([Type.Literal('escalate'), Type.Literal('revoke')]),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  createdBy: Type.Union([Type.String({ format: 'uuid' }), Type.Null()], { description: 'null: started by a schedule' }),
  createdAt: Time,
  closedAt: NullableTime,
  startedBySchedule: Type.Union([Type.String(), Type.Null()]),
  schedulePeriod: Type.Union([Type.String(), Type.Null()]),
  escalatedAt: NullableTime,
  escalationDeadline: NullableTime,
  progress: CountsSchema,
  allowedActions: Type.Array(Type.Union([Type.Literal('read'), Type.Literal('close')])),
});
export type Campaign = Static<typeof CampaignSchema>;

export const ItemSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  campaign: Type.Object({
    id: Type.String({ format: 'uuid' }),
    name: Type.String(),
    status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
    deadline: Time,
    escalationDeadline: NullableTime,
  }),
  grantee: Type.Object({
    kind: Type.Union([Type.Literal('user'), Type.Literal('group')]),
    id: Type.String({ format: 'uuid' }),
    name: Type.String({ description: 'Username or group name, as at the start of the campaign' }),
    displayName: Type.String(),
  }),
  role: Type.Object({ id: Type.String({ format: 'uuid' }), name: Type.String() }),
  unit: Type.Object({ id: Type.String({ format: 'uuid' }), code: Type.String(), name: Type.String() }),
  grantedAt: Time,
  startsAt: Time,
  endsAt: NullableTime,
  escalated: Type.Boolean({ description: 'The item came to you (or the review managers) instead of the original reviewer' }),
  decision: Type.Union([Type.Literal('keep'), Type.Literal('revoke'), Type.Null()]),
  comment: Type.Union([Type.String(), Type.Null()]),
  decidedAt: NullableTime,
  outcome: Type.Union([Type.Literal('escalated'), Type.Literal('revoked-unreviewed'), Type.Null()]),
  allowedActions: Type.Array(Type.Literal('decide')),
});
export type Item = Static<typeof ItemSchema>;

export function presentCampaign(actor: Actor, row: CampaignRow, counts: CampaignCounts, scopeUnitId: string): Campaign {
  return {
    id: row.id,
    name: row.name,
    scope: row.scope,
    unitId: row.unit_id,
    deadline: row.deadline.toISOString(),
    onMissed: row.on_missed,
    status: row.status,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
    startedBySchedule: row.started_by_schedule,
    schedulePeriod: row.schedule_period,
    escalatedAt: row.escalated_at?.toISOString() ?? null,
    escalationDeadline: row.escalation_deadline?.toISOString() ?? null,
    progress: counts,
    allowedActions: allowedActions(actor, campaignPolicy, { scopeUnitId, status: row.status }).filter((a) => a !== 'start'),
  };
}

export function itemResource(row: ItemWithCampaign, ownGrant: boolean): ItemResource {
  return {
    unitId: row.unit_id,
    reviewerId: row.reviewer_id,
    escalatedAt: row.escalated_at,
    escalatedTo: row.escalated_to,
    ownGrant,
    decided: row.decision !== null,
    campaignOpen: row.campaign_status === 'open',
  };
}

export function presentItem(actor: Actor, row: ItemWithCampaign, ownGrant: boolean): Item {
  return {
    id: row.id,
    campaign: {
      id: row.campaign_id,
      name: row.campaign_name,
      status: row.campaign_status,
      deadline: row.campaign_deadline.toISOString(),
      escalationDeadline: row.campaign_escalation_deadline?.toISOString() ?? null,
    },
    grantee: row.user_id
      ? { kind: 'user', id: row.user_id, name: row.grantee_name, displayName: row.grantee_display_name }
      : { kind: 'group', id: row.group_id!, name: row.grantee_name, displayName: row.grantee_display_name },
    role: { id: row.role_id, name: row.role_name },
    unit: { id: row.unit_id, code: row.unit_code, name: row.unit_name },
    grantedAt: row.granted_at.toISOString(),
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at?.toISOString() ?? null,
    escalated: row.escalated_at !== null && row.reviewer_id !== actor.id,
    decision: row.decision,
    comment: row.comment,
    decidedAt: row.decided_at?.toISOString() ?? null,
    outcome: row.outcome,
    allowedActions: allowedActions(actor, itemPolicy, itemResource(row, ownGrant)),
  };
}
