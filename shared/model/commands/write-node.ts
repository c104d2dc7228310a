/**
 * Writing nodes and their parts into the Yjs document: the building blocks the
 * commands use inside their transaction (none of these opens one).
 */
import * as Y from 'yjs';
import type { DocCore } from '../core';
import { assumptionFields, clampText, newMeasureFields, type Fields } from '../fields';
import { newId } from '../ids';
import { orderKeyAt, orderKeysAt } from '../ordering';
import { CHILD_KIND, LIMITS, NODE_KEYS, type NodeKind, type NodePosition } from '../schema';
import { setText } from '../text';
import type { OutlineItem } from './items';

export function writeText(map: Y.Map<unknown>, key: string, value: string, max: number): void {
  const existing = map.get(key);
  const text = existing instanceof Y.Text ? existing : new Y.Text();
  if (text !== existing) map.set(key, text);
  setText(text, clampText(value, max));
}

export function childMap(map: Y.Map<unknown>, key: string): Y.Map<unknown> {
  const existing = map.get(key);
  if (existing instanceof Y.Map) return existing;
  const created = new Y.Map<unknown>();
  map.set(key, created);
  return created;
}

export function childArray(map: Y.Map<unknown>, key: string): Y.Array<Y.Map<unknown>> {
  const existing = map.get(key);
  if (existing instanceof Y.Array) return existing as Y.Array<Y.Map<unknown>>;
  const created = new Y.Array<Y.Map<unknown>>();
  map.set(key, created);
  return created;
}

export function entryMap(id: string, fields: Fields): Y.Map<unknown> {
  return new Y.Map<unknown>(Object.entries({ ...fields, id }));
}

/** A new position at `index` among `siblings`, one Lamport step after all seen so far. */
export function position(
  core: DocCore,
  parent: string,
  siblings: readonly string[],
  index: number,
  prev: string | null,
): NodePosition {
  const orders = siblings.map((s) => core.cache.get(s)!.pos.order);
  return {
    parent,
    order: orderKeyAt(orders, index),
    seq: core.maxSeq + 1,
    client: core.ydoc.clientID,
    prev,
  };
}

export function writeNewNode(
  core: DocCore,
  id: string,
  kind: NodeKind,
  item: Omit<OutlineItem, 'children'>,
  pos: NodePosition,
  keepIds = false,
): void {
  const entryId = (given: string | undefined) => (keepIds && given) || newId();
  const map = new Y.Map<unknown>();
  // Integrate first: Y types must be in the document before they are filled.
  core.nodesMap.set(id, map);
  map.set(NODE_KEYS.kind, item.kind ?? kind);
  map.set(NODE_KEYS.pos, pos);
  map.set(NODE_KEYS.createdAt, item.createdAt ?? core.now());
  map.set(NODE_KEYS.createdBy, item.createdBy ?? core.actor);
  if (item.editedAt) map.set(NODE_KEYS.editedAt, item.editedAt);
  map.set(NODE_KEYS.title, clampText(item.title, LIMITS.title));
  if (item.description) writeText(map, NODE_KEYS.description, item.description, LIMITS.description);
  if (item.owner) map.set(NODE_KEYS.owner, clampText(item.owner, LIMITS.owner));
  if (item.confidence !== undefined && item.confidence !== null)
    map.set(NODE_KEYS.confidence, item.confidence);
  if (item.investment) map.set(NODE_KEYS.investment, item.investment);
  if (item.hypothesis) {
    const h = childMap(map, NODE_KEYS.hypothesis);
    for (const [k, value] of Object.entries(item.hypothesis)) if (value) h.set(k, value);
  }
  if (item.tags?.length) {
    const tags = childMap(map, NODE_KEYS.tags);
    for (const t of item.tags) tags.set(t.slice(0, LIMITS.tag), true);
  }
  if (item.measures?.length) {
    childArray(map, NODE_KEYS.measures).push(
      item.measures.map((m) => entryMap(entryId(m.id), newMeasureFields(m, core.now))),
    );
  }
  if (item.assumptions?.length) {
    childArray(map, NODE_KEYS.assumptions).push(
      item.assumptions.map((a) => entryMap(entryId(a.id), assumptionFields(a))),
    );
  }
  core.maxSeq = Math.max(core.maxSeq, pos.seq);
}

/** Writes `items` as consecutive children of `parentId` starting at `index`, recursively. */
export function insertOutlineUnder(
  core: DocCore,
  parentId: string,
  items: OutlineItem[],
  index: number | null,
  kind: NodeKind,
  onNode?: (item: OutlineItem, id: string) => void,
  keepIds = false,
): string[] {
  // Siblings come from the resolved tree, which is only refreshed when the
  // transaction ends: all keys for this level are made at once, between neighbours.
  const siblings = index === null ? [] : (core.tree().childrenOf.get(parentId) ?? []);
  const orders = siblings.map((s) => core.cache.get(s)!.pos.order);
  const keys = orderKeysAt(orders, index ?? 0, items.length);
  return items.map((item, i) => {
    const id = (keepIds && item.id) || newId();
    // One vision per tree, at the root: a `Vision:` item below it takes the ladder's kind.
    const itemKind = item.kind && item.kind !== 'vision' ? item.kind : kind;
    writeNewNode(
      core,
      id,
      itemKind,
      { ...item, kind: itemKind },
      {
        parent: parentId,
        order: keys[i]!,
        seq: core.maxSeq + 1,
        client: core.ydoc.clientID,
        prev: null,
      },
      keepIds,
    );
    onNode?.(item, id);
    if (item.children?.length)
      insertOutlineUnder(core, id, item.children, null, CHILD_KIND[itemKind], onNode, keepIds);
    return id;
  });
}
