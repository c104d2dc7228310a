// Makes IndexedDB behave as on a full disk while `window.__diskFull` is true: each
// readwrite transaction that writes is aborted (so nothing it wrote is kept, by the
// real IndexedDB) and reports QuotaExceededError, as Chromium does when a commit does
// not fit. Used by test/e2e/storage-full.spec.ts; no public browser API fills a disk
// on demand (DevTools' quota override has no effect on this Chromium).
(() => {
  window.__diskFull = false;
  for (const method of ['add', 'put']) {
    const original = IDBObjectStore.prototype[method];
    IDBObjectStore.prototype[method] = function (...args) {
      const request = original.apply(this, args);
      if (window.__diskFull) {
        const tx = this.transaction;
        Object.defineProperty(tx, 'error', {
          value: new DOMException('The disk is full.', 'QuotaExceededError'),
        });
        try {
          tx.abort();
        } catch {
          /* already finishing */
        }
      }
      return request;
    };
  }
})();
