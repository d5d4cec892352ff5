// The API's view of campaigns and review items: schemas (the output whitelist) and presenters.
import { Type, type Static } from 'typebox';
import { DateTime, Nullable, StringEnum, Uuid } from '../../kernel/http/schemas.ts';
import type { Actor } from '../../kernel/auth/actor.ts';
import { allowedActions } from '../../kernel/auth/policy.ts';
import type { CampaignCounts, CampaignRow, ItemWithCampaign } from './access-reviews.repository.ts';
import { campaignPolicy, itemPolicy, type ItemResource } from './access-reviews.policy.ts';

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
  id: Uuid,
  name: Type.String(),
  scope: StringEnum(['all', 'privileged']),
  unitId: Nullable(Uuid, { description: 'null: the whole organisation; else this unit and its subtree' }),
  deadline: DateTime,
  onMissed: StringEnum(['escalate', 'revoke']),
  status: StringEnum(['open', 'closed']),
  createdBy: Nullable(Uuid, { description: 'null: started by a schedule' }),
  createdAt: DateTime,
  closedAt: Nullable(DateTime),
  startedBySchedule: Nullable(Type.String()),
  schedulePeriod: Nullable(Type.String()),
  escalatedAt: Nullable(DateTime),
  escalationDeadline: Nullable(DateTime),
  progress: CountsSchema,
  allowedActions: Type.Array(StringEnum(['read', 'close'])),
});
export type Campaign = Static<typeof CampaignSchema>;

export const ItemSchema = Type.Object({
  id: Uuid,
  campaign: Type.Object({
    id: Uuid,
    name: Type.String(),
    status: StringEnum(['open', 'closed']),
    deadline: DateTime,
    escalationDeadline: Nullable(DateTime),
  }),
  grantee: Type.Object({
    kind: StringEnum(['user', 'group']),
    id: Uuid,
    name: Type.String({ description: 'Username or group name, as at the start of the campaign' }),
    displayName: Type.String(),
  }),
  role: Type.Object({ id: Uuid, name: Type.String() }),
  unit: Type.Object({ id: Uuid, code: Type.String(), name: Type.String() }),
  grantedAt: DateTime,
  startsAt: DateTime,
  endsAt: Nullable(DateTime),
  escalated: Type.Boolean({ description: 'The item came to you (or the review managers) instead of the original reviewer' }),
  decision: Nullable(StringEnum(['keep', 'revoke'])),
  comment: Nullable(Type.String()),
  decidedAt: Nullable(DateTime),
  outcome: Nullable(StringEnum(['escalated', 'revoked-unreviewed'])),
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
