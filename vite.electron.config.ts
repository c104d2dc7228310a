/**
 * Builds the Electron entry points into dist/electron as CommonJS:
 *   --mode main     electron/shell/main.ts    → main.cjs    (Node: electron + built-ins external)
 *   --mode preload  electron/shell/preload.ts → preload.cjs (sandboxed: only electron external)
 *   --mode guard    electron/peer/update-guard-thread.ts → update-guard-thread.cjs (the
 *                   update guard's worker thread, with Yjs bundled in)
 *   --mode host     electron/host/host-cli.ts → dist/host/host-cli.mjs (`npm run host`:
 *                   ES module for its top-level await; node_modules stays external)
 * Each mode writes one file and leaves the others in place (emptyOutDir: false).
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'vite';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];

/** A package from node_modules (a bare name), not one of our files. */
const fromNodeModules = (id: string) =>
  !id.startsWith('.') && !id.startsWith('\0') && !path.isAbsolute(id);

interface Entry {
  input: string;
  fileName: string;
  external: readonly string[] | ((id: string) => boolean);
  format?: 'cjs' | 'es';
  outDir?: string;
  /** The Node it runs on: Electron's (22) for the app, ours (package.json engines) for the host. */
  target?: string;
}

const entries: Record<'main' | 'preload' | 'guard' | 'host', Entry> = {
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
  // The headless host runs from a bundle rather than through tsx: tsx's loader keeps a
  // thread with a V8 heap of its own and compiles every file at start-up (host RSS with
  // 30 peers, BENCHMARKS.md). It runs from the checkout, so packages stay in node_modules.
  // dist/host is two folders down, as electron/host is: its paths to dist/renderer hold.
  host: {
    input: 'electron/host/host-cli.ts',
    fileName: 'host-cli.mjs',
    external: fromNodeModules,
    format: 'es',
    outDir: 'dist/host',
    target: 'node20',
  },
};

export default defineConfig(({ mode }) => {
  if (!Object.hasOwn(entries, mode)) {
    const modes = Object.keys(entries).join(', ');
    throw new Error(`vite.electron.config.ts: use --mode ${modes} (got "${mode}").`);
  }
  const entry = entries[mode as keyof typeof entries];
  return {
    // No index.html, no public/ copy: these are scripts, not a web app.
    publicDir: false,
    build: {
      // SSR build: Node resolution conditions and no browser polyfills.
      ssr: entry.input,
      outDir: entry.outDir ?? 'dist/electron',
      emptyOutDir: false,
      target: entry.target ?? 'node22',
      minify: false,
      sourcemap: false,
      reportCompressedSize: false,
      rolldownOptions: {
        external: typeof entry.external === 'function' ? entry.external : [...entry.external],
        output: {
          format: entry.format ?? 'cjs',
          entryFileNames: entry.fileName,
          // One self-contained file per entry.
          codeSplitting: false,
        },
      },
    },
    // Bundle dependencies (valibot, ...) so the packaged app needs no node_modules; the
    // host leaves them there (its `external` above).
    ssr: mode === 'host' ? {} : { noExternal: true, external: ['electron'] },
  };
});
