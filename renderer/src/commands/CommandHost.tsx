/**
 * Runs the registry: one key listener for the whole app (what a key means depends on
 * what has the keyboard: a text field keeps its own keys, a card or row gets the
 * item's commands), the desktop app's menu bar (entries sent to main, clicks come back
 * as command ids), the command palette and the context menus of cards and rows.
 */
import { useEffect } from 'react';
import { useApp } from '../app/app-store';
import { usePlatform } from '../app/PlatformContext';
import { isEditable } from '../widgets/editable';
import { allCommands } from './all-commands';
import { CommandPalette } from './CommandPalette';
import { commandContext, keyEnv, registry, targetAt, useCommandHost } from './context';
import { ItemMenu } from './ItemMenu';

/** Opens the context menu of the item at `el`, at a point (or beside it, from the keyboard). */
function openItemMenu(e: MouseEvent): boolean {
  const target = e.target instanceof Element ? targetAt(e.target) : null;
  if (!target) return false;
  const host = useCommandHost.getState();
  host.doc?.view.getState().select(target.id);
  const rect = target.rect();
  const fromKeyboard = e.clientX === 0 && e.clientY === 0 && rect;
  host.setItemMenu({
    target,
    x: fromKeyboard ? rect.left + Math.min(24, rect.width / 2) : e.clientX,
    y: fromKeyboard ? rect.bottom : e.clientY,
    returnFocus: document.activeElement instanceof HTMLElement ? document.activeElement : null,
  });
  return true;
}

// Once, before anything renders: the File menu and the sheet read the registry.
registry.register(allCommands);

export function CommandHost() {
  const platform = usePlatform();

  // Every shortcut of the app, after the focused element had its say (bubbling).
  useEffect(() => {
    const env = keyEnv(platform.kind);
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.isComposing) return;
      const host = useCommandHost.getState();
      const el = e.target instanceof Element ? e.target : null;
      const ctx = commandContext(platform, targetAt(el));
      const command = registry.forKey(e, ctx, env, isEditable(el));
      if (!command) return;
      // The palette and a context menu keep the keyboard; only Ctrl+K closes the palette.
      if ((host.palette || host.itemMenu) && command.id !== 'app.palette') return;
      e.preventDefault();
      registry.run(command.id, ctx, command.anyCharacter ? e.key : undefined);
      ctx.item?.keyed?.();
    };
    const onContextMenu = (e: MouseEvent) => {
      const host = useCommandHost.getState();
      if (host.itemMenu && e.target instanceof Element && e.target.closest('[role="menu"]')) {
        e.preventDefault();
        return;
      }
      if (!host.palette && openItemMenu(e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('contextmenu', onContextMenu);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('contextmenu', onContextMenu);
    };
  }, [platform]);

  // The desktop menu bar: its clicks come back as command ids.
  useEffect(
    () =>
      platform.onCommand((id) => {
        const ctx = commandContext(platform, targetAt(document.activeElement));
        registry.run(id, ctx);
      }),
    [platform],
  );

  // The desktop menu bar follows what applies: sent again when the screen or document changes.
  useEffect(() => {
    const env = keyEnv(platform.kind);
    let sent = '';
    const send = () => {
      const entries = registry.menuEntries(commandContext(platform, null), env);
      const text = JSON.stringify(entries);
      if (text === sent) return;
      sent = text;
      platform.setMenu(entries);
    };
    send();
    let offDoc = () => {};
    const watchDoc = () => {
      offDoc();
      const doc = useCommandHost.getState().doc;
      offDoc = doc ? doc.store.subscribe((s, p) => s.readOnly !== p.readOnly && send()) : () => {};
    };
    watchDoc();
    const offHost = useCommandHost.subscribe((s, p) => {
      if (s.doc === p.doc) return;
      watchDoc();
      send();
    });
    const offApp = useApp.subscribe((s, p) => s.route !== p.route && send());
    return () => {
      offHost();
      offApp();
      offDoc();
    };
  }, [platform]);

  return (
    <>
      <CommandPalette />
      <ItemMenu />
    </>
  );
}
