/** A hosted workshop's end keeps the tree in its history (a service, not an effect's cleanup). */
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createStore } from 'zustand/vanilla';
import { CanopyDoc } from '../../../shared/model';
import { NO_WORKSHOP, type WorkshopStatus } from '../../../shared/sync/workshop-status';
import { snapshotWhenHostedWorkshopEnds } from '../../../renderer/src/services/workshop-end-snapshot';
import type { Snapshot } from '../../../renderer/src/storage/snapshots';

describe('the end of a hosted workshop', () => {
  const running = (s: Partial<WorkshopStatus>): WorkshopStatus => ({
    ...NO_WORKSHOP,
    running: true,
    listening: true,
    docId: 'doc',
    ...s,
  });

  function setup(isPrivate = false) {
    const model = new CanopyDoc(new Y.Doc());
    model.initialise({ id: 'doc', title: 'Tree', private: isPrivate });
    const workshop = createStore<{ status: WorkshopStatus }>(() => ({ status: NO_WORKSHOP }));
    const taken: Snapshot[] = [];
    const stop = snapshotWhenHostedWorkshopEnds(
      workshop,
      { id: 'doc', model },
      { take: async (s) => void taken.push(s), now: () => 5000 },
    );
    return { model, workshop, taken, stop };
  }

  it('keeps the tree as it was when the workshop it hosted ended, once', () => {
    const { model, workshop, taken } = setup();
    workshop.setState({ status: running({}) });
    model.renameDocument('As it ended');
    workshop.setState({ status: NO_WORKSHOP });
    workshop.setState({ status: NO_WORKSHOP });
    expect(taken).toHaveLength(1);
    expect(taken[0]).toMatchObject({ docId: 'doc', auto: true, takenAt: 5000 });
    expect(taken[0]!.name).toMatch(/^End of the workshop, /);
    const kept = new Y.Doc();
    Y.applyUpdate(kept, taken[0]!.update);
    expect(new CanopyDoc(kept).meta.title).toBe('As it ended');
  });

  it('keeps nothing for a joined workshop, another tree, a draft, or after the tree closed', () => {
    for (const [status, isPrivate] of [
      [running({ listening: false }), false],
      [running({ docId: 'other' }), false],
      [running({}), true],
    ] as const) {
      const { workshop, taken } = setup(isPrivate);
      workshop.setState({ status });
      workshop.setState({ status: NO_WORKSHOP });
      expect(taken).toEqual([]);
    }
    const { workshop, taken, stop } = setup();
    workshop.setState({ status: running({}) });
    stop();
    workshop.setState({ status: NO_WORKSHOP });
    expect(taken).toEqual([]);
  });
});
