/**
 * The application menu as a plain template (no Electron import), so it is testable.
 * The app's own items are the renderer's commands (its registry sends them as
 * MenuEntry[]: id, label, accelerators, enabled, menu); a click only calls
 * `send(id)`, main forwards that to the focused window, and the renderer runs the
 * command. Main keeps what only it can do: Open Recent, roles, updates.
 */
import type { AppMenu, MenuEntry } from '../shared/ipc';
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
  id?: string;
  label?: string;
  role?: MenuRole;
  type?: 'normal' | 'separator' | 'submenu';
  accelerator?: string;
  /** False: the accelerator is shown but the page handles the key (Alt+1 types ¡ on a Mac). */
  registerAccelerator?: boolean;
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
  /** The renderer's commands (none until the window has sent them). */
  entries?: readonly MenuEntry[];
  send: (commandId: string) => void;
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

/** The window's File → Open… command: Open Recent follows it. */
const OPEN_COMMAND = 'file.open';

export function buildAppMenuTemplate(options: AppMenuOptions): MenuItemTemplate[] {
  const { platform, isPackaged, appName, send, recent = [], entries = [] } = options;
  const isMac = platform === 'darwin';
  /** The renderer's commands for one menu, then a separator if there were any. */
  const commands = (menu: AppMenu): MenuItemTemplate[] => {
    const items = entries
      .filter((entry) => entry.menu === menu)
      .flatMap((entry) => commandItems(entry, send));
    return items.length ? [...items, separator] : [];
  };

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

  // Open Recent goes right after the window's Open command, as in every app.
  const fileCommands = commands('file');
  const open = fileCommands.findIndex((item) => item.id === OPEN_COMMAND);
  const beforeRecent = open >= 0 ? fileCommands.slice(0, open + 1) : fileCommands.slice(0, -1);
  const afterRecent = open >= 0 ? fileCommands.slice(open + 1) : [separator];
  const fileMenu: MenuItemTemplate = {
    label: 'File',
    submenu: [
      ...beforeRecent,
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
      ...afterRecent,
      { role: 'close', label: 'Close Window' },
      // On macOS Quit lives in the app menu.
      ...(isMac ? [] : [separator, { role: 'quit' } satisfies MenuItemTemplate]),
    ],
  };

  const editMenu: MenuItemTemplate = {
    label: 'Edit',
    submenu: [
      // Undo and Redo are commands: the window decides what they undo (a text field's
      // typing, or this user's last change to the tree).
      ...commands('edit'),
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const viewMenu: MenuItemTemplate = {
    label: 'View',
    submenu: [
      ...commands('view'),
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
    submenu: withoutTrailingSeparator([
      ...commands('help'),
      ...(options.checkForUpdates
        ? [{ label: CHECK_FOR_UPDATES_LABEL, click: options.checkForUpdates }]
        : []),
      // On macOS About lives in the app menu.
      ...(isMac
        ? []
        : [
            ...(options.checkForUpdates ? [separator] : []),
            { role: 'about', label: `About ${appName}` } satisfies MenuItemTemplate,
          ]),
    ]),
  };

  return [...(isMac ? [macAppMenu] : []), fileMenu, editMenu, viewMenu, windowMenu, helpMenu];
}

/**
 * A command's menu item; its other accelerators (Ctrl+Y beside Ctrl+Shift+Z) as hidden
 * items, which keep their accelerators on Windows and Linux without a second entry.
 * Only Cmd/Ctrl shortcuts are registered with the menu: Alt and Option shortcuts stay
 * the page's, which leaves them to a text field that types with them.
 */
function commandItems(entry: MenuEntry, send: (commandId: string) => void): MenuItemTemplate[] {
  const click = () => send(entry.id);
  const [first, ...others] = entry.accelerators;
  const registered = (accelerator: string) => accelerator.startsWith('CmdOrCtrl+');
  const item: MenuItemTemplate = {
    id: entry.id,
    label: entry.label,
    enabled: entry.enabled,
    click,
  };
  if (first) {
    item.accelerator = first;
    if (!registered(first)) item.registerAccelerator = false;
  }
  return [
    item,
    ...others.filter(registered).map(
      (accelerator) =>
        ({
          ...item,
          id: `${entry.id}+${accelerator}`,
          accelerator,
          visible: false,
        }) satisfies MenuItemTemplate,
    ),
  ];
}

const withoutTrailingSeparator = (items: MenuItemTemplate[]) =>
  items.at(-1)?.type === 'separator' ? items.slice(0, -1) : items;
