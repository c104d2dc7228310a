/**
 * The context menu of a text field in the desktop app: spelling suggestions for the
 * word under the pointer, Add to Dictionary, then Undo, Cut, Copy, Paste, Select All,
 * each enabled as the field allows. A plain template (no Electron import), so it is
 * testable; main-window.ts pops it up on the window's `context-menu` event. Elsewhere
 * (cards, rows) the page shows its own menu and Electron's event does not fire.
 */
import type { MenuItemTemplate } from './app-menu';

/** What Electron's `context-menu` event says about the spot (a subset of ContextMenuParams). */
export interface EditContext {
  isEditable: boolean;
  misspelledWord: string;
  dictionarySuggestions: string[];
  editFlags: {
    canUndo: boolean;
    canRedo: boolean;
    canCut: boolean;
    canCopy: boolean;
    canPaste: boolean;
    canSelectAll: boolean;
  };
}

export interface EditActions {
  replaceMisspelling(word: string): void;
  addToDictionary(word: string): void;
}

/** The menu for `context`, or null where a text field's menu does not belong. */
export function editMenuTemplate(
  context: EditContext,
  actions: EditActions,
): MenuItemTemplate[] | null {
  if (!context.isEditable) return null;
  const flags = context.editFlags;
  const spelling: MenuItemTemplate[] = [];
  if (context.misspelledWord) {
    const suggestions = context.dictionarySuggestions.slice(0, 5);
    for (const word of suggestions)
      spelling.push({ label: word, click: () => actions.replaceMisspelling(word) });
    if (!suggestions.length) spelling.push({ label: 'No suggestions', enabled: false });
    spelling.push({
      label: 'Add to Dictionary',
      click: () => actions.addToDictionary(context.misspelledWord),
    });
    spelling.push({ type: 'separator' });
  }
  return [
    ...spelling,
    { role: 'undo', enabled: flags.canUndo },
    { role: 'redo', enabled: flags.canRedo },
    { type: 'separator' },
    { role: 'cut', enabled: flags.canCut },
    { role: 'copy', enabled: flags.canCopy },
    { role: 'paste', enabled: flags.canPaste },
    { type: 'separator' },
    { role: 'selectAll', enabled: flags.canSelectAll },
  ];
}
