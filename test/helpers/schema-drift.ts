// What the TypeScript says the schema is, what the database says it is, and where they differ (see
// test/app/schema-drift.test.ts). The TypeScript side is read with the compiler: every table of the
// Kysely map `Tables` (kernel/db/tables.ts and the modules' *.tables.ts merging into it) with its
// columns' select types, and every `as const` list of strings in *.tables.ts and *.permissions.ts.
import { globSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export interface DeclaredColumn {
  name: string;
  /** Whether the select type admits null; null when it cannot tell (unknown, any). */
  nullable: boolean | null;
  /** The string literals the select type allows (of its elements, for an array), or null when it is no literal union. */
  values: string[] | null;
}

export interface DeclaredTable {
  table: string;
  interfaceName: string;
  columns: DeclaredColumn[];
}

export interface DeclaredConstant {
  name: string;
  file: string;
  values: string[];
}

export interface DeclaredSchema {
  tables: DeclaredTable[];
  /** Interfaces named *Table in the table files that `Tables` does not map (so nothing checks them). */
  unmapped: string[];
  constants: DeclaredConstant[];
}

export interface DatabaseColumn {
  name: string;
  nullable: boolean;
  /** The values a single-column CHECK (col = ANY (ARRAY[...]), col <@ ARRAY[...]) allows, or null. */
  values: string[] | null;
}

export interface DatabaseTable {
  table: string;
  columns: DatabaseColumn[];
}

/** A deliberate difference, with the reason it is one; `key` is a drift's key (see schemaDrift). */
export interface DriftException {
  key: string;
  reason: string;
}

export interface Drift {
  /** kind:table[.column], e.g. "values:contact_moment.channel". */
  key: string;
  detail: string;
}

const TABLE_FILES = ['src/kernel/db/tables.ts', 'src/**/*.tables.ts'];
const CONSTANT_FILES = ['src/**/*.tables.ts', 'src/**/*.permissions.ts'];

function filesOf(root: string, patterns: string[]): string[] {
  return [...new Set(globSync(patterns, { cwd: root }))].sort().map((file) => path.join(root, file));
}

function isNull(type: ts.Type): boolean {
  return (type.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0;
}

function membersOf(type: ts.Type): ts.Type[] {
  return type.isUnion() ? type.types : [type];
}

function literalValues(checker: ts.TypeChecker, type: ts.Type): string[] | null {
  const members = membersOf(type).filter((member) => !isNull(member));
  if (members.length === 1 && checker.isArrayType(members[0]!)) {
    const [element] = checker.getTypeArguments(members[0] as ts.TypeReference);
    return element ? literalValues(checker, element) : null;
  }
  if (members.length === 0 || !members.every((member) => member.isStringLiteral())) return null;
  return members.map((member) => member.value).sort();
}

function declaredColumn(checker: ts.TypeChecker, symbol: ts.Symbol): DeclaredColumn {
  let type = checker.getTypeOfSymbol(symbol);
  // Generated<T> and ColumnType<S, I, U> carry what a select returns in __select__.
  const select = type.getProperty('__select__');
  if (select) type = checker.getTypeOfSymbol(select);
  const unknowable = (type.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) !== 0;
  return { name: symbol.name, nullable: unknowable ? null : membersOf(type).some(isNull), values: literalValues(checker, type) };
}

function constantsOf(file: string, source: ts.SourceFile, root: string): DeclaredConstant[] {
  const constants: DeclaredConstant[] = [];
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer;
      if (!init || !ts.isAsExpression(init) || !ts.isArrayLiteralExpression(init.expression)) continue;
      if (!ts.isTypeReferenceNode(init.type) || init.type.typeName.getText(source) !== 'const') continue;
      const elements = init.expression.elements;
      if (elements.length === 0 || !elements.every(ts.isStringLiteral)) continue;
      constants.push({
        name: declaration.name.getText(source),
        file: path.relative(root, file),
        values: elements.map((e) => (e as ts.StringLiteral).text).sort(),
      });
    }
  }
  return constants;
}

/** The schema as the TypeScript declares it, read from the files under `root`. */
export function declaredSchema(root: string): DeclaredSchema {
  const tableFiles = filesOf(root, TABLE_FILES);
  const config = ts.getParsedCommandLineOfConfigFile(
    path.join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.json could not be read');
  const program = ts.createProgram(tableFiles, config.options);
  const checker = program.getTypeChecker();

  const kernelTables = program.getSourceFile(tableFiles[0]!);
  const tablesDeclaration = kernelTables?.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Tables',
  );
  const tablesSymbol = tablesDeclaration && checker.getSymbolAtLocation(tablesDeclaration.name);
  if (!tablesSymbol) throw new Error('interface Tables not found in src/kernel/db/tables.ts');

  const tables = checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(tablesSymbol)).map((property): DeclaredTable => {
    const row = checker.getTypeOfSymbol(property);
    return {
      table: property.name,
      interfaceName: row.getSymbol()?.name ?? '?',
      columns: checker.getPropertiesOfType(row).map((column) => declaredColumn(checker, column)),
    };
  });
  const mapped = new Set(tables.map((t) => t.interfaceName));
  const unmapped = tableFiles.flatMap((file) =>
    program
      .getSourceFile(file)!
      .statements.filter(
        (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text.endsWith('Table') && !mapped.has(s.name.text),
      )
      .map((s) => `${s.name.text} (${path.relative(root, file)})`),
  );
  const constants = filesOf(root, CONSTANT_FILES).flatMap((file) => {
    const source = program.getSourceFile(file) ?? ts.createSourceFile(file, ts.sys.readFile(file) ?? '', ts.ScriptTarget.Latest, true);
    return constantsOf(file, source, root);
  });
  return { tables: tables.sort((a, b) => a.table.localeCompare(b.table)), unmapped, constants };
}

const QUOTED = /'((?:[^']|'')*)'::[a-z ]+/g;
const VALUE_LIST = /^CHECK \(\((?:"?(\w+)"? = ANY \(ARRAY\[(.*)\]\)|"?(\w+)"? <@ ARRAY\[(.*)\]|"?(\w+)"? = ('(?:[^']|'')*'::[a-z ]+))\)\)$/;

/** The column and values of a single-column value-list CHECK, from pg_get_constraintdef; null for any other CHECK. */
export function parseValueList(definition: string): { column: string; values: string[] } | null {
  const match = VALUE_LIST.exec(definition);
  if (!match) return null;
  const column = match[1] ?? match[3] ?? match[5]!;
  const list = match[2] ?? match[4] ?? match[6]!;
  const values = [...list.matchAll(QUOTED)].map((m) => m[1]!.replaceAll("''", "'"));
  // Anything but quoted literals (an expression, a cast of a column) is no plain list.
  if (list.replaceAll(QUOTED, '').replaceAll(/[,\s]/g, '') !== '') return null;
  return { column, values: values.sort() };
}

function same(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function show(values: string[]): string {
  return `[${values.join(', ')}]`;
}

/**
 * Every difference between the declared and the actual schema that is not a listed exception, plus
 * every listed exception that no longer happens (so the list cannot go stale). Kinds: table, column
 * (declared, not in the database), undeclared (in the database, not declared), nullable, values (the
 * literal union against the CHECK), unchecked (a literal union with no CHECK), untyped (a CHECK list on
 * a column typed without literals), constant (an `as const` list that is no checked column's values),
 * unmapped (a *Table interface outside the `Tables` map).
 */
export function schemaDrift(declared: DeclaredSchema, database: DatabaseTable[], exceptions: DriftException[]): Drift[] {
  const drifts: Drift[] = [];
  const actualTables = new Map(database.map((t) => [t.table, new Map(t.columns.map((c) => [c.name, c]))]));
  const checkedValueSets: string[][] = [];
  for (const table of declared.tables) {
    const actual = actualTables.get(table.table);
    if (!actual) {
      drifts.push({ key: `table:${table.table}`, detail: `${table.interfaceName} maps ${table.table}, which the database does not have` });
      continue;
    }
    for (const column of table.columns) {
      const at = `${table.table}.${column.name}`;
      const real = actual.get(column.name);
      if (!real) {
        drifts.push({ key: `column:${at}`, detail: `${table.interfaceName}.${column.name} is not a column of ${table.table}` });
        continue;
      }
      if (column.nullable !== null && column.nullable !== real.nullable) {
        drifts.push({
          key: `nullable:${at}`,
          detail: `${table.interfaceName}.${column.name} is ${column.nullable ? '' : 'not '}nullable, the column is ${real.nullable ? '' : 'not '}nullable`,
        });
      }
      if (column.values && real.values) {
        checkedValueSets.push(column.values);
        if (!same(column.values, real.values))
          drifts.push({
            key: `values:${at}`,
            detail: `${table.interfaceName}.${column.name} allows ${show(column.values)}, the CHECK ${show(real.values)}`,
          });
      } else if (column.values) {
        drifts.push({
          key: `unchecked:${at}`,
          detail: `${table.interfaceName}.${column.name} allows ${show(column.values)}, the column has no CHECK list`,
        });
      } else if (real.values) {
        drifts.push({
          key: `untyped:${at}`,
          detail: `the CHECK on ${at} allows ${show(real.values)}, ${table.interfaceName}.${column.name} is typed without them`,
        });
      }
    }
    const declaredNames = new Set(table.columns.map((c) => c.name));
    for (const name of actual.keys()) {
      if (!declaredNames.has(name))
        drifts.push({ key: `undeclared:${table.table}.${name}`, detail: `${table.table}.${name} is missing from ${table.interfaceName}` });
    }
  }
  for (const constant of declared.constants) {
    if (!checkedValueSets.some((values) => same(values, constant.values))) {
      drifts.push({
        key: `constant:${constant.name}`,
        detail: `${constant.name} (${constant.file}) ${show(constant.values)} is the type of no column with a CHECK list`,
      });
    }
  }
  for (const name of declared.unmapped) drifts.push({ key: `unmapped:${name.split(' ')[0]!}`, detail: `${name} is not in the Tables map` });

  const excepted = new Set(exceptions.map((e) => e.key));
  const happened = new Set(drifts.map((d) => d.key));
  return [
    ...drifts.filter((d) => !excepted.has(d.key)),
    ...exceptions
      .filter((e) => !happened.has(e.key))
      .map((e) => ({ key: e.key, detail: `listed as an exception (${e.reason}), but no longer differs: remove it from the list` })),
  ];
}
