/**
 * The details of the selected node: everything a facilitator fills in while the room
 * talks (description, owner, tags, confidence, investment, hypothesis, evidence and
 * decisions, measures of success, assumptions). Every change goes through a CanopyDoc
 * command; text fields commit on blur or Enter (see widgets/fields.tsx).
 */
import { useId } from 'react';
import { cardColumn, LIMITS, type NodeData, type NodeKind } from '../../../../shared/model';
import { useDoc, useModel } from '../../document/document-context';
import { RenameNotice } from '../../document/RenameNotice';
import {
  ConfidenceField,
  DraftField,
  ErrorNote,
  LabelledDraft,
  useAttempt,
} from '../../widgets/fields';
import { KIND_LABEL } from '../../widgets/kind-labels';
import { AssumptionsSection } from './AssumptionsSection';
import { DecisionSection } from './DecisionSection';
import { EvidenceSection } from './EvidenceSection';
import { HypothesisSection } from './HypothesisSection';
import { MeasuresSection } from './MeasuresSection';
import { RollUpSection } from './RollUpSection';
import { StoppedNote } from './StoppedNote';
import { TagsField } from './TagsField';
import { VotesSection } from './VotesSection';
import './details.css';

export interface DetailsPanelProps {
  /** The selected node; null shows a prompt to select one. */
  nodeId: string | null;
  onClose(): void;
  /** Opens the learning timeline of a node and its subtree. */
  onTimeline?(nodeId: string): void;
}

const CHILD_KINDS: readonly NodeKind[] = ['goal', 'bet', 'initiative'];

const isTextTarget = (el: EventTarget) =>
  el instanceof HTMLInputElement ||
  el instanceof HTMLTextAreaElement ||
  el instanceof HTMLSelectElement;

export function DetailsPanel({ nodeId, onClose, onTimeline }: DetailsPanelProps) {
  const node = useDoc((s) => (nodeId ? s.nodes.get(nodeId) : undefined));
  return (
    <aside
      aria-label="Details"
      data-pane="details"
      className={`details-panel${node ? ` kind-${node.kind}` : ''}`}
      onKeyDown={(e) => {
        // Escape in a field reverts the field; elsewhere in the panel it closes it.
        if (e.key === 'Escape' && !isTextTarget(e.target)) onClose();
      }}
    >
      {!node || node.deleted ? (
        <div className="details-header">
          <p className="details-empty muted">
            {nodeId
              ? 'This item no longer exists: a collaborator may have deleted it.'
              : 'Select an item in the tree to see its details.'}
          </p>
          <CloseButton onClose={onClose} />
        </div>
      ) : (
        // Keyed by node: drafts and messages never leak from one node to another.
        <NodeDetails key={node.id} node={node} onClose={onClose} onTimeline={onTimeline} />
      )}
    </aside>
  );
}

function CloseButton({ onClose }: { onClose(): void }) {
  return (
    <button
      type="button"
      className="ghost details-close"
      aria-label="Close details"
      onClick={onClose}
    >
      ×
    </button>
  );
}

function NodeDetails({
  node,
  onClose,
  onTimeline,
}: {
  node: NodeData;
  onClose(): void;
  onTimeline?(nodeId: string): void;
}) {
  const model = useModel();
  const id = node.id;
  const readOnly = useDoc((s) => s.readOnly);
  const isRoot = useDoc((s) => s.rootId === id);
  const columns = useDoc((s) => s.board.columns);
  const column = useDoc((s) => cardColumn(s.board, id).id);
  const hasChildren = useDoc((s) => (s.childrenOf.get(id)?.length ?? 0) > 0);
  const renamed = useDoc((s) => s.renames.find((c) => c.key === `node:${id}`));
  const { error, run, dismiss } = useAttempt();
  const kindId = useId();
  const titleId = useId();
  const isBetLike = node.kind === 'bet' || node.kind === 'initiative';
  const kinds: readonly NodeKind[] = isRoot
    ? ['vision']
    : node.kind === 'vision'
      ? ['vision', ...CHILD_KINDS] // a misplaced vision from a peer: let it be changed
      : CHILD_KINDS;

  return (
    <>
      <header className="details-header">
        {/* The panel's sections are h3: this keeps the outline h1 → h2 → h3. */}
        <h2 className="visually-hidden">
          {KIND_LABEL[node.kind]}: {node.title || 'Untitled'}
        </h2>
        <div className="details-header-row">
          <span className="kind-badge" aria-hidden="true">
            {KIND_LABEL[node.kind]}
          </span>
          <label htmlFor={kindId} className="visually-hidden">
            Kind
          </label>
          <select
            id={kindId}
            className="details-kind-select"
            value={node.kind}
            disabled={readOnly || isRoot}
            title={isRoot ? 'The root of the tree is always the vision' : undefined}
            onChange={(e) => {
              const kind = e.currentTarget.value as NodeKind;
              run(() => model.updateNode(id, { kind }));
            }}
          >
            {kinds.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
          <CloseButton onClose={onClose} />
        </div>
        <label htmlFor={titleId} className="visually-hidden">
          Title
        </label>
        <DraftField
          id={titleId}
          multiline
          enterCommits
          rows={1}
          className="details-title"
          placeholder={`Untitled ${KIND_LABEL[node.kind].toLowerCase()}`}
          maxLength={LIMITS.title}
          value={node.title}
          readOnly={readOnly}
          onCommit={(title, base) => {
            // Renamed by someone since the field was focused: theirs stays, the notice says so.
            const conflict = { found: false };
            run(() => {
              conflict.found = model.rename({ kind: 'node', id }, title, { base }) !== null;
              // A rename is undone on its own, however quickly the next edit follows.
              model.undoManager.stopCapturing();
            });
            if (conflict.found) return null;
          }}
        />
      </header>

      <div className="details-body">
        {renamed && <RenameNotice conflict={renamed} what="this" run={run} />}
        <ErrorNote message={error} onDismiss={dismiss} />
        {isBetLike && <StoppedNote node={node} readOnly={readOnly} />}

        {isBetLike && (
          <label className="details-field">
            <span className="details-label">Board column</span>
            <select
              value={column}
              disabled={readOnly}
              onChange={(e) => {
                const to = e.currentTarget.value;
                run(() => void model.moveCard(id, to));
              }}
            >
              {columns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}

        <LabelledDraft
          label="Description"
          multiline
          rows={3}
          maxLength={LIMITS.description}
          placeholder="What this is and why it matters"
          value={node.description}
          readOnly={readOnly}
          onCommit={(description) => void run(() => model.updateNode(id, { description }))}
        />
        <LabelledDraft
          label="Owner"
          maxLength={LIMITS.owner}
          placeholder="Who carries it"
          value={node.owner}
          readOnly={readOnly}
          onCommit={(owner) => void run(() => model.updateNode(id, { owner }))}
        />
        <TagsField node={node} readOnly={readOnly} run={run} />
        <ConfidenceField
          value={node.confidence}
          readOnly={readOnly}
          onCommit={(confidence) => void run(() => model.updateNode(id, { confidence }))}
        />
        {isBetLike && (
          <LabelledDraft
            label="Investment"
            maxLength={LIMITS.text}
            placeholder="e.g. 2 people, 3 months"
            value={node.investment}
            readOnly={readOnly}
            onCommit={(investment) => void run(() => model.updateNode(id, { investment }))}
          />
        )}

        {isBetLike && <HypothesisSection node={node} readOnly={readOnly} />}
        {!isRoot && <VotesSection nodeId={id} />}
        <EvidenceSection node={node} readOnly={readOnly} />
        {isBetLike && <DecisionSection node={node} readOnly={readOnly} />}
        {hasChildren && <RollUpSection nodeId={id} />}
        {onTimeline && (
          <button
            type="button"
            className="ghost details-small-button details-timeline-link"
            onClick={() => onTimeline(node.id)}
          >
            Learning timeline of this item →
          </button>
        )}
        <MeasuresSection node={node} readOnly={readOnly} />
        <AssumptionsSection node={node} readOnly={readOnly} />
      </div>
    </>
  );
}
