import { useEffect } from 'react';
import { useApp } from '../app/app-store';
import { usePlatform } from '../app/PlatformContext';
import { useWorkshop, useWorkshopStore } from './useWorkshop';

/**
 * After a join, opens the workshop's tree as soon as the first peer says which one it
 * is. A tree this machine has not seen gets an entry in the local list; its content
 * arrives through the workshop.
 */
export function useJoinedDocument(): void {
  const { storage } = usePlatform();
  const store = useWorkshopStore();
  const awaiting = useWorkshop((s) => s.awaitingDocument);
  const docId = useWorkshop((s) => s.status.docId);
  useEffect(() => {
    if (!awaiting || !docId) return;
    let cancelled = false;
    void (async () => {
      const known = await storage.get(docId);
      const now = Date.now();
      if (!known)
        await storage.put({
          id: docId,
          title: 'Workshop tree',
          createdAt: now,
          updatedAt: now,
          trashedAt: null,
        });
      else if (known.trashedAt !== null) await storage.update(docId, { trashedAt: null });
      if (cancelled) return;
      store.getState().documentOpened();
      useApp.getState().navigate({ screen: 'doc', id: docId });
    })();
    return () => {
      cancelled = true;
    };
  }, [awaiting, docId, storage, store]);
}
