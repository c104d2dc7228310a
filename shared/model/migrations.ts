/**
 * Schema versions and migrations. A document records the schema version that wrote
 * it; opening an older one runs the migrations in order (each idempotent, because two
 * peers may migrate the same document concurrently); a newer one opens read-only.
 */
import * as Y from 'yjs';
import { newId } from './ids';
import { MIGRATION_ORIGIN } from './origins';
import { readMeta, type DocMeta } from './read';
import { NODE_KEYS, ROOT_KEYS, SCHEMA_VERSION } from './schema';

export type SchemaStatus = 'empty' | 'current' | 'older' | 'newer';

export function schemaStatus(meta: DocMeta, nodeCount: number): SchemaStatus {
  if (meta.schemaVersion > SCHEMA_VERSION) return 'newer';
  if (meta.schemaVersion === 0 && nodeCount === 0 && meta.rootId === null) return 'empty';
  return meta.schemaVersion < SCHEMA_VERSION ? 'older' : 'current';
}

/** migrations[n] turns a version-n document into version n + 1. */
export const migrations: Record<number, (doc: Y.Doc) => void> = {
  /**
   * 0 → 1: documents with nodes but no version stamp (early builds, or a tree written
   * by a plain Yjs client): give them an id and find their root.
   */
  0: (doc) => {
    const meta = doc.getMap<unknown>(ROOT_KEYS.meta);
    const nodes = doc.getMap<Y.Map<unknown>>(ROOT_KEYS.nodes);
    if (typeof meta.get('id') !== 'string') meta.set('id', newId());
    if (typeof meta.get('title') !== 'string') meta.set('title', 'Untitled tree');
    if (typeof meta.get('createdAt') !== 'number') meta.set('createdAt', Date.now());
    if (typeof meta.get('rootId') !== 'string') {
      // The root is the parentless vision; the smallest id decides between several.
      const candidates = [...nodes.entries()]
        .filter(([, n]) => n instanceof Y.Map && n.get(NODE_KEYS.kind) === 'vision')
        .filter(([, n]) => {
          const pos = n.get(NODE_KEYS.pos) as { parent?: unknown } | undefined;
          return !pos || pos.parent === null;
        })
        .map(([id]) => id)
        .sort();
      if (candidates[0]) meta.set('rootId', candidates[0]);
    }
  },
  /**
   * 1 → 2: a node's title becomes one plain string instead of a Y.Text, so two renames
   * at once end with one of the two titles, not both glued together. Idempotent (a
   * title already a string is left alone); descriptions stay Y.Text.
   */
  1: (doc) => {
    for (const node of doc.getMap<unknown>(ROOT_KEYS.nodes).values()) {
      if (!(node instanceof Y.Map)) continue;
      const title: unknown = node.get(NODE_KEYS.title);
      if (title instanceof Y.Text) node.set(NODE_KEYS.title, title.toString());
    }
  },
};

/** Runs pending migrations; returns whether anything ran. */
export function migrate(doc: Y.Doc): boolean {
  const meta = readMeta(doc);
  const status = schemaStatus(meta, doc.getMap(ROOT_KEYS.nodes).size);
  if (status !== 'older') return false;
  doc.transact(() => {
    for (let v = meta.schemaVersion; v < SCHEMA_VERSION; v++) {
      const step = migrations[v];
      if (!step) throw new Error(`No migration from schema ${v}: this build is broken.`);
      step(doc);
    }
    doc.getMap(ROOT_KEYS.meta).set('schemaVersion', SCHEMA_VERSION);
  }, MIGRATION_ORIGIN);
  return true;
}
