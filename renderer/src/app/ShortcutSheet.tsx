/** The `?` sheet: every shortcut, made from the command registry (commands/sheet.ts). */
import { useEffect, useMemo, useRef } from 'react';
import { keyEnv, registry } from '../commands/context';
import { formatShortcut } from '../commands/keys';
import { SHEET_HEADINGS, sheetSections } from '../commands/sheet';
import { useModalDialog } from '../widgets/useModalDialog';
import { useApp } from './app-store';
import { usePlatform } from './PlatformContext';

export function ShortcutSheet() {
  const open = useApp((s) => s.shortcutsOpen);
  const setOpen = useApp((s) => s.setShortcutsOpen);
  const { kind } = usePlatform();
  const dialog = useModalDialog(open);
  const sheet = useRef<HTMLDialogElement | null>(null);
  // Opened at the top, the list to read from its first line (not at its Close button).
  useEffect(() => {
    if (!open || !sheet.current) return;
    sheet.current.focus();
    sheet.current.scrollTop = 0;
  }, [open]);
  const env = useMemo(() => keyEnv(kind), [kind]);
  const sections = useMemo(() => (open ? sheetSections(registry.all(), env) : []), [open, env]);
  return (
    <dialog
      ref={(el) => {
        dialog(el);
        sheet.current = el;
      }}
      tabIndex={-1}
      className="sheet shortcut-sheet"
      aria-labelledby="shortcuts-title"
      onClose={() => setOpen(false)}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <p className="muted">
        Every command is also in the command palette ({formatShortcut('Mod+K', env)}), and a card or
        row&apos;s own in its context menu (right-click, or Shift+F10).
      </p>
      {sections.map((section) => (
        <table key={section.group} aria-labelledby={`shortcuts-${section.group}`}>
          <caption id={`shortcuts-${section.group}`}>{SHEET_HEADINGS[section.group]}</caption>
          <tbody>
            {section.rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <kbd>{row.keys}</kbd>
                </td>
                <td>{row.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
      <button type="button" onClick={() => setOpen(false)}>
        Close
      </button>
    </dialog>
  );
}
