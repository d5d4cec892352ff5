// "This row is the actor's": a uuid column compared with the signed-in user's id as a uuid, so that the
// planner can use the column's index (`column::text = $1` cannot, and made a team lead's "my tasks" scan
// every open task: 324 ms through HTTP on the 200k demo set, under 5 ms now). An actor who is not a user (a service account,
// the system) owns no rows: the comparison is then plainly false, never a cast of '' to uuid.
import { sql, type RawBuilder } from 'kysely';

/** `column = actorId::uuid`, or `false` without a user id; `column` as SQL names it ("a.user_id"). */
export function isActorsColumn(column: string, actorId: string | null | undefined): RawBuilder<boolean> {
  return actorId ? sql<boolean>`${sql.ref(column)} = ${actorId}::uuid` : sql<boolean>`false`;
}
