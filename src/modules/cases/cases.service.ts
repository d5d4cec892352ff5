// Cases: open, read, change (shield and un-shield), close and reopen, assign workers, add
// participants, grant access (breaking the glass: break-glass.service.ts). Authorisation is the first
// line of each operation (casePolicy), row-level security holds underneath; every read and write is
// audited in the same transaction.
import { encodeCursor } from '../../kernel/http/cursor.ts';
import { randomUUID } from 'node:crypto';
import { userIdOf, type ActorContext } from '../../kernel/auth/actor.ts';
import { allowedActions, authorize } from '../../kernel/auth/policy.ts';
import { hasPermissionIn } from '../../kernel/auth/permissions.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { pageOf } from '../../kernel/db/keyset.ts';
import { onViolation } from '../../kernel/db/sqlstate.ts';
import { AppError } from '../../kernel/errors.ts';
import { recordAudit, type AuditEvent } from '../../kernel/audit/audit.ts';
import { recordSecurityEvent } from '../../kernel/audit/security-events.ts';
import { describeUsers } from '../identity/index.ts';
import { visiblePersonIds } from '../persons/index.ts';
import { casePolicy, notifyOfCase, type CaseResource } from './cases.policy.ts';
import {
  addAssignment,
  assignmentsOf,
  closeCase,
  drawCaseNumber,
  endAssignment,
  findCaseType,
  insertAccessGrant,
  insertAssignment,
  insertCase,
  insertParticipant,
  isAssigned,
  listCases,
  liveAccessGrants,
  loadCase,
  participantsOf,
  reopenCase,
  updateCase,
  type CaseListFilter,
  type CaseRecord,
} from './cases.repository.ts';
import { incidentVisible } from './incidents.repository.ts';
import type { AssignmentRole, Confidentiality, ParticipantRole, SupportTrack } from './cases.tables.ts';

export interface CreateCaseInput {
  caseTypeKey?: string;
  owningUnitId: string;
  confidentiality?: Confidentiality;
  incidentId?: string | null;
  tracks?: SupportTrack[];
  custom?: Record<string, unknown>;
  participants?: { personId: string; role: ParticipantRole; primaryClient?: boolean }[];
}

export interface UpdateCaseInput {
  version: number;
  status?: string;
  tracks?: SupportTrack[];
  confidentiality?: Confidentiality;
  custom?: Record<string, unknown>;
  /** Link the case to an incident one can see, or unlink it (null). */
  incidentId?: string | null;
}

const resourceOf = (c: CaseRecord): CaseResource => ({
  owningUnitId: c.owningUnitId,
  confidentiality: c.confidentiality,
  closed: c.closedAt !== null,
  assigned: c.assigned,
  granted: c.granted,
});

/**
 * Opens a case in the caller's transaction: POST /cases, and other modules that open one as part of
 * their own change (a referral converted to a case). The actor needs cases.create in the unit and
 * becomes the case's worker; participants must be persons the actor can see.
 */
export async function openCase(tx: Tx, input: CreateCaseInput): Promise<{ id: string; number: string }> {
  if (!hasPermissionIn(tx.ctx.actor, 'cases.create', input.owningUnitId)) throw AppError.forbidden('You may not open cases in that unit.');
  // Opening a case as shielded is shielding it (casePolicy.shield): someone who can grant access to it.
  if (input.confidentiality === 'shielded' && !hasPermissionIn(tx.ctx.actor, 'cases.grant-access', input.owningUnitId)) {
    throw AppError.forbidden('Opening a case as shielded needs cases.grant-access in its unit: ask its team lead.');
  }
  const type = await findCaseType(tx, { key: input.caseTypeKey ?? 'default' });
  if (!type) throw AppError.invalid('/body/caseTypeKey', 'no such active case type');
  const participants = input.participants ?? [];
  const visible = await visiblePersonIds(
    tx,
    participants.map((p) => p.personId),
  );
  const missing = participants.map((p, i) => ({ p, i })).filter(({ p }) => !visible.has(p.personId));
  if (missing.length > 0)
    throw AppError.badRequest(
      'Some participants do not exist or are not visible to you.',
      missing.map(({ i }) => ({ pointer: `/body/participants/${i}/personId`, detail: 'no such person' })),
    );
  if (input.incidentId && !(await incidentVisible(tx, input.incidentId))) throw AppError.invalid('/body/incidentId', 'no such incident');
  const number = await drawCaseNumber(tx, new Date().getUTCFullYear());
  // The id is made here, not RETURNed: a new case is not yet visible to its creator (row-level
  // security) until her assignment below exists, and RETURNING needs visibility.
  const created = { id: randomUUID() };
  await insertCase(tx, {
    id: created.id,
    number,
    case_type_id: type.id,
    status: type.initial_status,
    owning_unit_id: input.owningUnitId,
    confidentiality: input.confidentiality ?? 'normal',
    incident_id: input.incidentId ?? null,
    tracks: input.tracks ?? [],
    custom: JSON.stringify(input.custom ?? {}) as unknown as Record<string, unknown>,
    opened_by: userIdOf(tx.ctx.actor),
  });
  // The creator works on the case: without this a case worker could not see what she just opened.
  if (tx.ctx.actor.kind === 'user')
    await insertAssignment(tx, { case_id: created.id, user_id: tx.ctx.actor.id, assigned_by: tx.ctx.actor.id });
  for (const p of participants) {
    await insertParticipant(tx, { case_id: created.id, person_id: p.personId, role: p.role, primary_client: p.primaryClient ?? false });
  }
  const primary = participants.find((p) => p.primaryClient)?.personId ?? participants[0]?.personId ?? null;
  await recordAudit(tx, {
    action: 'case.create',
    objectType: 'case',
    objectId: created.id,
    dataSubjectId: primary,
    dataSubjectIds: [...new Set(participants.map((p) => p.personId))],
    details: { number, unitId: input.owningUnitId, confidentiality: input.confidentiality ?? 'normal' },
  });
  return { id: created.id, number };
}

/** A case as the API presents it (GET /cases/{caseId}, and every change's answer). */
async function presentCase(tx: Tx, record: CaseRecord) {
  const participants = record.people?.participants ?? (await participantsOf(tx, record.id));
  const assignments = record.people?.assignments ?? (await assignmentsOf(tx, record.id));
  const status = record.caseType.statuses.find((s) => s.key === record.status);
  // The workers by name, so the case screen can say who works on the case (staff names, not client data).
  const workers = await describeUsers(
    tx,
    assignments.map((a) => a.userId),
  );
  return {
    id: record.id,
    number: record.number,
    caseType: { id: record.caseType.id, key: record.caseType.key, name: record.caseType.name },
    status: record.status,
    statusLabel: status?.label ?? record.status,
    allowedStatuses: record.caseType.transitions.filter((t) => t.from === record.status).map((t) => t.to),
    nextStatuses: record.caseType.transitions
      .filter((t) => t.from === record.status)
      .map((t) => {
        const next = record.caseType.statuses.find((s) => s.key === t.to);
        return { key: t.to, label: next?.label ?? t.to, closes: next?.closed ?? false };
      }),
    owningUnitId: record.owningUnitId,
    confidentiality: record.confidentiality,
    incidentId: record.incidentId,
    tracks: record.tracks,
    openedAt: record.openedAt.toISOString(),
    closedAt: record.closedAt?.toISOString() ?? null,
    closeReason: record.closeReason,
    retentionUntil: record.retentionUntil,
    legalHold: record.legalHold,
    custom: record.custom,
    version: record.version,
    participants: participants.map((p) => ({ ...p, addedAt: p.addedAt.toISOString() })),
    assignments: assignments.map((a) => ({
      ...a,
      displayName: workers.get(a.userId)?.displayName ?? null,
      assignedAt: a.assignedAt.toISOString(),
    })),
    allowedActions: allowedActions(tx.ctx.actor, casePolicy, resourceOf(record)),
  };
}

export type CaseView = Awaited<ReturnType<typeof presentCase>>;

/**
 * The persons an event about a case concerns: its primary client (else its first participant) as data
 * subject, and every participant the answer shows (their ids are on the case), so "who looked at this
 * client" finds the case's events for each of them.
 */
export function caseSubjects(kase: {
  participants: readonly { personId: string; primaryClient: boolean }[];
}): Pick<AuditEvent, 'dataSubjectId' | 'dataSubjectIds'> {
  const primary = kase.participants.find((p) => p.primaryClient)?.personId ?? kase.participants[0]?.personId ?? null;
  return { dataSubjectId: primary, dataSubjectIds: [...new Set(kase.participants.map((p) => p.personId))] };
}

/** The case as the answer presents it, and its audit event with the persons it concerns (recorded in `tx`). */
async function presentAudited(tx: Tx, id: string, event: AuditEvent): Promise<CaseView> {
  const kase = await presentCase(tx, (await loadCase(tx, id))!);
  await recordAudit(tx, { ...event, ...caseSubjects(kase) });
  return kase;
}

/**
 * Reads one case in the caller's transaction, exactly as GET /cases/{caseId} answers: 404 when the
 * actor may not see it (existence does not leak), audited as case.read with the primary client (else
 * the first participant) as data subject and the actor's way in (`via`). `details` adds the caller's
 * own facts to that one event (the case screen: `view: 'overview'` and the persons it shows).
 */
export async function readCase(tx: Tx, id: string, details: (kase: CaseView) => Record<string, unknown> = () => ({})): Promise<CaseView> {
  const { kase, audit } = await viewCase(tx, id, details);
  await recordAudit(tx, audit);
  return kase;
}

/**
 * readCase without recording: the case and its case.read event, for a caller that records it together
 * with its own events in one statement (recordAudit with a list), in the same transaction.
 */
export async function viewCase(
  tx: Tx,
  id: string,
  details: (kase: CaseView) => Record<string, unknown> = () => ({}),
): Promise<{ kase: CaseView; audit: AuditEvent; access: CaseResource }> {
  const record = await loadCase(tx, id, { withPeople: true });
  if (!record || !casePolicy.read(tx.ctx.actor, resourceOf(record))) throw AppError.notFound();
  const presented = await presentCase(tx, record);
  const audit: AuditEvent = {
    action: 'case.read',
    objectType: 'case',
    objectId: id,
    ...caseSubjects(presented),
    details: { via: record.assigned ? 'assignment' : record.granted ? 'grant' : 'unit', ...details(presented) },
  };
  return { kase: presented, audit, access: resourceOf(record) };
}

export class CasesService {
  readonly #db: Database;
  /** Years a closed case is kept when its type names none (CASUS_RETENTION_YEARS). */
  readonly #retentionYears: number;

  constructor(db: Database, options: { retentionYears: number }) {
    this.#db = db;
    this.#retentionYears = options.retentionYears;
  }

  /** Loads a case the actor may see (404 otherwise: existence does not leak) and checks the action. */
  async #authorized(tx: Tx, id: string, action: keyof typeof casePolicy): Promise<CaseRecord> {
    const record = await loadCase(tx, id, { forUpdate: action !== 'read' });
    if (!record || !casePolicy.read(tx.ctx.actor, resourceOf(record))) throw AppError.notFound();
    authorize(tx.ctx.actor, casePolicy, action, resourceOf(record));
    return record;
  }

  async create(ctx: ActorContext, input: CreateCaseInput) {
    if (!hasPermissionIn(ctx.actor, 'cases.create', input.owningUnitId)) throw AppError.forbidden('You may not open cases in that unit.');
    return this.#db.transaction(ctx, async (tx) => presentCase(tx, (await loadCase(tx, (await openCase(tx, input)).id))!));
  }

  async get(ctx: ActorContext, id: string) {
    return this.#db.transaction(ctx, (tx) => readCase(tx, id));
  }

  async list(ctx: ActorContext, filter: Omit<CaseListFilter, 'teamUnits'> & { unitId?: string }) {
    const readable = ctx.actor.scopes?.['cases.read-unit'] ?? [];
    const teamUnits = filter.unitId ? readable.filter((u) => u === filter.unitId) : [...readable];
    return this.#db.transaction(ctx, async (tx) => {
      const { items: page, next } = pageOf(await listCases(tx, { ...filter, teamUnits }), filter.limit);
      await recordAudit(tx, {
        action: 'case.list',
        objectType: 'case',
        details: { view: filter.view, count: page.length, ...(filter.personId ? { personId: filter.personId } : {}) },
        objectIds: page.map((r) => r.id),
        // Listing a person's cases says something about that person too (that she is a client here).
        dataSubjectIds: [
          ...new Set([
            ...(filter.personId ? [filter.personId] : []),
            ...page.map((r) => r.primaryClientId).filter((p): p is string => p !== null),
          ]),
        ],
      });
      return {
        items: page.map(({ cursor_at: _cursorAt, primaryClientId: _primaryClientId, ...r }) => ({
          ...r,
          openedAt: r.openedAt.toISOString(),
          closedAt: r.closedAt?.toISOString() ?? null,
          updatedAt: r.updatedAt.toISOString(),
        })),
        next: next && encodeCursor(next),
      };
    });
  }

  async update(ctx: ActorContext, id: string, input: UpdateCaseInput) {
    return this.#db.transaction(ctx, async (tx) => {
      const record = await this.#authorized(tx, id, 'update');
      if (record.version !== input.version) throw AppError.preconditionFailed();
      if (input.status !== undefined && input.status !== record.status) {
        const target = record.caseType.statuses.find((s) => s.key === input.status);
        if (!target || !record.caseType.transitions.some((t) => t.from === record.status && t.to === input.status)) {
          throw AppError.invalid(
            '/body/status',
            `no transition from ${record.status} to ${input.status} in case type ${record.caseType.key}`,
          );
        }
        if (target.closed) throw AppError.invalid('/body/status', 'closing a case needs a reason: POST /cases/{caseId}/close');
      }
      const shielding = input.confidentiality === 'shielded' && record.confidentiality !== 'shielded';
      const unshielding =
        input.confidentiality !== undefined && input.confidentiality !== 'shielded' && record.confidentiality === 'shielded';
      if (shielding && !casePolicy.shield(ctx.actor, resourceOf(record))) {
        throw AppError.forbidden('Shielding a case needs cases.grant-access in its unit (someone must be able to grant access to it).');
      }
      if (unshielding && !casePolicy.unshield(ctx.actor, resourceOf(record))) {
        throw AppError.forbidden('Leaving shielded needs cases.grant-access in the case’s unit: ask its team lead.');
      }
      // Whoever shields a case keeps it, through an explicit grant: shielded cases are visible only to
      // their workers and to people granted them explicitly (row-level security holds the new row to
      // that, and accepts a grant to oneself only together with shielding the case).
      if (shielding && !record.assigned && !record.granted) {
        await insertAccessGrant(tx, {
          case_id: id,
          user_id: ctx.actor.id!,
          kind: 'explicit',
          reason: 'shielded the case (automatic grant to whoever shields it)',
          granted_by: ctx.actor.id,
        });
      }
      if (input.incidentId && input.incidentId !== record.incidentId && !(await incidentVisible(tx, input.incidentId))) {
        throw AppError.invalid('/body/incidentId', 'no such incident');
      }
      const changed = Object.keys(input).filter((k) => k !== 'version');
      await updateCase(tx, id, input.version, {
        ...(input.incidentId !== undefined ? { incident_id: input.incidentId } : {}),
        ...(input.status !== undefined ? { status: input.status } : {}),
        ...(input.tracks !== undefined ? { tracks: input.tracks } : {}),
        ...(input.confidentiality !== undefined ? { confidentiality: input.confidentiality } : {}),
        ...(input.custom !== undefined ? { custom: JSON.stringify(input.custom) as unknown as Record<string, unknown> } : {}),
      });
      const kase = await presentAudited(tx, id, {
        action: 'case.update',
        objectType: 'case',
        objectId: id,
        changedFields: changed,
        details: { status: input.status ?? record.status },
      });
      if (unshielding) {
        await recordSecurityEvent(tx, {
          action: 'case.unshield',
          objectType: 'case',
          objectId: id,
          unitId: record.owningUnitId,
          notify: notifyOfCase(record.owningUnitId),
          details: { confidentiality: input.confidentiality },
        });
      }
      return kase;
    });
  }

  async close(ctx: ActorContext, id: string, input: { version: number; reason: string }) {
    return this.#db.transaction(ctx, async (tx) => {
      const record = await this.#authorized(tx, id, 'close');
      if (record.version !== input.version) throw AppError.preconditionFailed();
      const closedStatus = record.caseType.statuses.find(
        (s) => s.closed && record.caseType.transitions.some((t) => t.from === record.status && t.to === s.key),
      );
      if (!closedStatus) throw AppError.conflict(`A case in status ${record.status} cannot be closed in case type ${record.caseType.key}.`);
      await closeCase(tx, id, {
        status: closedStatus.key,
        reason: input.reason,
        retentionYears: record.caseType.retentionYears ?? this.#retentionYears,
      });
      return presentAudited(tx, id, { action: 'case.close', objectType: 'case', objectId: id, reason: input.reason });
    });
  }

  async reopen(ctx: ActorContext, id: string, input: { version: number; reason: string }) {
    return this.#db.transaction(ctx, async (tx) => {
      const record = await this.#authorized(tx, id, 'reopen');
      if (record.version !== input.version) throw AppError.preconditionFailed();
      const target = record.caseType.transitions.find(
        (t) => t.from === record.status && !record.caseType.statuses.find((s) => s.key === t.to)?.closed,
      );
      if (!target) throw AppError.conflict(`Case type ${record.caseType.key} does not allow reopening from ${record.status}.`);
      await reopenCase(tx, id, target.to);
      return presentAudited(tx, id, { action: 'case.reopen', objectType: 'case', objectId: id, reason: input.reason });
    });
  }

  async assign(ctx: ActorContext, id: string, input: { userId: string; role: AssignmentRole }) {
    return this.#db.transaction(ctx, async (tx) => {
      await this.#authorized(tx, id, 'assign');
      const user = (await describeUsers(tx, [input.userId])).get(input.userId);
      if (!user?.active) throw AppError.invalid('/body/userId', 'no such active user');
      if (await isAssigned(tx, id, input.userId)) throw AppError.conflict('That user already works on this case.');
      const row = await addAssignment(tx, { case_id: id, user_id: input.userId, role: input.role, assigned_by: ctx.actor.id });
      return presentAudited(tx, id, {
        action: 'case.assign',
        objectType: 'case',
        objectId: id,
        details: { userId: input.userId, role: input.role, assignmentId: row.id },
      });
    });
  }

  async endAssignment(ctx: ActorContext, id: string, assignmentId: string, reason: string) {
    return this.#db.transaction(ctx, async (tx) => {
      await this.#authorized(tx, id, 'assign');
      if (!(await endAssignment(tx, id, assignmentId))) throw AppError.notFound();
      return presentAudited(tx, id, { action: 'case.unassign', objectType: 'case', objectId: id, reason, details: { assignmentId } });
    });
  }

  async addParticipant(ctx: ActorContext, id: string, input: { personId: string; role: ParticipantRole; primaryClient?: boolean }) {
    return this.#db.transaction(ctx, async (tx) => {
      await this.#authorized(tx, id, 'addParticipant');
      if (!(await visiblePersonIds(tx, [input.personId])).has(input.personId)) throw AppError.invalid('/body/personId', 'no such person');
      await insertParticipant(tx, {
        case_id: id,
        person_id: input.personId,
        role: input.role,
        primary_client: input.primaryClient ?? false,
      }).catch(onViolation({ unique: () => AppError.conflict('That person already takes part in this case in that role.') }));
      // The person added is the event's data subject; the case's other participants are shown too.
      const kase = await presentCase(tx, (await loadCase(tx, id))!);
      await recordAudit(tx, {
        action: 'case.add-participant',
        objectType: 'case',
        objectId: id,
        dataSubjectId: input.personId,
        dataSubjectIds: caseSubjects(kase).dataSubjectIds,
        details: { role: input.role },
      });
      return kase;
    });
  }

  /**
   * Who holds access to the case beyond working on it: its live explicit and break-the-glass grants, with
   * names, reasons and ends, for whoever may grant access to it (casePolicy.grantAccess). Audited
   * (`case.access-grant-list`, the grants shown as object ids); the grantees are staff, not data subjects:
   * the case's persons are (who may see a client's case is her business too).
   */
  async accessGrants(ctx: ActorContext, id: string) {
    return this.#db.transaction(ctx, async (tx) => {
      const record = await loadCase(tx, id);
      if (!record || !casePolicy.read(tx.ctx.actor, resourceOf(record))) throw AppError.notFound();
      authorize(tx.ctx.actor, casePolicy, 'grantAccess', resourceOf(record));
      const rows = await liveAccessGrants(tx, id);
      const names = await describeUsers(
        tx,
        rows.flatMap((r) => (r.granted_by ? [r.user_id, r.granted_by] : [r.user_id])),
      );
      await recordAudit(tx, {
        action: 'case.access-grant-list',
        objectType: 'case',
        objectId: id,
        ...caseSubjects({ participants: await participantsOf(tx, id) }),
        details: { count: rows.length },
        objectIds: rows.map((r) => r.id),
      });
      return {
        items: rows.map((r) => ({
          id: r.id,
          userId: r.user_id,
          displayName: names.get(r.user_id)?.displayName ?? null,
          kind: r.kind,
          reason: r.reason,
          grantedBy: r.granted_by,
          grantedByName: r.granted_by ? (names.get(r.granted_by)?.displayName ?? null) : null,
          grantedAt: r.granted_at.toISOString(),
          expiresAt: r.expires_at?.toISOString() ?? null,
          reviewedAt: r.reviewed_at?.toISOString() ?? null,
        })),
      };
    });
  }

  /** Explicit access to a case (the way into shielded cases), with a reason and optionally an end. */
  async grantAccess(ctx: ActorContext, id: string, input: { userId: string; reason: string; expiresAt?: Date | null }) {
    return this.#db.transaction(ctx, async (tx) => {
      await this.#authorized(tx, id, 'grantAccess');
      if (input.userId === ctx.actor.id) throw AppError.forbidden('You cannot grant case access to yourself.');
      const user = (await describeUsers(tx, [input.userId])).get(input.userId);
      if (!user?.active) throw AppError.invalid('/body/userId', 'no such active user');
      const row = await insertAccessGrant(tx, {
        case_id: id,
        user_id: input.userId,
        kind: 'explicit',
        reason: input.reason,
        granted_by: ctx.actor.id,
        expires_at: input.expiresAt ?? null,
      });
      await recordAudit(tx, {
        action: 'case.grant-access',
        objectType: 'case',
        objectId: id,
        ...caseSubjects({ participants: await participantsOf(tx, id) }),
        reason: input.reason,
        details: { userId: input.userId, grantId: row.id, expiresAt: input.expiresAt ?? null },
      });
      return { grantId: row.id };
    });
  }
}
