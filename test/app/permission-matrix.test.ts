// The permission matrix (issue 9, acceptance): the whole route inventory as served, for every caller
// (anonymous, and a user per seeded role granted in team a) × scope (a resource in the own unit, in
// another unit, in the parent unit, and of a shielded case in the own unit), answered as the table in
// permission-matrix/expected.ts says. A route served without an entry in the catalogue
// (permission-matrix/routes.ts: how to call it in each scope) and a row in the table fails, so a new
// route cannot go without one. PERMISSION_MATRIX_UPDATE=1 writes the table from the answers, for review.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildWorld, CALLERS, SCOPES, type CallerName, type Scope, type World } from '../helpers/world.ts';
import { probeContext, rowKey, type Entry } from './permission-matrix/catalogue.ts';
import { catalogue } from './permission-matrix/routes.ts';
import { expected } from './permission-matrix/expected.ts';
import { writeTable, type Cell, type Cells, type Row } from './permission-matrix/table.ts';

const UPDATE = process.env.PERMISSION_MATRIX_UPDATE === '1';
let world: World;
const answered = new Map<string, Row>();

/** Every route as served: method and URL, without the automatic HEAD routes. */
function inventory(): string[] {
  return world.system.app.routeAccess.flatMap((r) =>
    r.method
      .split(',')
      .filter((m) => m !== 'HEAD')
      .map((m) => `${m} ${r.url}`),
  );
}

/** Calls the entry as every caller in every scope; a success uses up the entry's fresh resources of that scope. */
async function walk(entry: Entry, problems: string[]): Promise<Row> {
  const method = entry.route.split(' ')[0]!;
  const made = new Map<string, unknown>();
  const call = async (callerName: CallerName, scope: Scope): Promise<Cell> => {
    const caller = world.callers[callerName];
    const used: string[] = [];
    const ctx = probeContext(world, callerName, scope, made, used);
    const probe = await entry.probe(ctx);
    const response = await caller.request(method, probe.url, {
      ...(probe.body !== undefined ? { body: probe.body } : {}),
      ...(probe.raw ? { raw: probe.raw } : {}),
      ...(probe.headers ? { headers: probe.headers } : {}),
    });
    if (response.statusCode < 300) for (const key of used) made.delete(key);
    const want = expected[rowKey(entry)]?.[callerName]?.[SCOPES.indexOf(scope)];
    if (response.statusCode >= 500 || (!UPDATE && want !== undefined && want !== response.statusCode)) {
      problems.push(
        `${rowKey(entry)} as ${callerName}, ${scope}: ${want ?? '?'} expected, ${response.statusCode} ${response.body.slice(0, 300)}`,
      );
    }
    return response.statusCode;
  };
  const row = {} as Row;
  for (const callerName of CALLERS) {
    if (entry.unscoped) {
      const status = await call(callerName, 'own');
      row[callerName] = [status, status, status, status];
      continue;
    }
    const cells: Cell[] = [];
    for (const scope of SCOPES) cells.push(entry.without?.scopes.includes(scope) ? '-' : await call(callerName, scope));
    row[callerName] = cells as Cells;
  }
  return row;
}

// One test per first path segment, each within the runner's time limit per test.
const groups = new Map<string, Entry[]>();
for (const entry of catalogue) {
  const group = entry.route.split(' ')[1]!.replace('/api/v1', '').split('/')[1] || 'root';
  groups.set(group, [...(groups.get(group) ?? []), entry]);
}
describe('the permission matrix', () => {
  const cleanups: (() => unknown)[] = [];
  before(async () => {
    world = await buildWorld({ after: (fn) => cleanups.push(fn as () => unknown) });
  });

  for (const [group, entries] of groups) {
    test(`/${group}: every caller in every scope gets the answer of the table`, async () => {
      const problems: string[] = [];
      for (const entry of entries) {
        const row = await walk(entry, problems);
        answered.set(rowKey(entry), row);
        if (!UPDATE && !expected[rowKey(entry)]) problems.push(`${rowKey(entry)}: no row in permission-matrix/expected.ts`);
      }
      assert.deepEqual(problems, []);
    });
  }

  test('every route served has a catalogue entry and a row; every row is a route served', () => {
    const served = new Set(inventory());
    const catalogued = new Set(catalogue.map((e) => e.route));
    const rows = new Set(catalogue.map(rowKey));
    assert.ok(served.size > 100, `the inventory lists the modules' routes (${served.size})`);
    assert.deepEqual(
      [...served].filter((r) => !catalogued.has(r)),
      [],
      'served routes without a catalogue entry (permission-matrix/routes.ts) and a row (expected.ts)',
    );
    assert.deepEqual(
      [...catalogued].filter((r) => !served.has(r)),
      [],
      'catalogue entries for routes no longer served',
    );
    assert.equal(rows.size, catalogue.length, 'each catalogue entry makes its own row');
    if (!UPDATE) {
      assert.deepEqual(
        Object.keys(expected).filter((key) => !rows.has(key)),
        [],
        'rows of the table without a catalogue entry',
      );
      assert.deepEqual(
        [...rows].filter((key) => !expected[key]),
        [],
        'catalogue entries without a row in the table',
      );
    }
  });

  after(async () => {
    if (UPDATE && answered.size === catalogue.length) await writeTable(catalogue.map((e) => [rowKey(e), answered.get(rowKey(e))!]));
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
});
