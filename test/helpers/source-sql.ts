// What the source tree says about SQL, read with the TypeScript compiler and no database: which module
// owns which tables and functions (its migrations create them), which of them a file names, and where
// a file builds SQL or opens a transaction. test/app/sql-ownership.test.ts and
// test/app/code-placement.test.ts judge the answers.
import { existsSync, globSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const root = path.resolve(import.meta.dirname, '../..');

/** The modules: the folders of src/modules with an index.ts (a tool kept beside them is not one). */
export function moduleNames(): string[] {
  const dir = path.join(root, 'src/modules');
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

/** A module's source files (tests left out), relative to the repository root, with / as separator. */
export function sourceFiles(module: string): string[] {
  return globSync(`src/modules/${module}/**/*.ts`, { cwd: root })
    .map((file) => file.split(path.sep).join('/'))
    .filter((file) => !file.endsWith('.test.ts'))
    .sort();
}

export const isMigration = (file: string) => file.split('/').includes('migrations');

export const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

/** Kysely's builder methods that take a table name first. */
const TABLE_METHODS = new Set([
  'selectFrom',
  'insertInto',
  'replaceInto',
  'updateTable',
  'deleteFrom',
  'mergeInto',
  'innerJoin',
  'leftJoin',
  'rightJoin',
  'fullJoin',
  'crossJoin',
]);
/** The kernel's helpers that take a table name (second argument) and write the SQL themselves. */
const TABLE_HELPERS = new Set(['updateWithVersion']);
/** Calls that send SQL of their own: a pg client's or the kernel's one-off connections. */
const RAW_QUERIES = new Set(['query', 'queryOnce']);
/** Calls that open a transaction or a connection. */
const TRANSACTIONS = new Set(['transaction', 'withClient', 'queryOnce']);

export interface Spot {
  line: number;
  /** What was found there: SQL text, a table name, or the call. */
  text: string;
}

export interface SqlSource {
  /** SQL text: tagged templates (sql`…`), sql.raw(…) and, in migrations, every string. */
  texts: Spot[];
  /** Tables named to the query builder or a kernel helper (selectFrom('case_file as c')). */
  tables: Spot[];
  /** Every place that builds or sends SQL: the above, sql.<helper>(…), .query(…). */
  builds: Spot[];
  /** Every call that opens a transaction or a connection. */
  transactions: Spot[];
}

const literalText = (node: ts.Node): string | null => {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  // Interpolations become a placeholder: what they hold is visited on its own.
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' $ ');
  return null;
};

const calleeName = (call: ts.CallExpression): string | null => {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return null;
};

const isSql = (node: ts.Expression) => ts.isIdentifier(node) && node.text === 'sql';
/** sql.raw(…), sql.ref(…), sql.join(…): a call on Kysely's `sql`. */
const sqlHelper = (call: ts.CallExpression) =>
  ts.isPropertyAccessExpression(call.expression) && isSql(call.expression.expression) ? call.expression.name.text : null;

/** The SQL in a file's text. Migrations build theirs from plain strings too, so there every string counts. */
export function sqlSourceOf(file: string, text: string): SqlSource {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const migration = isMigration(file);
  const found: SqlSource = { texts: [], tables: [], builds: [], transactions: [] };
  const line = (node: ts.Node) => source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  const spot = (node: ts.Node, what: string): Spot => ({ line: line(node), text: what });
  const visit = (node: ts.Node): void => {
    if (ts.isTaggedTemplateExpression(node) && isSql(node.tag)) {
      found.texts.push(spot(node, literalText(node.template) ?? ''));
      found.builds.push(spot(node, 'sql`…`'));
    } else if (ts.isCallExpression(node)) {
      const name = calleeName(node);
      const helper = sqlHelper(node);
      const [first, second] = node.arguments;
      if (helper) found.builds.push(spot(node, `sql.${helper}(…)`));
      if (helper === 'raw' && first && literalText(first) !== null) found.texts.push(spot(node, literalText(first)!));
      const tableArgument = name && TABLE_METHODS.has(name) ? first : name && TABLE_HELPERS.has(name) ? second : undefined;
      if (tableArgument) {
        found.builds.push(spot(node, `${name}(…)`));
        const table = literalText(tableArgument);
        if (table)
          found.tables.push(
            spot(
              node,
              table
                .trim()
                .split(/\s+/)[0]!
                .replace(/^public\./, ''),
            ),
          );
      }
      if (name && RAW_QUERIES.has(name) && !helper) found.builds.push(spot(node, `${name}(…)`));
      if (name && TRANSACTIONS.has(name)) found.transactions.push(spot(node, `${name}(…)`));
    } else if (migration && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node))) {
      found.texts.push(spot(node, literalText(node)!));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

export const sqlSource = (file: string) => sqlSourceOf(file, read(file));

/** SQL without comments and string constants: names inside '…' are values, not references. */
const bare = (sqlText: string) => sqlText.replace(/--[^\n]*/g, ' ').replace(/'(?:[^']|'')*'/g, "''");

/** Tables a piece of SQL reads, writes or puts policies, grants, indexes and triggers on (a foreign key is not a use). */
const TABLE_REFERENCE =
  /\b(?:from|join|update|into|table|on|truncate|using)\s+(?:only\s+)?(?:public\.)?([a-z_][a-z0-9_]*)|\bpublic\.([a-z_][a-z0-9_]*)/gi;
const FUNCTION_CALL = /\b(?:public\.)?([a-z_][a-z0-9_]*)\s*\(/gi;

export interface NameUse {
  line: number;
  name: string;
  /** Written as a call (`name(…)`): counts only for functions. */
  call: boolean;
}

/** Every table or function name a file's SQL uses (what it creates included): names, not yet judged. */
export function namesUsedIn({ texts, tables }: SqlSource): NameUse[] {
  const uses: NameUse[] = tables.map(({ line, text }) => ({ line, name: text.toLowerCase(), call: false }));
  for (const { line, text } of texts) {
    const plain = bare(text);
    for (const match of plain.matchAll(TABLE_REFERENCE)) uses.push({ line, name: (match[1] ?? match[2])!.toLowerCase(), call: false });
    for (const match of plain.matchAll(FUNCTION_CALL)) uses.push({ line, name: match[1]!.toLowerCase(), call: true });
  }
  return uses;
}

const CREATED = /\bcreate\s+(?:or\s+replace\s+)?(table(?:\s+if\s+not\s+exists)?|function)\s+(?:public\.)?([a-z_][a-z0-9_]*)/gi;

export interface Owner {
  /** The module, or `kernel`. */
  module: string;
  kind: 'table' | 'function';
}

/** Who owns each table and SQL function: the module (or the kernel) whose migrations create it. */
export function owners(): Map<string, Owner> {
  const owner = new Map<string, Owner>();
  const claim = (module: string, files: string[]) => {
    for (const file of files) {
      for (const { text } of sqlSource(file).texts) {
        for (const match of bare(text).matchAll(CREATED))
          owner.set(match[2]!.toLowerCase(), { module, kind: match[1]!.startsWith('table') ? 'table' : 'function' });
      }
    }
  };
  claim('kernel', ['src/kernel/db/migrator.ts', ...globSync('src/kernel/migrations/*.ts', { cwd: root })]);
  for (const module of moduleNames()) claim(module, sourceFiles(module).filter(isMigration));
  return owner;
}
