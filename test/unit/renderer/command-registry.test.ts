import { describe, expect, it, vi } from 'vitest';
import { CommandRegistry, keysFor, type Command } from '../../../renderer/src/commands/registry';
import type { KeyEnv, KeyPress } from '../../../renderer/src/commands/keys';

interface Ctx {
  docOpen: boolean;
  ran: string[];
}

const WEB: KeyEnv = { kind: 'web', mac: false };
const DESKTOP: KeyEnv = { kind: 'desktop', mac: false };
const MAC: KeyEnv = { kind: 'desktop', mac: true };

const press = (key: string, code: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  key,
  code,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  shiftKey: false,
  ...mods,
});

const ran =
  (id: string) =>
  (ctx: Ctx): void =>
    void ctx.ran.push(id);

const COMMANDS: Command<Ctx>[] = [
  {
    id: 'file.new',
    label: 'New tree',
    group: 'file',
    keys: { desktop: ['Mod+N'], web: ['Alt+N'] },
    menu: true,
    run: ran('file.new'),
  },
  {
    id: 'view.board',
    label: 'Go to Board',
    group: 'view',
    keys: { all: ['Alt+2'] },
    menu: true,
    when: (ctx) => ctx.docOpen,
    run: ran('view.board'),
  },
  {
    id: 'edit.redo',
    label: 'Redo',
    group: 'edit',
    keys: { all: ['Mod+Shift+Z', 'Mod+Y'], mac: ['Mod+Shift+Z'] },
    menu: true,
    run: ran('edit.redo'),
  },
  {
    id: 'app.theme',
    label: 'Change theme',
    group: 'view',
    keys: { all: ['Mod+Shift+L'] },
    inTextFields: true,
    run: ran('app.theme'),
  },
  {
    id: 'file.export-svg',
    label: 'Export a picture',
    qualifier: 'SVG',
    group: 'file',
    menu: true,
    when: (ctx) => ctx.docOpen,
    run: ran('file.export-svg'),
  },
  {
    id: 'tree.type',
    label: 'Rename by typing',
    group: 'tree',
    anyCharacter: true,
    when: (ctx) => ctx.docOpen,
    run: ran('tree.type'),
  },
  { id: 'tree.drag', label: 'Re-parent', group: 'tree', keysText: 'Drag a card onto another' },
];

function setup(docOpen = true) {
  const registry = new CommandRegistry<Ctx>();
  registry.register(COMMANDS);
  return { registry, ctx: { docOpen, ran: [] as string[] } };
}

describe('command registry', () => {
  it('gives each platform its shortcuts: Alt+N in a browser, Ctrl+N on the desktop', () => {
    const [newTree, , redo] = COMMANDS;
    expect(keysFor(newTree!, WEB)).toEqual(['Alt+N']);
    expect(keysFor(newTree!, DESKTOP)).toEqual(['Mod+N']);
    expect(keysFor(redo!, DESKTOP)).toEqual(['Mod+Shift+Z', 'Mod+Y']);
    expect(keysFor(redo!, MAC)).toEqual(['Mod+Shift+Z']);
    const { registry, ctx } = setup();
    expect(registry.forKey(press('n', 'KeyN', { altKey: true }), ctx, WEB, false)?.id).toBe(
      'file.new',
    );
    expect(registry.forKey(press('n', 'KeyN', { altKey: true }), ctx, DESKTOP, false)).toBeNull();
    expect(registry.forKey(press('y', 'KeyY', { metaKey: true }), ctx, MAC, false)).toBeNull();
    expect(registry.forKey(press('y', 'KeyY', { ctrlKey: true }), ctx, DESKTOP, false)?.id).toBe(
      'edit.redo',
    );
  });

  it('finds a command for a key only where it applies', () => {
    const optionTwo = press('™', 'Digit2', { altKey: true });
    const open = setup(true);
    expect(open.registry.forKey(optionTwo, open.ctx, MAC, false)?.id).toBe('view.board');
    const home = setup(false);
    expect(home.registry.forKey(optionTwo, home.ctx, MAC, false)).toBeNull();
    expect(home.registry.run('view.board', home.ctx)).toBe(false);
    expect(home.ctx.ran).toEqual([]);
    expect(open.registry.run('view.board', open.ctx)).toBe(true);
    expect(open.ctx.ran).toEqual(['view.board']);
  });

  it('leaves a text field its own keys, but for those marked to work there', () => {
    const { registry, ctx } = setup();
    const altTwo = press('²', 'Digit2', { altKey: true });
    expect(registry.forKey(altTwo, ctx, DESKTOP, true)).toBeNull();
    expect(registry.forKey(press('a', 'KeyA'), ctx, DESKTOP, true)).toBeNull();
    const theme = press('L', 'KeyL', { ctrlKey: true, shiftKey: true });
    expect(registry.forKey(theme, ctx, DESKTOP, true)?.id).toBe('app.theme');
  });

  it('gives a typed character to the command that takes any, after every shortcut', () => {
    const { registry, ctx } = setup();
    expect(registry.forKey(press('a', 'KeyA'), ctx, DESKTOP, false)?.id).toBe('tree.type');
    expect(registry.forKey(press(' ', 'Space'), ctx, DESKTOP, false)).toBeNull();
    expect(registry.forKey(press('a', 'KeyA', { ctrlKey: true }), ctx, DESKTOP, false)).toBeNull();
  });

  it('lists the app menu: every menu command, enabled where it applies, with accelerators', () => {
    const { registry } = setup();
    const entries = registry.menuEntries({ docOpen: false, ran: [] }, DESKTOP);
    expect(entries).toEqual([
      {
        id: 'file.new',
        label: 'New tree',
        menu: 'file',
        accelerators: ['CmdOrCtrl+N'],
        enabled: true,
      },
      {
        id: 'file.export-svg',
        label: 'Export a picture (SVG)',
        menu: 'file',
        accelerators: [],
        enabled: false,
      },
      {
        id: 'edit.redo',
        label: 'Redo',
        menu: 'edit',
        accelerators: ['CmdOrCtrl+Shift+Z', 'CmdOrCtrl+Y'],
        enabled: true,
      },
      {
        id: 'view.board',
        label: 'Go to Board',
        menu: 'view',
        accelerators: ['Alt+2'],
        enabled: false,
      },
    ]);
  });

  it('never runs a command that only documents a key, and refuses a second command of an id', () => {
    const { registry, ctx } = setup();
    expect(registry.run('tree.drag', ctx)).toBe(false);
    expect(registry.applicable(ctx).map((c) => c.id)).not.toContain('tree.drag');
    expect(() => registry.register([COMMANDS[0]!])).toThrow(/registered twice/);
  });

  it('takes a feature’s commands back out when it unregisters them', () => {
    const registry = new CommandRegistry<Ctx>();
    const extra: Command<Ctx> = { id: 'x.y', label: 'X', group: 'app', run: vi.fn() };
    const off = registry.register([extra]);
    expect(registry.get('x.y')).toBe(extra);
    off();
    expect(registry.get('x.y')).toBeUndefined();
  });
});
