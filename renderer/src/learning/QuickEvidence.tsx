/**
 * Alt+E: evidence for the selected item, in a small dialog over the canvas, so a
 * facilitator can capture what the room just said without leaving the tree.
 */
import { useDoc, useDocument } from '../document/document-context';
import { EvidenceForm } from './EvidenceForm';
import { ErrorNote, useAttempt } from '../widgets/fields';
import { KIND_LABEL } from '../widgets/kind-labels';
import { useModalDialog } from '../widgets/useModalDialog';
import './learning.css';

interface Props {
  nodeId: string;
  onClose(): void;
}

export function QuickEvidence({ nodeId, onClose }: Props) {
  const { model, view } = useDocument();
  const dialog = useModalDialog(true);
  const node = useDoc((s) => s.nodes.get(nodeId));
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
