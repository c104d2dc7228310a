// @ts-check
// The layers of Canopy as one ESLint rule, `canopy/layers` (the idea of VS Code's
// layer check): what each layer may import, as allow-lists, checked on every way code
// can reach another module: `import`, `export … from`, `import()` and `require()`.
//
//   shared/          runs everywhere: its own files and the packages in SHARED only;
//   renderer/        the React app, also in plain browsers: itself, shared/, RENDERER;
//   electron/        plain Node: itself (not electron/shell), shared/, Node built-ins
//                    and any package but `electron` (and its subpaths);
//   electron/shell/  the only place that may import `electron`.
//
// A new dependency of shared/ or renderer/ is added to its list here, on purpose.
import { builtinModules } from 'node:module';
import path from 'node:path';

/** Packages shared/ may use: no DOM, no Node, no UI. */
const SHARED = [
  'yjs',
  'y-protocols',
  'lib0',
  '@noble/hashes',
  '@noble/curves',
  '@noble/ciphers',
  // The team server's client (shared/team): plain JavaScript, no Node built-ins; the
  // platform hands it a WebSocket class.
  '@hocuspocus/provider',
  'valibot',
  'nanoid',
  'fractional-indexing',
  'mdast',
  'mdast-util-from-markdown',
  'mdast-util-to-markdown',
  'mdast-util-to-string',
  // OPML (shared/files/tree-opml.ts): a pure-JavaScript XML parser, no DOM and no Node
  // built-ins in it or its dependencies (checked when added).
  'fast-xml-parser',
  // Hierarchical CSV (shared/files/tree-csv.ts): parses and writes strings only; its
  // Node stream mode (a lazy require('stream')) is never used here.
  'papaparse',
];

/** Packages renderer/ may use besides shared/'s: browser and React libraries. */
const RENDERER = [
  ...SHARED,
  'react',
  'react-dom',
  'zustand',
  '@xyflow/react',
  'y-indexeddb',
  'recharts',
  'qrcode',
  'cmdk',
  '@dnd-kit/core',
  '@dnd-kit/utilities',
  // The .xlsx writer, loaded with import() only when someone exports a spreadsheet.
  'write-excel-file',
];

/** Node-only packages: they may never reach shared/ or renderer/, whatever the lists say. */
const NODE_ONLY = ['ws', 'bonjour-service', 'electron'];

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const ROOT = process.cwd();

/** @param {string} file */
function layerOf(file) {
  const rel = path.relative(ROOT, file).split(path.sep).join('/');
  if (rel.startsWith('shared/')) return 'shared';
  if (rel.startsWith('renderer/')) return 'renderer';
  if (rel.startsWith('electron/shell/')) return 'shell';
  if (rel.startsWith('electron/')) return 'electron';
  return null;
}

/** @param {string} source */
function packageOf(source) {
  const parts = source.split('/');
  return source.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Why `source`, imported from `file` in `layer`, breaks the layering; null if it does not.
 * @param {string} layer @param {string} file @param {string} source
 */
function violation(layer, file, source) {
  const why = (/** @type {string} */ text) => `${text} (layering: see README.md, Layout)`;
  if (source.startsWith('.') || source.startsWith('/')) {
    const target = layerOf(path.resolve(path.dirname(file), source));
    if (layer === 'shared' && target !== 'shared')
      return why('shared/ imports nothing from outside shared/');
    if (layer === 'renderer' && target !== 'renderer' && target !== 'shared')
      return why(
        'renderer/ reaches the platform only through renderer/src/platform, not electron/',
      );
    if ((layer === 'electron' || layer === 'shell') && target === 'renderer')
      return why('electron/ never imports renderer/');
    if (layer === 'electron' && target === 'shell')
      return why("only electron/shell/ may depend on 'electron': electron/ does not import it");
    if ((layer === 'electron' || layer === 'shell') && target === null)
      return why('electron/ imports only electron/ and shared/');
    return null;
  }
  const name = packageOf(source);
  if (BUILTINS.has(source) || BUILTINS.has(name)) {
    if (layer === 'shared' || layer === 'renderer')
      return why(`${layer}/ must not import Node built-ins ('${source}')`);
    return null;
  }
  if (name === 'electron' && layer !== 'shell')
    return why(`only electron/shell/ may import '${source}'`);
  if (layer === 'shared' && (NODE_ONLY.includes(name) || !SHARED.includes(name)))
    return why(`shared/ may not import '${source}': not on its list in eslint.layers.js`);
  if (layer === 'renderer' && (NODE_ONLY.includes(name) || !RENDERER.includes(name)))
    return why(`renderer/ may not import '${source}': not on its list in eslint.layers.js`);
  return null;
}

/** @type {import('eslint').Rule.RuleModule} */
const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'What each layer of Canopy may import' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const layer = layerOf(file);
    if (!layer) return {};
    /** @param {import('estree').Node} node @param {unknown} source */
    const check = (node, source) => {
      if (source === null || source === undefined) return;
      if (typeof source !== 'string') {
        context.report({
          node,
          message: 'import() of a computed name cannot be checked for layering',
        });
        return;
      }
      const message = violation(layer, file, source);
      if (message) context.report({ node, message });
    };
    /** @param {any} node */
    const literal = (node) =>
      node?.type === 'Literal'
        ? node.value
        : node?.type === 'TemplateLiteral' && node.expressions.length === 0
          ? node.quasis[0].value.cooked
          : node
            ? {}
            : null;
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => check(node, literal(node.source)),
      /** @param {any} node */
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require')
          check(node, literal(node.arguments[0]));
      },
      /** @param {any} node TypeScript's `import x = require('…')` and `import('…')` types. */
      TSExternalModuleReference: (node) => check(node, node.expression.value),
      /** @param {any} node */
      TSImportType: (node) => check(node, literal(node.argument?.literal ?? node.argument)),
    };
  },
};

export default { rules: { layers } };
