// Access review campaigns and their items. An item is a snapshot of one role assignment at the start
// of the campaign (who, which role, where, since when), so the report shows what was reviewed even
// after names change or the grant is gone. Ids of identity's rows are plain ids, not foreign keys:
// modules relate by id only. Campaigns and items are never deleted: they are the evidence of the
// review the BIO asks for.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

export const reviewTables: Migration = {
  name: '0001_review_tables',
  async up(db, { appRole }) {
    await sql`create table review_campaign (
      id uuid primary key default gen_random_uuid(),
      name text not null check (length(name) between 1 and 200),
      scope text not null check (scope in ('all', 'privileged')),
      unit_id uuid,
      deadline timestamptz not null,
      on_missed text not null check (on_missed in ('escalate', 'revoke')),
      status text not null default 'open' check (status in ('open', 'closed')),
      created_by uuid,
      created_at timestamptz not null default now(),
      closed_at timestamptz,
      closed_by text,
      started_by_schedule text,
      schedule_period text,
      escalated_at timestamptz,
      escalation_deadline timestamptz,
      check ((status = 'closed') = (closed_at is not null)),
      check ((started_by_schedule is null) = (schedule_period is null)),
      check (num_nonnulls(created_by, started_by_schedule) = 1),
      check ((escalated_at is null) = (escalation_deadline is null)),
      unique (started_by_schedule, schedule_period)
    )`.execute(db);
    await sql`create index review_campaign_open on review_campaign (deadline) where status = 'open'`.execute(db);

    await sql`create table review_item (
      id uuid primary key default gen_random_uuid(),
      campaign_id uuid not null references review_campaign (id),
      assignment_id uuid not null,
      user_id uuid,
      group_id uuid,
      grantee_name text not null,
      grantee_display_name text not null,
      role_id uuid not null,
      role_name text not null,
      unit_id uuid not null,
      unit_code text not null,
      unit_name text not null,
      granted_at timestamptz not null,
      starts_at timestamptz not null,
      ends_at timestamptz,
      reviewer_id uuid,
      escalated_at timestamptz,
      escalated_to uuid,
      decision text check (decision in ('keep', 'revoke')),
      comment text check (length(comment) <= 2000),
      decided_by uuid,
      decided_at timestamptz,
      reminded_at timestamptz,
      outcome text check (outcome in ('escalated', 'revoked-unreviewed')),
      unique (campaign_id, assignment_id),
      check (num_nonnulls(user_id, group_id) = 1),
      check ((decision is null) = (decided_at is null) and (decision is null) = (decided_by is null)),
      check (decision <> 'revoke' or length(trim(comment)) > 0),
      check (escalated_to is null or escalated_at is not null),
      check (outcome is null or outcome = 'escalated' or decision is null)
    )`.execute(db);
    await sql`create index review_item_reviewer on review_item (reviewer_id) where decision is null`.execute(db);
    await sql`create index review_item_escalated on review_item (escalated_to) where decision is null`.execute(db);

    await sql`grant select, insert, update on review_campaign, review_item to ${sql.id(appRole)}`.execute(db);
  },
  async down(db) {
    await sql`drop table review_item, review_campaign`.execute(db);
  },
};
