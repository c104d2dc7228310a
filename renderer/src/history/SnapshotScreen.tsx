/**
 * A snapshot, shown as the tree was then: outline, canvas and details, read-only. It
 * is its own in-memory document (never stored, never synced); restoring it makes a
 * new tree.
 */
import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import * as Y from 'yjs';
import { CanopyDoc } from '../../../shared/model';
import { TreeCanvas } from '../tree/canvas/TreeCanvas';
import { useApp } from '../app/app-store';
import { createDocStore } from '../document/doc-store';
import { createViewStore } from '../document/view-store';
import { DocumentProvider, type OpenDocument } from '../document/document-context';
import { getSnapshot, type Snapshot } from '../storage/snapshots';
import { DetailsPanel } from '../tree/details/DetailsPanel';
import { restoreSnapshot } from '../services/documents';
import { OpeningScreen, type OpeningState } from '../app/OpeningScreen';
import { OutlineTree } from '../tree/outline/OutlineTree';
import { usePlatform } from '../app/PlatformContext';
import { TopBar } from '../app/TopBar';
import '../document/document.css';

type Loaded = OpeningState | { status: 'ready'; snapshot: Snapshot; model: CanopyDoc };

const when = (t: number) =>
  new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function SnapshotScreen({ id, snapshotId }: { id: string; snapshotId: string }) {
  const navigate = useApp((s) => s.navigate);
  const [state, setState] = useState<Loaded>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    let model: CanopyDoc | null = null;
    getSnapshot(snapshotId).then(
      (snapshot) => {
        if (!live) return;
        if (!snapshot || snapshot.docId !== id) return setState({ status: 'missing' });
        const doc = new Y.Doc();
        Y.applyUpdate(doc, snapshot.update);
        model = new CanopyDoc(doc, { viewOnly: true });
        setState({ status: 'ready', snapshot, model });
      },
      (e: unknown) => live && setState({ status: 'error', message: String(e) }),
    );
    return () => {
      live = false;
      model?.destroy();
      model?.ydoc.destroy();
    };
  }, [id, snapshotId]);

  const back = (
    <button
      type="button"
      className="ghost"
      onClick={() => navigate({ screen: 'doc', id })}
      aria-label="Back to the current tree"
    >
      ← Current tree
    </button>
  );
  if (state.status !== 'ready')
    return (
      <OpeningScreen
        state={state}
        back={back}
        what="the snapshot"
        whenMissing="It may have been deleted. Go back to the tree."
      />
    );
  return <SnapshotView snapshot={state.snapshot} model={state.model} back={back} />;
}

function SnapshotView({
  snapshot,
  model,
  back,
}: {
  snapshot: Snapshot;
  model: CanopyDoc;
  back: React.ReactNode;
}) {
  const { storage } = usePlatform();
  const navigate = useApp((s) => s.navigate);
  const showToast = useApp((s) => s.showToast);
  const store = useMemo(() => createDocStore(model), [model]);
  const view = useMemo(() => createViewStore(`snapshot-${snapshot.id}`), [snapshot.id]);
  // Nobody else is in a snapshot: no presence.
  const open = useMemo<OpenDocument>(
    () => ({ id: snapshot.docId, model, store, view, awareness: null }),
    [snapshot.docId, model, store, view],
  );
  useEffect(() => () => store.destroy(), [store]);
  const selected = useStore(view, (s) => s.selected);
  const detailsClosed = useStore(view, (s) => s.detailsClosed);
  const title = model.meta.title || 'Untitled tree';

  const restore = async () => {
    const newId = await restoreSnapshot(storage, snapshot, title);
    showToast({ message: `Restored “${snapshot.name}” as a new tree.`, timeoutMs: 6000 });
    navigate({ screen: 'doc', id: newId });
  };

  return (
    <DocumentProvider document={open}>
      <div className="screen document-screen">
        <TopBar
          heading={`Snapshot “${snapshot.name}” of ${title}`}
          title={
            <>
              {back}
              <span className="snapshot-title">
                {title} <span className="muted">· {snapshot.name}</span>
              </span>
            </>
          }
        >
          <button type="button" className="primary" onClick={() => void restore()}>
            Restore as a new tree
          </button>
        </TopBar>
        <div role="status" className="banner banner-info">
          <strong>Snapshot, read-only.</strong> This is the tree as it was on{' '}
          {when(snapshot.takenAt)}
          {snapshot.auto ? ', when the workshop ended' : ''}. Nothing here changes the current tree.
        </div>
        <main className="workspace" id="document-view">
          <section className="outline-panel" aria-label="Outline">
            <OutlineTree />
          </section>
          <TreeCanvas />
          {selected && !detailsClosed && (
            <DetailsPanel nodeId={selected} onClose={() => view.getState().closeDetails()} />
          )}
        </main>
      </div>
    </DocumentProvider>
  );
}
