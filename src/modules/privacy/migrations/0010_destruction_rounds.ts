// Destruction rounds (vernietigingslijsten, issue 12): cases past their retention date are listed, a
// holder of privacy.destruction reviews the list (removing cases with a reason), a second, different
// holder approves it, and only then is it carried out, case by case, by the system.
//   - destruction_round: one list with its state machine, proposed -> reviewed -> approved ->
//     executing -> completed (or cancelled before executing). Four eyes are held by the table itself:
//     a CHECK keeps the approver from being the reviewer, and the trigger destruction_round_guard
//     accepts a review or approval only in the name of the sealed actor (case_actor_user) holding
//     privacy.destruction, the start and completion only from the system actor, and nothing changes
//     once set (who reviewed, who approved, when). Several rounds may be open; a case is pending on
//     one list at most (a partial unique index), so no case is listed twice.
//   - destruction_item: a case on a list (id, number, type, unit, retention date: no personal data)
//     and what became of it: pending, removed (by whom, why, while the list is only proposed: a
//     reviewed list is what the approver approves), destroyed (counts per kind; the documents whose
//     blobs still wait for removal after the commit) or skipped (reopened, retention extended, put on
//     legal hold, or gone when its turn came) or withdrawn (its list was cancelled: it is proposed
//     again next time). No foreign key to the case: the case goes, the record
//     stays. The trigger destruction_item_guard admits items only in the transaction that made the
//     proposed round, a removal only by a holder of privacy.destruction in the case's unit, and the
//     outcome only from the system actor while the round executes.
// Neither table is ever deleted from (the triggers refuse it: they are the record of what was
// destroyed, on whose approval). Row-level security: rounds are read by holders of
// privacy.destruction (anywhere) and the system actor; items by holders of privacy.destruction in the
// case's unit and the system actor. The application role may only SELECT them: every change goes
// through the SECURITY DEFINER functions below, which check the actor and answer a word the service
// turns into its HTTP answer; the triggers hold whoever writes (the owner too).
// Carrying out an item: privacy_destruction_clear (system actor 'privacy.destruction' only, an item of
// an executing round) asks the cases module to clear its case for destruction in this transaction
// (case_clear_for_destruction: closed, past retention, no legal hold); only then do the modules'
// destroy functions act (case_actor_may_destroy). The cases module's functions named here are
// owner-only: this gate is the one way in (docs/adr/0020-sql-table-ownership.md).
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PINNED = 'set search_path = pg_catalog, public, pg_temp';
/** The destruction job's sealed system actor (privacy.jobs.ts). */
const JOB = `(public.casus_actor_kind() = 'system' and public.casus_actor_id() = 'privacy.destruction')`;
const HOLDER = `(public.case_actor_user() is not null and public.casus_actor_has_permission('privacy.destruction'))`;
/** The round's pending items all lie in units where the actor holds privacy.destruction. */
const COVERS = (round: string) => `not exists (select 1 from public.destruction_item i where i.round_id = ${round} and i.status = 'pending'
          and not i.owning_unit_id = any(public.case_actor_units('privacy.destruction')))`;

const FUNCTIONS = [
  'privacy_destruction_propose(integer)',
  'privacy_destruction_remove(uuid, text)',
  'privacy_destruction_review(uuid)',
  'privacy_destruction_approve(uuid)',
  'privacy_destruction_cancel(uuid, text)',
  'privacy_destruction_start(uuid)',
  'privacy_destruction_clear(uuid)',
  'privacy_destruction_done(uuid, jsonb, uuid[])',
  'privacy_destruction_blobs_removed(uuid, uuid[])',
  'privacy_destruction_complete(uuid)',
];

const fn = (signature: string, returns: string, body: string, volatility = 'volatile') =>
  `create function ${signature} returns ${returns} language plpgsql ${volatility} security definer ${PINNED} as $$
      ${body}
      $$`;

export const destructionRounds: Migration = {
  name: '0010_destruction_rounds',
  async up(db, { appRole }) {
    const app = sql.id(appRole);
    // Row-level security: read by holders of privacy.destruction (anywhere) and the system actor; the
    // application role has SELECT only (every change: the functions below; the guard: every writer).
    await sql`create table destruction_round (
      id uuid primary key default gen_random_uuid(),
      status text not null default 'proposed' check (status in ('proposed', 'reviewed', 'approved', 'executing', 'completed', 'cancelled')),
      cutoff date not null,
      proposed_at timestamptz not null default now(),
      proposed_by uuid,
      reviewed_by uuid,
      reviewed_at timestamptz,
      approved_by uuid,
      approved_at timestamptz,
      cancelled_by uuid,
      cancelled_at timestamptz,
      cancel_reason text check (length(cancel_reason) between 10 and 2000),
      started_at timestamptz,
      completed_at timestamptz,
      version integer not null default 1,
      check ((reviewed_by is null) = (reviewed_at is null)),
      check ((approved_by is null) = (approved_at is null)),
      check ((cancelled_by is null) = (cancelled_at is null) and (cancelled_at is null) = (cancel_reason is null)),
      constraint destruction_round_four_eyes check (approved_by is null or (reviewed_by is not null and approved_by <> reviewed_by)),
      check (status <> 'proposed' or (reviewed_by is null and approved_by is null)),
      check (status <> 'reviewed' or (reviewed_by is not null and approved_by is null)),
      check (status not in ('approved', 'executing', 'completed') or approved_by is not null),
      check ((status = 'cancelled') = (cancelled_at is not null)),
      check ((status in ('executing', 'completed')) = (started_at is not null)),
      check ((status = 'completed') = (completed_at is not null))
    )`.execute(db);
    await sql`create index destruction_round_recent on destruction_round (proposed_at desc, id desc)`.execute(db);

    // Row-level security: read by holders of privacy.destruction in the case's unit and the system actor;
    // SELECT only, as the rounds.
    await sql`create table destruction_item (
      id uuid primary key default gen_random_uuid(),
      round_id uuid not null references destruction_round (id),
      case_id uuid not null,
      case_number text not null,
      case_type_key text not null,
      owning_unit_id uuid not null,
      retention_until date not null,
      status text not null default 'pending' check (status in ('pending', 'removed', 'destroyed', 'skipped', 'withdrawn')),
      removed_by uuid,
      removed_at timestamptz,
      removal_reason text check (length(removal_reason) between 10 and 2000),
      skip_reason text check (skip_reason in ('not-found', 'reopened', 'retention', 'legal-hold')),
      done_at timestamptz,
      counts jsonb check (jsonb_typeof(counts) = 'object'),
      blobs_pending uuid[] not null default '{}',
      unique (round_id, case_id),
      check ((status = 'removed') = (removed_at is not null)),
      check ((removed_at is null) = (removed_by is null) and (removed_at is null) = (removal_reason is null)),
      check ((status = 'skipped') = (skip_reason is not null)),
      check ((status in ('destroyed', 'skipped')) = (done_at is not null)),
      check ((status = 'destroyed') = (counts is not null)),
      check (status = 'destroyed' or cardinality(blobs_pending) = 0)
    )`.execute(db);
    await sql`create index destruction_item_round on destruction_item (round_id, status, retention_until, id)`.execute(db);
    await sql`create index destruction_item_blobs on destruction_item (round_id) where cardinality(blobs_pending) > 0`.execute(db);
    await sql`create index destruction_item_case on destruction_item (case_id)`.execute(db);
    await sql`create unique index destruction_item_listed_once on destruction_item (case_id) where status = 'pending'`.execute(db);

    // The guards hold for every writer (the owner, the definer functions, the system actor).
    await sql
      .raw(
        `create function destruction_round_guard() returns trigger language plpgsql security invoker ${PINNED} as $$
      begin
        if tg_op = 'DELETE' then
          raise exception 'a destruction round is the record of what was destroyed: it is never deleted' using errcode = 'insufficient_privilege';
        end if;
        if tg_op = 'INSERT' then
          if new.status <> 'proposed' or new.proposed_by is distinct from public.case_actor_user() or new.started_at is not null then
            raise exception 'a destruction round starts proposed, in its proposer''s name' using errcode = 'insufficient_privilege';
          end if;
          return new;
        end if;
        if new.id <> old.id or new.cutoff <> old.cutoff or new.proposed_at <> old.proposed_at or new.proposed_by is distinct from old.proposed_by
            or (old.reviewed_by is not null and (new.reviewed_by is distinct from old.reviewed_by or new.reviewed_at is distinct from old.reviewed_at))
            or (old.approved_by is not null and (new.approved_by is distinct from old.approved_by or new.approved_at is distinct from old.approved_at))
            or (old.cancelled_at is not null and new is distinct from old)
            or (old.started_at is not null and new.started_at is distinct from old.started_at)
            or (old.completed_at is not null and new is distinct from old) then
          raise exception 'what a destruction round records is not changed afterwards' using errcode = 'insufficient_privilege';
        end if;
        if new.status = old.status then
          if (new.reviewed_by, new.reviewed_at, new.approved_by, new.approved_at, new.cancelled_by, new.cancelled_at, new.cancel_reason,
              new.started_at, new.completed_at)
              is distinct from (old.reviewed_by, old.reviewed_at, old.approved_by, old.approved_at, old.cancelled_by, old.cancelled_at,
              old.cancel_reason, old.started_at, old.completed_at) then
            raise exception 'a destruction round changes hands only with its status' using errcode = 'insufficient_privilege';
          end if;
          return new;
        end if;
        if old.status = 'proposed' and new.status = 'reviewed' then
          if not ${HOLDER} or new.reviewed_by is distinct from public.case_actor_user() then
            raise exception 'a destruction list is reviewed by a holder of privacy.destruction, in her own name' using errcode = 'insufficient_privilege';
          end if;
        elsif old.status = 'reviewed' and new.status = 'approved' then
          if not ${HOLDER} or new.approved_by is distinct from public.case_actor_user() then
            raise exception 'a destruction list is approved by a holder of privacy.destruction, in her own name' using errcode = 'insufficient_privilege';
          end if;
        elsif old.status = 'approved' and new.status = 'executing' then
          if not ${JOB} then
            raise exception 'an approved destruction list is carried out by the system only' using errcode = 'insufficient_privilege';
          end if;
        elsif old.status = 'executing' and new.status = 'completed' then
          if not ${JOB} or exists (select 1 from public.destruction_item i where i.round_id = new.id
              and (i.status = 'pending' or cardinality(i.blobs_pending) > 0)) then
            raise exception 'a destruction round completes, by the system, once every case is done' using errcode = 'insufficient_privilege';
          end if;
        elsif old.status in ('proposed', 'reviewed', 'approved') and new.status = 'cancelled' then
          if not ${HOLDER} or new.cancelled_by is distinct from public.case_actor_user() then
            raise exception 'a destruction list is cancelled by a holder of privacy.destruction, in her own name' using errcode = 'insufficient_privilege';
          end if;
        else
          raise exception 'a destruction round does not go from % to %', old.status, new.status using errcode = 'insufficient_privilege';
        end if;
        return new;
      end $$`,
      )
      .execute(db);
    await sql
      .raw(
        `create function destruction_item_guard() returns trigger language plpgsql security invoker ${PINNED} as $$
      declare
        round_status text;
        round_made timestamptz;
      begin
        if tg_op = 'DELETE' then
          raise exception 'a destruction list''s item is the record of what was destroyed: it is never deleted' using errcode = 'insufficient_privilege';
        end if;
        select r.status, r.proposed_at into round_status, round_made from public.destruction_round r where r.id = new.round_id;
        if tg_op = 'INSERT' then
          -- Only while the round is being drawn up: in the transaction that made it.
          if round_status is distinct from 'proposed' or round_made <> pg_catalog.now() or new.status <> 'pending' then
            raise exception 'cases are listed only when a destruction round is drawn up' using errcode = 'insufficient_privilege';
          end if;
          return new;
        end if;
        if (new.id, new.round_id, new.case_id, new.case_number, new.case_type_key, new.owning_unit_id, new.retention_until)
            is distinct from (old.id, old.round_id, old.case_id, old.case_number, old.case_type_key, old.owning_unit_id, old.retention_until) then
          raise exception 'a listed case stays what it was when listed' using errcode = 'insufficient_privilege';
        end if;
        if old.status = 'pending' and new.status = 'removed' then
          if round_status <> 'proposed' or new.removed_by is distinct from public.case_actor_user()
              or not new.owning_unit_id = any(public.case_actor_units('privacy.destruction')) then
            raise exception 'a case leaves a proposed list by a holder of privacy.destruction in its unit, in her own name' using errcode = 'insufficient_privilege';
          end if;
        elsif old.status = 'pending' and new.status = 'withdrawn' then
          if round_status <> 'cancelled' or not ${HOLDER} then
            raise exception 'a case is withdrawn from a list only as a holder of privacy.destruction cancels it' using errcode = 'insufficient_privilege';
          end if;
        elsif old.status = 'pending' and new.status in ('destroyed', 'skipped') then
          if round_status <> 'executing' or not ${JOB} then
            raise exception 'a listed case is destroyed by the system only, while its approved round is carried out' using errcode = 'insufficient_privilege';
          end if;
        elsif old.status = 'destroyed' and new.status = 'destroyed' then
          if not ${JOB} or not new.blobs_pending <@ old.blobs_pending or new.counts is distinct from old.counts or new.done_at is distinct from old.done_at then
            raise exception 'a destroyed case''s record changes only as its blobs are removed, by the system' using errcode = 'insufficient_privilege';
          end if;
        elsif new is distinct from old then
          raise exception 'a listed case does not go from % to %', old.status, new.status using errcode = 'insufficient_privilege';
        end if;
        return new;
      end $$`,
      )
      .execute(db);
    for (const guard of ['destruction_round_guard()', 'destruction_item_guard()']) {
      await sql`revoke all on function ${sql.raw(guard)} from public`.execute(db);
    }
    await sql`create trigger destruction_round_guard before insert or update or delete on destruction_round for each row execute function destruction_round_guard()`.execute(
      db,
    );
    await sql`create trigger destruction_item_guard before insert or update or delete on destruction_item for each row execute function destruction_item_guard()`.execute(
      db,
    );

    await sql`grant select on destruction_round, destruction_item to ${app}`.execute(db);
    await sql`alter table destruction_round enable row level security`.execute(db);
    await sql`alter table destruction_item enable row level security`.execute(db);
    await sql
      .raw(
        `create policy destruction_round_read on destruction_round for select
      using ((select public.casus_actor_kind()) = 'system' or (select public.casus_actor_has_permission('privacy.destruction')))`,
      )
      .execute(db);
    await sql
      .raw(
        `create policy destruction_item_read on destruction_item for select
      using ((select public.casus_actor_kind()) = 'system' or owning_unit_id = any((select public.case_actor_units('privacy.destruction'))::uuid[]))`,
      )
      .execute(db);

    // Draws up a round of the cases whose retention date passed and that no open list holds (at most
    // max_cases, oldest first); null when there are none. For the monthly job and holders of
    // privacy.destruction.
    await sql
      .raw(
        fn(
          'privacy_destruction_propose(max_cases integer)',
          'uuid',
          `declare
        made uuid;
        listed integer;
        wanted uuid[];
        today date := (pg_catalog.now() at time zone 'Europe/Amsterdam')::date;
      begin
        if not (${JOB} or ${HOLDER}) then
          raise exception 'destruction rounds are drawn up by the system or a holder of privacy.destruction' using errcode = 'insufficient_privilege';
        end if;
        listed := (select count(*)::integer from public.destruction_item i where i.status = 'pending');
        wanted := array(select c.case_id from public.case_destruction_candidates(today, greatest(max_cases, 0) + listed) c
          where not exists (select 1 from public.destruction_item i where i.case_id = c.case_id and i.status = 'pending')
          limit greatest(max_cases, 0));
        if cardinality(wanted) = 0 then return null; end if;
        insert into public.destruction_round (cutoff, proposed_by) values (today, public.case_actor_user()) returning id into made;
        begin
          insert into public.destruction_item (round_id, case_id, case_number, case_type_key, owning_unit_id, retention_until)
            select made, c.case_id, c.case_number, c.case_type_key, c.owning_unit_id, c.retention_until
            from public.case_destruction_candidates(today, greatest(max_cases, 0) + listed) c where c.case_id = any(wanted);
        exception when unique_violation then
          -- Another list took one of them at the same moment: draw up again later.
          raise exception 'another destruction list was drawn up at the same moment' using errcode = 'serialization_failure';
        end;
        return made;
      end`,
        ),
      )
      .execute(db);

    await sql
      .raw(
        fn(
          'privacy_destruction_remove(the_item uuid, the_reason text)',
          'text',
          `declare
        item public.destruction_item;
        round_status text;
      begin
        select * into item from public.destruction_item i
          where i.id = the_item and i.owning_unit_id = any(public.case_actor_units('privacy.destruction')) for update;
        if not found or not ${HOLDER} then return 'not-found'; end if;
        select r.status into round_status from public.destruction_round r where r.id = item.round_id;
        if round_status <> 'proposed' then return 'list-closed'; end if;
        if item.status <> 'pending' then return 'not-pending'; end if;
        update public.destruction_item set status = 'removed', removed_by = public.case_actor_user(), removed_at = pg_catalog.now(),
            removal_reason = the_reason
          where id = the_item;
        return 'removed';
      end`,
        ),
      )
      .execute(db);

    const signature = (step: 'reviewed' | 'approved', from: string) =>
      `declare
        the_row public.destruction_round;
      begin
        if not ${HOLDER} then return 'not-found'; end if;
        select * into the_row from public.destruction_round r where r.id = the_round for update;
        if not found then return 'not-found'; end if;
        if the_row.status <> '${from}' then return 'wrong-state'; end if;
        if not ${COVERS('the_round')} then return 'not-permitted'; end if;
        ${
          step === 'reviewed'
            ? `if not exists (select 1 from public.destruction_item i where i.round_id = the_round and i.status = 'pending') then return 'empty'; end if;
        update public.destruction_round set status = 'reviewed', reviewed_by = public.case_actor_user(), reviewed_at = pg_catalog.now(),
            version = version + 1 where id = the_round;`
            : `if the_row.reviewed_by = public.case_actor_user() then return 'same-person'; end if;
        update public.destruction_round set status = 'approved', approved_by = public.case_actor_user(), approved_at = pg_catalog.now(),
            version = version + 1 where id = the_round;`
        }
        return '${step}';
      end`;
    await sql.raw(fn('privacy_destruction_review(the_round uuid)', 'text', signature('reviewed', 'proposed'))).execute(db);
    await sql.raw(fn('privacy_destruction_approve(the_round uuid)', 'text', signature('approved', 'reviewed'))).execute(db);
    await sql
      .raw(
        fn(
          'privacy_destruction_cancel(the_round uuid, the_reason text)',
          'text',
          `declare
        the_row public.destruction_round;
      begin
        if not ${HOLDER} then return 'not-found'; end if;
        select * into the_row from public.destruction_round r where r.id = the_round for update;
        if not found then return 'not-found'; end if;
        if the_row.status not in ('proposed', 'reviewed', 'approved') then return 'wrong-state'; end if;
        if not ${COVERS('the_round')} then return 'not-permitted'; end if;
        update public.destruction_round set status = 'cancelled', cancelled_by = public.case_actor_user(), cancelled_at = pg_catalog.now(),
            cancel_reason = the_reason, version = version + 1 where id = the_round;
        update public.destruction_item set status = 'withdrawn' where round_id = the_round and status = 'pending';
        return 'cancelled';
      end`,
        ),
      )
      .execute(db);

    // The system actor of the destruction job only, from here on.
    const jobOnly = `if not ${JOB} then
          raise exception 'destruction rounds are carried out by the system actor privacy.destruction only' using errcode = 'insufficient_privilege';
        end if;`;
    await sql
      .raw(
        fn(
          'privacy_destruction_start(the_round uuid)',
          'text',
          `declare
        state text;
      begin
        ${jobOnly}
        select r.status into state from public.destruction_round r where r.id = the_round for update;
        if not found then return 'not-found'; end if;
        if state = 'executing' then return 'running'; end if;
        if state <> 'approved' then return 'wrong-state'; end if;
        update public.destruction_round set status = 'executing', started_at = pg_catalog.now(), version = version + 1 where id = the_round;
        return 'started';
      end`,
        ),
      )
      .execute(db);
    await sql
      .raw(
        fn(
          'privacy_destruction_clear(the_item uuid)',
          'text',
          `declare
        item public.destruction_item;
        round_status text;
        outcome text;
      begin
        ${jobOnly}
        select * into item from public.destruction_item i where i.id = the_item for update;
        if not found then return 'not-found'; end if;
        select r.status into round_status from public.destruction_round r where r.id = item.round_id;
        if round_status <> 'executing' or item.status <> 'pending' then return 'done'; end if;
        outcome := public.case_clear_for_destruction(item.case_id);
        if outcome <> 'cleared' then
          update public.destruction_item set status = 'skipped', skip_reason = outcome, done_at = pg_catalog.now() where id = the_item;
        end if;
        return outcome;
      end`,
        ),
      )
      .execute(db);
    await sql
      .raw(
        fn(
          'privacy_destruction_done(the_item uuid, the_counts jsonb, blob_ids uuid[])',
          'void',
          `declare
        item public.destruction_item;
      begin
        ${jobOnly}
        select * into item from public.destruction_item i where i.id = the_item and i.status = 'pending' for update;
        if not found or not public.case_actor_may_destroy(item.case_id) then
          raise exception 'privacy_destruction_done: the item''s case was not cleared and destroyed in this transaction' using errcode = 'insufficient_privilege';
        end if;
        update public.destruction_item set status = 'destroyed', done_at = pg_catalog.now(), counts = the_counts,
            blobs_pending = coalesce(blob_ids, '{}') where id = the_item;
      end`,
        ),
      )
      .execute(db);
    await sql
      .raw(
        fn(
          'privacy_destruction_blobs_removed(the_item uuid, removed uuid[])',
          'void',
          `begin
        ${jobOnly}
        update public.destruction_item i set blobs_pending = array(select b from unnest(i.blobs_pending) b where not b = any(removed))
          where i.id = the_item and i.status = 'destroyed';
      end`,
        ),
      )
      .execute(db);
    await sql
      .raw(
        fn(
          'privacy_destruction_complete(the_round uuid)',
          'text',
          `begin
        ${jobOnly}
        if exists (select 1 from public.destruction_item i where i.round_id = the_round and (i.status = 'pending' or cardinality(i.blobs_pending) > 0)) then
          return 'unfinished';
        end if;
        update public.destruction_round set status = 'completed', completed_at = pg_catalog.now(), version = version + 1
          where id = the_round and status = 'executing';
        if not found then return 'wrong-state'; end if;
        return 'completed';
      end`,
        ),
      )
      .execute(db);

    for (const f of FUNCTIONS) {
      await sql`revoke all on function ${sql.raw(f)} from public`.execute(db);
      await sql`grant execute on function ${sql.raw(f)} to ${app}`.execute(db);
    }
  },
  async down(db) {
    for (const f of [...FUNCTIONS].reverse()) await sql`drop function ${sql.raw(f)}`.execute(db);
    await sql`drop table destruction_item`.execute(db);
    await sql`drop table destruction_round`.execute(db);
    await sql`drop function destruction_item_guard()`.execute(db);
    await sql`drop function destruction_round_guard()`.execute(db);
  },
};
