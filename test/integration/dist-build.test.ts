/**
 * electron-builder, for real, on electron-builder.yml and the options `npm run dist`
 * computes (scripts/dist-plan.ts): an unpacked Linux app ("dir" target) from the
 * bundled main. Nothing is downloaded: Electron is a stand-in folder (electronDist),
 * fuses are off (they patch the real binary) and so is the native rebuild (there are
 * no native modules). Checks what the packaged app carries: app-update.yml with the
 * team's URL, or none at all without one; an asar with the bundles and no sources.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { build as viteBuild } from 'vite';
import { build as builderBuild } from 'electron-builder';
import { distPlan } from '../../scripts/dist-plan';

let work: string;
let project: string;

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'canopy-dist-'));
  project = path.join(work, 'project');
  // The project as electron-builder sees it: config, resources, built dist/ and a
  // package.json without dependencies (every one is inside the bundles).
  await mkdir(path.join(project, 'dist', 'renderer'), { recursive: true });
  await cp('electron-builder.yml', path.join(project, 'electron-builder.yml'));
  await cp('build', path.join(project, 'build'), { recursive: true });
  const manifest = JSON.parse(await readFile('package.json', 'utf8')) as Record<string, unknown>;
  for (const key of ['dependencies', 'devDependencies', 'workspaces', 'scripts'])
    delete manifest[key];
  await writeFile(path.join(project, 'package.json'), JSON.stringify(manifest));
  for (const mode of ['main', 'preload', 'guard'])
    await viteBuild({
      configFile: path.resolve('vite.electron.config.ts'),
      mode,
      logLevel: 'silent',
      build: { outDir: path.join(project, 'dist', 'electron') },
    });
  await writeFile(path.join(project, 'dist', 'renderer', 'index.html'), '<!doctype html>');
  // A stand-in for Electron's Linux distribution.
  const electron = path.join(work, 'electron');
  await mkdir(electron);
  await writeFile(path.join(electron, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
}, 120_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await rm(work, { recursive: true, force: true });
});

/** `npm run dist -- --linux --dir` with this environment; returns the app's folder. */
async function dist(env: Record<string, string>): Promise<string> {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  const output = await mkdtemp(path.join(work, 'release-'));
  const plan = distPlan({ linux: true, dir: true }, { ...process.env, ...env });
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  try {
    await builderBuild({
      ...plan.builderOptions,
      linux: ['dir'],
      projectDir: project,
      config: {
        ...plan.builderOptions.config,
        electronDist: path.join(work, 'electron'),
        electronVersion: '45.5.0',
        electronFuses: null,
        npmRebuild: false,
        directories: { output },
      },
    } as Parameters<typeof builderBuild>[0]);
  } finally {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  }
  return path.join(output, 'linux-unpacked');
}

/** The file list of an asar archive (its JSON header). */
async function asarFiles(file: string): Promise<string[]> {
  const bytes = await readFile(file);
  const jsonLength = bytes.readUInt32LE(12);
  const header = JSON.parse(bytes.subarray(16, 16 + jsonLength).toString('utf8')) as Entry;
  interface Entry {
    files?: Record<string, Entry>;
  }
  const walk = (entry: Entry, prefix: string): string[] =>
    Object.entries(entry.files ?? {}).flatMap(([name, child]) =>
      child.files ? walk(child, `${prefix}${name}/`) : [`${prefix}${name}`],
    );
  return walk(header, '');
}

describe.runIf(process.platform === 'linux')('npm run dist (electron-builder, Linux dir)', () => {
  it('bakes the team’s update URL into resources/app-update.yml', async () => {
    const app = await dist({ CANOPY_UPDATE_URL: 'https://updates.example.org/canopy/' });
    const updateConfig = await readFile(path.join(app, 'resources', 'app-update.yml'), 'utf8');
    // No channel: a release version reads latest*.yml, electron-updater's default.
    expect(updateConfig).toBe(
      'provider: generic\nurl: https://updates.example.org/canopy/\nupdaterCacheDirName: canopy-updater\n',
    );
    const files = await asarFiles(path.join(app, 'resources', 'app.asar'));
    expect(files).toEqual(
      expect.arrayContaining([
        'package.json',
        'dist/electron/main.cjs',
        'dist/electron/preload.cjs',
        'dist/electron/update-guard-thread.cjs',
        'dist/renderer/index.html',
      ]),
    );
    expect(files.filter((f) => !f.startsWith('dist/') && f !== 'package.json')).toEqual([]);
  }, 120_000);

  it('without CANOPY_UPDATE_URL, ships no app-update.yml: the app never checks', async () => {
    const app = await dist({});
    expect(existsSync(path.join(app, 'resources', 'app.asar'))).toBe(true);
    expect(existsSync(path.join(app, 'resources', 'app-update.yml'))).toBe(false);
  }, 120_000);
});
