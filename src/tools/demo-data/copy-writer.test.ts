// COPY text format against the real database: 200,000 rows full of tabs, newlines, backslashes,
// quotes, unicode, arrays, JSON and bytes go in through copyRows and come back identical; a failure
// leaves nothing behind and the connection usable; and the writer waits while the server does not read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withClient } from '../../kernel/db/client.ts';
import { build } from '../../../test/helpers/build.ts';
import { adminQuery } from '../../../test/helpers/database.ts';
import { copyRows, copyStatement, createRowEncoder, encodeCopyValue, escapeCopyText, type CopyColumn } from './copy-writer.ts';
import { createDemoContext } from './context.ts';
import { generatePerson } from './dutch.ts';
import { createRng } from './random.ts';

test('fields are escaped as COPY text expects', () => {
  assert.equal(escapeCopyText('plain Zoë 🧪'), 'plain Zoë 🧪');
  assert.equal(escapeCopyText('a\tb\nc\rd\\e'), 'a\\tb\\nc\\rd\\\\e');
  assert.equal(escapeCopyText('\\N'), '\\\\N');
  assert.throws(() => escapeCopyText('nul\u0000byte'), /NUL/);
  assert.equal(encodeCopyValue(null), '\\N');
  assert.equal(encodeCopyValue(undefined), '\\N');
  assert.equal(encodeCopyValue(''), '');
  assert.equal(encodeCopyValue(42), '42');
  assert.equal(encodeCopyValue(12345678901234567890n), '12345678901234567890');
  assert.equal(encodeCopyValue(Number.NaN, 'numeric'), 'NaN');
  assert.equal(encodeCopyValue(true), 't');
  assert.equal(encodeCopyValue(new Date('2026-01-02T03:04:05.678Z')), '2026-01-02T03:04:05.678Z');
  assert.equal(encodeCopyValue(new Date('2026-01-02T03:04:05Z'), 'date'), '2026-01-02');
  assert.equal(encodeCopyValue(Buffer.from([0, 0x5c, 0xff])), '\\\\x005cff');
  assert.equal(encodeCopyValue(['a', 'b"c', 'd\\e', null, 'NULL', 'x,y', '']), '{"a","b\\\\"c","d\\\\\\\\e",NULL,"NULL","x,y",""}');
  assert.equal(
    encodeCopyValue([
      [1, 2],
      [3, null],
    ]),
    '{{1,2},{3,NULL}}',
  );
  assert.equal(encodeCopyValue({ text: 'line\nbreak' }), '{"text":"line\\\\nbreak"}');
  assert.equal(encodeCopyValue(['a', 'b'], 'json'), '["a","b"]');
  assert.equal(encodeCopyValue('a string', 'json'), '"a string"');
  assert.throws(() => encodeCopyValue('abc', 'integer'));
  assert.throws(() => encodeCopyValue('abc', 'bytea'));
  assert.throws(() => encodeCopyValue(Symbol('x')));
  const encode = createRowEncoder([{ name: 'a' }, { name: 'b', type: 'json' }]);
  assert.equal(encode(['x\ty', null]), 'x\\ty\t\\N\n');
  assert.throws(() => encode(['only one']), /1 values for 2 columns/);
  assert.equal(
    copyStatement({ table: 'we"ird', schema: 'public', columns: ['a', { name: 'B' }] }),
    'copy "public"."we""ird" ("a", "B") from stdin with (format text)',
  );
});

const NASTY = [
  'tab\there',
  'line\nbreak',
  'carriage\rreturn',
  'windows\r\nline',
  'back\\slash',
  '\\N',
  '\\.',
  '\\.\n',
  'end with backslash\\',
  '\\x41',
  "single ' quote",
  'double " quote',
  '{braces,and,commas}',
  'NULL',
  '',
  ' ',
  '  padded  ',
  'emoji 🧪🇳🇱',
  'Zoë Loïs Çelik Özdemir Wiśniewska',
  '日本語テキスト',
  'עברית',
  '\u200b zero width',
  'mixed\t\n\r\\ all',
  '\u2028 line separator',
  'x'.repeat(2000),
];

const COLUMNS: CopyColumn[] = [
  { name: 'id', type: 'integer' },
  { name: 'name' },
  { name: 'note' },
  { name: 'tags', type: 'array' },
  { name: 'data', type: 'json' },
  { name: 'raw', type: 'bytea' },
  { name: 'flag', type: 'boolean' },
  { name: 'born', type: 'date' },
  { name: 'at', type: 'timestamptz' },
  { name: 'amount', type: 'numeric' },
];

const people = createDemoContext({ seed: 'copy-test', now: new Date('2026-06-01T00:00:00Z') });

/** Row `i`, the same every time it is asked for: what goes in is what must come out. */
function rowFor(i: number): unknown[] {
  const rng = createRng(`row-${i}`);
  const person = generatePerson(people, i);
  const nasty = NASTY[i % NASTY.length]!;
  const other = NASTY[(i * 7 + 3) % NASTY.length]!;
  const raw = Buffer.alloc(rng.int(0, 24));
  for (let k = 0; k < raw.length; k++) raw[k] = rng.int(0, 255);
  if (i % 5 === 0) raw.set([0x00, 0x5c, 0x09, 0x0a, 0x0d].slice(0, raw.length));
  return [
    i,
    `${person.name.voornamen} ${person.name.voorvoegsel ?? ''} ${person.name.achternaam}`,
    i % 11 === 0 ? null : `${nasty}|${other}`,
    i % 13 === 0 ? null : i % 17 === 0 ? [] : [nasty, null, other, person.name.achternaam],
    i % 19 === 0 ? null : { nasty, list: [other, 1, true, null], nested: { name: person.name, bsn: person.bsn } },
    i % 23 === 0 ? null : raw,
    i % 29 === 0 ? null : rng.bool(),
    person.dateOfBirth,
    new Date(Date.UTC(2020, 0, 1) + i * 1000),
    i % 31 === 0 ? null : `${rng.int(-99999, 99999)}.${String(rng.int(0, 99)).padStart(2, '0')}`,
  ];
}

function* rows(from: number, to: number): Generator<unknown[]> {
  for (let i = from; i < to; i++) yield rowFor(i);
}

const TABLE = `create table demo_copy (
  id integer primary key, name text, note text, tags text[], data jsonb, raw bytea, flag boolean, born date, at timestamptz, amount numeric
)`;

interface Stored {
  id: number;
  name: string;
  note: string | null;
  tags: (string | null)[] | null;
  data: unknown;
  raw: Buffer | null;
  flag: boolean | null;
  born: string;
  at_ms: string;
  amount: string | null;
}

test('200,000 rows with nasty strings, arrays, JSON and bytes go in by COPY and come back identical', async (t) => {
  const system = await build(t);
  const url = system.target.ownerUrl;
  await adminQuery(url, TABLE);
  const TOTAL = 200_000;
  const reported: number[] = [];
  const stored = await withClient(url, (client) =>
    copyRows(client, rows(0, TOTAL), { table: 'demo_copy', columns: COLUMNS, onProgress: (n) => reported.push(n) }),
  );
  assert.equal(stored, TOTAL);
  assert.ok(reported.length > 10, 'progress is reported per chunk');
  assert.ok(reported.every((n, k) => k === 0 || n >= reported[k - 1]!));
  assert.equal(reported.at(-1), TOTAL);

  await withClient(url, async (client) => {
    for (let from = 0; from < TOTAL; from += 25_000) {
      const result = await client.query<Stored>(
        `select id, name, note, tags, data, raw, flag, born::text as born, (extract(epoch from at) * 1000)::bigint::text as at_ms, amount::text as amount
           from demo_copy where id >= $1 and id < $2 order by id`,
        [from, from + 25_000],
      );
      assert.equal(result.rows.length, 25_000);
      for (const row of result.rows) {
        const [id, name, note, tags, data, raw, flag, born, at, amount] = rowFor(row.id);
        const actual = [row.id, row.name, row.note, row.tags, row.data, row.raw, row.flag, row.born, Number(row.at_ms), row.amount];
        const expected = [
          id,
          name,
          note,
          tags,
          data === null ? null : JSON.parse(JSON.stringify(data)),
          raw,
          flag,
          born,
          (at as Date).getTime(),
          amount,
        ];
        assert.deepEqual(actual, expected, `row ${row.id}`);
      }
    }
  });
});

test('a failing COPY stores nothing and leaves the connection usable', async (t) => {
  const system = await build(t);
  const url = system.target.ownerUrl;
  await adminQuery(url, TABLE.replace('demo_copy', 'demo_copy_fail'));
  await withClient(url, async (client) => {
    // The server refuses a row (a duplicate key) half-way through a large load.
    const duplicate = (function* () {
      yield* rows(0, 30_000);
      yield rowFor(7);
      yield* rows(30_000, 40_000);
    })();
    await assert.rejects(copyRows(client, duplicate, { table: 'demo_copy_fail', columns: COLUMNS }), /duplicate key/);
    // The row source itself fails: the writer aborts the COPY (CopyFail).
    const broken = (function* () {
      yield* rows(0, 20_000);
      throw new Error('source broke');
    })();
    await assert.rejects(copyRows(client, broken, { table: 'demo_copy_fail', columns: COLUMNS }), /source broke/);
    // A value that cannot be encoded fails the same way, before anything reaches the table.
    const bad = (function* () {
      yield* rows(0, 1000);
      yield [1001, 'nul\u0000', null, null, null, null, null, null, null, null];
    })();
    await assert.rejects(copyRows(client, bad, { table: 'demo_copy_fail', columns: COLUMNS }), /NUL/);
    const count = await client.query<{ n: string }>('select count(*) as n from demo_copy_fail');
    assert.equal(count.rows[0]!.n, '0');
    assert.equal(await copyRows(client, rows(0, 10), { table: 'demo_copy_fail', columns: COLUMNS }), 10);
  });
});

test('the writer waits while the server does not take data (backpressure), then finishes', async (t) => {
  const system = await build(t);
  const url = system.target.ownerUrl;
  await adminQuery(url, 'create table demo_copy_slow (id integer, note text)');
  await withClient(url, async (locker) => {
    await locker.query('begin');
    await locker.query('lock table demo_copy_slow in access exclusive mode');
    let produced = 0;
    const source = (function* () {
      for (let i = 0; i < 500_000; i++) {
        produced++;
        yield [i, `row ${i} ${'x'.repeat(100)}`];
      }
    })();
    const copying = withClient(url, (client) => copyRows(client, source, { table: 'demo_copy_slow', columns: ['id', 'note'] }));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // Blocked on the lock: only a few chunks were encoded, not the 500,000 rows (~58 MB).
    assert.ok(produced < 20_000, `rows encoded while blocked: ${produced}`);
    await locker.query('rollback');
    assert.equal(await copying, 500_000);
  });
});

test('copyRows works on a pooled connection of the application role', async (t) => {
  const system = await build(t);
  await adminQuery(system.target.ownerUrl, TABLE.replace('demo_copy', 'demo_copy_app'));
  const role = system.target.setRole ?? system.settings.database.appRole;
  await adminQuery(system.target.ownerUrl, `grant select, insert on demo_copy_app to ${role}`);
  const client = await system.db.pool.connect();
  try {
    assert.equal(await copyRows(client, rows(0, 5000), { table: 'demo_copy_app', columns: COLUMNS }), 5000);
    const who = await client.query<{ role: string }>('select current_user as role');
    assert.equal(who.rows[0]!.role, role);
  } finally {
    client.release();
  }
});
