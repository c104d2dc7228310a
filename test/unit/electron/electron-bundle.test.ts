/**
 * Builds main and preload with vite.electron.config.ts into a temporary folder and
 * checks what they require at run time: a sandboxed preload can load only
 * 'electron', and the packaged app ships without node_modules.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import Module, { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'vite';
import * as Y from 'yjs';
import { WorkerUpdateGuard } from '../../../electron/peer/worker-update-guard';
import * as fakeElectron from './fake-electron';

let outDir: string;

async function buildEntry(mode: 'main' | 'preload' | 'guard' | 'host'): Promise<string> {
  await build({
    configFile: path.resolve('vite.electron.config.ts'),
    mode,
    logLevel: 'silent',
    build: { outDir },
  });
  const file =
    { guard: 'update-guard-thread.cjs', host: 'host-cli.mjs' }[mode as string] ?? `${mode}.cjs`;
  return readFile(path.join(outDir, file), 'utf8');
}

/** The packages an ES module imports, by name (`@scope/name` or `name`, no subpath). */
function importedPackages(code: string): string[] {
  const specifiers = [...code.matchAll(/^import\b[^'"]*?["']([^"']+)["'];?$/gm)].map((m) => m[1]!);
  return specifiers.map((s) =>
    (s.startsWith('@') ? s.split('/').slice(0, 2) : s.split('/', 1)).join('/'),
  );
}

function requiredModules(code: string): string[] {
  return [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((match) => match[1]!);
}

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'canopy-electron-build-'));
});

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('vite.electron.config.ts', () => {
  it('bundles the update guard thread with Yjs inside, and it guards', async () => {
    const source = await buildEntry('guard');
    const allowed = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    expect(requiredModules(source).filter((name) => !allowed.has(name))).toEqual([]);
    const guard = new WorkerUpdateGuard({ source });
    try {
      const doc = new Y.Doc();
      doc.getMap('m').set('k', 'v');
      await expect(guard.checkUpdate(Y.encodeStateAsUpdate(doc))).resolves.toBeUndefined();
      await expect(guard.checkUpdate(new Uint8Array(20).fill(0xff))).rejects.toThrow();
      await expect(guard.checkStateVector(Y.encodeStateVector(doc))).resolves.toBeUndefined();
    } finally {
      guard.close();
    }
  });

  it('bundles the preload so that it requires only electron', async () => {
    const code = await buildEntry('preload');
    expect(new Set(requiredModules(code))).toEqual(new Set(['electron']));
    expect(code).toContain('exposeInMainWorld');
  });

  it('bundles main so that it requires only electron and Node built-ins', async () => {
    const code = await buildEntry('main');
    const allowed = new Set([
      'electron',
      ...builtinModules,
      ...builtinModules.map((m) => `node:${m}`),
    ]);
    const required = requiredModules(code);
    expect(required).toContain('electron');
    expect(required.filter((name) => !allowed.has(name))).toEqual([]);
  });

  it('bundles the headless host, leaving only declared dependencies to node_modules', async () => {
    const code = await buildEntry('host');
    const pkg = JSON.parse(await readFile('package.json', 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const allowed = new Set([
      ...builtinModules,
      ...builtinModules.map((m) => `node:${m}`),
      ...Object.keys(pkg.dependencies),
    ]);
    const imported = importedPackages(code);
    expect(imported).toContain('yjs');
    expect(imported.filter((name) => !allowed.has(name))).toEqual([]);
    // Our own files are inside: nothing is loaded through tsx at run time.
    expect(code).not.toMatch(/["']\.{1,2}\//);
    expect(code).toContain('Canopy host is running.');
  });

  it('keeps both outputs side by side (no emptying of the output folder)', async () => {
    await buildEntry('preload');
    await buildEntry('main');
    await expect(readFile(path.join(outDir, 'preload.cjs'), 'utf8')).resolves.toContain(
      'exposeInMainWorld',
    );
  });

  it('runs as CommonJS: the built main creates the secure window', async () => {
    await buildEntry('main');
    fakeElectron.resetFakeElectron();
    fakeElectron.app.userData = outDir;
    // Hand the bundle our fake when it calls require('electron').
    const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
    const originalLoad = loader._load;
    loader._load = (request, ...rest) =>
      request === 'electron' ? fakeElectron : originalLoad(request, ...rest);
    try {
      createRequire(import.meta.url)(path.join(outDir, 'main.cjs'));
      await expect.poll(() => fakeElectron.BrowserWindow.instances.length).toBe(1);
    } finally {
      loader._load = originalLoad;
    }
    const window = fakeElectron.BrowserWindow.instances[0]!;
    expect(window.options.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true });
    expect(window.loadURL).toHaveBeenCalledWith('app://canopy/index.html');
  });
});
