// The expected table's shape, and writing it (PERMISSION_MATRIX_UPDATE=1).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CALLERS, SCOPES, type CallerName } from '../../helpers/world.ts';

/** A status code, or '-' where the route has nothing to act on in that scope. */
export type Cell = number | '-';
/** [own unit, other unit, parent unit, shielded case in the own unit] */
export type Cells = [Cell, Cell, Cell, Cell];
export type Row = Record<CallerName, Cells>;
export type Expected = Record<string, Row>;

const HEADER = `// The permission matrix (test/app/permission-matrix.test.ts): for every route of the inventory as
// served (a variant in brackets), every caller and every scope, the status the route answers.
//   callers: anonymous, and one user per seeded role, each granted in team a (the chain partner: a
//            service account calling with its API token);
//   cells:   [${SCOPES.join(', ')}] = a resource in team a, in team b, in region r1 (team a's
//            parent), and of the shielded case in team a that none of the callers works on.
// '-': the route has nothing to act on in that scope; a route that acts on no unit or case is called
// once, its answer in all four cells (routes.ts says why, for each). Generated with
// PERMISSION_MATRIX_UPDATE=1; every cell is reviewed: a 2xx is what the policy allows the role there,
// a refusal is 401 (not signed in), 403 (not allowed) or 404 (not visible: existence does not leak).
import type { Expected } from './table.ts';

// Aligned for review, one column per scope, as formatTable writes it: the formatter leaves it so.
// prettier-ignore
export const expected: Expected = {
`;

const cell = (c: Cell) => (c === '-' ? `'${c}'` : String(c)).padStart(3);

export function formatTable(rows: [string, Row][]): string {
  const width = Math.max(...CALLERS.map((c) => (/^[a-z]+$/.test(c) ? c.length : c.length + 2))) + 1;
  const body = rows.map(([key, row]) => {
    const lines = CALLERS.map((caller) => {
      const name = /^[a-z]+$/.test(caller) ? caller : `'${caller}'`;
      return `    ${`${name}:`.padEnd(width + 1)} [${row[caller].map(cell).join(', ')}],`;
    });
    return `  '${key}': {\n${lines.join('\n')}\n  },`;
  });
  return `${HEADER}${body.join('\n')}\n};\n`;
}

export async function writeTable(rows: [string, Row][]): Promise<void> {
  await writeFile(path.join(import.meta.dirname, 'expected.ts'), formatTable(rows));
}
