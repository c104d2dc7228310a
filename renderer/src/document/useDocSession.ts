import { useEffect, useState } from 'react';
import { createDocStore } from './doc-store';
import { DocSession } from '../storage/doc-session';
import type { DocumentStorage } from '../storage/document-storage';
import { actorName } from '../services/documents';

export type SessionState =
  | { status: 'loading' }
  | { status: 'missing' }
  | { status: 'error'; message: string }
  | { status: 'ready'; session: DocSession; store: ReturnType<typeof createDocStore> };

/** Opens a document for as long as the component showing it is mounted (keyed by id). */
export function useDocSession(storage: DocumentStorage, id: string): SessionState {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  useEffect(() => {
    let cancelled = false;
    let opened: { session: DocSession; store: ReturnType<typeof createDocStore> } | null = null;
    (async () => {
      const summary = await storage.get(id);
      if (!summary || summary.trashedAt !== null) {
        if (!cancelled) setState({ status: 'missing' });
        return;
      }
      const session = await DocSession.open(storage, id, actorName());
      if (cancelled) {
        await session.close();
        return;
      }
      opened = { session, store: createDocStore(session.model) };
      setState({ status: 'ready', ...opened });
    })().catch((e: unknown) => {
      if (!cancelled)
        setState({ status: 'error', message: e instanceof Error ? e.message : String(e) });
    });
    return () => {
      cancelled = true;
      if (opened) {
        opened.store.destroy();
        void opened.session.close();
      }
    };
  }, [storage, id]);
  return state;
}
