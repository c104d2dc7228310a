/**
 * The application menu as a plain template (no Electron import), so shortcuts are
 * testable. App-specific items only call `send(command)`; main forwards that to the
 * focused window, where the renderer decides what "undo" means.
 */
import type { AppCommand } from '../shared/ipc';
import { CHECK_FOR_UPDATES_LABEL } from './update-notices';

/** The Electron menu roles this menu uses (a subset of MenuItemConstructorOptions.role). */
export type MenuRole =
  | 'about'
  | 'services'
  | 'hide'
  | 'hideOthers'
  | 'unhide'
  | 'quit'
  | 'close'
  | 'undo'
  | 'redo'
  | 'cut'
  | 'copy'
  | 'paste'
  | 'selectAll'
  | 'resetZoom'
  | 'zoomIn'
  | 'zoomOut'
  | 'togglefullscreen'
  | 'reload'
  | 'forceReload'
  | 'toggleDevTools'
  | 'minimize'
  | 'zoom'
  | 'front'
  | 'help'
  | 'window';

/** Structurally compatible with Electron's MenuItemConstructorOptions. */
export interface MenuItemTemplate {
  label?: string;
  role?: MenuRole;
  type?: 'normal' | 'separator' | 'submenu';
  accelerator?: string;
  visible?: boolean;
  enabled?: boolean;
  click?: () => void;
  submenu?: MenuItemTemplate[];
}

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  /** Reload and DevTools exist only in development builds. */
  isPackaged: boolean;
  appName: string;
  send: (command: AppCommand) => void;
  /** Recently opened or saved files, newest first (absolute paths). */
  recent?: readonly string[];
  openRecent?: (filePath: string) => void;
  clearRecent?: () => void;
  /** Help → Check for Updates…; the item is left out without it. */
  checkForUpdates?: () => void;
}

/** A recent file as the menu shows it: its name, and its folder when names repeat. */
export function recentLabels(paths: readonly string[]): string[] {
  const base = (p: string) => p.split(/[\\/]/).pop() ?? p;
  const folder = (p: string) => p.split(/[\\/]/).slice(-2, -1)[0] ?? '';
  return paths.map((p) => {
    const name = base(p);
    const repeated = paths.filter((q) => base(q) === name).length > 1;
    // Menus read "&" as a mnemonic marker: double it to show one.
    return (repeated ? `${name} (${folder(p)})` : name).replaceAll('&', '&&');
  });
}

const separator: MenuItemTemplate = { type: 'separator' };

export function buildAppMenuTemplate(options: AppMenuOptions): MenuItemTemplate[] {
  const { platform, isPackaged, appName, send, recent = [] } = options;
  const isMac = platform === 'darwin';
  const command = (label: string, accelerator: string, name: AppCommand): MenuItemTemplate => ({
    label,
    accelerator,
    click: () => send(name),
  });

  const macAppMenu: MenuItemTemplate = {
    label: appName,
    submenu: [
      { role: 'about' },
      separator,
      { role: 'services' },
      separator,
      { role: 'hide' },
      { role: 'hideOthers' },
      { role: 'unhide' },
      separator,
      { role: 'quit' },
    ],
  };

  const fileMenu: MenuItemTemplate = {
    label: 'File',
    submenu: [
      command('New Document', 'CmdOrCtrl+N', 'new-document'),
      command('Open…', 'CmdOrCtrl+O', 'open-file'),
      {
        label: 'Open Recent',
        submenu: [
          ...(recent.length
            ? recentLabels(recent).map((label, i) => ({
                label,
                click: () => options.openRecent?.(recent[i]!),
              }))
            : [{ label: 'No Recent Files', enabled: false }]),
          separator,
          {
            label: 'Clear Recent',
            enabled: recent.length > 0,
            click: () => options.clearRecent?.(),
          },
        ],
      },
      command('Home', 'CmdOrCtrl+Shift+H', 'go-home'),
      separator,
      { role: 'close', label: 'Close Window' },
      // On macOS Quit lives in the app menu.
      ...(isMac ? [] : [separator, { role: 'quit' } satisfies MenuItemTemplate]),
    ],
  };

  const editMenu: MenuItemTemplate = {
    label: 'Edit',
    submenu: [
      command('Undo', 'CmdOrCtrl+Z', 'undo'),
      command('Redo', 'CmdOrCtrl+Shift+Z', 'redo'),
      // Windows and Linux users expect Ctrl+Y too; hidden items keep their
      // accelerators there, so it works without a duplicate menu entry.
      ...(isMac ? [] : [{ ...command('Redo', 'CmdOrCtrl+Y', 'redo'), visible: false }]),
      separator,
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const viewMenu: MenuItemTemplate = {
    label: 'View',
    submenu: [
      command('Toggle Theme', 'CmdOrCtrl+Shift+L', 'toggle-theme'),
      separator,
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      separator,
      { role: 'togglefullscreen' },
      ...(isPackaged
        ? []
        : [
            separator,
            { role: 'reload' } satisfies MenuItemTemplate,
            { role: 'forceReload' } satisfies MenuItemTemplate,
            { role: 'toggleDevTools' } satisfies MenuItemTemplate,
          ]),
    ],
  };

  const windowMenu: MenuItemTemplate = {
    label: 'Window',
    role: 'window',
    submenu: isMac
      ? [{ role: 'minimize' }, { role: 'zoom' }, separator, { role: 'front' }, { role: 'close' }]
      : [{ role: 'minimize' }, { role: 'close' }],
  };

  const helpMenu: MenuItemTemplate = {
    label: 'Help',
    role: 'help',
    submenu: [
      command('Keyboard Shortcuts', 'CmdOrCtrl+/', 'show-shortcuts'),
      ...(options.checkForUpdates
        ? [separator, { label: CHECK_FOR_UPDATES_LABEL, click: options.checkForUpdates }]
        : []),
      // On macOS About lives in the app menu.
      ...(isMac
        ? []
        : [separator, { role: 'about', label: `About ${appName}` } satisfies MenuItemTemplate]),
    ],
  };

  return [...(isMac ? [macAppMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}
