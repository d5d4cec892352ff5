// The background side of access reviews, as plain functions of (db, now) so tests call them directly
// and the job queue only schedules them: the regular campaigns the BIO asks for, reminders to
// reviewers, and what happens at a campaign's deadline. All of them may run twice (pg-boss retries,
// two workers): a schedule starts one campaign per period, a deadline is handled once per campaign
// (row lock + status), and reminders are spaced by reminded_at.
import { systemContext } from '../../kernel/auth/actor.ts';
import { hasPermissionIn } from '../../kernel/auth/permissions.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { recordAudit } from '../../kernel/audit/audit.ts';
import type { Logger } from '../../kernel/observability/logger.ts';
import { describeUsers, loadGrants, permissionHolders, revokeRoleAssignment } from '../identity/index.ts';
import { MANAGE } from './access-reviews.permissions.ts';
import {
  campaignsEndingBefore,
  dueCampaignIds,
  findCampaign,
  insertCampaign,
  markEscalated,
  markReminded,
  setOutcome,
  undecidedItems,
  type CampaignRow,
  type ItemRow,
} from './access-reviews.repository.ts';
import { granteeCheck, snapshotCampaign } from './access-reviews.snapshot.ts';
import { closeWithAudit, startAudit } from './access-reviews.service.ts';
import type { OnMissed, ReviewScope } from './access-reviews.tables.ts';

const DAY = 86_400_000;
/** Reminders start this long before the (escalation) deadline ... */
export const REMINDER_WINDOW_DAYS = 7;
/** ... and repeat for an item at most this often. */
export const REMINDER_INTERVAL_DAYS = 3;
/** How long escalated items stay decidable before the campaign closes with them unreviewed. */
export const ESCALATION_DAYS = 7;

export interface Schedule {
  job: string;
  cron: string;
  scope: ReviewScope;
  deadlineDays: number;
  onMissed: OnMissed;
  name: (period: string) => string;
  period: (year: string, month: number) => string;
}

// Yearly: every grant, and a missed review escalates (revoking every unreviewed right in the
// organisation at once would stop the work). Quarterly: privileged grants only, and a missed review
// revokes: an unreviewed privileged right is the bigger risk, and reminders and the owner's view
// give three weeks to prevent it.
export const SCHEDULES: Record<'yearly' | 'quarterly', Schedule> = {
  yearly: {
    job: 'access-reviews.schedule-yearly',
    cron: '0 6 2 1 *',
    scope: 'all',
    deadlineDays: 30,
    onMissed: 'escalate',
    name: (period) => `Jaarlijkse review van alle rechten ${period}`,
    period: (year) => year,
  },
  quarterly: {
    job: 'access-reviews.schedule-quarterly',
    cron: '0 6 2 1,4,7,10 *',
    scope: 'privileged',
    deadlineDays: 21,
    onMissed: 'revoke',
    name: (period) => `Kwartaalreview geprivilegieerde rechten ${period}`,
    period: (year, month) => `${year}-Q${Math.ceil(month / 3)}`,
  },
};

/** The schedule's period of `now` in the organisation's time zone ("2026", "2026-Q3"). */
export function periodOf(schedule: Schedule, now: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: 'numeric' }).formatToParts(now);
  const year = parts.find((p) => p.type === 'year')!.value;
  return schedule.period(year, Number(parts.find((p) => p.type === 'month')!.value));
}

/** Starts the schedule's campaign for the period of `now`; null when it was already started. */
export async function startScheduledCampaign(
  db: Database,
  schedule: Schedule,
  now: Date,
  privileged: readonly string[],
): Promise<string | null> {
  const period = periodOf(schedule, now);
  return db.transaction(systemContext(schedule.job), async (tx) => {
    const campaign = await insertCampaign(tx, {
      name: schedule.name(period),
      scope: schedule.scope,
      unit_id: null,
      deadline: new Date(now.getTime() + schedule.deadlineDays * DAY),
      on_missed: schedule.onMissed,
      created_by: null,
      started_by_schedule: schedule.job,
      schedule_period: period,
    });
    if (!campaign) return null;
    await recordAudit(tx, startAudit(campaign, await snapshotCampaign(tx, campaign, privileged, now)));
    return campaign.id;
  });
}

export interface DeadlineSummary {
  revoked: number;
  escalated: number;
  closed: number;
}

/** Handles every open campaign past its (escalation) deadline, each in its own transaction. */
export async function runDeadlines(db: Database, now: Date, log?: Logger): Promise<DeadlineSummary> {
  const ctx = systemContext('access-reviews.deadline');
  const summary: DeadlineSummary = { revoked: 0, escalated: 0, closed: 0 };
  const ids = await db.transaction(ctx, (tx) => dueCampaignIds(tx, now));
  const failures: unknown[] = [];
  for (const id of ids) {
    try {
      const result = await db.transaction(ctx, (tx) => handleDeadline(tx, id, now));
      summary.revoked += result.revoked;
      summary.escalated += result.escalated;
      summary.closed += result.closed;
    } catch (error) {
      // One broken campaign must not hold up the others; the job fails afterwards and is retried.
      log?.error({ err: error, campaignId: id }, 'access review deadline failed');
      failures.push(error);
    }
  }
  log?.info(summary, 'access review deadlines handled');
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} access review deadline(s) failed`);
  return summary;
}

async function handleDeadline(tx: Tx, id: string, now: Date): Promise<DeadlineSummary> {
  const campaign = await findCampaign(tx, id, { lock: 'update' });
  const none = { revoked: 0, escalated: 0, closed: 0 };
  if (!campaign || campaign.status !== 'open' || (campaign.escalation_deadline ?? campaign.deadline) > now) return none;
  const undecided = await undecidedItems(tx, id);
  const closedBy = 'system:access-reviews.deadline';
  if (campaign.on_missed === 'revoke') {
    const reason = `not reviewed by the deadline of ${campaign.name}`.slice(0, 2000);
    for (const item of undecided) {
      await revokeRoleAssignment(tx, item.assignment_id, reason, { allowSelf: true });
      await setOutcome(tx, item.id, { outcome: 'revoked-unreviewed' });
    }
    await recordAudit(tx, {
      action: 'access-review.deadline',
      objectType: 'review-campaign',
      objectId: id,
      reason: 'deadline passed',
      details: { onMissed: 'revoke', revoked: undecided.length },
    });
    await closeWithAudit(tx, campaign, closedBy, now, 'deadline passed');
    return { revoked: undecided.length, escalated: 0, closed: 1 };
  }
  if (campaign.escalated_at === null && undecided.length > 0) {
    const until = new Date(now.getTime() + ESCALATION_DAYS * DAY);
    const isGrantee = granteeCheck(tx);
    for (const item of undecided) {
      // The owner of a scheduled campaign is the system: its escalations go to the review managers.
      const to =
        campaign.created_by !== null && !(await isGrantee(campaign.created_by, { userId: item.user_id, groupId: item.group_id }))
          ? campaign.created_by
          : null;
      await setOutcome(tx, item.id, { outcome: 'escalated', escalated_at: now, escalated_to: to });
    }
    await markEscalated(tx, id, now, until);
    await recordAudit(tx, {
      action: 'access-review.escalate',
      objectType: 'review-campaign',
      objectId: id,
      reason: 'deadline passed',
      details: { items: undecided.length, to: campaign.created_by ?? 'access-reviews.manage', until: until.toISOString() },
    });
    return { revoked: 0, escalated: undecided.length, closed: 0 };
  }
  await closeWithAudit(tx, campaign, closedBy, now, campaign.escalated_at ? 'escalation deadline passed' : 'deadline passed');
  return { ...none, closed: 1 };
}

export interface ReminderMail {
  readonly configured: boolean;
  send(message: { to: string; subject: string; text: string }): Promise<void>;
}

export interface ReminderResult {
  userId: string;
  items: number;
  mailed: boolean;
}

interface Due {
  items: Set<string>;
  campaigns: Map<string, { name: string; deadline: Date; count: number }>;
}

/**
 * Reminds everyone with undecided items in campaigns whose (escalation) deadline is within
 * REMINDER_WINDOW_DAYS, for items not reminded in the last REMINDER_INTERVAL_DAYS. Without mail the
 * reminder is only recorded and logged. A failed mail is not recorded: tomorrow's run tries again.
 */
export async function runReminders(
  db: Database,
  now: Date,
  options: { mail: ReminderMail | null; log?: Logger; appUrl?: string | null },
): Promise<ReminderResult[]> {
  const ctx = systemContext('access-reviews.reminders');
  const plan = await db.transaction(ctx, async (tx) => {
    const due = new Map<string, Due>();
    const managers = poolManagers(tx);
    const isGrantee = granteeCheck(tx);
    const add = (userId: string, item: ItemRow, campaign: CampaignRow) => {
      let entry = due.get(userId);
      if (!entry) due.set(userId, (entry = { items: new Set(), campaigns: new Map() }));
      if (entry.items.has(item.id)) return;
      entry.items.add(item.id);
      const c = entry.campaigns.get(campaign.id) ?? {
        name: campaign.name,
        deadline: campaign.escalation_deadline ?? campaign.deadline,
        count: 0,
      };
      c.count += 1;
      entry.campaigns.set(campaign.id, c);
    };
    for (const campaign of await campaignsEndingBefore(tx, new Date(now.getTime() + REMINDER_WINDOW_DAYS * DAY))) {
      for (const item of await undecidedItems(tx, campaign.id)) {
        if (item.reminded_at && item.reminded_at.getTime() > now.getTime() - REMINDER_INTERVAL_DAYS * DAY) continue;
        if (item.reviewer_id) add(item.reviewer_id, item, campaign);
        if (item.escalated_to) add(item.escalated_to, item, campaign);
        if (item.escalated_at && !item.escalated_to) {
          for (const manager of await managers(item.unit_id)) {
            if (!(await isGrantee(manager, { userId: item.user_id, groupId: item.group_id }))) add(manager, item, campaign);
          }
        }
      }
    }
    return { due, users: await describeUsers(tx, [...due.keys()]) };
  });

  const results: ReminderResult[] = [];
  const reminded: string[] = [];
  for (const [userId, entry] of plan.due) {
    const user = plan.users.get(userId);
    let mailed = false;
    if (options.mail?.configured && user?.email && user.active) {
      try {
        await options.mail.send({
          to: user.email,
          subject: 'Casus: toegangsreview wacht op je beoordeling / access review awaiting your decision',
          text: reminderText(entry, options.appUrl ?? null),
        });
        mailed = true;
      } catch (error) {
        options.log?.warn({ err: error, userId }, 'access review reminder not sent; retried tomorrow');
        continue;
      }
    } else {
      options.log?.info(
        { userId, items: entry.items.size, reason: options.mail?.configured ? 'no e-mail address' : 'mail not configured' },
        'access review reminder recorded, not mailed',
      );
    }
    reminded.push(...entry.items);
    results.push({ userId, items: entry.items.size, mailed });
  }
  await db.transaction(ctx, (tx) => markReminded(tx, [...new Set(reminded)], now));
  return results;
}

/** Review managers (access-reviews.manage) whose grant covers a unit, for escalated items without a target. */
function poolManagers(tx: Tx): (unitId: string) => Promise<string[]> {
  let holders: Promise<{ id: string; scopes: Awaited<ReturnType<typeof loadGrants>> }[]> | null = null;
  return async (unitId) => {
    holders ??= permissionHolders(tx, MANAGE).then(async (ids) => {
      const found: { id: string; scopes: Awaited<ReturnType<typeof loadGrants>> }[] = [];
      for (const id of ids) found.push({ id, scopes: await loadGrants(tx.db, id) });
      return found;
    });
    return (await holders).filter((h) => hasPermissionIn({ kind: 'user', id: h.id, ...h.scopes }, MANAGE, unitId)).map((h) => h.id);
  };
}

/** No names of colleagues or their rights in mail: only how many, where, and by when. */
function reminderText(entry: Due, appUrl: string | null): string {
  const lines = [...entry.campaigns.values()].map((c) => `- ${c.name}: ${c.count} (deadline ${c.deadline.toISOString().slice(0, 10)})`);
  const where = appUrl ? `${appUrl.replace(/\/$/, '')}/` : 'Casus';
  return [
    'Er wachten toegangsrechten op je beoordeling (behouden of intrekken):',
    ...lines,
    '',
    `Beoordeel ze in ${where} (Mijn toegangsreviews). Niet beoordeelde rechten worden na de deadline geëscaleerd of ingetrokken.`,
    '',
    'Access rights are waiting for your review (keep or revoke); see the list above. Unreviewed rights are escalated or revoked after the deadline.',
  ].join('\n');
}
