// A module's SQL names only its own tables and functions and the kernel's, except where ADR 0020 lists
// and argues the exception (docs/adr/0020-sql-table-ownership.md); an exception no longer used fails
// too, so the ADR stays true. Ownership is read from the migrations (create table, create function).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isMigration,
  moduleNames,
  namesUsedIn,
  owners,
  read,
  sourceFiles,
  sqlSource,
  sqlSourceOf,
  type Owner,
} from '../helpers/source-sql.ts';

const ADR = 'docs/adr/0020-sql-table-ownership.md';

interface Exception {
  modules: string[] | '*';
  names: string[];
  in: 'code' | 'migrations';
}

/** The rows of the ADR's exceptions table: | `module`, … or `*` | `name`, … | code or migrations | why |. */
function exceptions(): Exception[] {
  const section = read(ADR).split('## Exceptions')[1]?.split('\n## ')[0] ?? '';
  const ticked = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
  return section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .map((line) => {
      const [modules, names, where] = line
        .split('|')
        .slice(1, 4)
        .map((cell) => cell.trim());
      assert.ok(where === 'code' || where === 'migrations', `${ADR}: "${line}" says neither code nor migrations`);
      const listed = ticked(modules!);
      return { modules: listed.includes('*') ? '*' : listed, names: ticked(names!), in: where };
    });
}

interface Crossing {
  module: string;
  name: string;
  owner: string;
  in: 'code' | 'migrations';
  at: string;
}

/** Every name of another module's table or function in the module's SQL. */
function crossings(module: string, files: { file: string; text: string }[], owned: Map<string, Owner>): Crossing[] {
  return files.flatMap(({ file, text }) =>
    namesUsedIn(sqlSourceOf(file, text)).flatMap((use) => {
      const owner = owned.get(use.name);
      if (!owner || owner.module === module || owner.module === 'kernel' || (use.call && owner.kind !== 'function')) return [];
      return [
        {
          module,
          name: use.name,
          owner: owner.module,
          in: isMigration(file) ? ('migrations' as const) : ('code' as const),
          at: `${file}:${use.line}`,
        },
      ];
    }),
  );
}

const owned = owners();
const listed = exceptions();
const allowed = (c: Crossing) =>
  listed.some((e) => e.in === c.in && e.names.includes(c.name) && (e.modules === '*' || e.modules.includes(c.module)));
const all = moduleNames().flatMap((module) =>
  crossings(
    module,
    sourceFiles(module).map((file) => ({ file, text: read(file) })),
    owned,
  ),
);

test('ownership is read from the migrations', () => {
  const of = (name: string) => owned.get(name)?.module;
  assert.deepEqual(
    [of('case_file'), of('case_participant'), of('person'), of('contact_moment'), of('task'), of('referral'), of('audit_event')],
    ['cases', 'cases', 'persons', 'contacts', 'tasks', 'referrals', 'kernel'],
  );
  assert.equal(owned.get('case_actor_may_update')?.kind, 'function');
});

test('another module’s table named in a module’s code is found, in builder calls and in SQL text', () => {
  const text = `export const a = (tx) => tx.db.selectFrom('case_participant as p').select('id');
    export const b = (tx) => sql\`select 1 from public.case_file c join referral r on r.id = c.id where person_search_text('x') = ''\`;`;
  const found = crossings('contacts', [{ file: 'src/modules/contacts/contacts.service.ts', text }], owned).map((c) => `${c.name}@${c.in}`);
  assert.deepEqual(found.sort(), ['case_file@code', 'case_participant@code', 'person_search_text@code', 'referral@code']);
  assert.deepEqual(
    crossings('contacts', [{ file: 'src/modules/contacts/x.ts', text: `sql\`select 'case_file', person_id from contact_moment\`` }], owned),
    [],
    'values and own tables are not crossings',
  );
});

for (const module of moduleNames()) {
  test(`${module}: names other modules’ tables and functions only as ${ADR} allows`, () => {
    const refused = all.filter((c) => c.module === module && !allowed(c)).map((c) => `${c.at} names ${c.owner}'s ${c.name} (${c.in})`);
    assert.deepEqual(refused, []);
  });
}

test(`every exception ${ADR} lists is still used`, () => {
  assert.ok(listed.length > 0, 'the ADR lists its exceptions');
  const unused = listed.flatMap((e) =>
    e.names.flatMap((name) =>
      (e.modules === '*' ? [undefined] : e.modules).flatMap((module) =>
        all.some((c) => c.name === name && c.in === e.in && (module === undefined || c.module === module))
          ? []
          : [`${module ?? '*'} ${name} (${e.in})`],
      ),
    ),
  );
  assert.deepEqual(unused, []);
});

test('the SQL is read: a module’s own queries are seen', () => {
  const uses = namesUsedIn(sqlSource('src/modules/contacts/contacts.repository.ts')).map((u) => u.name);
  assert.ok(uses.includes('contact_moment'), uses.join(', '));
});
