// PostgreSQL's refusals, read once. A statement that violates a constraint a service could not check
// beforehand (a value someone else took since, a row gone meanwhile) is the client's conflict or
// mistake, not a fault: the service answers it by SQLSTATE (and, where a table has several
// constraints of a kind, by the constraint's name) with onViolation(), instead of testing codes by
// hand. What no service answers, http/problems.ts still refuses safely (a bad value is a 400).

/** The integrity constraint violations (SQLSTATE class 23) by name. */
export const VIOLATIONS = {
  unique: '23505',
  foreignKey: '23503',
  check: '23514',
  notNull: '23502',
  exclusion: '23P01',
} as const;

export type Violation = keyof typeof VIOLATIONS;

export interface DatabaseError {
  /** The SQLSTATE, e.g. '23505'. */
  sqlState: string;
  constraint?: string;
  table?: string;
  column?: string;
  routine?: string;
}

/** The SQLSTATE and the names PostgreSQL gives of a database error (pg's DatabaseError); null for any other error. */
export function databaseErrorOf(error: unknown): DatabaseError | null {
  if (!(error instanceof Error) || !('severity' in error)) return null;
  const { code, constraint, table, column, routine } = error as Error & Record<string, unknown>;
  if (typeof code !== 'string') return null;
  const names = Object.entries({ constraint, table, column, routine }).filter(([, value]) => typeof value === 'string');
  return { sqlState: code, ...(Object.fromEntries(names) as Omit<DatabaseError, 'sqlState'>) };
}

/**
 * For a statement's `.catch()`: the answers to the violations named, e.g.
 * `.catch(onViolation({ unique: () => AppError.conflict('…') }))`. An answer returns undefined for a
 * constraint it does not answer for; that error, and every other one, is thrown on as it is.
 */
export function onViolation(answers: Partial<Record<Violation, (error: DatabaseError) => Error | undefined>>): (error: unknown) => never {
  return (error) => {
    const refusal = databaseErrorOf(error);
    const violation = refusal && (Object.keys(answers) as Violation[]).find((name) => VIOLATIONS[name] === refusal.sqlState);
    throw (violation && answers[violation]?.(refusal)) || error;
  };
}
