// Loads a demo data set into a migrated database through the OWNER login: org units, staff with
// grants, persons (BSN encrypted), incidents, cases, participants, assignments, referrals, contact
// moments and tasks. Row-level security is enabled but not forced, so the owner's COPY is not
// filtered. Every row is a pure function of (seed, now, index): ids are uuid-shaped, a per-table
// prefix derived from the seed followed by the row index, so a rerun with the same seed gives the
// same rows and a second seed is recognised (and refused) by its org unit ids. Each table is loaded
// in its own transaction; a failure leaves the tables loaded before it and none of the failing one.
import pg from 'pg';
import type { KeyRing } from '../../kernel/crypto/keyring.ts';
import { addWorkingDays, generateContactMoments, generateTasks } from './casework.ts';
import { type EmailDomains } from './context.ts';
import { copyRows } from './copy-writer.ts';
import { generateEvent } from './events.ts';
import { createProgress, type ProgressStream } from './progress.ts';
import { bundle, DemoPlan, u } from './plan.ts';
import { insertUnits, staffRows } from './organisation.ts';
const BSN_PURPOSE = 'persons.bsn';
const PAYLOAD_PURPOSE = 'referrals.payload';
const SUMMARY_PURPOSE = 'contacts.summary';

export interface DemoLoadOptions {
  ownerUrl: string;
  keyRing: KeyRing;
  persons: number;
  seed?: string;
  now?: Date;
  teams?: number;
  emailDomains?: EmailDomains;
  /** Working days from receipt to the first-contact deadline of a referral (settings.referrals.firstContactDays). */
  firstContactDays?: number;
  /** Where progress bars go (default stderr); null for none. */
  progress?: ProgressStream | null;
}

export interface TableLoad {
  table: string;
  rows: number;
  seconds: number;
}

export { DemoPlan, WORKERS_PER_TEAM, VOLUNTEERS_PER_TEAM } from './plan.ts';

export interface DemoLoadResult {
  status: 'loaded' | 'already-loaded';
  seed: string;
  tables: TableLoad[];
}

// Generator values the tables do not allow.
const CONTACT_OUTCOME: Record<string, string> = {
  completed: 'completed',
  'no-answer': 'no-answer',
  voicemail: 'voicemail',
  cancelled: 'cancelled',
  'no-show': 'cancelled',
  sent: 'completed',
  received: 'reached',
};
const REFERRAL_STATUS: Record<string, string> = {
  open: 'open',
  converted: 'converted',
  'not-reached': 'not-reached',
  declined: 'declined',
  duplicate: 'duplicate',
};

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

async function inTransaction<T>(client: pg.Client, work: () => Promise<T>): Promise<T> {
  await client.query('begin');
  try {
    const result = await work();
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

/** Which seed's demo data the database holds (by the id of region 1), or null. */
async function existingDemo(client: pg.Client, plan: DemoPlan): Promise<'same' | 'other' | null> {
  const { rows } = await client.query<{ id: string }>('select id from org_unit where code = $1', [plan.regionCode(0)]);
  if (rows.length === 0) return null;
  return rows[0]!.id === plan.ids.unit(0) ? 'same' : 'other';
}

/** Whether the database holds any demo data (for `serve --demo`). */
export async function hasDemoData(ownerUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    const { rows } = await client.query("select 1 from org_unit where code like 'demo-%' limit 1");
    return rows.length > 0;
  } finally {
    await client.end();
  }
}

export async function loadDemoData(options: DemoLoadOptions): Promise<DemoLoadResult> {
  const seed = options.seed ?? 'demo';
  const plan = new DemoPlan({
    seed,
    now: options.now ?? new Date(),
    persons: options.persons,
    teams: options.teams ?? 60,
    emailDomains: options.emailDomains,
  });
  const { keyRing } = options;
  const firstContactDays = options.firstContactDays ?? 2;
  const client = new pg.Client({ connectionString: options.ownerUrl, application_name: 'casus-demo-data' });
  await client.connect();
  const tables: TableLoad[] = [];
  try {
    const existing = await existingDemo(client, plan);
    if (existing === 'other') throw new Error('the database holds demo data of another seed; use that seed or a fresh database');
    const { rows: personRows } = await client.query<{ n: string }>('select count(*) as n from person where id = $1', [plan.ids.person(0)]);
    if (existing === 'same' && personRows[0]!.n !== '0') return { status: 'already-loaded', seed, tables };
    // Demo rows are rebuildable: losing the last commits in a crash costs nothing, waiting for each costs time.
    await client.query('set synchronous_commit = off');

    const copy = async (table: string, total: number, columns: string[], rows: Iterable<readonly unknown[]>) => {
      const progress = options.progress === null ? null : createProgress({ label: table, total, stream: options.progress });
      const started = performance.now();
      const count = await inTransaction(client, () => copyRows(client, rows, { table, columns, onProgress: (n) => progress?.update(n) }));
      progress?.finish();
      tables.push({ table, rows: count, seconds: (performance.now() - started) / 1000 });
    };

    // Org units and staff are small: plain inserts, skipping what exists.
    {
      const started = performance.now();
      const count = await inTransaction(client, () => insertUnits(client, plan));
      tables.push({ table: 'org_unit', rows: count, seconds: (performance.now() - started) / 1000 });
    }

    const { rows: roles } = await client.query<{ id: string; key: string }>(
      "select id, key from role where key in ('case-worker', 'team-lead', 'volunteer')",
    );
    const roleId = (key: string) =>
      roles.find((r) => r.key === key)?.id ??
      (() => {
        throw new Error(`role ${key} is missing`);
      })();
    const { users, grants } = staffRows(plan, seed, roleId);
    if (existing !== 'same') {
      await copy('app_user', users.length, ['id', 'kind', 'username', 'display_name', 'email', 'unit_id', 'created_at'], users);
      await copy(
        'role_assignment',
        grants.length,
        ['id', 'role_id', 'user_id', 'unit_id', 'starts_at', 'reason', 'granted_by', 'granted_at'],
        grants,
      );
    }

    const n = plan.persons;
    await copy(
      'person',
      n,
      [
        'id',
        'voornamen',
        'roepnaam',
        'tussenvoegsel',
        'achternaam',
        'date_of_birth',
        'bsn_encrypted',
        'bsn_index',
        'phones',
        'emails',
        'postcode',
        'huisnummer',
        'huisnummer_toevoeging',
        'street',
        'city',
        'preferred_language',
        'interpreter_needed',
        'confidential_address',
        'vulnerabilities',
        'created_at',
        'updated_at',
      ],
      (function* () {
        for (const i of range(n)) {
          const b = bundle(plan, i);
          const p = b.person;
          const id = plan.ids.person(i);
          const a = p.address;
          const created = b.referral.receivedAt;
          yield [
            id,
            p.name.voornamen,
            p.name.roepnaam,
            p.name.voorvoegsel,
            p.name.achternaam,
            p.dateOfBirth,
            p.bsn === null ? null : keyRing.encrypt(BSN_PURPOSE, p.bsn, id),
            p.bsn === null ? null : keyRing.blindIndex(BSN_PURPOSE, p.bsn),
            p.phones.map((ph) => ph.number.replace(/[\s().-]/g, '')),
            p.emails,
            a?.postcode ?? null,
            a?.huisnummer ?? null,
            a?.huisnummerToevoeging ?? null,
            a?.street ?? null,
            a?.woonplaats ?? null,
            p.preferredLanguage,
            p.interpreterNeeded,
            p.confidentialAddress,
            p.vulnerabilities,
            created,
            created,
          ];
        }
      })(),
    );

    await copy(
      'incident',
      plan.incidents,
      ['id', 'category', 'occurred_on', 'place', 'police_reference', 'prosecutor_reference', 'description', 'owning_unit_id', 'created_at'],
      (function* () {
        for (const e of range(plan.incidents)) {
          const ev = generateEvent(plan.ctx, e);
          yield [
            plan.ids.incident(e),
            ev.category,
            ev.occurredOn,
            ev.place.woonplaats,
            ev.policeReference,
            ev.parketNumber,
            ev.description,
            plan.teamUnitId(plan.teamOfCase(plan.firstCaseOfEvent(e))),
            ev.occurredAt,
          ];
        }
      })(),
    );

    // Case numbers count per year in index order; the counter continues after the highest.
    const { rows: types } = await client.query<{ id: string }>("select id from case_type where key = 'default'");
    const caseTypeId = types[0]!.id;
    const lastByYear = new Map<number, number>();
    const { rows: counters } = await client.query<{ year: number; last: number }>('select year, last from case_number_counter');
    for (const c of counters) lastByYear.set(c.year, c.last);
    await copy(
      'case_file',
      n,
      [
        'id',
        'number',
        'case_type_id',
        'status',
        'owning_unit_id',
        'confidentiality',
        'incident_id',
        'tracks',
        'opened_at',
        'opened_by',
        'closed_at',
        'close_reason',
        'retention_until',
        'created_at',
        'updated_at',
      ],
      (function* () {
        for (const i of range(n)) {
          const b = bundle(plan, i);
          const year = Number(b.kase.openedAt.slice(0, 4));
          const seq = (lastByYear.get(year) ?? 0) + 1;
          lastByYear.set(year, seq);
          yield [
            plan.ids.case(i),
            `${year}-${String(seq).padStart(6, '0')}`,
            caseTypeId,
            b.kase.status,
            plan.teamUnitId(b.team),
            b.kase.confidentiality,
            plan.ids.incident(plan.eventOfCase(i)),
            b.kase.tracks,
            b.kase.openedAt,
            plan.workerId(b.team, plan.workerOfCase(i)),
            b.kase.closedAt,
            b.kase.closeReason,
            b.kase.retentionUntil,
            b.kase.openedAt,
            b.kase.closedAt ?? b.kase.openedAt,
          ];
        }
      })(),
    );
    await client.query(
      'insert into case_number_counter (year, last) select * from unnest($1::int[], $2::int[]) on conflict (year) do update set last = greatest(case_number_counter.last, excluded.last)',
      [[...lastByYear.keys()], [...lastByYear.values()]],
    );

    // Participants: the person of the case, and for some cases other persons (next of kin, a representative).
    let participantIndex = 0;
    const participants = (function* () {
      for (const i of range(n)) {
        const b = bundle(plan, i);
        const caseId = plan.ids.case(i);
        yield [plan.ids.participant(participantIndex++), caseId, plan.ids.person(i), b.kase.primaryRole, true, b.kase.openedAt];
        const seen = new Set([`${i}`]);
        for (let k = 0; k < Math.min(2, b.kase.otherParticipants.length) && n > 2; k++) {
          const other = (i + 1 + (u(i * 7 + k) % (n - 1))) % n;
          const role = b.kase.otherParticipants[k]!;
          if (seen.has(`${other}`)) continue;
          seen.add(`${other}`);
          yield [plan.ids.participant(participantIndex++), caseId, plan.ids.person(other), role, false, b.kase.openedAt];
        }
      }
    })();
    await copy(
      'case_participant',
      Math.round(n * 1.25),
      ['id', 'case_id', 'person_id', 'role', 'primary_client', 'added_at'],
      participants,
    );

    await copy(
      'case_assignment',
      n,
      ['id', 'case_id', 'user_id', 'role', 'assigned_at', 'ended_at'],
      (function* () {
        for (const i of range(n)) {
          const b = bundle(plan, i);
          yield [
            plan.ids.assignment(i),
            plan.ids.case(i),
            plan.workerId(b.team, plan.workerOfCase(i)),
            'worker',
            b.kase.openedAt,
            b.kase.closedAt,
          ];
        }
      })(),
    );

    await copy(
      'referral',
      n,
      [
        'id',
        'source',
        'channel',
        'received_at',
        'source_reference',
        'raw_payload',
        'owning_unit_id',
        'person_id',
        'incident_id',
        'consent_given',
        'consent_source',
        'status',
        'first_contact_due_at',
        'failed_attempts',
        'converted_case_id',
        'closed_at',
        'created_at',
        'updated_at',
      ],
      (function* () {
        for (const i of range(n)) {
          const b = bundle(plan, i);
          const r = b.referral;
          const id = plan.ids.referral(i);
          const status = REFERRAL_STATUS[r.outcome]!;
          const support = r.consents.find((c) => c.subject === 'support');
          const closed = status === 'converted' || status === 'declined' || status === 'duplicate';
          const last = r.attempts.at(-1)?.at ?? r.receivedAt;
          const due = new Date(addWorkingDays(Date.parse(r.receivedAt), firstContactDays));
          yield [
            id,
            r.source,
            r.channel,
            r.receivedAt,
            r.sourceReference,
            keyRing.encrypt(PAYLOAD_PURPOSE, JSON.stringify(r.rawPayload), id),
            plan.teamUnitId(b.team),
            plan.ids.person(i),
            plan.ids.incident(plan.eventOfCase(i)),
            support?.given === true,
            support?.source ?? null,
            status,
            due,
            r.attempts.filter((a) => a.outcome !== 'reached' && a.outcome !== 'declined').length,
            status === 'converted' ? plan.ids.case(i) : null,
            closed ? last : null,
            r.receivedAt,
            last,
          ];
        }
      })(),
    );

    let contactIndex = 0;
    await copy(
      'contact_moment',
      Math.round(n * 5.15),
      [
        'id',
        'case_id',
        'person_id',
        'channel',
        'direction',
        'occurred_at',
        'duration_minutes',
        'outcome',
        'summary_encrypted',
        'created_by',
        'created_at',
        'updated_at',
      ],
      (function* () {
        for (const i of range(n)) {
          const b = bundle(plan, i);
          const worker = plan.workerId(b.team, plan.workerOfCase(i));
          for (const m of generateContactMoments(plan.ctx, i, b.kase.contactCount, b.kase)) {
            const id = plan.ids.contact(contactIndex++);
            yield [
              id,
              plan.ids.case(i),
              plan.ids.person(i),
              m.channel,
              m.direction,
              m.occurredAt,
              m.durationMinutes,
              CONTACT_OUTCOME[m.outcome] ?? 'completed',
              keyRing.encrypt(SUMMARY_PURPOSE, m.summary, id),
              worker,
              m.occurredAt,
              m.occurredAt,
            ];
          }
        }
      })(),
    );

    let taskIndex = 0;
    await copy(
      'task',
      n,
      [
        'id',
        'case_id',
        'owning_unit_id',
        'title',
        'assignee_user_id',
        'due_at',
        'status',
        'created_by',
        'created_at',
        'updated_at',
        'completed_at',
        'completed_by',
      ],
      (function* () {
        for (const i of range(n)) {
          const b = bundle(plan, i);
          const worker = plan.workerId(b.team, plan.workerOfCase(i));
          for (const t of generateTasks(plan.ctx, i, Math.round(b.kase.taskCount / 2), b.kase)) {
            yield [
              plan.ids.task(taskIndex++),
              plan.ids.case(i),
              plan.teamUnitId(b.team),
              t.title,
              worker,
              `${t.dueOn}T16:00:00Z`,
              t.status,
              worker,
              t.createdAt,
              t.completedAt ?? t.createdAt,
              t.completedAt,
              t.completedAt === null ? null : worker,
            ];
          }
        }
      })(),
    );

    // VACUUM as well as ANALYZE: freshly copied pages are not yet all-visible, so index-only scans
    // (the visibility policies' look-ups of case_participant and case_assignment) would still read
    // the heap for every row until autovacuum came by.
    const started = performance.now();
    await client.query('vacuum (analyze)');
    tables.push({ table: '(vacuum, analyze)', rows: 0, seconds: (performance.now() - started) / 1000 });
    return { status: 'loaded', seed, tables };
  } finally {
    await client.end();
  }
}
