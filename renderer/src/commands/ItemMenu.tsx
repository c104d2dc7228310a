/**
 * The context menu of a card or row: the registry's commands that apply to that item
 * (right-click, the context-menu key or Shift+F10). Closing it puts the keyboard back
 * on the item; then the chosen command runs (a rename's field takes the keyboard).
 */
import { useCallback, useMemo } from 'react';
import { usePlatform } from '../app/PlatformContext';
import { ContextMenu, type ContextMenuItem } from '../widgets/ContextMenu';
import { KIND_LABEL } from '../widgets/kind-labels';
import {
  commandContext,
  registry,
  useCommandHost,
  type AppCommand,
  type CommandContext,
} from './context';
import { formatShortcut } from './keys';
import { keysFor } from './registry';

interface Entry extends ContextMenuItem {
  id: string;
  choice?: string;
}

const isDanger = (command: AppCommand) => command.id.endsWith('.delete');

/** The menu's entries for `ctx`: one per command, one per choice of a command. */
export function itemMenuEntries(ctx: CommandContext): Entry[] {
  const entries: Entry[] = [];
  let group: string | null = null;
  // Deleting comes last, on its own: away from the hand that picks the first item.
  const commands = registry.applicable(ctx).filter((c) => c.itemMenu);
  const ordered = [...commands.filter((c) => !isDanger(c)), ...commands.filter(isDanger)];
  for (const command of ordered) {
    const danger = isDanger(command);
    const section = group !== null && (group !== command.group || danger);
    group = danger ? 'danger' : command.group;
    const shortcut = keysFor(command, ctx.env)[0];
    const base = {
      id: command.id,
      danger,
      ...(shortcut ? { shortcut: formatShortcut(shortcut, ctx.env) } : {}),
    };
    if (command.choices) {
      command.choices(ctx).forEach((choice, i) =>
        entries.push({
          ...base,
          key: `${command.id}:${choice.id}`,
          label: `${command.label} ${choice.label}`,
          choice: choice.id,
          section: section && i === 0,
        }),
      );
    } else entries.push({ ...base, key: command.id, label: command.label, section });
  }
  return entries;
}

export function ItemMenu() {
  const platform = usePlatform();
  const open = useCommandHost((s) => s.itemMenu);
  const ctx = useMemo(
    () => (open ? commandContext(platform, open.target) : null),
    [platform, open],
  );
  const entries = useMemo(() => (ctx ? itemMenuEntries(ctx) : []), [ctx]);

  const close = useCallback(() => {
    const menu = useCommandHost.getState().itemMenu;
    if (!menu) return;
    useCommandHost.getState().setItemMenu(null);
    if (menu.returnFocus?.isConnected && menu.returnFocus !== document.body)
      menu.returnFocus.focus();
    else menu.target.focus(menu.target.id);
  }, []);

  if (!open || !ctx || !entries.length) return null;
  const node = ctx.doc?.store.getState().nodes.get(open.target.id);
  const label = node
    ? `${KIND_LABEL[node.kind]}: ${node.title || `untitled ${node.kind}`}`
    : 'Item actions';
  return (
    <ContextMenu
      label={label}
      items={entries}
      x={open.x}
      y={open.y}
      onClose={close}
      onSelect={(key) => {
        const entry = entries.find((e) => e.key === key);
        close();
        if (entry) registry.run(entry.id, ctx, entry.choice);
      }}
    />
  );
}
