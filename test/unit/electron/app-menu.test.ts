import { describe, expect, it, vi } from 'vitest';
import { buildAppMenuTemplate, type MenuItemTemplate } from '../../../electron/app-menu';
import type { MenuEntry } from '../../../shared/ipc';

function flatten(items: MenuItemTemplate[]): MenuItemTemplate[] {
  return items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
}

/** What the renderer's registry sends (see renderer/src/commands/registry.ts). */
const ENTRIES: MenuEntry[] = [
  { id: 'file.new', label: 'New tree', menu: 'file', accelerators: ['CmdOrCtrl+N'], enabled: true },
  { id: 'file.save', label: 'Save as a file', menu: 'file', accelerators: [], enabled: false },
  { id: 'edit.undo', label: 'Undo', menu: 'edit', accelerators: ['CmdOrCtrl+Z'], enabled: true },
  {
    id: 'edit.redo',
    label: 'Redo',
    menu: 'edit',
    accelerators: ['CmdOrCtrl+Shift+Z', 'CmdOrCtrl+Y'],
    enabled: true,
  },
  { id: 'view.board', label: 'Go to Board', menu: 'view', accelerators: ['Alt+2'], enabled: true },
  {
    id: 'app.shortcuts',
    label: 'Keyboard shortcuts',
    menu: 'help',
    accelerators: ['CmdOrCtrl+/'],
    enabled: true,
  },
];

function build(platform: NodeJS.Platform, isPackaged = true, entries = ENTRIES) {
  const send = vi.fn<(commandId: string) => void>();
  const template = buildAppMenuTemplate({ platform, isPackaged, appName: 'Canopy', send, entries });
  return { template, items: flatten(template), send };
}

const menu = (template: MenuItemTemplate[], label: string) =>
  template.find((m) => m.label === label)!.submenu!;

describe('buildAppMenuTemplate', () => {
  it.each(['darwin', 'win32', 'linux'] as const)(
    "puts the renderer's commands in their menus on %s; a click sends the command id",
    (platform) => {
      const { template, send } = build(platform);
      expect(
        menu(template, 'File')
          .slice(0, 2)
          .map((i) => i.label),
      ).toEqual(['New tree', 'Save as a file']);
      expect(menu(template, 'Edit')[0]).toMatchObject({
        label: 'Undo',
        accelerator: 'CmdOrCtrl+Z',
      });
      expect(menu(template, 'View')[0]!.label).toBe('Go to Board');
      expect(menu(template, 'Help')[0]!.label).toBe('Keyboard shortcuts');
      menu(template, 'View')[0]!.click!();
      menu(template, 'File')[0]!.click!();
      expect(send.mock.calls).toEqual([['view.board'], ['file.new']]);
    },
  );

  it('shows a command that does not apply now as disabled', () => {
    const save = menu(build('linux').template, 'File')[1]!;
    expect(save).toMatchObject({ label: 'Save as a file', enabled: false });
    expect(save.accelerator).toBeUndefined();
  });

  it('leaves Alt shortcuts to the page: shown, not registered (Option+digit types on a Mac)', () => {
    const board = menu(build('darwin').template, 'View')[0]!;
    expect(board).toMatchObject({ accelerator: 'Alt+2', registerAccelerator: false });
    const undo = menu(build('darwin').template, 'Edit')[0]!;
    expect(undo.registerAccelerator).toBeUndefined();
  });

  it('adds further accelerators as hidden items (Ctrl+Y for redo), sending the same id', () => {
    const { items, send } = build('linux');
    const hidden = items.find((i) => i.accelerator === 'CmdOrCtrl+Y')!;
    expect(hidden).toMatchObject({ label: 'Redo', visible: false });
    hidden.click!();
    expect(send).toHaveBeenCalledWith('edit.redo');
  });

  it('puts Open Recent right after the window’s Open command', () => {
    const open: MenuEntry = {
      id: 'file.open',
      label: 'Open a file…',
      menu: 'file',
      accelerators: ['CmdOrCtrl+O'],
      enabled: true,
    };
    const [first, ...rest] = ENTRIES;
    const { template } = build('linux', true, [first!, open, ...rest]);
    expect(
      menu(template, 'File')
        .map((i) => i.label ?? i.type)
        .slice(0, 5),
    ).toEqual(['New tree', 'Open a file…', 'Open Recent', 'Save as a file', 'separator']);
  });

  it('keeps its own items before the window has sent any commands', () => {
    const { template } = build('linux', true, []);
    expect(menu(template, 'File').map((i) => i.label ?? i.role ?? i.type)).toEqual([
      'Open Recent',
      'separator',
      'Close Window',
      'separator',
      'quit',
    ]);
    expect(menu(template, 'Edit').map((i) => i.role)).toEqual([
      'cut',
      'copy',
      'paste',
      'selectAll',
    ]);
  });

  it('has the usual top-level menus, with the app menu first on macOS', () => {
    expect(build('darwin').template.map((m) => m.label)).toEqual([
      'Canopy',
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ]);
    expect(build('linux').template.map((m) => m.label)).toEqual([
      'File',
      'Edit',
      'View',
      'Window',
      'Help',
    ]);
  });

  it('uses roles for clipboard, zoom, fullscreen, window and quit', () => {
    const roles = build('linux').items.map((item) => item.role);
    for (const role of [
      'cut',
      'copy',
      'paste',
      'selectAll',
      'zoomIn',
      'zoomOut',
      'resetZoom',
      'togglefullscreen',
      'minimize',
      'close',
      'quit',
      'about',
    ] as const) {
      expect(roles, role).toContain(role);
    }
  });

  it('offers reload and DevTools only in development builds', () => {
    const packaged = build('win32', true).items.map((item) => item.role);
    const development = build('win32', false).items.map((item) => item.role);
    expect(packaged).not.toContain('toggleDevTools');
    expect(packaged).not.toContain('reload');
    expect(development).toContain('toggleDevTools');
    expect(development).toContain('reload');
  });

  it('puts Quit and About in the app menu on macOS', () => {
    const { template } = build('darwin');
    const appMenuRoles = template[0]?.submenu?.map((item) => item.role);
    expect(appMenuRoles).toContain('quit');
    expect(appMenuRoles).toContain('about');
    const rest = flatten(template.slice(1)).map((item) => item.role);
    expect(rest).not.toContain('quit');
  });

  it('lists recent files under File → Open Recent, opens and clears them', () => {
    const openRecent = vi.fn();
    const clearRecent = vi.fn();
    const recent = ['/home/ada/March/plan.canopy', '/home/ada/May/plan.canopy', '/srv/R&D.canopy'];
    const template = buildAppMenuTemplate({
      platform: 'linux',
      isPackaged: true,
      appName: 'Canopy',
      send: vi.fn(),
      entries: ENTRIES,
      recent,
      openRecent,
      clearRecent,
    });
    const file = template.find((m) => m.label === 'File')!;
    const submenu = file.submenu!.find((m) => m.label === 'Open Recent')!.submenu!;
    expect(submenu.map((m) => m.label ?? m.type)).toEqual([
      'plan.canopy (March)',
      'plan.canopy (May)',
      'R&&D.canopy',
      'separator',
      'Clear Recent',
    ]);
    submenu[1]!.click!();
    expect(openRecent).toHaveBeenCalledWith('/home/ada/May/plan.canopy');
    submenu.at(-1)!.click!();
    expect(clearRecent).toHaveBeenCalled();
  });

  it('says so when there are no recent files', () => {
    const file = build('darwin').template.find((m) => m.label === 'File')!;
    const submenu = file.submenu!.find((m) => m.label === 'Open Recent')!.submenu!;
    expect(submenu[0]).toEqual({ label: 'No Recent Files', enabled: false });
    expect(submenu.at(-1)).toMatchObject({ label: 'Clear Recent', enabled: false });
  });

  it.each(['darwin', 'win32', 'linux'] as const)(
    'offers Help → Check for Updates… on %s',
    (platform) => {
      const checkForUpdates = vi.fn();
      const template = buildAppMenuTemplate({
        platform,
        isPackaged: true,
        appName: 'Canopy',
        send: vi.fn(),
        checkForUpdates,
      });
      const help = template.find((m) => m.label === 'Help')!;
      const item = help.submenu!.find((m) => m.label === 'Check for Updates…')!;
      item.click!();
      expect(checkForUpdates).toHaveBeenCalledOnce();
    },
  );
});
