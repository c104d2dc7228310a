/**
 * The one list of what a user can do: each command has an id, a label, a group, its
 * shortcuts per platform, when it applies and what it does. The keyboard, the File
 * menu (in the page and the desktop app's menu bar), the `?` sheet, the command
 * palette and the context menus all read it. Pure: generic over the context the app
 * passes in (see context.ts), no React, no DOM.
 */
import { APP_MENUS, type AppMenu, type MenuEntry } from '../../../shared/ipc';
import { acceleratorFor, matchesShortcut, type KeyEnv, type KeyPress } from './keys';

/** Where a command shows in menus and the sheet, in this order. */
export const COMMAND_GROUPS = [
  'file',
  'edit',
  'view',
  'tree',
  'board',
  'evidence',
  'app',
  'help',
] as const;
export type CommandGroup = (typeof COMMAND_GROUPS)[number];

/** Shortcuts for every platform, with overrides for some (first one is shown first). */
export interface KeyBindings {
  all?: readonly string[];
  web?: readonly string[];
  desktop?: readonly string[];
  mac?: readonly string[];
}

/** A choice a command offers (a board column to move to). */
export interface CommandChoice {
  id: string;
  label: string;
}

export interface Command<C> {
  /** Stable and unique: "tree.add-child". Crosses IPC as the menu's click. */
  id: string;
  label: string;
  /** Tells apart commands of one label where they stand alone ("SVG", "PNG"). */
  qualifier?: string;
  group: CommandGroup;
  keys?: KeyBindings;
  /**
   * Keys the sheet shows for a command with no single shortcut ("start typing",
   * "Drag a card onto another"). A command with `keysText` and no `run` documents a
   * key handled where it happens (a rename field, a drag).
   */
  keysText?: string;
  /** A longer line for the sheet and the palette when the label is not enough. */
  description?: string;
  /** Also when a text field has the keyboard (Mod shortcuts that type nothing). */
  inTextFields?: boolean;
  /** Any printable character without Ctrl, Cmd or Alt (type-to-rename). */
  anyCharacter?: boolean;
  /** Listed in the desktop app's menu bar, under its group's menu. */
  menu?: boolean;
  /** Listed in the page's own File menu (the document's top bar). */
  pageMenu?: boolean;
  /** Offered in the context menu of an item that it applies to. */
  itemMenu?: boolean;
  /** Left out of the palette (navigation keys that mean nothing without a focus). */
  hideInPalette?: boolean;
  when?(ctx: C): boolean;
  /** Choices to pick from (shown as one entry each in menus and the palette). */
  choices?(ctx: C): readonly CommandChoice[];
  /** Returns false when it did not take the key after all (nothing to do there). */
  run?(ctx: C, choice?: string): void | boolean;
}

/** The menu bar's menu a command goes in: its group's. */
function menuOf(command: Command<unknown>): AppMenu {
  const menu = APP_MENUS.find((m) => m === command.group);
  if (!menu) throw new Error(`Command "${command.id}": no menu for group "${command.group}"`);
  return menu;
}

/** The label where the command stands alone (palette, menu bar): "Export a picture (SVG)". */
export function titleOf(command: Pick<Command<unknown>, 'label' | 'qualifier'>): string {
  return command.qualifier ? `${command.label} (${command.qualifier})` : command.label;
}

/** The shortcuts a command has on this platform. */
export function keysFor(command: Pick<Command<unknown>, 'keys'>, env: KeyEnv): readonly string[] {
  const k = command.keys;
  if (!k) return [];
  return (env.mac ? k.mac : undefined) ?? k[env.kind] ?? k.all ?? [];
}

export class CommandRegistry<C> {
  private readonly commands = new Map<string, Command<C>>();

  /** Adds a feature's commands; returns a function that removes them again. */
  register(list: readonly Command<C>[]): () => void {
    for (const command of list) {
      if (this.commands.has(command.id))
        throw new Error(`Command "${command.id}" registered twice`);
      this.commands.set(command.id, command);
    }
    return () => {
      for (const command of list)
        if (this.commands.get(command.id) === command) this.commands.delete(command.id);
    };
  }

  get(id: string): Command<C> | undefined {
    return this.commands.get(id);
  }

  /** Every command, in group order, then in the order registered. */
  all(): Command<C>[] {
    const rank = (c: Command<C>) => COMMAND_GROUPS.indexOf(c.group);
    return [...this.commands.values()].sort((a, b) => rank(a) - rank(b));
  }

  /** Whether the command can run in `ctx`. */
  applies(command: Command<C>, ctx: C): boolean {
    return command.run !== undefined && (command.when?.(ctx) ?? true);
  }

  /** The commands that can run now. */
  applicable(ctx: C): Command<C>[] {
    return this.all().filter((c) => this.applies(c, ctx));
  }

  /**
   * The command a key press means in `ctx`, or null. In a text field only those
   * marked inTextFields count: the field's own keys (Alt+E types "é") come first.
   */
  forKey(e: KeyPress, ctx: C, env: KeyEnv, inText: boolean): Command<C> | null {
    const candidates = this.all().filter(
      (c) => (!inText || c.inTextFields === true) && this.applies(c, ctx),
    );
    const keyed = candidates.find((c) => keysFor(c, env).some((k) => matchesShortcut(e, k, env)));
    if (keyed) return keyed;
    // Typing a character (not a space) is the last resort: "?" is the sheet, not a title.
    const typed = e.key.length === 1 && e.key !== ' ' && !e.ctrlKey && !e.metaKey && !e.altKey;
    return (typed && candidates.find((c) => c.anyCharacter === true)) || null;
  }

  /** Runs a command by id if it applies; returns whether it ran. */
  run(id: string, ctx: C, choice?: string): boolean {
    const command = this.commands.get(id);
    if (!command?.run || !this.applies(command, ctx)) return false;
    return command.run(ctx, choice) !== false;
  }

  /** The app menu's entries (desktop), enabled where they apply in `ctx`. */
  menuEntries(ctx: C, env: KeyEnv): MenuEntry[] {
    return this.all()
      .filter((c) => c.menu)
      .map((c) => ({
        id: c.id,
        label: titleOf(c),
        menu: menuOf(c),
        accelerators: keysFor(c, env)
          .map(acceleratorFor)
          .filter((a): a is string => a !== null),
        enabled: this.applies(c, ctx),
      }));
  }
}
