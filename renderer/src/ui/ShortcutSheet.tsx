import { useEffect, useRef } from 'react';
import { useApp } from '../state/app-store';
import { usePlatform } from './PlatformContext';

export function ShortcutSheet() {
  const open = useApp((s) => s.shortcutsOpen);
  const setOpen = useApp((s) => s.setShortcutsOpen);
  const { kind } = usePlatform();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  const mod = navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl';
  const rows: Array<[string, string]> = [
    [kind === 'desktop' ? `${mod}+N` : 'Alt+N', 'New tree'],
    [`${mod}+Shift+H`, 'All trees'],
    [`${mod}+Z`, 'Undo your last change'],
    [`${mod}+Shift+Z`, 'Redo'],
    ['↑ ↓', 'Move through the outline'],
    ['← →', 'Collapse, expand, go to parent or child'],
    ['Tab', 'Add a child'],
    ['Enter', 'Add a sibling'],
    ['F2', 'Edit the title'],
    ['Delete', 'Delete the item and its subtree'],
    [`${mod}+Shift+L`, 'Change theme'],
    [`${mod}+/`, 'This list'],
  ];
  return (
    <dialog
      ref={dialog}
      className="sheet"
      aria-labelledby="shortcuts-title"
      onClose={() => setOpen(false)}
    >
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {rows.map(([keys, what]) => (
            <tr key={what}>
              <td>
                <kbd>{keys}</kbd>
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => setOpen(false)}>
        Close
      </button>
    </dialog>
  );
}
