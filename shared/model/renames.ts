/**
 * Names are single values: a node's title, the tree's title, a column's name. Two
 * people renaming one thing at once end with one of the two names on every replica
 * (the Yjs map rule: the same winner everywhere), never the two glued together as
 * merged text would. Whoever lost is told, and keeps their name to take it back:
 *
 * - Renamed at the same time (neither had seen the other's rename: offline, or in
 *   flight): when the other rename arrives and wins, it did not build on ours. Yjs
 *   records for each map value the value it replaced (`origin`); if ours is not
 *   among the values the winner replaced, the two renames were concurrent.
 * - Renamed while we were typing: the editor started from `base`; if the name is no
 *   longer `base` when we commit, someone renamed it meanwhile, and our rename is
 *   not written over theirs unseen (CanopyDoc.rename).
 *
 * Who renamed comes from a `…By` key written with the name, trusted only when the
 * same client wrote both. The notices are this replica's, never in the document.
 */
import * as Y from 'yjs';
import { DEFAULT_COLUMNS, boardColumns, columnKey } from './board';
import { NODE_KEYS, ROOT_KEYS } from './schema';

export type RenameTarget =
  { kind: 'node'; id: string } | { kind: 'tree' } | { kind: 'column'; id: string };

/** Someone else's name won over ours: theirs is shown, ours is kept to take back. */
export interface RenameConflict {
  key: string;
  target: RenameTarget;
  /** The name we gave it. */
  mine: string;
  /** The name it has now. */
  theirs: string;
  /** Who gave it that name ('' when not known). */
  by: string;
}

/** Where a name lives: its map, its key, and the key of who wrote it. */
interface NameSlot {
  map: Y.Map<unknown>;
  key: string;
  byKey: string;
  /** The name when nothing is stored (a default column). */
  fallback: string;
}

export const BY_KEY = { node: 'titleBy', tree: 'titleBy', column: 'nameBy' } as const;

export const renameKey = (t: RenameTarget): string =>
  t.kind === 'tree' ? 'tree' : `${t.kind}:${t.id}`;

/** How far back the values a winner replaced are searched (a name rarely changes more). */
const MAX_HISTORY = 200;

function slotOf(doc: Y.Doc, target: RenameTarget): NameSlot | null {
  if (target.kind === 'tree')
    return { map: doc.getMap(ROOT_KEYS.meta), key: 'title', byKey: BY_KEY.tree, fallback: '' };
  if (target.kind === 'column')
    return {
      map: boardColumns(doc),
      key: columnKey(target.id, 'name'),
      byKey: columnKey(target.id, 'nameBy'),
      fallback: DEFAULT_COLUMNS.find((c) => c.id === target.id)?.name ?? '',
    };
  const node = doc.getMap(ROOT_KEYS.nodes).get(target.id);
  return node instanceof Y.Map
    ? { map: node as Y.Map<unknown>, key: NODE_KEYS.title, byKey: BY_KEY.node, fallback: '' }
    : null;
}

/**
 * The names a transaction may have changed: every slot (see slotOf) whose key it wrote
 * or deleted, and every node whose map it replaced. Yjs lists in `changed` each type
 * with the keys written in it (a type made in the same transaction is left out, but
 * no name of ours can live in one).
 */
function namesChangedIn(doc: Y.Doc, tr: Y.Transaction): string[] {
  // Compared by identity only (Yjs's types do not relate a Y.Map to the types `changed` holds).
  const nodes: unknown = doc.getMap(ROOT_KEYS.nodes);
  const meta: unknown = doc.getMap(ROOT_KEYS.meta);
  const columns: unknown = boardColumns(doc);
  const suffix = columnKey('', 'name');
  const keys: string[] = [];
  for (const [type, subs] of tr.changed) {
    if (type === nodes) {
      for (const id of subs) if (id !== null) keys.push(renameKey({ kind: 'node', id }));
    } else if (type === meta) {
      if (subs.has('title')) keys.push(renameKey({ kind: 'tree' }));
    } else if (type === columns) {
      for (const sub of subs)
        if (sub?.endsWith(suffix))
          keys.push(renameKey({ kind: 'column', id: sub.slice(0, -suffix.length) }));
    } else if (subs.has(NODE_KEYS.title)) {
      const item = type._item;
      if (item && item.parent === nodes && item.parentSub !== null)
        keys.push(renameKey({ kind: 'node', id: item.parentSub }));
    }
  }
  return keys;
}

const textOf = (value: unknown): string | null =>
  typeof value === 'string' ? value : value instanceof Y.Text ? value.toString() : null;

const sameId = (a: Y.ID, b: Y.ID) => a.client === b.client && a.clock === b.clock;

/** Whether `struct` holds the change `id` (Yjs merges consecutive deleted items). */
const holds = (struct: Y.Item, id: Y.ID) =>
  struct.id.client === id.client &&
  struct.id.clock <= id.clock &&
  id.clock < struct.id.clock + struct.length;

/** Whether the value `winner` was written by someone who had seen the value `ours`. */
function builtOn(doc: Y.Doc, winner: Y.Item, ours: Y.ID): boolean {
  let current: Y.Item | null = winner;
  for (let hops = 0; current && hops < MAX_HISTORY; hops++) {
    if (holds(current, ours)) return true;
    const origin: Y.ID | null = current.origin;
    if (!origin) return false;
    const next: unknown = Y.getItem(doc.store, origin);
    current = next instanceof Y.Item ? next : null;
  }
  return false;
}

export class RenameWatch {
  /** Our latest rename of each name, while it still stands. */
  private readonly mine = new Map<string, { target: RenameTarget; item: Y.ID; value: string }>();
  private readonly conflicts = new Map<string, RenameConflict>();
  private dirty = false;

  constructor(
    private readonly doc: Y.Doc,
    /** Told after a transaction that added or removed a notice. */
    private readonly onChange: (origin: unknown) => void,
  ) {
    doc.on('afterTransaction', this.onTransaction);
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction);
  }

  /** The name now, and who gave it; null when the target does not exist. */
  current(target: RenameTarget): { value: string; by: string } | null {
    const slot = slotOf(this.doc, target);
    if (!slot) return null;
    const value = textOf(slot.map.get(slot.key)) ?? slot.fallback;
    return { value, by: this.writerName(slot) };
  }

  /** Writes a name as ours (call inside a transaction); no-op when it is already that. */
  write(target: RenameTarget, value: string, actor: string): void {
    const slot = slotOf(this.doc, target);
    if (!slot || slot.map.get(slot.key) === value) return;
    slot.map.set(slot.key, value);
    slot.map.set(slot.byKey, actor);
    const key = renameKey(target);
    this.mine.set(key, { target, item: slot.map._map.get(slot.key)!.id, value });
    // Naming it ourselves answers any notice about it.
    if (this.conflicts.delete(key)) this.dirty = true;
  }

  /** Our rename was not written: someone renamed it since we started. Returns the notice. */
  refuse(target: RenameTarget, mine: string): RenameConflict | null {
    const now = this.current(target);
    if (!now || now.value === mine) return null;
    const conflict = { key: renameKey(target), target, mine, theirs: now.value, by: now.by };
    this.conflicts.set(conflict.key, conflict);
    this.onChange(null);
    return conflict;
  }

  list(): RenameConflict[] {
    return [...this.conflicts.values()];
  }

  /** Forgets a notice (theirs stays). */
  dismiss(key: string): RenameConflict | undefined {
    const conflict = this.conflicts.get(key);
    if (conflict) {
      this.conflicts.delete(key);
      this.onChange(null);
    }
    return conflict;
  }

  /** Who wrote the name, when the same client wrote it and its `…By` key. */
  private writerName(slot: NameSlot): string {
    const item = slot.map._map.get(slot.key);
    const byItem = slot.map._map.get(slot.byKey);
    const by = slot.map.get(slot.byKey);
    if (!item || !byItem || byItem.deleted || byItem.id.client !== item.id.client) return '';
    return typeof by === 'string' ? by.slice(0, 200) : '';
  }

  private readonly onTransaction = (tr: Y.Transaction) => {
    if (this.mine.size === 0 && this.conflicts.size === 0 && !this.dirty) return;
    let changed = this.dirty;
    this.dirty = false;
    // Only a name this transaction wrote can have replaced ours: checking every name we
    // ever gave on every edit made each command O(our renames so far).
    for (const key of this.mine.size ? namesChangedIn(this.doc, tr) : []) {
      const ours = this.mine.get(key);
      if (!ours) continue;
      const slot = slotOf(this.doc, ours.target);
      const item = slot?.map._map.get(slot.key);
      if (!slot || !item) {
        this.mine.delete(key);
        continue;
      }
      if (sameId(item.id, ours.item)) continue; // ours still stands
      this.mine.delete(key);
      // Replaced here (an undo), or by someone who had seen ours: a rename like any other.
      if (tr.local || builtOn(this.doc, item, ours.item)) continue;
      const theirs = textOf(slot.map.get(slot.key));
      if (theirs === null || theirs === ours.value) continue;
      this.conflicts.set(key, {
        key,
        target: ours.target,
        mine: ours.value,
        theirs,
        by: this.writerName(slot),
      });
      changed = true;
    }
    // A notice follows the name while it is not ours: a later rename updates it (ours is
    // still not shown); it goes once ours is back, or the item is gone.
    for (const [key, conflict] of this.conflicts) {
      const now = this.current(conflict.target);
      if (now?.value === conflict.theirs) continue;
      if (!now || now.value === conflict.mine) this.conflicts.delete(key);
      else this.conflicts.set(key, { ...conflict, theirs: now.value, by: now.by });
      changed = true;
    }
    if (changed) this.onChange(tr.origin);
  };
}
