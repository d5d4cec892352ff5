// The module boundaries of src/ as a lint rule (ESLint's own API; no plugin package):
//   - a module is imported only through its index.ts, from anywhere outside it (other modules, src/app,
//     src/cli, src/main.ts); a module is a folder of src/modules with an index.ts;
//   - a module builds only on the kernel and on other modules' index.ts (not src/app, src/cli, tools);
//   - the kernel imports only the kernel.
// Paths are resolved from the importing file, so any depth of folders inside a module is judged alike.
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Where a file lies under the nearest src/: a module (with its index.ts), the kernel, app, cli, or other. */
function placeOf(file) {
  const parts = path.resolve(file).split(path.sep);
  const src = parts.lastIndexOf('src');
  if (src < 0) return null;
  const srcDir = parts.slice(0, src + 1).join(path.sep);
  const [top, name] = parts.slice(src + 1);
  const index = top === 'modules' && name ? path.join(srcDir, 'modules', name, 'index.ts') : null;
  if (index && existsSync(index)) return { srcDir, zone: 'module', name, index };
  return { srcDir, zone: ['kernel', 'app', 'cli'].includes(top) ? top : 'other' };
}

function describe(place, file) {
  return place.zone === 'module' ? `module ${place.name}` : path.relative(path.dirname(place.srcDir), file);
}

/** @type {import('eslint').Rule.RuleModule} */
const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Modules are imported only through their index.ts; the kernel imports no module, src/app or src/cli' },
    schema: [],
    messages: {
      throughIndex: 'Import module {{module}} through src/modules/{{module}}/index.ts, not its internals.',
      kernel: 'The kernel imports only the kernel, not {{target}}.',
      module: 'A module builds only on the kernel and other modules’ index.ts, not {{target}}.',
    },
  },
  create(context) {
    const file = context.filename;
    const from = placeOf(file);
    if (!from) return {};
    const check = (node) => {
      const source = node.source;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string' || !source.value.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source.value);
      const to = placeOf(target);
      if (!to || to.srcDir !== from.srcDir) return;
      if (from.zone === 'module' && to.zone === 'module' && from.name === to.name) return;
      if (from.zone === 'kernel') {
        if (to.zone !== 'kernel') context.report({ node: source, messageId: 'kernel', data: { target: describe(to, target) } });
        return;
      }
      if (to.zone === 'module') {
        if (target !== to.index) context.report({ node: source, messageId: 'throughIndex', data: { module: to.name } });
        return;
      }
      if (from.zone === 'module' && to.zone !== 'kernel')
        context.report({ node: source, messageId: 'module', data: { target: describe(to, target) } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default moduleBoundaries;
