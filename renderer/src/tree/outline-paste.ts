/**
 * Pasting an indented outline (outside a text field) adds it under the selection: one
 * undo step, and a notice that says where it went and what was merged or cut.
 */
import { useEffect } from 'react';
import { parseOutlineText, pasteMessage, planPaste } from '../../../shared/model';
import { useApp } from '../app/app-store';
import { attempt } from '../document/attempt';
import { useDocument } from '../document/document-context';
import { isEditable } from '../widgets/editable';

/** A paste notice names limits and merges: long enough to read, dismissible. */
const PASTE_NOTICE_MS = 30_000;

export function useOutlinePaste(): void {
  const { model, store, view } = useDocument();
  const showToast = useApp((s) => s.showToast);
  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      if (isEditable(document.activeElement) || model.readOnly) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      const parsed = parseOutlineText(text, 'paste');
      const { items } = parsed;
      if (items.length === 0) return;
      e.preventDefault();
      const v = view.getState();
      const root = model.meta.rootId;
      const parent = v.selected && store.getState().nodes.has(v.selected) ? v.selected : root;
      if (!parent || !root) return;
      const rootTitle = model.node(root)?.title ?? '';
      const plan = planPaste(items, rootTitle);
      // One undo step of its own: apart from edits before and after, its commands together.
      model.undoManager.stopCapturing();
      const done = attempt(v, () => {
        if (plan.rootTitle !== null) model.updateNode(root, { title: plan.rootTitle });
        const ids =
          parent === root
            ? model.insertOutline(root, [...plan.underRoot, ...plan.items])
            : [
                ...(plan.items.length ? model.insertOutline(parent, plan.items) : []),
                ...(plan.underRoot.length ? model.insertOutline(root, plan.underRoot) : []),
              ];
        v.setCollapsed(parent, false);
        if (plan.underRoot.length) v.setCollapsed(root, false);
        if (ids[0]) v.select(ids[0]);
        else if (plan.rootTitle !== null) v.select(root);
      });
      model.undoManager.stopCapturing();
      // Said where the paste happened, after the command (attempt clears the notice).
      const message = done ? pasteMessage(plan, parsed, rootTitle) : null;
      if (message) showToast({ message, timeoutMs: PASTE_NOTICE_MS });
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [model, view, store, showToast]);
}
