/** Creates the single main window with the secure web preferences. */
import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { editMenuTemplate } from '../edit-menu';
import { MIN_WINDOW_SIZE, type InitialWindowBounds, type WindowStateSaver } from '../window-state';

export interface MainWindowOptions {
  bounds: InitialWindowBounds;
  preloadPath: string;
  url: string;
  stateSaver: WindowStateSaver;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const { bounds } = options;
  const window = new BrowserWindow({
    x: bounds.x,
    y: bounds.y,
    width: bounds.width,
    height: bounds.height,
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    title: 'Canopy',
    backgroundColor: '#f3f6f1',
    // Shown on ready-to-show, so the user never sees a blank frame.
    show: false,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: true,
      preload: options.preloadPath,
    },
  });
  if (bounds.maximized) window.maximize();
  // Text fields get the edit menu with spelling suggestions (spellcheck is on above).
  window.webContents.on('context-menu', (_event, params) => {
    const template = editMenuTemplate(params, {
      replaceMisspelling: (word) => window.webContents.replaceMisspelling(word),
      addToDictionary: (word) => window.webContents.session.addWordToSpellCheckerDictionary(word),
    });
    if (template)
      Menu.buildFromTemplate(template as MenuItemConstructorOptions[]).popup({ window });
  });
  window.once('ready-to-show', () => window.show());

  const remember = () => {
    if (window.isDestroyed() || window.isMinimized() || window.isFullScreen()) return;
    options.stateSaver.schedule({ ...window.getNormalBounds(), maximized: window.isMaximized() });
  };
  window.on('resize', remember);
  window.on('move', remember);
  window.on('maximize', remember);
  window.on('unmaximize', remember);
  window.on('close', () => {
    remember();
    options.stateSaver.flush();
  });

  void window.loadURL(options.url);
  return window;
}
