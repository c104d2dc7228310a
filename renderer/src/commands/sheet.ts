/** The `?` sheet's rows, made from the registry: every command that has keys. */
import { formatShortcut, type KeyEnv } from './keys';
import { COMMAND_GROUPS, keysFor, titleOf, type Command, type CommandGroup } from './registry';

export interface SheetRow {
  id: string;
  /** The keys as the platform writes them: "Ctrl+Shift+H", "⌥1", "Start typing". */
  keys: string;
  /** What it does: the command's description, or its label when it has none. */
  what: string;
}

export interface SheetSection {
  group: CommandGroup;
  rows: SheetRow[];
}

export const SHEET_HEADINGS: Record<CommandGroup, string> = {
  file: 'Files and trees',
  edit: 'Editing',
  view: 'Views',
  tree: 'The tree (outline and canvas)',
  board: 'The board',
  evidence: 'Evidence and drafts',
  app: 'App',
  help: 'Help and the keyboard',
};

/** The keys of a command on this platform, written out; '' when it has none. */
export function sheetKeys(command: Command<unknown>, env: KeyEnv): string {
  const keys = keysFor(command, env).map((k) => formatShortcut(k, env));
  if (command.keysText) keys.push(command.keysText);
  return keys.join(', ');
}

export function sheetSections(commands: readonly Command<unknown>[], env: KeyEnv): SheetSection[] {
  return COMMAND_GROUPS.map((group) => ({
    group,
    rows: commands
      .filter((c) => c.group === group)
      .map((c) => ({
        id: c.id,
        keys: sheetKeys(c, env),
        what: c.description ?? titleOf(c),
      }))
      .filter((row) => row.keys !== ''),
  })).filter((section) => section.rows.length > 0);
}
