/** Evidence and decision records: top-level maps whose entries reference a node. */
import * as Y from 'yjs';
import type { DocCore } from '../core';
import { CanopyError } from '../errors';
import type { Fields } from '../fields';
import { newId } from '../ids';

/** Writes a new record; call inside write(). It is an edit of its node. */
export function putRecord(
  core: DocCore,
  root: Y.Map<unknown>,
  id: string,
  nodeId: string,
  fields: Fields,
): Y.Map<unknown> {
  core.touch(nodeId);
  const map = new Y.Map<unknown>(Object.entries({ ...fields, nodeId }));
  root.set(id, map);
  return map;
}

/** A new evidence or decision record about a node (an edit of that node); its id. */
export function addRecord(
  core: DocCore,
  root: Y.Map<unknown>,
  nodeId: string,
  fields: Fields,
): string {
  const id = newId();
  core.write(() => putRecord(core, root, id, nodeId, fields));
  return id;
}

/** A record that exists and was not removed; its node is touched. */
export function requireRecord(core: DocCore, root: Y.Map<unknown>, id: string): Y.Map<unknown> {
  const map = root.get(id);
  if (!(map instanceof Y.Map) || map.get('removed') === true)
    throw new CanopyError('unknownRecord', id);
  const nodeId = map.get('nodeId');
  if (typeof nodeId === 'string') core.touch(nodeId);
  return map;
}
