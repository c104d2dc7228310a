/**
 * The title an item had when its rename began, so committing can tell whether
 * someone renamed it meanwhile (CanopyDoc.rename's `base`). Read the moment the view
 * store starts editing, not when the editor mounts.
 */
import { useCallback, useEffect, useRef } from 'react';
import type { CanopyDoc } from '../../../shared/model';
import type { ViewStore } from '../document/view-store';
import { attempt } from '../document/attempt';

export function useEditBase(view: ViewStore, model: CanopyDoc) {
  const base = useRef<{ id: string; title: string } | null>(null);
  useEffect(() => {
    const started = view.getState().editing;
    if (started) base.current = { id: started, title: model.node(started)?.title ?? '' };
    return view.subscribe((s, prev) => {
      if (s.editing && s.editing !== prev.editing)
        base.current = { id: s.editing, title: model.node(s.editing)?.title ?? '' };
    });
  }, [view, model]);

  /** Commits a rename from an editor: not written over a rename made meanwhile. */
  return useCallback(
    (id: string, title: string) =>
      attempt(view.getState(), () => {
        const from = base.current?.id === id ? base.current.title : undefined;
        model.rename({ kind: 'node', id }, title, { base: from });
      }),
    [view, model],
  );
}
