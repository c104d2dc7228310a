/**
 * "Propose to tree": copies an item of a private draft (with its children and their
 * evidence) into a shared tree, under a parent the person picks. The draft stays as it
 * is, private; only the copy is in the tree, and it syncs like any other edit there.
 */
import { useEffect, useMemo, useState } from 'react';
import { CHILD_KIND, NODE_KIND_LABEL, type CanopyDoc, type NodeKind } from '../../../shared/model';
import { useApp } from '../app/app-store';
import { useModel } from '../document/document-context';
import { DocSession } from '../storage/doc-session';
import type { DocumentSummary } from '../storage/document-storage';
import { actorName } from '../services/documents';
import { usePlatform } from '../app/PlatformContext';
import { useModalDialog } from '../widgets/useModalDialog';
import { SheetClose } from '../widgets/SheetClose';
import './drafts.css';

interface Props {
  /** The item proposed; the draft's root proposes everything under it. */
  nodeId: string;
  onClose(): void;
}

interface ParentOption {
  id: string;
  label: string;
  kind: NodeKind;
}

/** Indented so the outline's shape shows in a plain select. */
function parentOptions(model: CanopyDoc): ParentOption[] {
  const tree = model.tree();
  return tree.order.map((id) => {
    const n = model.node(id)!;
    const depth = tree.depthOf.get(id) ?? 0;
    return {
      id,
      kind: n.kind,
      label: `${'\u2003'.repeat(depth)}${NODE_KIND_LABEL[n.kind]}: ${n.title || 'Untitled'}`,
    };
  });
}

/** Where the proposal most likely belongs: the first item whose children are its kind. */
function likelyParent(options: ParentOption[], kind: NodeKind | undefined): string {
  return (options.find((o) => kind && CHILD_KIND[o.kind] === kind) ?? options[0])?.id ?? '';
}

export function ProposeDialog({ nodeId, onClose }: Props) {
  const draft = useModel();
  const dialog = useModalDialog(true);
  const { storage } = usePlatform();
  const navigate = useApp((s) => s.navigate);
  const showToast = useApp((s) => s.showToast);
  const [trees, setTrees] = useState<DocumentSummary[] | null>(null);
  const [treeId, setTreeId] = useState('');
  const [opened, setOpened] = useState<DocSession | null>(null);
  // Until the newly chosen tree is open, the previous one is not a target.
  const target = opened?.id === treeId ? opened : null;
  const [parentId, setParentId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const isRoot = nodeId === draft.tree().rootId;
  const first = isRoot ? draft.tree().childrenOf.get(nodeId)?.[0] : nodeId;
  const proposedKind = first ? draft.node(first)?.kind : undefined;
  const what = isRoot
    ? `everything in “${draft.meta.title || 'this draft'}”`
    : `“${draft.node(nodeId)?.title || 'Untitled'}”`;
  const nothing = isRoot && !first;

  useEffect(() => {
    storage.list().then(
      (all) => {
        const shared = all.filter((d) => !d.private);
        setTrees(shared);
        setTreeId((current) => current || shared[0]?.id || '');
      },
      (e: unknown) => setError(`Could not list your trees: ${String(e)}`),
    );
  }, [storage]);

  // The chosen tree stays open while the dialog is, to list its items.
  useEffect(() => {
    if (!treeId) return;
    let live = true;
    let mine: DocSession | null = null;
    DocSession.open(storage, treeId, actorName()).then(
      (session) => {
        mine = session;
        if (!live) return void session.close();
        setOpened(session);
        setParentId(likelyParent(parentOptions(session.model), proposedKind));
      },
      (e: unknown) => setError(`Could not open that tree: ${String(e)}`),
    );
    return () => {
      live = false;
      void mine?.close();
    };
  }, [storage, treeId, proposedKind]);

  // Every item of the tree, once per tree (a large tree has thousands).
  const options = useMemo(() => (target ? parentOptions(target.model) : []), [target]);
  const treeTitle = trees?.find((t) => t.id === treeId)?.title || 'Untitled tree';

  const propose = () => {
    if (!target || !parentId) return;
    setBusy(true);
    setError(null);
    try {
      const ids = target.model.insertCopyOf(draft, nodeId, parentId);
      const under = target.model.node(parentId)?.title || 'Untitled';
      showToast({
        message: `Proposed ${ids.length === 1 ? what : `${ids.length} items`} to “${treeTitle}”, under “${under}”. The draft stays private.`,
        timeoutMs: 8000,
        action: { label: 'Open the tree', run: () => navigate({ screen: 'doc', id: treeId }) },
      });
      onClose();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialog}
      className="sheet propose-dialog"
      aria-labelledby="propose-title"
      onClose={onClose}
    >
      <h2 id="propose-title">Propose to a tree</h2>
      <p className="muted">
        A copy of {what}, with its children and their evidence, goes into the tree you pick. The
        draft stays here, private.
      </p>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      {nothing ? (
        <p>This draft is empty: add an item to it first.</p>
      ) : trees === null ? (
        <p className="muted">Loading your trees…</p>
      ) : trees.length === 0 ? (
        <p>
          You have no shared trees yet. Start one on the home screen (or join a workshop), then
          propose this draft to it.
        </p>
      ) : (
        <form
          className="propose-form"
          onSubmit={(e) => {
            e.preventDefault();
            propose();
          }}
        >
          <label>
            Tree
            <select value={treeId} onChange={(e) => setTreeId(e.target.value)}>
              {trees.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title || 'Untitled tree'}
                </option>
              ))}
            </select>
          </label>
          <label>
            Under
            <select
              value={parentId}
              disabled={!target}
              onChange={(e) => setParentId(e.target.value)}
            >
              {options.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.label}
                </option>
              ))}
            </select>
          </label>
          <div className="sheet-actions">
            <button type="button" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={!target || !parentId || busy}>
              Propose
            </button>
          </div>
        </form>
      )}
      {(nothing || trees?.length === 0) && <SheetClose onClose={onClose} />}
    </dialog>
  );
}
