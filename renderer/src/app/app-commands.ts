/**
 * Commands of the whole app, on every screen: a new tree, open a file, all trees,
 * the theme, this list of shortcuts, the command palette, and moving between panes.
 * A browser keeps Ctrl+N for itself, so the web app uses Alt+N for a new tree.
 */
import { useCommandHost, type AppCommand } from '../commands/context';
import { requestPickFile } from '../files/FileOpener';
import { createFromTemplate } from '../services/documents';
import { useApp } from './app-store';

export const appCommands: AppCommand[] = [
  {
    id: 'file.new',
    label: 'New tree',
    group: 'file',
    keys: { desktop: ['Mod+N'], web: ['Alt+N'] },
    menu: true,
    run(ctx) {
      void createFromTemplate(ctx.platform.storage, 'blank').then((id) =>
        useApp.getState().navigate({ screen: 'doc', id }),
      );
    },
  },
  {
    id: 'file.open',
    label: 'Open a file…',
    description: 'Open a file (.canopy, Markdown, JSON)',
    group: 'file',
    keys: { all: ['Mod+O'] },
    inTextFields: true,
    menu: true,
    run: () => requestPickFile(),
  },
  {
    id: 'app.home',
    label: 'All trees',
    description: 'All trees: the home screen',
    group: 'file',
    keys: { all: ['Mod+Shift+H'] },
    inTextFields: true,
    menu: true,
    when: () => useApp.getState().route.screen !== 'home',
    run: () => useApp.getState().navigate({ screen: 'home' }),
  },
  {
    id: 'app.theme',
    label: 'Change theme',
    description: 'Change theme: system, light or dark',
    group: 'view',
    keys: { all: ['Mod+Shift+L'] },
    inTextFields: true,
    menu: true,
    run: () => useApp.getState().cycleTheme(),
  },
  {
    id: 'app.palette',
    label: 'Command palette',
    description: 'Command palette: find and run any command',
    group: 'view',
    keys: { all: ['Mod+K'] },
    inTextFields: true,
    menu: true,
    hideInPalette: true,
    run(ctx) {
      const host = useCommandHost.getState();
      const focused = document.activeElement;
      host.setPalette(
        host.palette ? null : { ctx, returnFocus: focused instanceof HTMLElement ? focused : null },
      );
    },
  },
  {
    id: 'app.shortcuts',
    label: 'Keyboard shortcuts',
    description: 'This list',
    group: 'help',
    keys: { all: ['?', 'Mod+/'] },
    menu: true,
    run: () => useApp.getState().setShortcutsOpen(true),
  },
  {
    id: 'app.item-menu',
    label: 'Open the context menu',
    description: 'The context menu of the focused card or row',
    group: 'help',
    keys: { all: ['Shift+F10', 'ContextMenu'] },
    hideInPalette: true,
    when: (ctx) => ctx.item !== null,
    run(ctx) {
      const item = ctx.item!;
      const rect = item.rect();
      useCommandHost.getState().setItemMenu({
        target: item,
        x: rect ? rect.left + Math.min(24, rect.width / 2) : 0,
        y: rect ? rect.bottom : 0,
        returnFocus: document.activeElement instanceof HTMLElement ? document.activeElement : null,
      });
    },
  },
  {
    id: 'app.panes',
    label: 'Next or previous pane',
    description: 'Next or previous pane: top bar, outline, canvas tools, canvas, details',
    group: 'help',
    keysText: 'F6, Shift+F6',
  },
];
