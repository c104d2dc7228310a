import { useApp } from './app-store';
import { usePlatform } from './PlatformContext';
import { useModalDialog } from '../widgets/useModalDialog';

export function ShortcutSheet() {
  const open = useApp((s) => s.shortcutsOpen);
  const setOpen = useApp((s) => s.setShortcutsOpen);
  const { kind } = usePlatform();
  const dialog = useModalDialog(open);
  const mod = navigator.platform.startsWith('Mac') ? '⌘' : 'Ctrl';
  const rows: Array<[string, string]> = [
    [kind === 'desktop' ? `${mod}+N` : 'Alt+N', 'New tree'],
    [`${mod}+O`, 'Open a file (.canopy, Markdown, JSON)'],
    [`${mod}+Shift+H`, 'All trees'],
    [`${mod}+Z`, 'Undo your last change (only yours)'],
    [`${mod}+Shift+Z`, 'Redo'],
    ['F6, Shift+F6', 'Next or previous pane: top bar, outline, canvas tools, canvas, details'],
    ['↑ ↓ Home End', 'Move the selection'],
    ['← →', 'Collapse or expand; go to parent or first child'],
    ['Tab', 'Add a child'],
    ['Enter', 'Add a sibling'],
    ['F2, or start typing', 'Rename the selected item'],
    [
      'Enter, Escape',
      'While renaming: keep the title, or leave it as it was (a new item left untitled is removed)',
    ],
    ['Tab', 'While renaming: keep the title and add a child'],
    ['Delete', 'Delete the item and its subtree (Undo in the toast, or Ctrl+Z)'],
    ['Alt+↑ Alt+↓', 'Move up or down among siblings'],
    ['Alt+← Alt+→', 'Outdent or indent (re-parent)'],
    ['Drag a card onto another', 'Re-parent it'],
    [`${mod}+V`, 'Paste an indented outline under the selection'],
    ['Alt+1 … Alt+5', 'Tree, board, signals, flow, learning'],
    ['Alt+E', 'Add evidence to the selected item'],
    ['Alt+P', 'In a private draft: propose the selected item to a tree'],
    ['Shift+← Shift+→', 'Board: move the focused card to the previous or next column'],
    ['Shift+1', 'Zoom to fit'],
    ['Shift+2', 'Zoom to the selection'],
    [`${mod}+Shift+L`, 'Change theme'],
    [`?  or  ${mod}+/`, 'This list'],
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
