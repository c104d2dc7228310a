/**
 * Every change to a document is tagged with where it came from (the tldraw habit):
 * Yjs passes the transaction origin to every observer, so views can tell a local
 * edit from a remote one, and the UndoManager tracks only the local user's edits.
 */
export type ChangeSource = 'local' | 'remote' | 'storage' | 'migration' | 'template';

export interface TaggedOrigin {
  readonly source: ChangeSource;
  /** Free-form detail for logs: a peer id, "indexeddb", "tab"… */
  readonly detail?: string;
}

export const localOrigin = (detail?: string): TaggedOrigin => ({ source: 'local', detail });
export const MIGRATION_ORIGIN: TaggedOrigin = Object.freeze({ source: 'migration' });
export const TEMPLATE_ORIGIN: TaggedOrigin = Object.freeze({ source: 'template' });

/** Sources we cannot tag ourselves (a provider passes itself as origin) count as remote. */
export function sourceOf(origin: unknown): ChangeSource {
  if (origin && typeof origin === 'object' && 'source' in origin) {
    const s = (origin as TaggedOrigin).source;
    if (s === 'local' || s === 'remote' || s === 'storage' || s === 'migration' || s === 'template')
      return s;
  }
  return 'remote';
}
