/**
 * Ctrl/Cmd+K: every command that applies where the keyboard was, with its shortcut,
 * found by typing a few letters of it (cmdk's fuzzy match). Enter runs it; Escape
 * closes; either way the keyboard goes back where it was.
 */
import { Command } from 'cmdk';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import { registry, useCommandHost, type AppCommand, type CommandContext } from './context';
import { formatShortcut } from './keys';
import { COMMAND_GROUPS, keysFor, titleOf, type CommandGroup } from './registry';
import './command-palette.css';

const GROUP_LABEL: Record<CommandGroup, string> = {
  file: 'File',
  edit: 'Edit',
  view: 'View',
  tree: 'Tree',
  board: 'Board',
  evidence: 'Evidence and drafts',
  app: 'App',
  help: 'Help',
};

/** What is about the item where the keyboard was comes first; then views and files. */
const ITEM_FIRST: readonly CommandGroup[] = ['tree', 'board', 'evidence'];
const groupOrder = (ctx: CommandContext): readonly CommandGroup[] =>
  ctx.item
    ? [...ITEM_FIRST, ...COMMAND_GROUPS.filter((g) => !ITEM_FIRST.includes(g))]
    : COMMAND_GROUPS;

/** The second line: the description, less a repeat of the label ("Outdent: …"). */
function detailOf(command: AppCommand): string | undefined {
  const d = command.description;
  const prefix = `${command.label}: `;
  if (!d?.startsWith(prefix)) return d;
  const rest = d.slice(prefix.length);
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

interface Entry {
  key: string;
  command: AppCommand;
  title: string;
  choice?: string;
}

function entriesFor(ctx: CommandContext): Entry[] {
  return registry
    .applicable(ctx)
    .filter((c) => !c.hideInPalette)
    .flatMap((command) =>
      command.choices
        ? command.choices(ctx).map((choice) => ({
            key: `${command.id}:${choice.id}`,
            command,
            title: `${command.label} ${choice.label}`,
            choice: choice.id,
          }))
        : [{ key: command.id, command, title: titleOf(command) }],
    );
}

export function CommandPalette() {
  const origin = useCommandHost((s) => s.palette);
  const dialog = useRef<HTMLDialogElement>(null);
  const [search, setSearch] = useState('');

  // Shown in the same commit that opens it, so the first key typed lands in the field.
  useLayoutEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (origin && !el.open) {
      setSearch('');
      el.showModal();
      el.querySelector<HTMLInputElement>('[cmdk-input]')?.focus();
    }
    if (!origin && el.open) el.close();
  }, [origin]);

  const entries = useMemo(() => (origin ? entriesFor(origin.ctx) : []), [origin]);

  const finish = (run?: Entry) => {
    const opened = useCommandHost.getState().palette;
    if (!opened) return;
    useCommandHost.getState().setPalette(null);
    dialog.current?.close();
    if (opened.returnFocus?.isConnected) opened.returnFocus.focus();
    if (run) registry.run(run.command.id, opened.ctx, run.choice);
  };

  return (
    <dialog
      ref={dialog}
      className="sheet command-palette"
      aria-label="Command palette"
      onClose={() => finish()}
    >
      {origin && (
        <Command label="Commands" vimBindings={false} loop>
          <Command.Input
            value={search}
            onValueChange={setSearch}
            placeholder="Type a command…"
            aria-label="Command"
          />
          <Command.List aria-label="Commands">
            <Command.Empty>No command matches “{search}”.</Command.Empty>
            {groupOrder(origin.ctx).map((group) => {
              const inGroup = entries.filter((e) => e.command.group === group);
              if (!inGroup.length) return null;
              return (
                <Command.Group key={group} heading={GROUP_LABEL[group]}>
                  {inGroup.map((entry) => {
                    const shortcut = keysFor(entry.command, origin.ctx.env)[0];
                    return (
                      <Command.Item
                        key={entry.key}
                        value={entry.key}
                        keywords={[entry.title, entry.command.description ?? '', group]}
                        onSelect={() => finish(entry)}
                      >
                        <span className="command-palette-label">
                          <span>{entry.title}</span>
                          {detailOf(entry.command) && (
                            <span className="muted">{detailOf(entry.command)}</span>
                          )}
                        </span>
                        {shortcut && <kbd>{formatShortcut(shortcut, origin.ctx.env)}</kbd>}
                      </Command.Item>
                    );
                  })}
                </Command.Group>
              );
            })}
          </Command.List>
        </Command>
      )}
    </dialog>
  );
}
