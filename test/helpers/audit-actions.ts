// Every audit action the code base can write, read from the source with the TypeScript compiler and
// no database, for the test that each maps to a processing activity of the register
// (src/modules/privacy/register/audit-actions.test.ts). Built so that it cannot miss one silently:
//   - every object literal shaped as an audit event (an `action` beside an `objectType`, its own or
//     its contextual type's) is a place where an action is written; its action must resolve to string
//     values: a literal, a conditional of literals, a template over literal unions, a constant, a
//     parameter (followed to every call of its function), a property of an argument (followed the
//     same way), or a property of another audit-shaped value (an event passed on, or a row read back
//     from audit_event: collected where it was written); a member whose value is not text (a schema)
//     is not an action;
//   - every SQL text that inserts into audit_event must name exactly one action literal;
//   - a query builder insert into audit_event outside the kernel's writer is a place it cannot read.
// What it cannot resolve it reports, with the file and line, instead of leaving it out.
import { globSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

export const ACTION_PATTERN = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

export interface ActionSite {
  action: string;
  at: string;
}

export interface Discovery {
  actions: ActionSite[];
  /** Places that write an audit event whose action could not be read: the test fails on any. */
  unresolved: string[];
}

/** The kernel's writer: the one place allowed to insert through the query builder. */
const WRITER = 'src/kernel/audit/audit.ts';
const SQL_INSERT = /insert\s+into\s+(?:public\.)?audit_event\b/gi;

const unwrap = (node: ts.Expression): ts.Expression =>
  ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) || ts.isNonNullExpression(node)
    ? unwrap(node.expression)
    : node;

const propertyName = (name: ts.PropertyName): string | null =>
  ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name) ? name.text : null;

/** The files of the code base that run (tests, declarations and the web client left out). */
export function sourceFilesOf(root: string): string[] {
  return globSync('src/**/*.ts', { cwd: root })
    .filter((file) => !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .map((file) => path.join(root, file))
    .sort();
}

export function discoverAuditActions(root: string, files: readonly string[] = sourceFilesOf(root), host?: ts.CompilerHost): Discovery {
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: ['node'],
  };
  const program = ts.createProgram({ rootNames: [...files], options, ...(host ? { host } : {}) });
  const checker = program.getTypeChecker();
  const sources = program.getSourceFiles().filter((s) => files.includes(s.fileName) || files.includes(path.resolve(s.fileName)));
  const where = (node: ts.Node) => {
    const file = node.getSourceFile();
    const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
    return `${path.relative(root, file.fileName).split(path.sep).join('/')}:${line}`;
  };

  // Every call in the code base, by the name of what it calls: parameters are followed to them.
  const calls = new Map<string, (ts.CallExpression | ts.NewExpression)[]>();
  const calleeName = (call: ts.CallExpression | ts.NewExpression): string | null => {
    const callee = call.expression;
    if (ts.isIdentifier(callee)) return callee.text;
    if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
    return null;
  };
  for (const source of sources) {
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const name = calleeName(node);
        if (name) calls.set(name, [...(calls.get(name) ?? []), node]);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }

  /** The calls of a function, method or constructor, by the declaration their signature resolves to. */
  const callsOf = (fn: ts.SignatureDeclaration): (ts.CallExpression | ts.NewExpression)[] => {
    let name: string | null = null;
    if (ts.isConstructorDeclaration(fn)) name = fn.parent.name?.text ?? null;
    else if (fn.name && (ts.isIdentifier(fn.name) || ts.isPrivateIdentifier(fn.name))) name = fn.name.text;
    else if (ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)) name = fn.parent.name.text;
    if (!name) return [];
    return (calls.get(name) ?? []).filter((call) => checker.getResolvedSignature(call)?.declaration === fn);
  };

  /**
   * Whether a type is audit-shaped: an `action` beside an `objectType` (AuditEvent, SecurityEvent, a
   * refused attempt) or an `object_type` (a row read from audit_event: its action was written elsewhere).
   */
  const auditShaped = (type: ts.Type | undefined): boolean =>
    type !== undefined &&
    (type.isUnion() ? type.types : [type]).some(
      (t) =>
        t.getProperty('action') !== undefined && (t.getProperty('objectType') !== undefined || t.getProperty('object_type') !== undefined),
    );
  /** An action is text: a member typed otherwise (a schema, a function) is not an audit event's. */
  const textual = (node: ts.Node): boolean => {
    const type = checker.getTypeAtLocation(node);
    return (type.isUnion() ? type.types : [type]).every((t) => (t.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.Any)) !== 0);
  };

  const literalsOf = (type: ts.Type): string[] | null => {
    const parts = type.isUnion() ? type.types : [type];
    return parts.every((t) => t.isStringLiteral()) ? parts.map((t) => t.value) : null;
  };

  type Values = string[] | 'forwarded' | null;
  const seen = new Set<ts.Node>();

  const resolve = (input: ts.Expression): Values => {
    const node = unwrap(input);
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
    if (ts.isConditionalExpression(node)) return both(resolve(node.whenTrue), resolve(node.whenFalse));
    if (ts.isTemplateExpression(node)) {
      let out = [node.head.text];
      for (const span of node.templateSpans) {
        const part = resolve(span.expression);
        if (part === null || part === 'forwarded') return null;
        out = out.flatMap((prefix) => part.map((value) => `${prefix}${value}${span.literal.text}`));
      }
      return out;
    }
    const typed = literalsOf(checker.getTypeAtLocation(node));
    if (typed) return typed;
    if (ts.isIdentifier(node)) return resolveSymbol(node);
    if (ts.isPropertyAccessExpression(node)) return resolveProperty(node.expression, node.name.text);
    return null;
  };

  const both = (a: Values, b: Values): Values => {
    if (a === null || b === null) return null;
    if (a === 'forwarded' || b === 'forwarded') return a === b ? a : null;
    return [...a, ...b];
  };
  const all = (list: Values[]): Values => (list.length === 0 ? null : list.reduce((acc, v) => both(acc, v)));

  const resolveSymbol = (id: ts.Identifier): Values => {
    const symbol = checker.getSymbolAtLocation(id);
    const declaration =
      symbol && ts.isShorthandPropertyAssignment(id.parent) && id.parent.name === id
        ? checker.getShorthandAssignmentValueSymbol(id.parent)?.valueDeclaration
        : symbol?.valueDeclaration;
    if (!declaration || seen.has(declaration)) return null;
    seen.add(declaration);
    try {
      if (ts.isVariableDeclaration(declaration) && declaration.initializer) return resolve(declaration.initializer);
      if (ts.isParameter(declaration)) return resolveParameter(declaration);
      if (ts.isBindingElement(declaration)) {
        // const { action } = event: the property of what is destructured.
        const pattern = declaration.parent;
        const holder = pattern.parent;
        const key = declaration.propertyName
          ? propertyName(declaration.propertyName)
          : ts.isIdentifier(declaration.name)
            ? declaration.name.text
            : null;
        if (key && ts.isVariableDeclaration(holder) && holder.initializer) return resolveProperty(holder.initializer, key);
        if (key && ts.isParameter(holder)) return all(argumentsOf(holder).map((arg) => (arg ? resolveProperty(arg, key) : null)));
      }
      return null;
    } finally {
      seen.delete(declaration);
    }
  };

  /** The arguments passed for a parameter, at every call of its function (undefined where none is passed). */
  const argumentsOf = (parameter: ts.ParameterDeclaration): (ts.Expression | undefined)[] => {
    const fn = parameter.parent;
    const index = fn.parameters.indexOf(parameter);
    return callsOf(fn).map((call) => call.arguments?.[index]);
  };

  const resolveParameter = (parameter: ts.ParameterDeclaration): Values => {
    const args = argumentsOf(parameter);
    if (args.some((a) => a === undefined)) return null;
    return all(args.map((arg) => resolve(arg!)));
  };

  /** The values of `holder.key`: an object literal's member, followed through names and parameters. */
  const resolveProperty = (input: ts.Expression, key: string): Values => {
    const holder = unwrap(input);
    if (ts.isObjectLiteralExpression(holder)) {
      const member = holder.properties.find((p) => p.name && propertyName(p.name) === key);
      if (member && ts.isPropertyAssignment(member)) return resolve(member.initializer);
      if (member && ts.isShorthandPropertyAssignment(member)) return resolve(member.name);
      return null;
    }
    if (auditShaped(checker.getTypeAtLocation(holder)) && key === 'action') return 'forwarded';
    if (ts.isIdentifier(holder)) {
      const declaration = checker.getSymbolAtLocation(holder)?.valueDeclaration;
      if (!declaration || seen.has(declaration)) return null;
      seen.add(declaration);
      try {
        if (ts.isVariableDeclaration(declaration) && declaration.initializer) return resolveProperty(declaration.initializer, key);
        if (ts.isParameter(declaration)) return all(argumentsOf(declaration).map((arg) => (arg ? resolveProperty(arg, key) : null)));
      } finally {
        seen.delete(declaration);
      }
    }
    if (ts.isPropertyAccessExpression(holder)) {
      const type = checker.getTypeAtLocation(holder).getProperty(key);
      const values = type ? literalsOf(checker.getTypeOfSymbolAtLocation(type, holder)) : null;
      if (values) return values;
    }
    return null;
  };

  const actions: ActionSite[] = [];
  const unresolved: string[] = [];

  const hasMember = (literal: ts.ObjectLiteralExpression, name: string) =>
    literal.properties.some((p) => p.name !== undefined && propertyName(p.name) === name);

  const auditLiteral = (literal: ts.ObjectLiteralExpression): boolean =>
    hasMember(literal, 'action') && (hasMember(literal, 'objectType') || auditShaped(checker.getContextualType(literal)));

  /** The action literal of each `insert into audit_event` in an SQL text (interpolations as placeholders). */
  const sqlActions = (node: ts.Node, text: string) => {
    for (const match of text.matchAll(SQL_INSERT)) {
      const rest = text.slice(match.index);
      // The statement ends at its semicolon, or where the next insert begins.
      const end = rest.slice(1).search(/;|\binsert\s+into\b/i);
      const statement = end < 0 ? rest : rest.slice(0, end + 1);
      // VALUES (...) or INSERT ... SELECT (a definer function that audits its own read).
      const values = statement.slice(Math.max(0, statement.search(/\b(values|select)\b/i)));
      const found = [...values.matchAll(/'([^']*)'/g)].map((m) => m[1]!).filter((v) => ACTION_PATTERN.test(v));
      if (found.length === 1) actions.push({ action: found[0]!, at: where(node) });
      else unresolved.push(`${where(node)}: SQL inserts into audit_event with ${found.length} action literals`);
    }
  };

  for (const source of sources) {
    const file = path.relative(root, source.fileName).split(path.sep).join('/');
    const visit = (node: ts.Node) => {
      const member =
        ts.isObjectLiteralExpression(node) && auditLiteral(node)
          ? node.properties.find((p) => p.name !== undefined && propertyName(p.name) === 'action')!
          : null;
      if (member && textual(ts.isPropertyAssignment(member) ? member.initializer : member)) {
        const values = ts.isPropertyAssignment(member)
          ? resolve(member.initializer)
          : ts.isShorthandPropertyAssignment(member)
            ? resolve(member.name)
            : null;
        if (values === null) unresolved.push(`${where(member)}: an audit event's action that cannot be read`);
        else if (values !== 'forwarded') {
          for (const action of values) {
            if (ACTION_PATTERN.test(action)) actions.push({ action, at: where(member) });
            else unresolved.push(`${where(member)}: "${action}" is not an action`);
          }
        }
      }
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) sqlActions(node, node.text);
      if (ts.isTemplateExpression(node))
        sqlActions(node, [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' $ '));
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'insertInto' &&
        file !== WRITER
      ) {
        const [table] = node.arguments;
        if (table && ts.isStringLiteral(table) && /^(public\.)?audit_event\b/.test(table.text))
          unresolved.push(`${where(node)}: writes audit_event through the query builder, not through recordAudit`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return { actions, unresolved };
}
