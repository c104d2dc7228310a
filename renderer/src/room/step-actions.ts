/**
 * What the facilitator's Start, Next and Back do: take the room to a step (written in
 * the document, so it survives a reload), start that step's time box on the room's
 * timer, and go to the view the step is about (followers come along, see useFollow).
 */
import type { RoomCommand } from '../../../shared/ipc';
import type { CanopyDoc } from '../../../shared/model';
import { useApp } from '../app/app-store';
import type { ViewStore } from '../document/view-store';
import { takeSnapshot } from '../storage/snapshots';
import * as Y from 'yjs';

/** The snapshot of the tree as the agenda started: the summary's "since". */
export const startSnapshotId = (docId: string) => `workshop-start-${docId}`;

export function goToStep(
  docId: string,
  model: CanopyDoc,
  view: ViewStore,
  command: (c: RoomCommand) => void,
  index: number,
): void {
  const starting = model.workshop().current < 0 && index === 0;
  if (starting)
    void takeSnapshot({
      id: startSnapshotId(docId),
      docId,
      name: 'Start of the workshop',
      takenAt: Date.now(),
      auto: true,
      update: Y.encodeStateAsUpdate(model.ydoc),
    }).catch((e: unknown) => console.warn('Canopy: no snapshot of the start', e));
  model.goToStep(index);
  const step = model.workshop().agenda[index];
  if (!step) {
    command({ t: 'timer', op: 'stop' });
    return;
  }
  if (step.minutes > 0)
    command({ t: 'timer', op: 'start', seconds: step.minutes * 60, label: step.title });
  else command({ t: 'timer', op: 'stop' });
  useApp.getState().navigate({ screen: 'doc', id: docId, tab: step.view });
  if (step.nodeId && model.node(step.nodeId)) view.getState().select(step.nodeId);
}
