/**
 * Scripts that write a document straight into the app's IndexedDB (its stored Yjs
 * updates plus its registry entry), as if an earlier session had saved it. Strings,
 * not functions, so they also run from scripts under tsx, whose name-keeping helper
 * does not exist in the page.
 */

/** Stores the updates that `updatesExpression` (page JavaScript, may await) yields. */
function storeUpdatesScript(docId: string, title: string, updatesExpression: string): string {
  return `(async () => {
    const updates = ${updatesExpression};
    const open = (name, setup) => new Promise((resolve, reject) => {
      const req = indexedDB.open(name);
      req.onupgradeneeded = () => setup(req.result);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const putAll = (db, store, values) => new Promise((resolve, reject) => {
      const tx = db.transaction(store, 'readwrite');
      for (const value of values) tx.objectStore(store).put(value);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
    const doc = await open(${JSON.stringify(`canopy-doc-${docId}`)}, (db) => {
      db.createObjectStore('updates', { autoIncrement: true });
      db.createObjectStore('custom');
    });
    await putAll(doc, 'updates', updates);
    doc.close();
    const registry = await open('canopy-registry', (db) => db.createObjectStore('documents', { keyPath: 'id' }));
    const now = Date.now();
    await putAll(registry, 'documents', [{ id: ${JSON.stringify(docId)}, title: ${JSON.stringify(title)}, createdAt: now, updatedAt: now, trashedAt: null }]);
    registry.close();
    return updates.length;
  })()`;
}

/** A document saved as one update. */
export function seedDocumentScript(docId: string, title: string, update: Uint8Array): string {
  return storeUpdatesScript(
    docId,
    title,
    `[new Uint8Array(${JSON.stringify(Array.from(update))})]`,
  );
}

/**
 * A document saved as many updates (a long editing history): the page fetches them
 * from `url` as length-prefixed records (4-byte little-endian length, then the
 * update) and stores each as its own entry.
 */
export function seedUpdatesScript(docId: string, title: string, url: string): string {
  return storeUpdatesScript(
    docId,
    title,
    `await (async () => {
      const bytes = new Uint8Array(await (await fetch(${JSON.stringify(url)})).arrayBuffer());
      const view = new DataView(bytes.buffer);
      const updates = [];
      for (let at = 0; at < bytes.length; ) {
        const length = view.getUint32(at, true);
        updates.push(bytes.slice(at + 4, at + 4 + length));
        at += 4 + length;
      }
      return updates;
    })()`,
  );
}
