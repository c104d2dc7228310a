/**
 * A stand-in for the 'electron' module, just deep enough to run electron/shell/*.
 * Tests install it with `vi.mock('electron', () => import('./fake-electron'))` and
 * read what the shell did from the recorded calls.
 */
import { EventEmitter } from 'node:events';
import { request as httpRequest, type RequestOptions } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: Listener | null = null;
  readonly send = vi.fn();
  readonly postMessage = vi.fn();
  readonly replaceMisspelling = vi.fn();
  readonly session = { addWordToSpellCheckerDictionary: vi.fn() };
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
}

interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static focused: FakeBrowserWindow | null = null;
  static getAllWindows = () => FakeBrowserWindow.instances.filter((w) => !w.destroyed);
  static getFocusedWindow = () => FakeBrowserWindow.focused;
  static fromWebContents = (contents: unknown) =>
    FakeBrowserWindow.instances.find((w) => w.webContents === contents) ?? null;

  readonly webContents = new FakeWebContents();
  readonly loadURL = vi.fn(async (_url: string) => undefined);
  readonly show = vi.fn();
  readonly focus = vi.fn();
  readonly restore = vi.fn(() => {
    this.minimized = false;
  });
  readonly maximize = vi.fn();
  readonly setProgressBar = vi.fn();
  minimized = false;
  destroyed = false;
  bounds: Rect;

  constructor(readonly options: Record<string, unknown> & { webPreferences?: object }) {
    super();
    this.bounds = {
      x: (options.x as number | undefined) ?? 0,
      y: (options.y as number | undefined) ?? 0,
      width: options.width as number,
      height: options.height as number,
    };
    FakeBrowserWindow.instances.push(this);
    app.emit('web-contents-created', {}, this.webContents);
  }
  isMinimized = () => this.minimized;
  isMaximized = () => false;
  isFullScreen = () => false;
  isDestroyed = () => this.destroyed;
  getNormalBounds = () => ({ ...this.bounds });
}

class FakeApp extends EventEmitter {
  isPackaged = true;
  hasLock = true;
  userData = path.join(tmpdir(), 'canopy-fake-user-data');
  readonly quit = vi.fn();
  readonly enableSandbox = vi.fn();
  readonly addRecentDocument = vi.fn();
  readonly clearRecentDocuments = vi.fn();
  readonly relaunch = vi.fn();
  readonly requestSingleInstanceLock = vi.fn(() => this.hasLock);
  readonly whenReady = vi.fn(() => Promise.resolve());
  isReady = () => true;
  getAppPath = () => '/opt/canopy/app';
  getPath = (name: string) => (name === 'userData' ? this.userData : path.join(tmpdir(), name));
  getName = () => 'Canopy';
  getVersion = () => '0.1.0';
}

export const app = new FakeApp();
export const BrowserWindow = FakeBrowserWindow;

export const protocol = {
  registerSchemesAsPrivileged: vi.fn(),
  handle: vi.fn(),
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
  },
  fromPartition: vi.fn((_partition: string, _options?: object) => ({})),
};

/**
 * Electron's net.request, served by Node's http (same events: 'response', 'error'),
 * so electron-updater can talk to a real HTTP server on the loopback in tests.
 */
export const net = {
  request: vi.fn((options: RequestOptions & { session?: unknown; redirect?: string }) => {
    const { session: _session, redirect: _redirect, ...nodeOptions } = options;
    return httpRequest(nodeOptions);
  }),
};

/** Electron's own autoUpdater: electron-updater emits 'before-quit-for-update' on it. */
export const autoUpdater = new EventEmitter();

export const ipcMain = { handle: vi.fn() };

export class FakeMessagePortMain extends EventEmitter {
  readonly postMessage = vi.fn();
  readonly start = vi.fn();
  readonly close = vi.fn();
}

export class MessageChannelMain {
  readonly port1 = new FakeMessagePortMain();
  readonly port2 = new FakeMessagePortMain();
}

export const Menu = {
  buildFromTemplate: vi.fn((template: unknown) => ({ template, popup: vi.fn() })),
  setApplicationMenu: vi.fn(),
};

const display = { id: 1, workArea: { x: 0, y: 0, width: 1920, height: 1080 } };
export const screen = {
  getPrimaryDisplay: vi.fn(() => display),
  getAllDisplays: vi.fn(() => [display]),
};

export const dialog = {
  showSaveDialog: vi.fn(),
  showOpenDialog: vi.fn(),
  showErrorBox: vi.fn(),
  showMessageBox: vi.fn(async (..._args: unknown[]) => ({ response: 0, checkboxChecked: false })),
};

export const shell = { openExternal: vi.fn(async (_url: string) => undefined) };

export const contextBridge = { exposeInMainWorld: vi.fn() };

export const webUtils = { getPathForFile: vi.fn((_file: unknown) => '') };

export const ipcRenderer = {
  invoke: vi.fn(async (..._args: unknown[]) => undefined),
  on: vi.fn(),
  removeListener: vi.fn(),
  send: vi.fn(),
  sendSync: vi.fn(),
};

/**
 * Back to a fresh state. Vitest keeps a mocked module across vi.resetModules(), so
 * tests that re-import the shell call this instead of re-creating the fake.
 */
export function resetFakeElectron(): void {
  vi.clearAllMocks();
  app.removeAllListeners();
  app.isPackaged = true;
  app.hasLock = true;
  FakeBrowserWindow.instances = [];
  FakeBrowserWindow.focused = null;
}
