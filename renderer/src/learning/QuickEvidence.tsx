/**
 * Alt+E: evidence for the selected item, in a small dialog over the canvas, so a
 * facilitator can capture what the room just said without leaving the tree.
 */
import { useStore } from 'zustand';
import type { CanopyDoc } from '../../../shared/model';
import type { createDocStore } from '../document/doc-store';
import type { ViewStore } from '../document/view-store';
import { EvidenceForm } from '../tree/details/LearningSections';
import { ErrorNote, useAttempt } from '../widgets/fields';
import { KIND_LABEL } from '../widgets/kind-labels';
import { useModalDialog } from '../widgets/useModalDialog';

interface Props {
  model: CanopyDoc;
  store: ReturnType<typeof createDocStore>;
  view: ViewStore;
  nodeId: string;
  onClose(): void;
}

export function QuickEvidence({ model, store, view, nodeId, onClose }: Props) {
  const dialog = useModalDialog(true);
  const node = useStore(store, (s) => s.nodes.get(nodeId));
  const { error, run, dismiss } = useAttempt();
  if (!node) return null;
  const title = node.title || `Untitled ${KIND_LABEL[node.kind].toLowerCase()}`;
  return (
    <dialog
      ref={dialog}
      className="sheet quick-evidence"
      aria-labelledby="quick-evidence-title"
      onClose={onClose}
    >
      <h2 id="quick-evidence-title">Evidence for {title}</h2>
      <ErrorNote message={error} onDismiss={dismiss} />
      <EvidenceForm
        onCancel={onClose}
        onSave={(e) => {
          if (run(() => void model.addEvidence(nodeId, e))) {
            view.getState().setNotice(null);
            onClose();
          }
        }}
      />
    </dialog>
  );
}
