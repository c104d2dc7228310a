/** Document commands: filling a new document, and renaming (items, the tree, columns). */
import type { DocCore } from '../core';
import { hasEntries } from '../core';
import { PRIVATE_KEY } from '../drafts';
import { CanopyError } from '../errors';
import { clampText, normalName } from '../fields';
import { newId } from '../ids';
import { TEMPLATE_ORIGIN } from '../origins';
import { renameKey, type RenameConflict, type RenameTarget } from '../renames';
import { LIMITS, SCHEMA_VERSION } from '../schema';
import { updateColumn } from './board';
import type { OutlineItem } from './items';
import { updateNode } from './tree';
import { insertOutlineUnder, writeNewNode } from './write-node';

export interface InitialiseOptions {
  id?: string;
  title: string;
  vision?: OutlineItem;
  origin?: unknown;
  /** A private draft, kept on this machine and refused by every sync channel. */
  private?: boolean;
  /** When the tree was first made (a lossless file's); now when omitted. */
  createdAt?: number;
  /** Use the outline's node, measure and assumption ids (a lossless file's, unique). */
  keepIds?: boolean;
}

export function initialise(core: DocCore, options: InitialiseOptions): string {
  if (hasEntries(core.nodesMap) || core.meta.rootId) return core.meta.rootId ?? '';
  if (core.readOnly) throw new CanopyError('readOnly');
  const keepIds = options.keepIds ?? false;
  const rootId = (keepIds && options.vision?.id) || newId();
  core.ydoc.transact(() => {
    const meta = core.metaMap;
    meta.set('schemaVersion', SCHEMA_VERSION);
    meta.set('id', options.id ?? newId());
    meta.set('title', clampText(options.title, LIMITS.docTitle));
    meta.set('createdAt', options.createdAt ?? core.now());
    meta.set('rootId', rootId);
    if (options.private) meta.set(PRIVATE_KEY, true);
    const vision = options.vision ?? { title: '' };
    writeNewNode(
      core,
      rootId,
      'vision',
      { ...vision, kind: 'vision' },
      { parent: null, order: 'a0', seq: 1, client: core.ydoc.clientID, prev: null },
      keepIds,
    );
    if (vision.children?.length)
      insertOutlineUnder(core, rootId, vision.children, null, 'goal', undefined, keepIds);
  }, options.origin ?? TEMPLATE_ORIGIN);
  return rootId;
}

export function renameDocument(core: DocCore, title: string): void {
  core.write(() =>
    core.renames.write({ kind: 'tree' }, normalName({ kind: 'tree' }, title), core.actor),
  );
}

export function rename(
  core: DocCore,
  target: RenameTarget,
  name: string,
  options: { base?: string } = {},
): RenameConflict | null {
  core.assertWritable();
  const now = core.renames.current(target);
  if (!now || (target.kind === 'column' && !core.board().columns.some((c) => c.id === target.id)))
    throw new CanopyError(
      target.kind === 'column' ? 'unknownColumn' : 'unknownNode',
      renameKey(target),
    );
  const value = normalName(target, name);
  if (options.base !== undefined && now.value !== options.base && now.value !== value)
    return core.renames.refuse(target, value);
  if (target.kind === 'node') updateNode(core, target.id, { title: value });
  else if (target.kind === 'tree') renameDocument(core, value);
  else updateColumn(core, target.id, { name: value });
  return null;
}

export function resolveRename(core: DocCore, key: string, keep: 'mine' | 'theirs'): void {
  const conflict = core.renames.list().find((c) => c.key === key);
  if (!conflict) return;
  if (keep === 'theirs') {
    core.renames.dismiss(key);
    return;
  }
  rename(core, conflict.target, conflict.mine);
  core.renames.dismiss(key);
}
