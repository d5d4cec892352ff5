// The SQL of the contacts module. Every function runs in the caller's transaction, so row-level
// security applies: contact moments of a case the actor may not see are simply not found.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Tx } from '../../kernel/db/database.ts';
import type { ContactCase } from './contacts.policy.ts';
import type { ContactMomentTable } from './contacts.tables.ts';

export type ContactMomentRow = Selectable<ContactMomentTable>;

export interface ContactCaseRecord extends ContactCase {
  id: string;
  /** The case's primary client (or its first participant): the data subject of what is read about the case. */
  primaryClientId: string | null;
}

/** The case with the actor's relation to it; undefined when it does not exist or is not visible. */
export async function loadContactCase(tx: Tx, caseId: string): Promise<ContactCaseRecord | undefined> {
  const actorId = tx.ctx.actor.id ?? '';
  const { rows } = await sql<ContactCaseRecord>`
    select c.id, c.owning_unit_id as "owningUnitId", c.confidentiality, c.closed_at is not null as closed,
           exists (select 1 from case_assignment a where a.case_id = c.id and a.user_id::text = ${actorId} and a.ended_at is null) as assigned,
           exists (select 1 from case_access_grant g where g.case_id = c.id and g.user_id::text = ${actorId} and g.revoked_at is null
                   and (g.expires_at is null or g.expires_at > now())) as granted,
           (select p.person_id from case_participant p where p.case_id = c.id order by p.primary_client desc, p.added_at, p.id limit 1) as "primaryClientId"
    from case_file c where c.id = ${caseId}::uuid`.execute(tx.db);
  return rows[0];
}

/** Whether the person takes part in the case (in any role). */
export async function takesPart(tx: Tx, caseId: string, personId: string): Promise<boolean> {
  const row = await tx.db.selectFrom('case_participant').select('id').where('case_id', '=', caseId).where('person_id', '=', personId).executeTakeFirst();
  return row !== undefined;
}

/** Inserts without RETURNING: the id is made by the caller (it is the summary's encryption context). */
export async function insertContactMoment(tx: Tx, values: Insertable<ContactMomentTable>): Promise<void> {
  await tx.db.insertInto('contact_moment').values(values).execute();
}

export function loadContactMoment(tx: Tx, id: string): Promise<ContactMomentRow | undefined> {
  return tx.db.selectFrom('contact_moment').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface ContactCursor {
  /** The last item's occurred_at, to the microsecond (ISO 8601, UTC). */
  at: string;
  id: string;
}

/**
 * One page of a case's contact moments, newest first, keyset-paginated on (occurred_at, id): one range
 * scan of contact_moment_case_recent however deep the page. Returns up to limit + 1 rows (the extra
 * one says there is a next page) with each row's exact cursor.
 */
export function listContactMoments(tx: Tx, caseId: string, page: { after?: ContactCursor; limit: number }) {
  let query = tx.db.selectFrom('contact_moment').selectAll()
    .select(sql<string>`to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'))
    .where('case_id', '=', caseId);
  if (page.after) query = query.where(sql<boolean>`(occurred_at, id) < (${page.after.at}::timestamptz, ${page.after.id}::uuid)`);
  return query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(page.limit + 1).execute();
}
