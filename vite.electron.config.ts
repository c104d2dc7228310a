/**
 * Builds the Electron entry points into dist/electron as CommonJS:
 *   --mode main     electron/shell/main.ts    → main.cjs    (Node: electron + built-ins external)
 *   --mode preload  electron/shell/preload.ts → preload.cjs (sandboxed: only electron external)
 *   --mode guard    electron/peer/update-guard-thread.ts → update-guard-thread.cjs (the
 *                   update guard's worker thread, with Yjs bundled in)
 * Each mode writes one file and leaves the other in place (emptyOutDir: false).
 */
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

const entries = {
  main: {
    input: 'electron/shell/main.ts',
    fileName: 'main.cjs',
    external: ['electron', ...nodeBuiltins],
  },
  // A sandboxed preload can require('electron') and nothing else, so all else is bundled.
  preload: { input: 'electron/shell/preload.ts', fileName: 'preload.cjs', external: ['electron'] },
  guard: {
    input: 'electron/peer/update-guard-thread.ts',
    fileName: 'update-guard-thread.cjs',
    external: nodeBuiltins,
  },
} as const;

export default defineConfig(({ mode }) => {
  if (mode !== 'main' && mode !== 'preload' && mode !== 'guard') {
    throw new Error(`vite.electron.config.ts: use --mode main, preload or guard (got "${mode}").`);
  }
  const entry = entries[mode];
  return {
    // No index.html, no public/ copy: these are scripts, not a web app.
    publicDir: false,
    build: {
      // SSR build: Node resolution conditions and no browser polyfills.
      ssr: entry.input,
      outDir: 'dist/electron',
      emptyOutDir: false,
      target: 'node22',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: [...entry.external],
        output: {
          format: 'cjs',
          entryFileNames: entry.fileName,
          // One self-contained file per entry.
          codeSplitting: false,
        },
      },
    },
    ssr: {
      // Bundle dependencies (valibot, ...) so the packaged app needs no node_modules.
      noExternal: true,
      external: ['electron'],
    },
  };
});
