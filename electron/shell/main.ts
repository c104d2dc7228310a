/**
 * Electron main process: wires the plain-Node modules in electron/ to the real
 * Electron APIs. Keep logic out of here; it cannot be unit-tested without mocks.
 */
import { readFileSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  MessageChannelMain,
  protocol,
  screen,
  session,
  type MenuItemConstructorOptions,
} from 'electron';
import { IPC, type MenuEntry } from '../../shared/ipc';
import { buildAppMenuTemplate } from '../app-menu';
import { createAppProtocolHandler } from '../app-protocol';
import { registerIpcHandlers } from '../ipc-handlers';
import { WorkerUpdateGuard } from '../peer/worker-update-guard';
import { portLikeFromMain } from '../main-port';
import { TeamService } from '../team-service';
import { WorkshopService } from '../workshop-service';
import { loadOrCreateIdentity } from '../room-identity';
import { placeProjector } from '../projector-placement';
import { APP_ORIGIN, APP_SCHEME, parseDevServerUrl } from '../security-policy';
import { createWindowStateSaver, loadWindowState, restoreWindowBounds } from '../window-state';
import { openablePathsIn, readOpenableFile, RecentFiles } from '../opened-files';
import { hardenSession, hardenWebContents } from './harden';
import { createMainWindow } from './main-window';
import { createUpdateController } from './updates';

// Must happen before 'ready'. standard: real origin and relative URLs; secure: like https.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();

const appRoot = app.getAppPath();
const rendererRoot = path.join(appRoot, 'dist', 'renderer');
const preloadPath = path.join(appRoot, 'dist', 'electron', 'preload.cjs');
// The Vite dev server is honoured only in unpackaged (development) runs.
const devServer = app.isPackaged ? null : parseDevServerUrl(process.env.CANOPY_DEV_URL);
const appOrigin = devServer?.origin ?? APP_ORIGIN;
const startUrl = devServer?.href ?? `${APP_ORIGIN}/index.html`;

let mainWindow: BrowserWindow | null = null;

// The update guard's worker, bundled with Yjs: the packaged app has no node_modules.
let guardSource: string | undefined;
const guardThreadSource = () =>
  (guardSource ??= readFileSync(
    path.join(appRoot, 'dist', 'electron', 'update-guard-thread.cjs'),
    'utf8',
  ));

// Trees linked to team servers sync from here, whatever the windows do; the links
// (with their keys) are remembered in a private file and resumed at start.
const team = new TeamService({
  createGuard: () => new WorkerUpdateGuard({ source: guardThreadSource() }),
  linksFile: path.join(app.getPath('userData'), 'team-links.json'),
  onStatus: (docId, status) => {
    for (const window of BrowserWindow.getAllWindows())
      window.webContents.send(IPC.teamChanged, { docId, status });
  },
});

// The LAN workshop outlives window reloads; every window hears its status.
const workshop = new WorkshopService({
  // Participants who typed the code get the tree's team access too, and we take theirs.
  teamHandover: (docId) => team.handover(docId),
  onTeamHandover: (docId, handover) => void team.adopt(docId, handover).catch(() => undefined),
  createGuard: () => new WorkerUpdateGuard({ source: guardThreadSource() }),
  // Browsers on the network join from the same port: the app serves itself.
  webRoot: rendererRoot,
  onStatus: (status) => {
    for (const window of BrowserWindow.getAllWindows())
      window.webContents.send(IPC.workshopChanged, status);
  },
  // The room: this device is the same person after a restart (and facilitates what it hosts).
  identity: loadOrCreateIdentity(app.getPath('userData')),
  roomFolder: app.getPath('userData'),
  onRoom: (state) => {
    for (const window of BrowserWindow.getAllWindows())
      window.webContents.send(IPC.roomChanged, state);
  },
  onSummon: (view) => {
    for (const window of BrowserWindow.getAllWindows())
      window.webContents.send(IPC.roomSummon, view);
  },
});

let projectorWindow: BrowserWindow | null = null;

/** The projector: a chrome-less window on the other display, showing the room's view. */
function openProjector(docId: string): void {
  const url = `${startUrl}#/doc/${encodeURIComponent(docId)}/projector`;
  if (projectorWindow && !projectorWindow.isDestroyed()) {
    void projectorWindow.loadURL(url);
    projectorWindow.focus();
    return;
  }
  const near = mainWindow ? screen.getDisplayMatching(mainWindow.getBounds()) : null;
  const place = placeProjector(screen.getAllDisplays(), near?.id ?? screen.getPrimaryDisplay().id);
  const window = createMainWindow({
    bounds: { ...place.bounds, maximized: false },
    preloadPath,
    url,
    stateSaver: { schedule: () => undefined, flush: () => undefined },
  });
  window.setMenuBarVisibility(false);
  if (place.fullscreen) window.setFullScreen(true);
  window.on('closed', () => {
    projectorWindow = null;
  });
  projectorWindow = window;
}

// Updates from the team's own server, when the build has one (README, Packaging).
const updates = createUpdateController({
  window: () => mainWindow,
  workshopRunning: () => workshop.status().running,
});

// ── Files from outside: double-click, a second launch, macOS open-file, Open Recent ──

const recent = new RecentFiles(path.join(app.getPath('userData'), 'recent-files.json'));
/** Files asked for before the app was ready (macOS sends open-file that early). */
const openBeforeReady: string[] = [];
/** The window's commands for the menu bar (its registry sends them; see app-menu.ts). */
let menuEntries: MenuEntry[] = [];

function installMenu(): void {
  const template = buildAppMenuTemplate({
    platform: process.platform,
    isPackaged: app.isPackaged,
    appName: app.getName(),
    entries: menuEntries,
    send: sendCommand,
    recent: recent.list(),
    openRecent: (filePath) => void openFromOutside(filePath),
    clearRecent: () => {
      app.clearRecentDocuments();
      void recent.clear().then(installMenu);
    },
    checkForUpdates: () => void updates.checkFromMenu(),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template satisfies MenuItemConstructorOptions[]));
}

/** Lists a real .canopy file under Open Recent (here and in the OS's own lists). */
async function rememberFile(filePath: string): Promise<void> {
  if (!path.isAbsolute(filePath) || path.extname(filePath).toLowerCase() !== '.canopy') return;
  const info = await stat(filePath).catch(() => null);
  if (!info?.isFile()) return;
  await recent.add(filePath);
  app.addRecentDocument(filePath);
  installMenu();
}

/** Reads a file main was asked to open and hands it to the window (which opens it). */
async function openFromOutside(filePath: string): Promise<void> {
  try {
    const file = await readOpenableFile(filePath);
    await rememberFile(filePath);
    await openMainWindow();
    focusMainWindow();
    const contents = mainWindow!.webContents;
    contents.send(IPC.fileOpened, file);
  } catch (error) {
    // A recent file that is gone leaves the list.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      await recent.remove(filePath).then(installMenu, () => undefined);
    dialog.showErrorBox(
      'Canopy could not open the file',
      error instanceof Error ? error.message : String(error),
    );
  }
}

function focusMainWindow(): void {
  // On macOS the app may be running with its window closed.
  if (!mainWindow) {
    if (app.isReady()) void openMainWindow();
    return;
  }
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

function sendCommand(commandId: string): void {
  BrowserWindow.getFocusedWindow()?.webContents.send(IPC.command, commandId);
}

let opening: Promise<void> | null = null;

/** Opens the main window once, even if 'activate' and 'second-instance' race. */
function openMainWindow(): Promise<void> {
  opening ??= createWindowFromSavedState().finally(() => {
    opening = null;
  });
  return opening;
}

async function createWindowFromSavedState(): Promise<void> {
  if (mainWindow) return;
  const stateDirectory = app.getPath('userData');
  const primary = screen.getPrimaryDisplay();
  const others = screen.getAllDisplays().filter((display) => display.id !== primary.id);
  const bounds = restoreWindowBounds(
    await loadWindowState(stateDirectory),
    [primary, ...others].map((display) => display.workArea),
  );
  mainWindow = createMainWindow({
    bounds,
    preloadPath,
    url: startUrl,
    stateSaver: createWindowStateSaver(stateDirectory),
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

function installIpcHandlers(): void {
  registerIpcHandlers(ipcMain, {
    trustedOrigins: [appOrigin],
    appInfo: () => ({ name: app.getName(), version: app.getVersion(), platform: process.platform }),
    defaultDirectory: app.getPath('documents'),
    showSaveDialog: (event, options) => {
      const owner = BrowserWindow.fromWebContents(event.sender);
      return owner ? dialog.showSaveDialog(owner, options) : dialog.showSaveDialog(options);
    },
    showOpenDialog: (event, options) => {
      const owner = BrowserWindow.fromWebContents(event.sender);
      return owner ? dialog.showOpenDialog(owner, options) : dialog.showOpenDialog(options);
    },
    writeFile: (filePath, data) => writeFile(filePath, data),
    readFile: (filePath) => readFile(filePath),
    fileSize: async (filePath) => (await stat(filePath)).size,
    rememberFile,
    setMenu: (entries) => {
      menuEntries = entries;
      installMenu();
    },
    room: {
      command: (command) => workshop.room.command(command),
      state: () => workshop.room.state(),
    },
    openProjector,
    workshop: {
      start: (docId) => workshop.start(docId),
      join: (request) => workshop.join(request),
      connect: (address) => workshop.connect(address),
      stop: () => workshop.stop(),
      status: () => workshop.status(),
      link: (event) => {
        const { port1, port2 } = new MessageChannelMain();
        workshop.linkWindow(portLikeFromMain(port1));
        event.sender.postMessage(IPC.workshopPort, null, [port2]);
      },
    },
    team: {
      connect: async (request) => {
        const status = await team.connect(request);
        workshop.refreshTeamHandover();
        return status;
      },
      join: (invitation) => team.join(invitation),
      disconnect: async (docId, forget) => {
        await team.disconnect(docId, forget);
        workshop.refreshTeamHandover();
      },
      status: (docId) => team.status(docId),
      invitation: (docId) => team.invitation(docId),
      link: (event, docId) => {
        const { port1, port2 } = new MessageChannelMain();
        team.linkWindow(docId, portLikeFromMain(port1));
        event.sender.postMessage(IPC.teamPort, null, [port2]);
      },
    },
  });
}

async function onReady(): Promise<void> {
  hardenSession(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler({ root: rendererRoot }));
  installIpcHandlers();
  await recent.load();
  void team.resume();
  installMenu();
  await openMainWindow();
  // Launched by double-clicking a file (Windows, Linux), or asked before ready (macOS).
  for (const filePath of [...openablePathsIn(process.argv, process.cwd()), ...openBeforeReady])
    await openFromOutside(filePath);
  openBeforeReady.length = 0;
  void updates.checkOnStart();
}

if (!app.requestSingleInstanceLock()) {
  // Another Canopy is running; it gets focused through 'second-instance'.
  app.quit();
} else {
  // A second launch (often a double-clicked file) comes here instead.
  app.on('second-instance', (_event: unknown, argv: string[], workingDirectory: string) => {
    focusMainWindow();
    for (const filePath of openablePathsIn(argv, workingDirectory)) void openFromOutside(filePath);
  });
  // macOS: a file opened from Finder or the Dock, possibly before the app is ready.
  app.on('open-file', (event: { preventDefault(): void }, filePath: string) => {
    event.preventDefault();
    if (app.isReady()) void openFromOutside(filePath);
    else openBeforeReady.push(filePath);
  });
  // Every webContents, present and future, gets the same lock-down.
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appOrigin));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Leave the workshop cleanly: peers see a close, not a timeout.
  app.on('will-quit', () => {
    void workshop.stop();
    void team.stop();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openMainWindow();
  });
  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => {
      dialog.showErrorBox('Canopy could not start', String(error));
      app.quit();
    });
}
