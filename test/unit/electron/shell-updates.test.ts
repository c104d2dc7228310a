/**
 * Runs electron/shell/main.ts against the fake 'electron' and a fake
 * 'electron-updater', and checks the update wiring: when the updater is loaded at
 * all, the check on start, Help → Check for Updates…, the restart question.
 * (test/integration/self-update.test.ts runs the real electron-updater, bundled.)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MenuItemTemplate } from '../../../electron/app-menu';
import type * as FakeElectron from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));

const updaterModule = vi.hoisted(() => ({ loads: 0 }));
const fakeUpdater = await vi.hoisted(async () => {
  // vi.hoisted runs before the imports: it imports what it needs itself.
  const { EventEmitter } = await import('node:events');
  return Object.assign(new EventEmitter(), {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    checkForUpdates: vi.fn(async () => ({
      isUpdateAvailable: true,
      updateInfo: { version: '0.2.0' },
    })),
    quitAndInstall: vi.fn(),
  });
});
vi.mock('electron-updater', () => {
  updaterModule.loads += 1;
  return { autoUpdater: fakeUpdater };
});

type Electron = typeof FakeElectron;
const temporary: string[] = [];
const resourcesDescriptor = Object.getOwnPropertyDescriptor(process, 'resourcesPath');

afterEach(async () => {
  vi.unstubAllEnvs();
  if (resourcesDescriptor) Object.defineProperty(process, 'resourcesPath', resourcesDescriptor);
  else delete (process as { resourcesPath?: string }).resourcesPath;
  fakeUpdater.removeAllListeners();
  fakeUpdater.checkForUpdates.mockClear();
  fakeUpdater.quitAndInstall.mockClear();
  while (temporary.length) await rm(temporary.pop()!, { recursive: true, force: true });
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** A packaged Linux AppImage whose build had a publish URL. */
async function withUpdateFeed(): Promise<void> {
  const resources = await tempDir('canopy-resources-');
  await writeFile(
    path.join(resources, 'app-update.yml'),
    'provider: generic\nurl: https://updates.example.org/canopy\n',
  );
  Object.defineProperty(process, 'resourcesPath', { value: resources, configurable: true });
  vi.stubEnv('APPIMAGE', '/home/ada/Applications/Canopy.AppImage');
}

async function startMain(configure: (electron: Electron) => void = () => {}) {
  vi.resetModules();
  updaterModule.loads = 0;
  const electron = (await import('electron')) as unknown as Electron;
  electron.resetFakeElectron();
  electron.app.userData = await tempDir('canopy-main-');
  configure(electron);
  await import('../../../electron/shell/main');
  await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1));
  return { electron, window: electron.BrowserWindow.instances[0]! };
}

function clickCheckForUpdates(electron: Electron): void {
  const calls = electron.Menu.buildFromTemplate.mock.calls;
  const template = calls.at(-1)![0] as MenuItemTemplate[];
  const help = template.find((menu) => menu.label === 'Help')!;
  help.submenu!.find((item) => item.label === 'Check for Updates…')!.click!();
}

describe('electron/shell/updates', () => {
  it.runIf(process.platform === 'linux')(
    'checks on start, downloads, asks on the window, and restarts when told to',
    async () => {
      await withUpdateFeed();
      const { electron, window } = await startMain();
      await vi.waitFor(() => expect(fakeUpdater.checkForUpdates).toHaveBeenCalledOnce());
      expect(fakeUpdater).toMatchObject({
        autoDownload: true,
        autoInstallOnAppQuit: true,
        allowDowngrade: false,
      });
      // The quiet check found 0.2.0: no dialog while it downloads.
      fakeUpdater.emit('download-progress', { percent: 50 });
      expect(window.setProgressBar).toHaveBeenLastCalledWith(0.5);
      expect(electron.dialog.showMessageBox).not.toHaveBeenCalled();

      fakeUpdater.emit('update-downloaded', { version: '0.2.0' });
      await vi.waitFor(() => expect(fakeUpdater.quitAndInstall).toHaveBeenCalledWith(true, true));
      expect(window.setProgressBar).toHaveBeenLastCalledWith(-1);
      expect(electron.dialog.showMessageBox).toHaveBeenCalledWith(
        window,
        expect.objectContaining({
          message: 'Canopy 0.2.0 is ready to install.',
          buttons: ['Restart to Update', 'Later'],
          cancelId: 1,
        }),
      );
    },
  );

  it.runIf(process.platform === 'linux')('"Later" leaves Canopy running', async () => {
    await withUpdateFeed();
    const { electron } = await startMain((e) => {
      e.dialog.showMessageBox.mockResolvedValue({ response: 1, checkboxChecked: false });
    });
    await vi.waitFor(() => expect(fakeUpdater.checkForUpdates).toHaveBeenCalledOnce());
    fakeUpdater.emit('update-downloaded', { version: '0.2.0' });
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledOnce());
    await new Promise((resolve) => setImmediate(resolve));
    expect(fakeUpdater.quitAndInstall).not.toHaveBeenCalled();
  });

  it('without an update server, never loads electron-updater and the menu says why', async () => {
    const { electron, window } = await startMain();
    clickCheckForUpdates(electron);
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledOnce());
    expect(electron.dialog.showMessageBox).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ type: 'info', title: 'Updates are not set up' }),
    );
    expect(updaterModule.loads).toBe(0);
  });

  it('in a development build, never loads electron-updater, even with a feed', async () => {
    await withUpdateFeed();
    const { electron } = await startMain((e) => {
      e.app.isPackaged = false;
    });
    clickCheckForUpdates(electron);
    await vi.waitFor(() => expect(electron.dialog.showMessageBox).toHaveBeenCalledOnce());
    expect(electron.dialog.showMessageBox.mock.calls[0]![1]).toMatchObject({
      message: expect.stringMatching(/development build/),
    });
    expect(updaterModule.loads).toBe(0);
    expect(fakeUpdater.checkForUpdates).not.toHaveBeenCalled();
  });
});
