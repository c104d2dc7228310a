/**
 * The open document's own keys: Alt+1 … Alt+5 switch views, Alt+E adds evidence,
 * Alt+P proposes a draft's item, and Ctrl+Z / Ctrl+Y undo and redo this user's edits
 * (the menu sends undo and redo on the desktop). Text fields keep their own.
 */
import { useEffect } from 'react';
import type { AppCommand } from '../../../shared/ipc';
import { DOC_TABS, useApp } from '../app/app-store';
import { usePlatform } from '../app/PlatformContext';
import { isEditable } from '../widgets/editable';
import { useDocument } from './document-context';

export function useDocumentKeys(actions: { propose(): void; quickEvidence(): void }): void {
  const { onCommand } = usePlatform();
  const { id, model, view } = useDocument();
  const navigate = useApp((s) => s.navigate);
  const { propose, quickEvidence } = actions;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      // In a text field Alt+letter and Alt+digit type characters on some layouts (é, ™).
      if (isEditable(document.activeElement)) return;
      if (e.code === 'KeyP' && model.isPrivate) {
        e.preventDefault();
        propose();
        return;
      }
      if (e.code === 'KeyE') {
        // Evidence mid-workshop, without leaving the canvas (e.code: Alt+E types a
        // character on some layouts).
        e.preventDefault();
        if (view.getState().selected && !model.readOnly) quickEvidence();
        return;
      }
      const t = DOC_TABS[Number(e.key) - 1];
      if (!t) return;
      e.preventDefault();
      navigate({ screen: 'doc', id, tab: t });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate, id, view, model, propose, quickEvidence]);

  // Undo and redo: the menu (desktop) or Ctrl+Z (web). Text fields keep their own undo.
  useEffect(() => {
    const apply = (command: AppCommand) => {
      if (command !== 'undo' && command !== 'redo') return;
      if (isEditable(document.activeElement)) {
        document.execCommand(command);
        return;
      }
      if (model.readOnly) return;
      if (command === 'undo') model.undoManager.undo();
      else model.undoManager.redo();
    };
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || isEditable(document.activeElement)) return;
      const key = e.key.toLowerCase();
      if (key === 'z' || key === 'y') {
        e.preventDefault();
        apply(key === 'y' || e.shiftKey ? 'redo' : 'undo');
      }
    };
    window.addEventListener('keydown', onKey);
    const off = onCommand(apply);
    return () => {
      window.removeEventListener('keydown', onKey);
      off();
    };
  }, [model, onCommand]);
}
