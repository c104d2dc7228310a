/**
 * Ctrl/Cmd+K: every command that applies where the keyboard was, with its shortcut,
 * found by typing a few letters of it (cmdk's fuzzy match). Enter runs it; Escape
 * closes; either way the keyboard goes back where it was.
 */
import { Command } from 'cmdk';
import { useEffect, useMemo, useRef, useState } from 'react';
import { usePlatform } from '../app/PlatformContext';
import {
  commandContext,
  registry,
  targetAt,
  useCommandHost,
  type AppCommand,
  type CommandContext,
} from './context';
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

/** Where the palette was opened from: the item there, and the element to go back to. */
interface Origin {
  ctx: CommandContext;
  returnFocus: HTMLElement | null;
}

export function CommandPalette() {
  const platform = usePlatform();
  const open = useCommandHost((s) => s.paletteOpen);
  const setOpen = useCommandHost((s) => s.setPaletteOpen);
  const dialog = useRef<HTMLDialogElement>(null);
  const [origin, setOrigin] = useState<Origin | null>(null);
  const [search, setSearch] = useState('');

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      const focused = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setOrigin({ ctx: commandContext(platform, targetAt(focused)), returnFocus: focused });
      setSearch('');
      el.showModal();
    }
    if (!open && el.open) el.close();
  }, [open, platform]);

  const entries = useMemo(() => (origin ? entriesFor(origin.ctx) : []), [origin]);

  const finish = (run?: Entry) => {
    dialog.current?.close();
    setOpen(false);
    const back = origin?.returnFocus;
    if (back?.isConnected) back.focus();
    if (run && origin) registry.run(run.command.id, origin.ctx, run.choice);
  };

  return (
    <dialog
      ref={dialog}
      className="sheet command-palette"
      aria-label="Command palette"
      onClose={() => {
        if (useCommandHost.getState().paletteOpen) finish();
      }}
    >
      {open && origin && (
        <Command label="Commands" vimBindings={false} loop>
          <Command.Input
            value={search}
            onValueChange={setSearch}
            placeholder="Type a command…"
            aria-label="Command"
            autoFocus
          />
          <Command.List aria-label="Commands">
            <Command.Empty>No command matches “{search}”.</Command.Empty>
            {COMMAND_GROUPS.map((group) => {
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
                          {entry.command.description && (
                            <span className="muted">{entry.command.description}</span>
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
