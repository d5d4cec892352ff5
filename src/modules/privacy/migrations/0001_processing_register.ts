// The processing register (verwerkingsregister, GDPR art. 30(1)): the processing activities, the
// history of every change to them, and which audit actions each covers.
//
// Row-level security: processing_activity, processing_activity_history and processing_activity_action
// are read by the system actor (shipping the audit stream) and by whoever holds a privacy or audit
// permission; only holders of privacy.register-manage add and change activities; nobody deletes one
// (an activity that stopped is retired, with its reason). The application role writes neither the
// history nor the action look-up: triggers (SECURITY DEFINER) write both from the activity row, so a
// change without its history, or a look-up that disagrees with the activity, cannot be made. Who
// changed it and when come from the sealed transaction (casus_actor_id()), never from the writer.
// The value lists are written out (this migration is history); test/app/schema-drift.test.ts keeps
// privacy.tables.ts in step.
import { sql } from 'kysely';
import type { Migration } from '../../../kernel/db/migrator.ts';

const PATH = 'set search_path = pg_catalog, public, pg_temp';
/** Who may read the register: the system actor and the holders of any privacy or audit permission. */
const READERS = `(select public.casus_actor_kind()) = 'system' or ${[
  'privacy.register-manage',
  'privacy.subject-access',
  'privacy.erasure',
  'privacy.destruction',
  'audit.read',
  'audit.export',
  'audit.verify',
  'audit.alerts',
  'audit.subject-views',
]
  .map((p) => `(select public.casus_actor_has_permission('${p}'))`)
  .join(' or ')}`;
const MANAGERS = `(select public.casus_actor_has_permission('privacy.register-manage'))`;
/** The columns the application writes; the rest are the database's (ids, stamps, version). */
const WRITABLE = `name, purpose, legal_basis, legal_basis_detail, data_subject_categories, personal_data_categories,
  special_categories, recipients, processors, third_country_transfers, retention, security_measures, controller, dpo_contact,
  audit_actions`;

export const processingRegister: Migration = {
  name: '0001_processing_register',
  async up(db, { appRole }) {
    await sql`create table processing_activity (
      id uuid primary key default gen_random_uuid(),
      key text not null unique check (key ~ '^[a-z][a-z0-9-]{1,62}$'),
      name text not null unique check (length(name) between 1 and 200),
      purpose text not null check (length(purpose) between 1 and 4000),
      legal_basis text not null check (legal_basis in ('consent', 'contract', 'legal-obligation', 'vital-interests', 'public-task', 'legitimate-interests')),
      legal_basis_detail text not null default '' check (length(legal_basis_detail) <= 4000),
      data_subject_categories text[] not null default '{}' check (cardinality(data_subject_categories) <= 50),
      personal_data_categories text[] not null default '{}' check (cardinality(personal_data_categories) <= 50),
      special_categories text[] not null default '{}' check (cardinality(special_categories) <= 50),
      recipients text[] not null default '{}' check (cardinality(recipients) <= 50),
      processors text[] not null default '{}' check (cardinality(processors) <= 50),
      third_country_transfers text not null default '' check (length(third_country_transfers) <= 2000),
      retention text not null check (length(retention) between 1 and 2000),
      security_measures text[] not null default '{}' check (cardinality(security_measures) <= 50),
      controller text not null check (length(controller) between 1 and 500),
      dpo_contact text not null default '' check (length(dpo_contact) <= 500),
      audit_actions text[] not null default '{}' check (cardinality(audit_actions) <= 200),
      status text not null default 'active' check (status in ('active', 'retired')),
      retired_at timestamptz,
      retire_reason text check (length(retire_reason) between 10 and 2000),
      created_at timestamptz not null default now(),
      created_by text,
      updated_at timestamptz not null default now(),
      updated_by text,
      version integer not null default 1,
      check ((status = 'retired') = (retired_at is not null)),
      check ((status = 'retired') = (retire_reason is not null)),
      check (status = 'active' or cardinality(audit_actions) = 0)
    )`.execute(db);

    await sql`create table processing_activity_history (
      id bigint generated always as identity primary key,
      activity_id uuid not null references processing_activity (id),
      version integer not null,
      change text not null check (change in ('create', 'update', 'retire')),
      changed_fields text[] not null,
      changed_at timestamptz not null,
      changed_by text,
      snapshot jsonb not null,
      unique (activity_id, version)
    )`.execute(db);

    // An action's activity is its longest matching pattern: the primary key makes a pattern one
    // activity's, so no action can belong to two.
    await sql`create table processing_activity_action (
      pattern text primary key check (pattern ~ '^([a-z][a-z0-9-]*\\.)+([a-z][a-z0-9-]*)?$'),
      activity_id uuid not null references processing_activity (id)
    )`.execute(db);
    await sql`create index processing_activity_action_activity on processing_activity_action (activity_id)`.execute(db);

    // Stamps from the seal, whatever the writer sent: created and updated by whom and when; retired when.
    await sql
      .raw(
        `create function processing_activity_stamp() returns trigger language plpgsql ${PATH} as $$
      begin
        if tg_op = 'INSERT' then
          new.created_at := now();
          new.created_by := public.casus_actor_id();
        else
          new.created_at := old.created_at;
          new.created_by := old.created_by;
          new.key := old.key;
          if old.status = 'retired' then
            raise exception 'a retired processing activity is kept as it was' using errcode = 'check_violation';
          end if;
        end if;
        new.updated_at := now();
        new.updated_by := public.casus_actor_id();
        new.retired_at := case when new.status = 'retired' then now() end;
        return new;
      end $$`,
      )
      .execute(db);
    await sql`create trigger processing_activity_stamp before insert or update on processing_activity
      for each row execute function processing_activity_stamp()`.execute(db);

    // The history row and the action look-up, written with the owner's rights (the application role has
    // neither grant): every change of the activity leaves both, in its own transaction.
    await sql
      .raw(
        `create function processing_activity_record() returns trigger language plpgsql security definer ${PATH} as $$
      declare
        fields text[];
      begin
        if tg_op = 'INSERT' then
          fields := array(select k from jsonb_object_keys(to_jsonb(new)) k
            where k not in ('id', 'created_at', 'created_by', 'updated_at', 'updated_by', 'version') order by k);
        else
          fields := array(select n.key from jsonb_each(to_jsonb(new)) n
            where n.value is distinct from to_jsonb(old) -> n.key
              and n.key not in ('updated_at', 'updated_by', 'version') order by n.key);
        end if;
        insert into public.processing_activity_history (activity_id, version, change, changed_fields, changed_at, changed_by, snapshot)
          values (new.id, new.version,
            case when tg_op = 'INSERT' then 'create' when new.status = 'retired' then 'retire' else 'update' end,
            fields, new.updated_at, new.updated_by, to_jsonb(new));
        if tg_op = 'INSERT' or new.audit_actions is distinct from old.audit_actions then
          delete from public.processing_activity_action a where a.activity_id = new.id and a.pattern <> all(new.audit_actions);
          insert into public.processing_activity_action (pattern, activity_id)
            select distinct p, new.id from unnest(new.audit_actions) p
            where not exists (select 1 from public.processing_activity_action a where a.pattern = p and a.activity_id = new.id);
        end if;
        return null;
      end $$`,
      )
      .execute(db);
    await sql`revoke all on function processing_activity_record() from public`.execute(db);
    await sql`create trigger processing_activity_record after insert or update on processing_activity
      for each row execute function processing_activity_record()`.execute(db);

    await sql`grant select on processing_activity, processing_activity_history, processing_activity_action to ${sql.id(appRole)}`.execute(
      db,
    );
    await sql`grant insert (key, ${sql.raw(WRITABLE)}) on processing_activity to ${sql.id(appRole)}`.execute(db);
    await sql`grant update (${sql.raw(WRITABLE)}, status, retire_reason, version) on processing_activity to ${sql.id(appRole)}`.execute(db);

    for (const table of ['processing_activity', 'processing_activity_history', 'processing_activity_action']) {
      await sql`alter table ${sql.table(table)} enable row level security`.execute(db);
      await sql`create policy ${sql.id(`${table}_read`)} on ${sql.table(table)} for select using (${sql.raw(READERS)})`.execute(db);
    }
    await sql`create policy processing_activity_add on processing_activity for insert with check (${sql.raw(MANAGERS)})`.execute(db);
    await sql`create policy processing_activity_change on processing_activity for update
      using (${sql.raw(MANAGERS)}) with check (${sql.raw(MANAGERS)})`.execute(db);
  },
  async down(db) {
    await sql`drop table processing_activity_action, processing_activity_history, processing_activity`.execute(db);
    await sql`drop function processing_activity_record()`.execute(db);
    await sql`drop function processing_activity_stamp()`.execute(db);
  },
};
