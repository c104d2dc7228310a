/** Tree commands: adding, copying, editing, moving and deleting items. */
import type { DocCore } from '../core';
import { CanopyError } from '../errors';
import { clampText, normalName } from '../fields';
import { newId } from '../ids';
import type { LearningState } from '../learning';
import { CHILD_KIND, LIMITS, NODE_KEYS } from '../schema';
import { isAncestorOrSelf, subtreeOf, type ResolvedTree } from '../tree';
import type { NewNode, NodePatch, OutlineItem } from './items';
import { childMap, insertOutlineUnder, position, writeNewNode, writeText } from './write-node';
import { putRecord } from './records';

/** What copying from another document reads of it. */
export interface CopySource {
  tree(): ResolvedTree;
  learning(): LearningState;
  outline(id: string, visit?: (item: OutlineItem, nodeId: string) => void): OutlineItem;
}

export function addNode(core: DocCore, parentId: string, options: NewNode = {}): string {
  core.assertWritable();
  const parent = core.requireLive(parentId);
  const id = newId();
  core.write(() => {
    const kind = options.kind ?? CHILD_KIND[parent.kind];
    const siblings = core.tree().childrenOf.get(parentId) ?? [];
    const index = options.index ?? siblings.length;
    writeNewNode(
      core,
      id,
      kind,
      { title: options.title ?? '' },
      position(core, parentId, siblings, index, null),
    );
  });
  return id;
}

export function insertOutline(
  core: DocCore,
  parentId: string,
  items: OutlineItem[],
  index?: number,
): string[] {
  core.assertWritable();
  const parent = core.requireLive(parentId);
  let ids: string[] = [];
  core.write(() => {
    const start = index ?? (core.tree().childrenOf.get(parentId) ?? []).length;
    ids = insertOutlineUnder(core, parentId, items, start, CHILD_KIND[parent.kind]);
  });
  return ids;
}

export function outline(
  core: DocCore,
  id: string,
  visit?: (item: OutlineItem, nodeId: string) => void,
): OutlineItem {
  const n = core.cache.get(id);
  if (!n) throw new CanopyError('unknownNode', id);
  const item: OutlineItem = {
    title: n.title,
    kind: n.kind,
    description: n.description,
    owner: n.owner,
    confidence: n.confidence,
    investment: n.investment,
    hypothesis: { ...n.hypothesis },
    tags: [...n.tags],
    measures: n.measures.map(({ id: _id, updatedAt: _u, ...m }) => m),
    assumptions: n.assumptions.map(({ id: _id, ...a }) => a),
    children: (core.tree().childrenOf.get(id) ?? []).map((c) => outline(core, c, visit)),
  };
  visit?.(item, id);
  return item;
}

export function insertCopyOf(
  core: DocCore,
  source: CopySource,
  nodeId: string,
  parentId: string,
): string[] {
  core.assertWritable();
  if (core.meta.private) throw new CanopyError('proposeToDraft');
  const parent = core.requireLive(parentId);
  const topIds =
    nodeId === source.tree().rootId ? (source.tree().childrenOf.get(nodeId) ?? []) : [nodeId];
  const sourceOf = new Map<OutlineItem, string>();
  const items = topIds.map((id) => source.outline(id, (item, from) => sourceOf.set(item, from)));
  const evidence = source.learning().evidenceByNode;
  let ids: string[] = [];
  core.write(() => {
    const start = (core.tree().childrenOf.get(parentId) ?? []).length;
    ids = insertOutlineUnder(core, parentId, items, start, CHILD_KIND[parent.kind], (item, id) => {
      for (const { id: _id, nodeId: _n, ...fields } of evidence.get(sourceOf.get(item)!) ?? [])
        putRecord(core, core.evidenceRoot, newId(), id, fields);
    });
  });
  return ids;
}

export function updateNode(core: DocCore, id: string, patch: NodePatch): void {
  core.assertWritable();
  // Validate before the transaction: Yjs keeps what a throwing transaction wrote.
  if (patch.kind !== undefined && id === core.meta.rootId && patch.kind !== 'vision')
    throw new CanopyError('rootImmovable');
  const c = patch.confidence;
  if (c !== undefined && c !== null && !(Number.isFinite(c) && c >= 0 && c <= 100))
    throw new CanopyError('invalidValue', 'confidence is 0–100');
  core.write(() => {
    const map = core.requireMap(id);
    if (patch.title !== undefined)
      core.renames.write(
        { kind: 'node', id },
        normalName({ kind: 'node', id }, patch.title),
        core.actor,
      );
    if (patch.description !== undefined)
      writeText(map, NODE_KEYS.description, patch.description, LIMITS.description);
    if (patch.owner !== undefined)
      map.set(NODE_KEYS.owner, clampText(patch.owner.trim(), LIMITS.owner));
    if (patch.kind !== undefined) map.set(NODE_KEYS.kind, patch.kind);
    if (c !== undefined) map.set(NODE_KEYS.confidence, c === null ? null : Math.round(c));
    if (patch.investment !== undefined)
      map.set(NODE_KEYS.investment, clampText(patch.investment, LIMITS.text));
    if (patch.hypothesis) {
      const h = childMap(map, NODE_KEYS.hypothesis);
      for (const key of ['believe', 'result', 'signal'] as const) {
        const value = patch.hypothesis[key];
        if (value !== undefined) h.set(key, clampText(value, LIMITS.text));
      }
    }
  });
}

export function addTag(core: DocCore, id: string, tag: string): void {
  const clean = tag.trim().slice(0, LIMITS.tag);
  if (!clean) throw new CanopyError('invalidValue', 'empty tag');
  core.write(() => childMap(core.requireMap(id), NODE_KEYS.tags).set(clean, true));
}

export function removeTag(core: DocCore, id: string, tag: string): void {
  core.write(() => childMap(core.requireMap(id), NODE_KEYS.tags).delete(tag));
}

export function moveNode(core: DocCore, id: string, parentId: string, index?: number): void {
  core.assertWritable();
  if (id === core.meta.rootId) throw new CanopyError('rootImmovable');
  const node = core.requireLive(id);
  core.requireLive(parentId);
  const tree = core.tree();
  if (isAncestorOrSelf(tree, id, parentId)) throw new CanopyError('cycle');
  const siblings = (tree.childrenOf.get(parentId) ?? []).filter((s) => s !== id);
  const currentParent = tree.parentOf.get(id) ?? null;
  core.write(() => {
    core
      .requireMap(id)
      .set(
        NODE_KEYS.pos,
        position(
          core,
          parentId,
          siblings,
          index ?? siblings.length,
          currentParent ?? node.pos.parent,
        ),
      );
  });
}

export function reorderNode(core: DocCore, id: string, index: number): void {
  core.assertWritable();
  const parent = core.tree().parentOf.get(id);
  if (parent === undefined)
    throw new CanopyError(id === core.meta.rootId ? 'rootImmovable' : 'unknownNode');
  moveNode(core, id, parent, index);
}

export function deleteSubtree(core: DocCore, id: string): void {
  core.assertWritable();
  if (id === core.meta.rootId) throw new CanopyError('rootImmovable');
  core.requireLive(id);
  const ids = subtreeOf(core.tree(), id);
  const mark = { seq: core.maxSeq + 1, at: core.now(), batch: newId() };
  core.write(() => {
    for (const nodeId of ids) core.requireMap(nodeId).set(NODE_KEYS.deleted, mark);
  });
}
