// The SQL of incidents. Every function runs in the caller's transaction, so row-level security
// applies: an incident, case or participant the actor may not see is simply not found.
import { sql, type Insertable, type Updateable } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';
import { keyset, keysetPage, type KeysetCursor } from '../../kernel/db/keyset.ts';
import { updateWithVersion } from '../../kernel/db/versioned.ts';
import { assignedToActor, grantedToActor } from './cases.repository.ts';
import type { IncidentCategory, IncidentTable } from './cases.tables.ts';

export interface IncidentRecord {
  id: string;
  category: IncidentCategory;
  occurredOn: string | null;
  place: string | null;
  policeReference: string | null;
  prosecutorReference: string | null;
  description: string | null;
  owningUnitId: string;
  createdAt: Date;
  createdBy: string | null;
  version: number;
}

const columns = [
  'id',
  'category',
  sql<string | null>`occurred_on::text`.as('occurredOn'),
  'place',
  'police_reference as policeReference',
  'prosecutor_reference as prosecutorReference',
  'description',
  'owning_unit_id as owningUnitId',
  'created_at as createdAt',
  'created_by as createdBy',
  'version',
] as const;

export async function insertIncident(tx: Tx, row: Insertable<IncidentTable> & { id: string }): Promise<void> {
  // No RETURNING: the row need not be visible to its writer (a system actor's, or after seven days).
  await tx.db.insertInto('incident').values(row).execute();
}

/** The incident's changed columns, when its version is still `expected` (412 otherwise). */
export async function updateIncident(tx: Tx, id: string, expected: number, changes: Updateable<IncidentTable>): Promise<void> {
  await updateWithVersion(tx, 'incident', id, expected, changes);
}

/** Whether the incident exists and the actor can see it (a case links only such an incident). */
export async function incidentVisible(tx: Tx, id: string): Promise<boolean> {
  return (await tx.db.selectFrom('incident').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
}

/** The incident, and whether any case links it (visible to the actor or not: the policy needs to know). */
export function loadIncident(tx: Tx, id: string): Promise<(IncidentRecord & { linked: boolean }) | undefined> {
  return tx.db
    .selectFrom('incident')
    .select([...columns, sql<boolean>`case_incident_linked(id)`.as('linked')])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The cases linked to the incident that row-level security shows the actor, by number, with what the case policy needs. */
export function linkedCases(tx: Tx, incidentId: string) {
  const actorId = tx.ctx.actor.id ?? '';
  return tx.db
    .selectFrom('case_file as c')
    .select([
      'c.id',
      'c.number',
      'c.status',
      'c.owning_unit_id as owningUnitId',
      'c.confidentiality',
      sql<boolean>`c.closed_at is not null`.as('closed'),
      assignedToActor(actorId).as('assigned'),
      grantedToActor(actorId).as('granted'),
    ])
    .where('c.incident_id', '=', incidentId)
    .orderBy('c.number')
    .execute();
}

/** The participants of these cases (person id and role), oldest first. */
export function participantsOfCases(tx: Tx, caseIds: readonly string[]) {
  if (caseIds.length === 0) return Promise.resolve([]);
  return tx.db
    .selectFrom('case_participant')
    .select(['case_id as caseId', 'person_id as personId', 'role'])
    .where('case_id', 'in', [...caseIds])
    .orderBy('added_at')
    .orderBy('id')
    .execute();
}

export interface IncidentListFilter {
  policeReference?: string;
  prosecutorReference?: string;
  after?: KeysetCursor;
  limit: number;
}

const NEWEST_FIRST = keyset('created_at', 'desc');

/**
 * Visible incidents with these references, newest first, keyset-paginated; with the primary clients
 * of the linked cases the actor can see (the persons the list is about, for its audit).
 */
export function listIncidents(tx: Tx, filter: IncidentListFilter) {
  let query = tx.db
    .selectFrom('incident')
    .select([
      ...columns,
      NEWEST_FIRST.cursorAt,
      sql<
        string[]
      >`array(select c.primary_client_id from case_file c where c.incident_id = incident.id and c.primary_client_id is not null)::text[]`.as(
        'clientIds',
      ),
    ]);
  if (filter.policeReference !== undefined) query = query.where('police_reference', '=', filter.policeReference);
  if (filter.prosecutorReference !== undefined) query = query.where('prosecutor_reference', '=', filter.prosecutorReference);
  return keysetPage(query, NEWEST_FIRST, filter).execute();
}
