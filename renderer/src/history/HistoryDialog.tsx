/**
 * A document's history: take a named snapshot, restore one as a new tree, or show on
 * the canvas what changed since one.
 */
import { useCallback, useEffect, useState } from 'react';
import * as Y from 'yjs';
import { changedSince } from '../../../shared/files/changes';
import { CanopyDoc, newId } from '../../../shared/model';
import { useApp } from '../app/app-store';
import { useDocument } from '../document/document-context';
import { deleteSnapshot, listSnapshots, takeSnapshot, type Snapshot } from '../storage/snapshots';
import { restoreSnapshot } from '../services/documents';
import { usePlatform } from '../app/PlatformContext';
import { useModalDialog } from '../widgets/useModalDialog';
import { SheetClose } from '../widgets/SheetClose';
import './history.css';

interface Props {
  onClose(): void;
}

const when = (t: number) =>
  new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The tree a snapshot holds, read like any document. */
function treeOf(snapshot: Snapshot) {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, snapshot.update);
  const model = new CanopyDoc(doc);
  const tree = model.tree();
  const view = { ...tree, nodes: new Map(tree.order.map((id) => [id, model.node(id)!])) };
  return { model, view };
}

export function HistoryDialog({ onClose }: Props) {
  const { model, store, view } = useDocument();
  const dialog = useModalDialog(true);
  const { storage } = usePlatform();
  const navigate = useApp((s) => s.navigate);
  const showToast = useApp((s) => s.showToast);
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const docId = model.meta.id;

  const refresh = useCallback(
    () => void listSnapshots(docId).then(setSnapshots, (e: unknown) => setError(String(e))),
    [docId],
  );
  useEffect(refresh, [refresh]);

  const take = async () => {
    try {
      await takeSnapshot({
        id: newId(),
        docId,
        name: name.trim() || `Snapshot of ${when(Date.now())}`,
        takenAt: Date.now(),
        auto: false,
        update: Y.encodeStateAsUpdate(model.ydoc),
      });
      setName('');
      refresh();
    } catch (e) {
      setError(`Could not keep the snapshot: ${String(e)}`);
    }
  };

  const restore = async (s: Snapshot) => {
    const id = await restoreSnapshot(storage, s, model.meta.title);
    showToast({ message: `Restored “${s.name}” as a new tree.`, timeoutMs: 6000 });
    onClose();
    navigate({ screen: 'doc', id });
  };

  const showChanges = (s: Snapshot) => {
    const then = treeOf(s);
    const now = store.getState();
    view.getState().setChangesSince({
      name: s.name,
      changes: changedSince(then.view, now),
    });
    then.model.destroy();
    onClose();
    navigate({ screen: 'doc', id: docId, tab: 'tree' });
  };

  return (
    <dialog
      ref={dialog}
      className="sheet history-dialog"
      aria-labelledby="history-title"
      onClose={onClose}
    >
      <h2 id="history-title">History</h2>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <form
        className="history-take"
        onSubmit={(e) => {
          e.preventDefault();
          void take();
        }}
      >
        <label>
          Snapshot name
          <input
            value={name}
            maxLength={120}
            placeholder="e.g. After the March workshop"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit" className="primary">
          Take a snapshot
        </button>
      </form>
      {snapshots === null ? (
        <p className="muted">Loading…</p>
      ) : snapshots.length === 0 ? (
        <p className="muted">
          No snapshots yet. Take one before a workshop, to see afterwards what it changed.
        </p>
      ) : (
        <ul className="history-list" aria-label="Snapshots">
          {snapshots.map((s) => (
            <li key={s.id}>
              <span className="history-name">
                <strong>{s.name}</strong>
                <span className="muted">
                  {when(s.takenAt)}
                  {s.auto ? ' · taken when the workshop ended' : ''}
                </span>
              </span>
              <button
                type="button"
                aria-label={`View snapshot ${s.name}`}
                onClick={() => {
                  onClose();
                  navigate({ screen: 'snapshot', id: docId, snapshot: s.id });
                }}
              >
                View
              </button>
              <button type="button" onClick={() => showChanges(s)}>
                Show changes since
              </button>
              <button type="button" onClick={() => void restore(s)}>
                Restore as a new tree
              </button>
              <button
                type="button"
                className="ghost"
                aria-label={`Delete snapshot ${s.name}`}
                onClick={() => void deleteSnapshot(s.id).then(refresh)}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <SheetClose onClose={onClose} />
    </dialog>
  );
}
