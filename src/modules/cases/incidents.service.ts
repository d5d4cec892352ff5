// Incidents (gebeurtenissen): what happened, when and where, with the police and public prosecutor's
// references; one incident concerns many persons through the cases linked to it. Record, read (with
// the linked cases one can see and their participants), change with optimistic concurrency, and look
// up by reference. Authorisation first (incidentPolicy; 404 for incidents one may not see), row-level
// security underneath; every read and write audited in the same transaction (the description may
// hold personal data).
import { randomUUID } from 'node:crypto';
import type { Updateable } from 'kysely';
import { userIdOf, type ActorContext } from '../../kernel/auth/actor.ts';
import { allowedActions, authorize } from '../../kernel/auth/policy.ts';
import { hasPermissionIn } from '../../kernel/auth/permissions.ts';
import { CALENDAR_TIME_ZONE } from '../../kernel/calendar/working-days.ts';
import { encodeCursor } from '../../kernel/http/cursor.ts';
import type { Database, Tx } from '../../kernel/db/database.ts';
import { pageOf } from '../../kernel/db/keyset.ts';
import { AppError } from '../../kernel/errors.ts';
import { recordAudit } from '../../kernel/audit/audit.ts';
import { visiblePersonIds } from '../persons/index.ts';
import { casePolicy } from './cases.policy.ts';
import { incidentPolicy, type IncidentResource } from './incidents.policy.ts';
import {
  insertIncident,
  linkedCases,
  listIncidents,
  loadIncident,
  participantsOfCases,
  updateIncident,
  type IncidentListFilter,
  type IncidentRecord,
} from './incidents.repository.ts';
import type { IncidentCategory, IncidentTable } from './cases.tables.ts';

export const INCIDENT_CATEGORIES: readonly IncidentCategory[] = [
  'violence',
  'property',
  'traffic',
  'sexual-offence',
  'homicide',
  'calamity',
  'missing-person',
  'other',
];

export interface IncidentFields {
  category: IncidentCategory;
  occurredOn?: string | null;
  place?: string | null;
  policeReference?: string | null;
  prosecutorReference?: string | null;
  description?: string | null;
}

export interface RecordIncidentInput extends IncidentFields {
  owningUnitId: string;
}

export type UpdateIncidentInput = Partial<IncidentFields>;

/** The changeable fields, their columns and the table's length limits. */
const FIELDS = {
  category: { column: 'category', max: null },
  occurredOn: { column: 'occurred_on', max: null },
  place: { column: 'place', max: 200 },
  policeReference: { column: 'police_reference', max: 50 },
  prosecutorReference: { column: 'prosecutor_reference', max: 50 },
  description: { column: 'description', max: 4000 },
} as const;
type Field = keyof typeof FIELDS;
const FIELD_NAMES = Object.keys(FIELDS) as Field[];
const RECORDED_BY_ACTOR_MS = 7 * 86_400_000;

/** Today's date in Amsterdam (YYYY-MM-DD): an incident cannot have happened later. */
export function todayInAmsterdam(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: CALENDAR_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** The fields as stored: texts trimmed (references are matched exactly), checked as the table does. */
function normalised(input: UpdateIncidentInput): UpdateIncidentInput {
  const out: UpdateIncidentInput = {};
  for (const field of FIELD_NAMES) {
    const value = input[field];
    if (value === undefined) continue;
    if (field === 'category') {
      if (!INCIDENT_CATEGORIES.includes(value as IncidentCategory)) throw AppError.invalid('/body/category', 'no such category');
      out.category = value as IncidentCategory;
    } else if (field === 'occurredOn') {
      if (value !== null && (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value))))
        throw AppError.invalid('/body/occurredOn', 'is not a date (YYYY-MM-DD)');
      if (value !== null && value > todayInAmsterdam()) throw AppError.invalid('/body/occurredOn', 'lies in the future');
      out.occurredOn = value;
    } else {
      const text = value === null ? null : value.trim();
      if (text === '') throw AppError.invalid(`/body/${field}`, 'is empty');
      const max = FIELDS[field].max;
      if (text !== null && text.length > max) throw AppError.invalid(`/body/${field}`, `is longer than ${max} characters`);
      out[field] = text;
    }
  }
  return out;
}

const columnsOf = (input: UpdateIncidentInput) =>
  Object.fromEntries(
    (Object.entries(input) as [Field, unknown][]).map(([field, value]) => [FIELDS[field].column, value]),
  ) as Updateable<IncidentTable>;

/**
 * Records an incident in the caller's transaction: POST /incidents, and referral conversion (the
 * incident a chain partner described). The actor needs cases.create in the unit.
 */
export async function recordIncident(tx: Tx, input: RecordIncidentInput): Promise<{ id: string }> {
  if (!hasPermissionIn(tx.ctx.actor, 'cases.create', input.owningUnitId))
    throw AppError.forbidden('You may not record incidents in that unit.');
  const { owningUnitId, ...fields } = input;
  const values = normalised(fields);
  if (!values.category) throw AppError.invalid('/body/category', 'is required');
  const id = randomUUID();
  await insertIncident(tx, {
    ...columnsOf(values),
    id,
    category: values.category,
    owning_unit_id: owningUnitId,
    created_by: userIdOf(tx.ctx.actor),
  });
  await recordAudit(tx, {
    action: 'incident.create',
    objectType: 'incident',
    objectId: id,
    details: { unitId: owningUnitId, category: values.category },
  });
  return { id };
}

interface VisibleIncident {
  record: IncidentRecord;
  cases: Awaited<ReturnType<typeof linkedCases>>;
  resource: IncidentResource;
}

export class IncidentsService {
  readonly #db: Database;

  constructor(db: Database) {
    this.#db = db;
  }

  /** Loads an incident the actor may see (404 otherwise: existence does not leak), with its visible linked cases. */
  async #visible(tx: Tx, id: string): Promise<VisibleIncident> {
    const record = await loadIncident(tx, id);
    if (!record) throw AppError.notFound();
    const shown = await linkedCases(tx, id);
    const resource: IncidentResource = {
      owningUnitId: record.owningUnitId,
      linked: record.linked,
      linkedCases: shown,
      recordedByActor:
        record.createdBy !== null && record.createdBy === tx.ctx.actor.id && record.createdAt.getTime() > Date.now() - RECORDED_BY_ACTOR_MS,
    };
    if (!incidentPolicy.read(tx.ctx.actor, resource)) throw AppError.notFound();
    // The linked cases it lists: those the actor sees by the cases' own rule.
    return { record, cases: shown.filter((c) => casePolicy.read(tx.ctx.actor, c)), resource };
  }

  async #present(tx: Tx, { record, cases, resource }: VisibleIncident) {
    const participants = await participantsOfCases(
      tx,
      cases.map((c) => c.id),
    );
    // Persons under their own row-level security: a participant one may not see is left out.
    const visible = await visiblePersonIds(
      tx,
      participants.map((p) => p.personId),
    );
    return {
      ...presentListItem(record),
      description: record.description,
      cases: cases.map((c) => ({
        id: c.id,
        number: c.number,
        status: c.status,
        participants: participants
          .filter((p) => p.caseId === c.id && visible.has(p.personId))
          .map((p) => ({ personId: p.personId, role: p.role })),
      })),
      allowedActions: allowedActions(tx.ctx.actor, incidentPolicy, resource),
    };
  }

  async create(ctx: ActorContext, input: RecordIncidentInput) {
    if (!hasPermissionIn(ctx.actor, 'cases.create', input.owningUnitId))
      throw AppError.forbidden('You may not record incidents in that unit.');
    return this.#db.transaction(ctx, async (tx) => this.#present(tx, await this.#visible(tx, (await recordIncident(tx, input)).id)));
  }

  async get(ctx: ActorContext, id: string) {
    return this.#db.transaction(ctx, async (tx) => {
      const presented = await this.#present(tx, await this.#visible(tx, id));
      await recordAudit(tx, {
        action: 'incident.read',
        objectType: 'incident',
        objectId: id,
        details: { caseIds: presented.cases.map((c) => c.id) },
        dataSubjectIds: presented.cases.flatMap((c) => c.participants.map((p) => p.personId)),
      });
      return presented;
    });
  }

  /** Changes an incident; `expected` is the version the client read (If-Match or `version`): 412 when stale. */
  async update(ctx: ActorContext, id: string, expected: number, input: UpdateIncidentInput) {
    const values = normalised(input);
    return this.#db.transaction(ctx, async (tx) => {
      const visible = await this.#visible(tx, id);
      authorize(ctx.actor, incidentPolicy, 'update', visible.resource);
      if (visible.record.version !== expected) throw AppError.preconditionFailed();
      const changed = (Object.keys(values) as Field[]).filter((field) => values[field] !== visible.record[field]);
      // An incident is about the persons of its cases: the answer shows them, the audit names them.
      const subjectsOf = (presented: { cases: { participants: { personId: string }[] }[] }) =>
        presented.cases.flatMap((c) => c.participants.map((p) => p.personId));
      if (changed.length === 0) {
        const presented = await this.#present(tx, visible);
        await recordAudit(tx, {
          action: 'incident.read',
          objectType: 'incident',
          objectId: id,
          details: { unchanged: true },
          dataSubjectIds: subjectsOf(presented),
        });
        return presented;
      }
      await updateIncident(tx, id, expected, columnsOf(Object.fromEntries(changed.map((f) => [f, values[f]]))));
      const presented = await this.#present(tx, { ...visible, record: (await loadIncident(tx, id))! });
      await recordAudit(tx, {
        action: 'incident.update',
        objectType: 'incident',
        objectId: id,
        changedFields: changed,
        dataSubjectIds: subjectsOf(presented),
      });
      return presented;
    });
  }

  /** Incidents with a police or prosecutor reference (exact), newest first: is this incident known already? */
  async list(ctx: ActorContext, filter: IncidentListFilter) {
    const policeReference = filter.policeReference?.trim();
    const prosecutorReference = filter.prosecutorReference?.trim();
    if (!policeReference && !prosecutorReference)
      throw AppError.invalid('/query/policeReference', 'give policeReference or prosecutorReference');
    return this.#db.transaction(ctx, async (tx) => {
      const rows = await listIncidents(tx, {
        ...filter,
        ...(policeReference ? { policeReference } : {}),
        ...(prosecutorReference ? { prosecutorReference } : {}),
      });
      const { items: page, next } = pageOf(rows, filter.limit);
      await recordAudit(tx, {
        action: 'incident.list',
        objectType: 'incident',
        details: {
          by: [policeReference ? 'policeReference' : null, prosecutorReference ? 'prosecutorReference' : null].filter(Boolean),
          count: page.length,
        },
        objectIds: page.map((r) => r.id),
        dataSubjectIds: page.flatMap((r) => r.clientIds),
      });
      return {
        // Lists leave out the description (it may hold personal data): read one incident for it.
        items: page.map(({ cursor_at: _cursorAt, description: _description, clientIds: _clientIds, ...r }) => presentListItem(r)),
        next: next && encodeCursor(next),
      };
    });
  }
}

function presentListItem(r: Omit<IncidentRecord, 'description'>) {
  return {
    id: r.id,
    category: r.category,
    occurredOn: r.occurredOn,
    place: r.place,
    policeReference: r.policeReference,
    prosecutorReference: r.prosecutorReference,
    owningUnitId: r.owningUnitId,
    createdAt: r.createdAt.toISOString(),
    version: r.version,
  };
}
