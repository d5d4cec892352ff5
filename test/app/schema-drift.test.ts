// The TypeScript and the migrated database describe the same schema. Migrations write their values
// out (they are history), so nothing else keeps the two in step: a table interface of the Kysely map
// against the table's columns (names, and nullability where the select type tells), and a column
// typed as string literals (CONTACT_CHANNELS and friends) against the column's CHECK list. Tables and
// constants are found, not listed: a new *.tables.ts, interface or `as const` list is covered as is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { adminQuery, testDatabase } from '../helpers/database.ts';
import {
  declaredSchema,
  parseValueList,
  schemaDrift,
  type DatabaseTable,
  type DeclaredSchema,
  type DriftException,
} from '../helpers/schema-drift.ts';

/** Differences on purpose, or known and owned elsewhere; an entry that stops differing fails the test. */
const EXCEPTIONS: DriftException[] = [
  {
    key: 'undeclared:person.bsn_shared',
    reason: 'kept by a trigger and out of the application role’s reach (persons migrations/0006): typed queries must not name it',
  },
];

const root = path.resolve(import.meta.dirname, '../..');
const declared = declaredSchema(root);

async function databaseSchema(ownerUrl: string): Promise<DatabaseTable[]> {
  const columns = await adminQuery<{ table: string; column: string; nullable: boolean }>(
    ownerUrl,
    `
    select c.relname as table, a.attname as column, not a.attnotnull as nullable
      from pg_attribute a join pg_class c on c.oid = a.attrelid
     where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p') and a.attnum > 0 and not a.attisdropped`,
  );
  const checks = await adminQuery<{ table: string; definition: string }>(
    ownerUrl,
    `
    select c.relname as table, pg_get_constraintdef(k.oid) as definition
      from pg_constraint k join pg_class c on c.oid = k.conrelid
     where k.contype = 'c' and cardinality(k.conkey) = 1 and c.relnamespace = 'public'::regnamespace`,
  );
  const tables = new Map<string, DatabaseTable>();
  for (const row of columns.rows) {
    const table = tables.get(row.table) ?? { table: row.table, columns: [] };
    table.columns.push({ name: row.column, nullable: row.nullable, values: null });
    tables.set(row.table, table);
  }
  for (const row of checks.rows) {
    const list = parseValueList(row.definition);
    const column = list && tables.get(row.table)?.columns.find((c) => c.name === list.column);
    if (column) column.values = list.values;
  }
  return [...tables.values()];
}

/** The database the declarations describe, exactly: the control for the comparison below. */
function matching(schema: DeclaredSchema): DatabaseTable[] {
  return schema.tables.map((t) => ({
    table: t.table,
    columns: t.columns.map((c) => ({ name: c.name, nullable: c.nullable ?? true, values: c.values })),
  }));
}

function drifted(
  database: DatabaseTable[],
  table: string,
  column: string,
  change: (c: DatabaseTable['columns'][number]) => void,
): DatabaseTable[] {
  const copy = structuredClone(database);
  change(copy.find((t) => t.table === table)!.columns.find((c) => c.name === column)!);
  return copy;
}

test('the migrated database has the tables, columns, nullability and value lists the TypeScript declares', async () => {
  const { ownerUrl } = await testDatabase();
  const drifts = schemaDrift(declared, await databaseSchema(ownerUrl), EXCEPTIONS);
  assert.deepEqual(
    drifts.map((d) => `${d.key}: ${d.detail}`),
    [],
  );
});

test('the declarations are read as written: every table file, select types, literal unions and constants', () => {
  const moment = declared.tables.find((t) => t.table === 'contact_moment')!;
  const column = (table: string, name: string) => declared.tables.find((t) => t.table === table)!.columns.find((c) => c.name === name)!;
  assert.equal(moment.interfaceName, 'ContactMomentTable');
  assert.deepEqual(column('contact_moment', 'channel'), {
    name: 'channel',
    nullable: false,
    values: ['chat', 'email', 'letter', 'phone', 'video', 'visit'],
  });
  assert.equal(column('contact_moment', 'person_id').nullable, true);
  assert.equal(column('contact_moment', 'created_at').nullable, false, 'Generated<Date> selects a Date');
  assert.equal(column('case_file', 'primary_client_id').nullable, true, 'Generated<string | null> selects null too');
  assert.equal(column('referral', 'consent_source').values?.length, 6, 'a nullable literal union keeps its literals');
  assert.deepEqual(
    column('case_file', 'tracks').values,
    ['criminal-proceedings', 'damage-recovery', 'emotional', 'legal', 'practical'],
    'an array of literals: its elements',
  );
  assert.equal(column('audit_event', 'details').nullable, null, 'unknown says nothing about null');
  assert.ok(
    declared.tables.some((t) => t.table === 'audit_event'),
    'the kernel map itself',
  );
  assert.ok(declared.constants.some((c) => c.name === 'CONTACT_CHANNELS' && c.file === 'src/modules/contacts/contacts.tables.ts'));
  assert.deepEqual(declared.unmapped, []);
});

test('CHECK definitions: value lists are read, other checks are not', () => {
  assert.deepEqual(parseValueList("CHECK ((channel = ANY (ARRAY['phone'::text, 'video'::text])))"), {
    column: 'channel',
    values: ['phone', 'video'],
  });
  assert.deepEqual(parseValueList("CHECK ((tracks <@ ARRAY['legal'::text, 'emotional'::text]))"), {
    column: 'tracks',
    values: ['emotional', 'legal'],
  });
  assert.deepEqual(parseValueList("CHECK ((kind = 'only'::text))"), { column: 'kind', values: ['only'] });
  assert.deepEqual(parseValueList("CHECK ((note = ANY (ARRAY['it''s'::text, 'a, b'::text])))"), {
    column: 'note',
    values: ['a, b', "it's"],
  });
  assert.equal(parseValueList("CHECK ((key ~ '^[a-z][a-z0-9-]{1,62}$'::text))"), null);
  assert.equal(parseValueList("CHECK ((occurred_at > '2000-01-01 00:00:00+00'::timestamp with time zone))"), null);
  assert.equal(parseValueList("CHECK ((kind = ANY (ARRAY[lower(name), 'x'::text])))"), null);
});

test('a deliberate drift fails: each kind of difference is reported, and a stale exception too', () => {
  const control = matching(declared);
  assert.deepEqual(schemaDrift(declared, control, []), [], 'no drift against the database the declarations describe');

  const keys = (database: DatabaseTable[], exceptions: DriftException[] = []) =>
    schemaDrift(declared, database, exceptions).map((d) => d.key);
  assert.deepEqual(keys(drifted(control, 'contact_moment', 'channel', (c) => (c.values = ['email', 'phone']))), [
    'values:contact_moment.channel',
  ]);
  assert.deepEqual(keys(drifted(control, 'contact_moment', 'channel', (c) => (c.values = null))), [
    'unchecked:contact_moment.channel',
    'constant:CONTACT_CHANNELS',
  ]);
  assert.deepEqual(keys(drifted(control, 'contact_moment', 'created_by', (c) => (c.values = ['a', 'b']))), [
    'untyped:contact_moment.created_by',
  ]);
  assert.deepEqual(keys(drifted(control, 'contact_moment', 'person_id', (c) => (c.nullable = false))), [
    'nullable:contact_moment.person_id',
  ]);
  assert.deepEqual(keys(drifted(control, 'contact_moment', 'summary_encrypted', (c) => (c.name = 'summary'))), [
    'column:contact_moment.summary_encrypted',
    'undeclared:contact_moment.summary',
  ]);
  assert.deepEqual(keys(control.filter((t) => t.table !== 'task')), ['table:task']);
  assert.deepEqual(
    keys(
      drifted(control, 'contact_moment', 'person_id', (c) => (c.nullable = false)),
      [{ key: 'nullable:contact_moment.person_id', reason: 'test' }],
    ),
    [],
  );
  assert.deepEqual(
    keys(control, [{ key: 'nullable:contact_moment.person_id', reason: 'test' }]),
    ['nullable:contact_moment.person_id'],
    'an exception that no longer differs',
  );
});
