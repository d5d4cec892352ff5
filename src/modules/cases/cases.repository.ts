// The SQL of the cases module. Every function runs in the caller's transaction, so row-level
// security applies: a case the actor may not see is simply not found.
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';
import { keyset, keysetPage, type KeysetCursor } from '../../kernel/db/keyset.ts';
import type {
  CaseAccessGrantTable,
  CaseAssignmentTable,
  CaseFileTable,
  CaseParticipantTable,
  CaseStatusDefinition,
  Confidentiality,
  SupportTrack,
} from './cases.tables.ts';
import { isActorsColumn } from '../../kernel/db/actor-match.ts';

/** A case as other modules need it to decide access (its unit, confidentiality, state, the actor's relation) and to audit it. */
export interface CaseAccess {
  id: string;
  owningUnitId: string;
  confidentiality: Confidentiality;
  closed: boolean;
  /** The actor works on it (live assignment). */
  assigned: boolean;
  /** The actor holds a live explicit or break-the-glass grant. */
  granted: boolean;
  /** The case's primary client (else its first participant): the data subject of what is read about the case. */
  primaryClientId: string | null;
}

/** Whether the actor works on case `c` (a live assignment): for queries that name case_file `c`. */
export const assignedToActor = (actorId: string) =>
  sql<boolean>`exists (select 1 from case_assignment a where a.case_id = c.id and ${isActorsColumn('a.user_id', actorId)} and a.ended_at is null)`;

/** Whether the actor holds a live explicit or break-the-glass grant to case `c`: for queries that name case_file `c`. */
export const grantedToActor = (actorId: string) =>
  sql<boolean>`exists (select 1 from case_access_grant g where g.case_id = c.id and ${isActorsColumn('g.user_id', actorId)} and g.revoked_at is null
                   and (g.expires_at is null or g.expires_at > now()))`;

/** The case with the actor's relation to it; undefined when it does not exist or row-level security hides it. */
export async function caseAccessOf(tx: Tx, caseId: string): Promise<CaseAccess | undefined> {
  // The system actor (a consumer of the audit trail) works on no case; its id is a component name, not a user's uuid.
  const actorId = tx.ctx.actor.kind === 'system' ? '' : (tx.ctx.actor.id ?? '');
  const { rows } = await sql<CaseAccess>`
    select c.id, c.owning_unit_id as "owningUnitId", c.confidentiality, c.closed_at is not null as closed,
           ${assignedToActor(actorId)} as assigned, ${grantedToActor(actorId)} as granted,
           c.primary_client_id as "primaryClientId"
    from case_file c where c.id = ${caseId}::uuid`.execute(tx.db);
  return rows[0];
}

/**
 * A case number nobody holds yet: the year, 8 random digits and a Luhn check digit (2026-482913075),
 * drawn by the database against every case (migrations/0010_break_glass_requests.ts), so one number
 * says nothing about another and numbers cannot be counted through.
 */
export async function drawCaseNumber(tx: Tx, year: number): Promise<string> {
  const { rows } = await sql<{ number: string }>`select case_draw_number(${year}) as number`.execute(tx.db);
  return rows[0]!.number;
}

export function findCaseType(tx: Tx, filter: { id?: string; key?: string }) {
  let query = tx.db.selectFrom('case_type').selectAll().where('active', '=', true);
  if (filter.id) query = query.where('id', '=', filter.id);
  if (filter.key) query = query.where('key', '=', filter.key);
  return query.executeTakeFirst();
}

export interface CaseRecord {
  id: string;
  number: string;
  status: string;
  owningUnitId: string;
  confidentiality: Confidentiality;
  incidentId: string | null;
  tracks: SupportTrack[];
  openedAt: Date;
  closedAt: Date | null;
  closeReason: string | null;
  retentionUntil: string | null;
  /** A live legal hold keeps the case past its retention date (migrations/0017_retention_and_legal_hold.ts). */
  legalHold: boolean;
  custom: Record<string, unknown>;
  version: number;
  updatedAt: Date;
  caseType: {
    id: string;
    key: string;
    name: string;
    statuses: CaseStatusDefinition[];
    transitions: { from: string; to: string }[];
    /** Null: the configured default (CASUS_RETENTION_YEARS). */
    retentionYears: number | null;
  };
  assigned: boolean;
  granted: boolean;
  /** Participants and live assignments, when loaded with `withPeople` (a read that presents the case). */
  people?: { participants: ParticipantRow[]; assignments: AssignmentRow[] };
}

export interface ParticipantRow {
  id: string;
  personId: string;
  role: string;
  primaryClient: boolean;
  addedAt: Date;
}
export interface AssignmentRow {
  id: string;
  userId: string;
  role: string;
  assignedAt: Date;
}

/** One case with its type and the actor's own relation to it; undefined when not visible. */
export async function loadCase(
  tx: Tx,
  id: string,
  options: { forUpdate?: boolean; withPeople?: boolean } = {},
): Promise<CaseRecord | undefined> {
  const actorId = tx.ctx.actor.id;
  // With people: participants and assignments in the same statement (one round trip instead of three;
  // row-level security applies to the sub-selects as to any query), as participantsOf/assignmentsOf.
  const people = options.withPeople
    ? sql`, (select coalesce(json_agg(json_build_object('id', p.id, 'personId', p.person_id, 'role', p.role, 'primaryClient', p.primary_client, 'addedAt', p.added_at)
                 order by p.added_at), '[]'::json) from case_participant p where p.case_id = c.id) as participants,
           (select coalesce(json_agg(json_build_object('id', a.id, 'userId', a.user_id, 'role', a.role, 'assignedAt', a.assigned_at)
                 order by a.assigned_at), '[]'::json) from case_assignment a where a.case_id = c.id and a.ended_at is null) as assignments`
    : sql``;
  const row = await sql<
    Omit<CaseRecord, 'caseType' | 'people'> & {
      type_id: string;
      type_key: string;
      type_name: string;
      statuses: CaseStatusDefinition[];
      transitions: { from: string; to: string }[];
      retention_years: number | null;
      participants?: (Omit<ParticipantRow, 'addedAt'> & { addedAt: string })[];
      assignments?: (Omit<AssignmentRow, 'assignedAt'> & { assignedAt: string })[];
    }
  >`
    select c.id, c.number, c.status, c.owning_unit_id as "owningUnitId", c.confidentiality, c.incident_id as "incidentId", c.tracks,
           c.opened_at as "openedAt", c.closed_at as "closedAt", c.close_reason as "closeReason", c.retention_until::text as "retentionUntil",
           exists (select 1 from case_legal_hold h where h.case_id = c.id and h.lifted_at is null) as "legalHold",
           c.custom, c.version, c.updated_at as "updatedAt",
           t.id as type_id, t.key as type_key, t.name as type_name, t.statuses, t.transitions, t.retention_years,
           ${assignedToActor(actorId ?? '')} as assigned, ${grantedToActor(actorId ?? '')} as granted
           ${people}
    from case_file c join case_type t on t.id = c.case_type_id
    where c.id = ${id}::uuid ${options.forUpdate ? sql`for update of c` : sql``}`
    .execute(tx.db)
    .then((r) => r.rows[0]);
  if (!row) return undefined;
  const { type_id, type_key, type_name, statuses, transitions, retention_years, participants, assignments, ...rest } = row;
  return {
    ...rest,
    caseType: { id: type_id, key: type_key, name: type_name, statuses, transitions, retentionYears: retention_years },
    ...(participants && assignments
      ? {
          people: {
            participants: participants.map((p) => ({ ...p, addedAt: new Date(p.addedAt) })),
            assignments: assignments.map((a) => ({ ...a, assignedAt: new Date(a.assignedAt) })),
          },
        }
      : {}),
  };
}

export function participantsOf(tx: Tx, caseId: string) {
  return tx.db
    .selectFrom('case_participant')
    .select(['id', 'person_id as personId', 'role', 'primary_client as primaryClient', 'added_at as addedAt'])
    .where('case_id', '=', caseId)
    .orderBy('added_at')
    .execute();
}

export function assignmentsOf(tx: Tx, caseId: string) {
  return tx.db
    .selectFrom('case_assignment')
    .select(['id', 'user_id as userId', 'role', 'assigned_at as assignedAt'])
    .where('case_id', '=', caseId)
    .where('ended_at', 'is', null)
    .orderBy('assigned_at')
    .execute();
}

export interface CaseListFilter {
  view: 'mine' | 'team' | 'all';
  teamUnits: string[];
  status?: string;
  caseTypeKey?: string;
  track?: string;
  /** Only cases this person takes part in (the person screen's list of cases). */
  personId?: string;
  /** Only cases this user is assigned to now: a team lead's "cases of this worker", within what the view shows. */
  assignedTo?: string;
  /** Keyset: the last item's updatedAt and id from the previous page. */
  after?: KeysetCursor;
  limit: number;
}

const NEWEST_CHANGE_FIRST = keyset('c.updated_at', 'desc', 'c.id');

/** Visible cases, newest change first, keyset-paginated (stable under concurrent inserts). */
export async function listCases(tx: Tx, filter: CaseListFilter) {
  const actorId = tx.ctx.actor.id ?? '';
  let query = tx.db.selectFrom('case_file as c').innerJoin('case_type as t', 't.id', 'c.case_type_id').select([
    'c.id',
    'c.number',
    'c.status',
    'c.owning_unit_id as owningUnitId',
    'c.confidentiality',
    'c.tracks',
    'c.opened_at as openedAt',
    'c.closed_at as closedAt',
    'c.updated_at as updatedAt',
    'c.version',
    't.key as caseTypeKey',
    NEWEST_CHANGE_FIRST.cursorAt,
    // The person each listed case is about, for the list's audit (who saw this client?).
    'c.primary_client_id as primaryClientId',
  ]);
  if (filter.view === 'mine') {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_assignment as a')
          .select('a.id')
          .whereRef('a.case_id', '=', 'c.id')
          .where(isActorsColumn('a.user_id', actorId))
          .where('a.ended_at', 'is', null),
      ),
    );
  } else if (filter.view === 'team') {
    query = query.where(
      'c.owning_unit_id',
      'in',
      filter.teamUnits.length > 0 ? filter.teamUnits : ['00000000-0000-0000-0000-000000000000'],
    );
  }
  if (filter.status) query = query.where('c.status', '=', filter.status);
  if (filter.caseTypeKey) query = query.where('t.key', '=', filter.caseTypeKey);
  if (filter.track) query = query.where(sql<boolean>`${filter.track} = any(c.tracks)`);
  if (filter.personId) {
    const personId = filter.personId;
    query = query.where((eb) =>
      eb.exists(
        eb.selectFrom('case_participant as p').select('p.id').whereRef('p.case_id', '=', 'c.id').where('p.person_id', '=', personId),
      ),
    );
  }
  if (filter.assignedTo) {
    const userId = filter.assignedTo;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_assignment as w')
          .select('w.id')
          .whereRef('w.case_id', '=', 'c.id')
          .where('w.user_id', '=', userId)
          .where('w.ended_at', 'is', null),
      ),
    );
  }
  return keysetPage(query, NEWEST_CHANGE_FIRST, filter).execute();
}

/** Inserts a case without RETURNING: a new case is not visible to its creator until her assignment exists. */
export async function insertCase(tx: Tx, values: Insertable<CaseFileTable> & { id: string }): Promise<void> {
  await tx.db.insertInto('case_file').values(values).execute();
}

/** The case's changeable fields, when its version is still `version`; the database's clock for updated_at. */
export async function updateCase(
  tx: Tx,
  id: string,
  version: number,
  changes: Pick<Updateable<CaseFileTable>, 'incident_id' | 'status' | 'tracks' | 'confidentiality' | 'custom'>,
): Promise<void> {
  await tx.db
    .updateTable('case_file')
    .set({ ...changes, updated_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .where('version', '=', version)
    .execute();
}

/** Closes the case in `status`, keeping it until the end of the Amsterdam day `retentionYears` from now. */
export async function closeCase(tx: Tx, id: string, close: { status: string; reason: string; retentionYears: number }): Promise<void> {
  await sql`update case_file set status = ${close.status}, closed_at = now(), close_reason = ${close.reason},
      retention_until = (now() at time zone 'Europe/Amsterdam')::date + make_interval(years => ${close.retentionYears}),
      updated_at = now(), version = version + 1
    where id = ${id}::uuid`.execute(tx.db);
}

export async function reopenCase(tx: Tx, id: string, status: string): Promise<void> {
  await sql`update case_file set status = ${status}, closed_at = null, close_reason = null, retention_until = null,
      updated_at = now(), version = version + 1 where id = ${id}::uuid`.execute(tx.db);
}

/** Without RETURNING: the opener's own assignment is what makes a new case visible to her, and RETURNING needs it visible. */
export async function insertAssignment(tx: Tx, values: Insertable<CaseAssignmentTable>): Promise<void> {
  await tx.db.insertInto('case_assignment').values(values).execute();
}

/** An assignment to a case the assigner sees, with its id. */
export async function addAssignment(tx: Tx, values: Insertable<CaseAssignmentTable>): Promise<{ id: string }> {
  return tx.db.insertInto('case_assignment').values(values).returning('id').executeTakeFirstOrThrow();
}

/** Whether the user works on the case now (a live assignment). */
export async function isAssigned(tx: Tx, caseId: string, userId: string): Promise<boolean> {
  const row = await tx.db
    .selectFrom('case_assignment')
    .select('id')
    .where('case_id', '=', caseId)
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}

/** Ends a live assignment of the case; false when there is none with that id. */
export async function endAssignment(tx: Tx, caseId: string, assignmentId: string): Promise<boolean> {
  const ended = await tx.db
    .updateTable('case_assignment')
    .set({ ended_at: sql<Date>`now()` })
    .where('id', '=', assignmentId)
    .where('case_id', '=', caseId)
    .where('ended_at', 'is', null)
    .executeTakeFirst();
  return Number(ended.numUpdatedRows) > 0;
}

export async function insertAccessGrant(tx: Tx, values: Insertable<CaseAccessGrantTable>): Promise<{ id: string }> {
  return tx.db.insertInto('case_access_grant').values(values).returning('id').executeTakeFirstOrThrow();
}

/** The case's live grants (explicit and break-the-glass: not revoked, not expired), newest first; row-level security applies. */
export function liveAccessGrants(tx: Tx, caseId: string) {
  return tx.db
    .selectFrom('case_access_grant')
    .select(['id', 'user_id', 'kind', 'reason', 'granted_by', 'granted_at', 'expires_at', 'reviewed_at'])
    .where('case_id', '=', caseId)
    .where('revoked_at', 'is', null)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
    .orderBy('granted_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

export async function insertParticipant(tx: Tx, values: Insertable<CaseParticipantTable>): Promise<void> {
  await tx.db.insertInto('case_participant').values(values).execute();
}

/**
 * The primary client of each case among `caseIds` the actor sees (the data subject of what is done in
 * it, e.g. its tasks), in one query; cases without one, or not visible, are left out.
 */
export async function primaryClientsOf(tx: Tx, caseIds: readonly string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const rows = await tx.db
    .selectFrom('case_file')
    .select(['id', 'primary_client_id'])
    .where('id', 'in', [...new Set(caseIds)])
    .where('primary_client_id', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.id, r.primary_client_id!]));
}

/** Whether the person takes part in the case (in any role); false too when the case is not visible. */
export async function isCaseParticipant(tx: Tx, caseId: string, personId: string): Promise<boolean> {
  const row = await tx.db
    .selectFrom('case_participant')
    .select('id')
    .where('case_id', '=', caseId)
    .where('person_id', '=', personId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Of `personIds`, those who take part in a case `userId` works on now or holds a live grant to: her own
 * cases, the relation caseAccessOf reports as `assigned` and `granted`. For the system actor's consumers
 * of the audit trail (detection asks it about the user who searched); under another actor row-level
 * security narrows it to the cases that actor sees.
 */
export async function personsInCasesOf(tx: Tx, userId: string, personIds: readonly string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const { rows } = await sql<{ person_id: string }>`
    select distinct p.person_id from case_participant p join case_file c on c.id = p.case_id
    where p.person_id = any(${[...personIds]}::uuid[]) and (${assignedToActor(userId)} or ${grantedToActor(userId)})`.execute(tx.db);
  return new Set(rows.map((r) => r.person_id));
}

/**
 * The merged person's participations become the kept person's, except where the kept person already
 * takes part in that case in that role. Under row-level security: the merger moves what she may
 * change. Returns how many moved.
 */
export async function moveParticipations(tx: Tx, keptId: string, mergedId: string): Promise<number> {
  const moved = await sql`update case_participant p set person_id = ${keptId}::uuid
    where p.person_id = ${mergedId}::uuid
      and not exists (select 1 from case_participant q where q.case_id = p.case_id and q.person_id = ${keptId}::uuid and q.role = p.role)`.execute(
    tx.db,
  );
  return Number(moved.numAffectedRows ?? 0);
}

/**
 * The SQL condition "the actor sees the case `caseId` names" for another module's query (`caseId`: a
 * column reference such as 'referral.converted_case_id'): case_file's own read policy answers.
 */
export const caseVisible = (caseId: string) => sql<boolean>`exists (select 1 from case_file c where c.id = ${sql.ref(caseId)})`;
