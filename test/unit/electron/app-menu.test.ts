import { describe, expect, it, vi } from 'vitest';
import { buildAppMenuTemplate, type MenuItemTemplate } from '../../../electron/app-menu';
import type { AppCommand } from '../../../shared/ipc';

function flatten(items: MenuItemTemplate[]): MenuItemTemplate[] {
  return items.flatMap((item) => [item, ...flatten(item.submenu ?? [])]);
}

function build(platform: NodeJS.Platform, isPackaged = true) {
  const send = vi.fn<(command: AppCommand) => void>();
  const template = buildAppMenuTemplate({ platform, isPackaged, appName: 'Canopy', send });
  return { template, items: flatten(template), send };
}

/** Clicks the item with this accelerator and returns the command it sent. */
function commandFor(platform: NodeJS.Platform, accelerator: string): AppCommand | undefined {
  const { items, send } = build(platform);
  const item = items.find((candidate) => candidate.accelerator === accelerator);
  item?.click?.();
  return send.mock.calls[0]?.[0];
}

describe('buildAppMenuTemplate', () => {
  it.each(['darwin', 'win32', 'linux'] as const)('sends the app commands on %s', (platform) => {
    expect(commandFor(platform, 'CmdOrCtrl+N')).toBe('new-document');
    expect(commandFor(platform, 'CmdOrCtrl+O')).toBe('open-file');
    expect(commandFor(platform, 'CmdOrCtrl+Shift+H')).toBe('go-home');
    expect(commandFor(platform, 'CmdOrCtrl+Z')).toBe('undo');
    expect(commandFor(platform, 'CmdOrCtrl+Shift+Z')).toBe('redo');
    expect(commandFor(platform, 'CmdOrCtrl+Shift+L')).toBe('toggle-theme');
    expect(commandFor(platform, 'CmdOrCtrl+/')).toBe('show-shortcuts');
  });

  it('adds Ctrl+Y for redo on Windows and Linux only', () => {
    expect(commandFor('win32', 'CmdOrCtrl+Y')).toBe('redo');
    expect(commandFor('linux', 'CmdOrCtrl+Y')).toBe('redo');
    expect(commandFor('darwin', 'CmdOrCtrl+Y')).toBeUndefined();
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
