/**
 * The app's real command list: the `?` sheet shows every shortcut, the tree's keys
 * are commands, and what goes to the desktop menu passes main's check.
 */
import * as v from 'valibot';
import { beforeAll, describe, expect, it } from 'vitest';
import { MenuEntriesSchema } from '../../../shared/ipc';
import type { AppCommand, CommandContext } from '../../../renderer/src/commands/context';
import { formatShortcut, type KeyEnv } from '../../../renderer/src/commands/keys';
import { CommandRegistry, keysFor } from '../../../renderer/src/commands/registry';
import { sheetSections } from '../../../renderer/src/commands/sheet';
import type { Platform } from '../../../renderer/src/platform/platform';

let allCommands: readonly AppCommand[];

beforeAll(async () => {
  // The app store reads the address and storage when it loads.
  const items = new Map<string, string>();
  Object.assign(globalThis, {
    location: { hash: '' },
    window: { addEventListener: () => {}, removeEventListener: () => {} },
    localStorage: {
      getItem: (k: string) => items.get(k) ?? null,
      setItem: (k: string, value: string) => void items.set(k, value),
      removeItem: (k: string) => void items.delete(k),
    },
  });
  ({ allCommands } = await import('../../../renderer/src/commands/all-commands'));
});

const ENVS: KeyEnv[] = [
  { kind: 'web', mac: false },
  { kind: 'web', mac: true },
  { kind: 'desktop', mac: false },
  { kind: 'desktop', mac: true },
];

describe('the command list', () => {
  it('has one command per id', () => {
    const ids = allCommands.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(() => new CommandRegistry<CommandContext>().register(allCommands)).not.toThrow();
  });

  it.each(ENVS)('shows every shortcut in the sheet (%o)', (env) => {
    const shown = new Map(
      sheetSections(allCommands, env)
        .flatMap((s) => s.rows)
        .map((row) => [row.id, row.keys]),
    );
    for (const command of allCommands) {
      for (const key of keysFor(command, env))
        expect(shown.get(command.id) ?? '', `${command.id}: ${key}`).toContain(
          formatShortcut(key, env),
        );
      if (command.keysText) expect(shown.get(command.id)).toContain(command.keysText);
    }
  });

  it("makes the tree's keys commands, as the sheet says", () => {
    const env: KeyEnv = { kind: 'web', mac: false };
    const keyed = (key: string) =>
      allCommands.filter((c) => c.run && keysFor(c, env).includes(key)).map((c) => c.id);
    expect(keyed('Tab')).toContain('tree.add-child');
    expect(keyed('Enter')).toContain('tree.add-sibling');
    expect(keyed('F2')).toContain('tree.rename');
    expect(keyed('Delete')).toContain('tree.delete');
    for (const arrow of ['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']) {
      expect(keyed(arrow), arrow).toHaveLength(1);
      expect(keyed(`Alt+${arrow}`), arrow).toHaveLength(1);
    }
    expect(keyed('Shift+ArrowLeft')).toEqual(['board.move-left']);
    expect(keyed('Alt+1')).toEqual(['view.tree']);
    expect(keyed('Mod+K')).toEqual(['app.palette']);
    expect(allCommands.find((c) => c.id === 'tree.type-to-rename')?.anyCharacter).toBe(true);
  });

  it.each(ENVS)('sends the desktop menu entries main accepts (%o)', (env) => {
    const registry = new CommandRegistry<CommandContext>();
    registry.register(allCommands);
    const ctx: CommandContext = { env, platform: {} as Platform, doc: null, item: null };
    const entries = registry.menuEntries(ctx, env);
    expect(v.safeParse(MenuEntriesSchema, entries).issues).toBeUndefined();
    const ids = entries.map((e) => e.id);
    expect(ids).toEqual(
      expect.arrayContaining(['file.new', 'file.open', 'edit.undo', 'view.board']),
    );
    // Nothing about a document applies on the home screen.
    expect(entries.find((e) => e.id === 'file.save')?.enabled).toBe(false);
    expect(entries.find((e) => e.id === 'file.new')?.enabled).toBe(true);
  });
});
