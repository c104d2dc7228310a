/**
 * Runs electron/shell/main.ts against the fake 'electron' module and checks the
 * security wiring: web preferences, navigation, window.open, permissions, single
 * instance, protocol, IPC and menu.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { APP_SCHEME, CONTENT_SECURITY_POLICY } from '../../../electron/security-policy';
import { IPC } from '../../../shared/ipc';
import type * as FakeElectron from './fake-electron';
import { INVOKE_CHANNELS } from './invoke-channels';

vi.mock('electron', () => import('./fake-electron'));

type Electron = typeof FakeElectron;
let userData: string | undefined;

afterEach(async () => {
  vi.unstubAllEnvs();
  if (userData) await rm(userData, { recursive: true, force: true });
  userData = undefined;
});

/** Fresh fake Electron + fresh main.ts; resolves once the main window exists. */
async function startMain(configure: (electron: Electron) => void = () => {}) {
  vi.resetModules();
  const electron = (await import('electron')) as unknown as Electron;
  electron.resetFakeElectron();
  userData = await mkdtemp(path.join(tmpdir(), 'canopy-main-'));
  electron.app.userData = userData;
  configure(electron);
  await import('../../../electron/shell/main');
  if (electron.app.hasLock) {
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(1));
  }
  const window = electron.BrowserWindow.instances[0];
  return { electron, window };
}

function navigationEvent(url: string) {
  return { url, preventDefault: vi.fn() };
}

describe('electron/shell/main', () => {
  it('registers app:// as a privileged standard, secure scheme before ready', async () => {
    const { electron } = await startMain();
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(electron.app.enableSandbox).toHaveBeenCalled();
  });

  it('creates the window with secure web preferences and the bundled preload', async () => {
    const { window } = await startMain();
    expect(window?.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: path.join('/opt/canopy/app', 'dist', 'electron', 'preload.cjs'),
    });
    expect(window?.loadURL).toHaveBeenCalledWith('app://canopy/index.html');
  });

  it('ignores CANOPY_DEV_URL in packaged builds and uses it in development', async () => {
    vi.stubEnv('CANOPY_DEV_URL', 'http://localhost:5173');
    const packaged = await startMain();
    expect(packaged.window?.loadURL).toHaveBeenCalledWith('app://canopy/index.html');

    const development = await startMain((electron) => {
      electron.app.isPackaged = false;
    });
    expect(development.window?.loadURL).toHaveBeenCalledWith('http://localhost:5173/');
  });

  it('prevents navigation and redirects to another origin', async () => {
    const { window } = await startMain();
    const contents = window!.webContents;
    for (const eventName of ['will-navigate', 'will-redirect', 'will-frame-navigate']) {
      const away = navigationEvent('https://evil.example/');
      contents.emit(eventName, away);
      expect(away.preventDefault, eventName).toHaveBeenCalled();

      const inside = navigationEvent('app://canopy/index.html#/doc/1');
      contents.emit(eventName, inside);
      expect(inside.preventDefault, eventName).not.toHaveBeenCalled();
    }
  });

  it('denies window.open and sends only http(s) links to the OS browser', async () => {
    const { electron, window } = await startMain();
    const handler = window!.webContents.windowOpenHandler!;
    expect(handler({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(handler({ url: 'app://canopy/index.html' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal.mock.calls).toEqual([['https://example.com/']]);
  });

  it('blocks <webview> attachment', async () => {
    const { window } = await startMain();
    const event = { preventDefault: vi.fn() };
    window!.webContents.emit('will-attach-webview', event, {}, {});
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', async () => {
    const { electron } = await startMain();
    const session = electron.session.defaultSession;
    const [requestHandler] = session.setPermissionRequestHandler.mock.calls[0] as [
      (contents: unknown, permission: string, callback: (granted: boolean) => void) => void,
    ];
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal']) {
      const callback = vi.fn();
      requestHandler({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    const [checkHandler] = session.setPermissionCheckHandler.mock.calls[0] as [
      (contents: unknown, permission: string) => boolean,
    ];
    expect(checkHandler({}, 'media')).toBe(false);
  });

  it('focuses and restores the existing window when a second instance starts', async () => {
    const { electron, window } = await startMain();
    window!.minimized = true;
    electron.app.emit('second-instance', {}, [], '/');
    expect(window!.restore).toHaveBeenCalled();
    expect(window!.focus).toHaveBeenCalled();
  });

  it('opens a new window for a second instance when the last one was closed (macOS)', async () => {
    const { electron, window } = await startMain();
    window!.emit('closed');
    electron.app.emit('second-instance', {}, [], '/');
    await vi.waitFor(() => expect(electron.BrowserWindow.instances).toHaveLength(2));
  });

  it('quits at once without a window when another instance holds the lock', async () => {
    const { electron } = await startMain((e) => {
      e.app.hasLock = false;
    });
    // main.ts decides at its top level, so by the end of the import it has; a window
    // could only come through whenReady.
    expect(electron.app.quit).toHaveBeenCalled();
    expect(electron.app.whenReady).not.toHaveBeenCalled();
    expect(electron.BrowserWindow.instances).toHaveLength(0);
  });

  it('serves app:// through a handler that sets the CSP', async () => {
    const { electron } = await startMain();
    const [scheme, handler] = electron.protocol.handle.mock.calls[0] as [
      string,
      (request: Request) => Promise<Response>,
    ];
    expect(scheme).toBe(APP_SCHEME);
    const response = await handler(new Request('app://canopy/..%2f..%2fetc%2fpasswd'));
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('registers IPC handlers that check the sender', async () => {
    const { electron } = await startMain();
    const channels = electron.ipcMain.handle.mock.calls.map(([channel]) => channel as string);
    expect(channels.sort()).toEqual(INVOKE_CHANNELS);
    const appInfo = electron.ipcMain.handle.mock.calls.find(([c]) => c === IPC.appInfo)![1] as (
      event: unknown,
    ) => unknown;
    expect(() => appInfo({ senderFrame: { url: 'https://evil.example/', parent: null } })).toThrow(
      /refused/,
    );
    expect(appInfo({ senderFrame: { url: 'app://canopy/index.html', parent: null } })).toEqual({
      name: 'Canopy',
      version: '0.1.0',
      platform: process.platform,
    });
  });

  it('reports no workshop, and refuses a document link while none runs (closing the port)', async () => {
    const { electron, window } = await startMain();
    const handler = (channel: string) =>
      electron.ipcMain.handle.mock.calls.find(([c]) => c === channel)![1] as (
        event: unknown,
        ...args: unknown[]
      ) => unknown;
    const event = {
      senderFrame: { url: 'app://canopy/index.html', parent: null },
      sender: window!.webContents,
    };
    expect(handler(IPC.workshopStatus)(event)).toMatchObject({ running: false, links: [] });
    expect(() => handler(IPC.workshopLink)(event)).toThrow(/No workshop is running/);
    expect(window!.webContents.postMessage).not.toHaveBeenCalled();
    expect(() => handler(IPC.workshopStart)(event, '../../etc')).toThrow(/malformed payload/);
  });

  it("builds the menu from the window's commands and sends a click's command id back", async () => {
    const { electron, window } = await startMain();
    type Template = { label?: string; submenu?: { label?: string; click?: () => void }[] }[];
    const fileLabels = () => {
      const [template] = electron.Menu.buildFromTemplate.mock.calls.at(-1) as [Template];
      return template.find((menu) => menu.label === 'File')!.submenu!;
    };
    expect(fileLabels().map((item) => item.label)).not.toContain('New tree');

    const setMenu = electron.ipcMain.handle.mock.calls.find(([c]) => c === IPC.setMenu)![1] as (
      event: unknown,
      ...args: unknown[]
    ) => unknown;
    const event = { senderFrame: { url: 'app://canopy/index.html', parent: null } };
    setMenu(event, [
      {
        id: 'file.new',
        label: 'New tree',
        menu: 'file',
        accelerators: ['CmdOrCtrl+N'],
        enabled: true,
      },
    ]);
    const item = fileLabels().find((i) => i.label === 'New tree')!;
    electron.BrowserWindow.focused = window!;
    item.click!();
    expect(window!.webContents.send).toHaveBeenCalledWith(IPC.command, 'file.new');
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalled();
    expect(() => setMenu(event, [{ id: 'file.new', label: 'x', menu: 'file' }])).toThrow(
      /malformed payload/,
    );
  });

  it('gives text fields an edit menu with spelling suggestions, and nothing else a menu', async () => {
    const { electron, window } = await startMain();
    const built = electron.Menu.buildFromTemplate.mock.calls.length;
    const flags = {
      canUndo: true,
      canRedo: false,
      canCut: true,
      canCopy: true,
      canPaste: true,
      canSelectAll: true,
    };
    window!.webContents.emit(
      'context-menu',
      {},
      { isEditable: false, misspelledWord: '', dictionarySuggestions: [], editFlags: flags },
    );
    expect(electron.Menu.buildFromTemplate.mock.calls).toHaveLength(built);
    window!.webContents.emit(
      'context-menu',
      {},
      {
        isEditable: true,
        misspelledWord: 'hypothsis',
        dictionarySuggestions: ['hypothesis', 'hypotheses'],
        editFlags: flags,
      },
    );
    const [template] = electron.Menu.buildFromTemplate.mock.calls.at(-1) as [
      { label?: string; role?: string; enabled?: boolean; click?: () => void }[],
    ];
    expect(template.map((i) => i.label ?? i.role)).toEqual([
      'hypothesis',
      'hypotheses',
      'Add to Dictionary',
      undefined,
      'undo',
      'redo',
      undefined,
      'cut',
      'copy',
      'paste',
      undefined,
      'selectAll',
    ]);
    expect(template.find((i) => i.role === 'redo')?.enabled).toBe(false);
    template[0]!.click!();
    expect(window!.webContents.replaceMisspelling).toHaveBeenCalledWith('hypothesis');
    template[2]!.click!();
    expect(window!.webContents.session.addWordToSpellCheckerDictionary).toHaveBeenCalledWith(
      'hypothsis',
    );
    const menu = electron.Menu.buildFromTemplate.mock.results.at(-1)!.value as {
      popup: { mock: { calls: unknown[][] } };
    };
    expect(menu.popup.mock.calls).toHaveLength(1);
  });

  it('saves the window bounds when the window closes and restores them next time', async () => {
    const first = await startMain();
    first.window!.bounds = { x: 40, y: 30, width: 1000, height: 700 };
    first.window!.emit('close');
    const directory = userData!;
    userData = undefined; // keep it for the second run

    const second = await startMain((electron) => {
      electron.app.userData = directory;
    });
    userData = directory;
    expect(second.window?.options).toMatchObject({ x: 40, y: 30, width: 1000, height: 700 });
  });

  describe('files from outside', () => {
    const argv = process.argv;
    const folders: string[] = [];
    afterEach(async () => {
      process.argv = argv;
      await Promise.all(folders.splice(0).map((f) => rm(f, { recursive: true, force: true })));
    });

    async function aFile(name: string, bytes = [1, 2, 3]): Promise<string> {
      const dir = await mkdtemp(path.join(tmpdir(), 'canopy-file-'));
      folders.push(dir);
      const file = path.join(dir, name);
      await writeFile(file, Buffer.from(bytes));
      return file;
    }

    const sentFiles = (window: FakeElectron.FakeBrowserWindow) =>
      window.webContents.send.mock.calls.filter(([channel]) => channel === IPC.fileOpened);

    const recentMenu = (electron: Electron) => {
      const [template] = electron.Menu.buildFromTemplate.mock.calls.at(-1) as [
        { label?: string; submenu?: { label?: string; submenu?: { label?: string }[] }[] }[],
      ];
      return template
        .flatMap((menu) => menu.submenu ?? [])
        .find((item) => item.label === 'Open Recent')!
        .submenu!.map((item) => item.label);
    };

    it('opens a file it was launched with, and lists it under Open Recent', async () => {
      const file = await aFile('plan.canopy');
      const { electron, window } = await startMain(() => {
        process.argv = ['/opt/Canopy/canopy', file];
      });
      await vi.waitFor(() => expect(sentFiles(window!)).toHaveLength(1));
      expect(sentFiles(window!)[0]).toEqual([
        IPC.fileOpened,
        { name: 'plan.canopy', data: new Uint8Array([1, 2, 3]) },
      ]);
      expect(electron.app.addRecentDocument).toHaveBeenCalledWith(file);
      expect(recentMenu(electron)[0]).toBe('plan.canopy');
    });

    it('opens a file from a second launch and from macOS open-file', async () => {
      const first = await aFile('march.canopy');
      const second = await aFile('outline.md');
      const { electron, window } = await startMain();
      electron.app.emit('second-instance', {}, ['/opt/Canopy/canopy', first], '/');
      const event = { preventDefault: vi.fn() };
      electron.app.emit('open-file', event, second);
      expect(event.preventDefault).toHaveBeenCalled();
      await vi.waitFor(() => expect(sentFiles(window!)).toHaveLength(2));
      expect(
        sentFiles(window!)
          .map(([, f]) => (f as { name: string }).name)
          .sort(),
      ).toEqual(['march.canopy', 'outline.md']);
      // Outlines open, but Open Recent lists Canopy files only.
      expect(recentMenu(electron)).toEqual(['march.canopy', undefined, 'Clear Recent']);
    });

    it('says why a file cannot be opened, sends nothing, and drops it from Open Recent', async () => {
      const file = await aFile('plan.canopy');
      const { electron, window } = await startMain(() => {
        process.argv = ['/opt/Canopy/canopy', file];
      });
      await vi.waitFor(() => expect(sentFiles(window!)).toHaveLength(1));
      await rm(file);
      const [template] = electron.Menu.buildFromTemplate.mock.calls.at(-1) as [
        {
          label?: string;
          submenu?: { label?: string; submenu?: { label?: string; click?: () => void }[] }[];
        }[],
      ];
      template.flatMap((menu) => menu.submenu ?? []).find((item) => item.label === 'Open Recent')!
        .submenu![0]!.click!();
      await vi.waitFor(() => expect(electron.dialog.showErrorBox).toHaveBeenCalled());
      expect(electron.dialog.showErrorBox.mock.calls[0]![0]).toBe('Canopy could not open the file');
      expect(sentFiles(window!)).toHaveLength(1);
      await vi.waitFor(() => expect(recentMenu(electron)[0]).toBe('No Recent Files'));
    });

    it('lists a dropped file only when it is a real .canopy file', async () => {
      const canopy = await aFile('dropped.canopy');
      const other = await aFile('notes.txt');
      const { electron } = await startMain();
      const remember = electron.ipcMain.handle.mock.calls.find(
        ([c]) => c === IPC.rememberFile,
      )![1] as (event: unknown, ...args: unknown[]) => Promise<void>;
      const event = { senderFrame: { url: 'app://canopy/index.html', parent: null } };
      await remember(event, other);
      await remember(event, path.join(path.dirname(canopy), 'missing.canopy'));
      await remember(event, 'relative.canopy');
      expect(electron.app.addRecentDocument).not.toHaveBeenCalled();
      await remember(event, canopy);
      expect(electron.app.addRecentDocument).toHaveBeenCalledWith(canopy);
      expect(recentMenu(electron)[0]).toBe('dropped.canopy');
    });
  });
});
