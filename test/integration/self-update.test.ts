/**
 * The real electron-updater, as bundled into dist/electron/main.cjs, against a real
 * "generic" update server on the loopback: the layout a team self-hosts (README,
 * Packaging). Electron itself is the fake from test/unit/electron, with net.request
 * served by Node's http. Linux AppImage path (the one this machine can run): check on
 * start, download with sha512 check, ask, replace the AppImage and start it again.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import Module, { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { build } from 'vite';
import type { MenuItemTemplate } from '../../electron/app-menu';
import * as fakeElectron from '../unit/electron/fake-electron';

let work: string;
let mainBundle: string;
let server: Server;
let feedUrl: string;
/** What the server has, by path; anything else is a 404. */
let published: Map<string, Buffer>;
const requested: string[] = [];

const loader = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = loader._load;
const resourcesDescriptor = Object.getOwnPropertyDescriptor(process, 'resourcesPath');

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'canopy-self-update-'));
  const outDir = path.join(work, 'dist');
  await build({
    configFile: path.resolve('vite.electron.config.ts'),
    mode: 'main',
    logLevel: 'silent',
    build: { outDir },
  });
  mainBundle = path.join(outDir, 'main.cjs');
  server = createServer((request, response) => {
    const file = new URL(request.url!, 'http://x').pathname;
    requested.push(file);
    const body = published.get(file);
    response.writeHead(body ? 200 : 404, { 'content-length': body?.length ?? 0 });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  feedUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/canopy/`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(work, { recursive: true, force: true });
});

afterEach(() => {
  loader._load = originalLoad;
  delete createRequire(import.meta.url).cache[mainBundle];
  if (resourcesDescriptor) Object.defineProperty(process, 'resourcesPath', resourcesDescriptor);
  else delete (process as { resourcesPath?: string }).resourcesPath;
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  requested.length = 0;
});

/** The new "AppImage": a script that says how it was started. */
function newAppImage(marker: string): Buffer {
  return Buffer.from(`#!/bin/sh\nprintf 'started %s' "$APPIMAGE_SILENT_INSTALL" > '${marker}'\n`);
}

/** A release as electron-builder publishes it: the AppImage and latest-linux.yml. */
function publish(version: string, appImage: Buffer): void {
  const name = `Canopy-${version}.AppImage`;
  const sha512 = createHash('sha512').update(appImage).digest('base64');
  const latest = [
    `version: ${version}`,
    'files:',
    `  - url: ${name}`,
    `    sha512: ${sha512}`,
    `    size: ${appImage.length}`,
    `path: ${name}`,
    `sha512: ${sha512}`,
    "releaseDate: '2025-06-01T10:00:00.000Z'",
    '',
  ].join('\n');
  published = new Map([
    [`/canopy/${name}`, appImage],
    ['/canopy/latest-linux.yml', Buffer.from(latest)],
  ]);
}

/** Starts the bundled main as a packaged AppImage of 0.1.0 built with our feed. */
async function startPackagedApp(answer: 'restart' | 'later') {
  const dir = await mkdtemp(path.join(work, 'run-'));
  const resources = path.join(dir, 'resources');
  const { mkdir } = await import('node:fs/promises');
  await mkdir(resources);
  // What electron-builder writes into the resources when the build has a publish URL.
  await writeFile(
    path.join(resources, 'app-update.yml'),
    `provider: generic\nurl: ${feedUrl}\nupdaterCacheDirName: canopy-updater\n`,
  );
  const appImage = path.join(dir, 'Canopy.AppImage');
  await writeFile(appImage, 'the old version', { mode: 0o755 });
  Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true });
  vi.stubEnv('APPIMAGE', appImage);
  vi.stubEnv('XDG_CACHE_HOME', path.join(dir, 'cache'));
  // electron-updater logs every step to the console.
  vi.spyOn(console, 'info').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(console, 'error').mockImplementation(() => {});

  fakeElectron.resetFakeElectron();
  fakeElectron.app.userData = path.join(dir, 'user-data');
  fakeElectron.dialog.showMessageBox.mockResolvedValue({
    response: answer === 'restart' ? 0 : 1,
    checkboxChecked: false,
  });
  loader._load = (request, ...rest) =>
    request === 'electron' ? fakeElectron : originalLoad(request, ...rest);
  createRequire(import.meta.url)(mainBundle);
  await expect.poll(() => fakeElectron.BrowserWindow.instances.length).toBe(1);
  return { dir, appImage };
}

function clickCheckForUpdates(): void {
  const template = fakeElectron.Menu.buildFromTemplate.mock.calls.at(-1)![0] as MenuItemTemplate[];
  const help = template.find((menu) => menu.label === 'Help')!;
  help.submenu!.find((item) => item.label === 'Check for Updates…')!.click!();
}

describe.runIf(process.platform === 'linux')('self-update from a generic server', () => {
  it('finds 0.2.0 on start, downloads it, and on "Restart" replaces and starts the AppImage', async () => {
    const marker = path.join(work, 'restart-marker');
    const release = newAppImage(marker);
    publish('0.2.0', release);
    const { appImage } = await startPackagedApp('restart');

    await expect.poll(() => existsSync(marker), { timeout: 20_000 }).toBe(true);
    expect(requested).toContain('/canopy/latest-linux.yml');
    expect(requested).toContain('/canopy/Canopy-0.2.0.AppImage');
    const [owner, question] = fakeElectron.dialog.showMessageBox.mock.calls[0]!;
    expect(owner).toBe(fakeElectron.BrowserWindow.instances[0]);
    expect(question).toMatchObject({
      message: 'Canopy 0.2.0 is ready to install.',
      buttons: ['Restart to Update', 'Later'],
    });
    // The AppImage in place is the new one, and it was started silently.
    expect(await readFile(appImage)).toEqual(release);
    expect(await readFile(marker, 'utf8')).toBe('started true');
    await expect.poll(() => fakeElectron.app.quit.mock.calls.length).toBe(1);
  });

  it('refuses a download whose sha512 does not match, says so, and installs nothing', async () => {
    publish('0.2.0', newAppImage(path.join(work, 'never')));
    published.set('/canopy/Canopy-0.2.0.AppImage', Buffer.from('#!/bin/sh\necho tampered\n'));
    const { appImage } = await startPackagedApp('restart');

    await expect
      .poll(() => fakeElectron.dialog.showMessageBox.mock.calls.length, {
        timeout: 20_000,
      })
      .toBe(1);
    expect(fakeElectron.dialog.showMessageBox.mock.calls[0]![1]).toMatchObject({
      type: 'error',
      message: expect.stringMatching(/^CANOPY-705:/),
    });
    expect(await readFile(appImage, 'utf8')).toBe('the old version');
    expect(fakeElectron.app.quit).not.toHaveBeenCalled();
  });

  it('is quiet on start when the server has no release, and the menu says so', async () => {
    published = new Map();
    await startPackagedApp('later');
    await expect.poll(() => requested).toContain('/canopy/latest-linux.yml');
    expect(fakeElectron.dialog.showMessageBox).not.toHaveBeenCalled();

    clickCheckForUpdates();
    await expect.poll(() => fakeElectron.dialog.showMessageBox.mock.calls.length).toBe(1);
    expect(fakeElectron.dialog.showMessageBox.mock.calls[0]![1]).toMatchObject({
      title: 'Canopy could not update',
      message: expect.stringMatching(/^CANOPY-702: .*latest-linux\.yml/),
    });
  });

  it('says "up to date" from the menu when the server has this version', async () => {
    publish('0.1.0', newAppImage(path.join(work, 'never')));
    await startPackagedApp('later');
    await expect.poll(() => requested).toContain('/canopy/latest-linux.yml');
    clickCheckForUpdates();
    await expect.poll(() => fakeElectron.dialog.showMessageBox.mock.calls.length).toBe(1);
    expect(fakeElectron.dialog.showMessageBox.mock.calls[0]![1]).toMatchObject({
      message: 'Canopy 0.1.0 is the newest version.',
    });
    expect(requested).not.toContain('/canopy/Canopy-0.1.0.AppImage');
  });
});
