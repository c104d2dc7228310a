import { MessageChannel } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { WorkerUpdateGuard } from '../../electron/peer/worker-update-guard';
import { alreadyCheckedGuard, linkDocOverPort, type PortLike } from '../../shared/sync';
import { converged, exampleDoc, waitFor } from './peers';
import { CanopyDoc } from '../../shared/model';

const guards: WorkerUpdateGuard[] = [];
afterEach(() => guards.splice(0).forEach((g) => g.close()));

/** A window document and a main-process document joined by a real MessageChannel. */
function linked() {
  const { port1, port2 } = new MessageChannel();
  const windowDoc = exampleDoc();
  const mainDoc = new Y.Doc();
  const windowAwareness = new Awareness(windowDoc);
  const mainAwareness = new Awareness(mainDoc);
  const guard = new WorkerUpdateGuard();
  guards.push(guard);
  const errors: string[] = [];
  const windowLink = linkDocOverPort(port1 as unknown as PortLike, {
    doc: windowDoc,
    awareness: windowAwareness,
    guard: alreadyCheckedGuard,
  });
  const mainLink = linkDocOverPort(port2 as unknown as PortLike, {
    doc: mainDoc,
    awareness: mainAwareness,
    guard,
    onError: (e) => errors.push(e.code),
  });
  return {
    port1,
    port2,
    windowDoc,
    mainDoc,
    windowAwareness,
    mainAwareness,
    windowLink,
    mainLink,
    errors,
  };
}

describe('window ↔ main process link over a MessagePort', () => {
  it('syncs the document and presence both ways, and stops when closed', async () => {
    const l = linked();
    await waitFor(() => converged([l.windowDoc, l.mainDoc]), 'initial sync');
    const main = new CanopyDoc(l.mainDoc);
    main.renameDocument('Renamed from the network');
    await waitFor(
      () => new CanopyDoc(l.windowDoc).meta.title === 'Renamed from the network',
      'main → window',
    );
    l.windowAwareness.setLocalStateField('user', { name: 'Ada', colour: '#6d4fc2' });
    await waitFor(
      () => l.mainAwareness.getStates().get(l.windowDoc.clientID) !== undefined,
      'presence',
    );

    // Closing the window's link closes its port: the main side sees 'close' once
    // everything posted before it has arrived, and nothing can cross after it.
    let portClosed = false;
    l.port2.once('close', () => (portClosed = true));
    l.windowLink.close();
    await waitFor(() => portClosed, "the main side's port to close");
    new CanopyDoc(l.windowDoc).renameDocument('After close');
    expect(new CanopyDoc(l.mainDoc).meta.title).toBe('Renamed from the network');
    l.mainLink.close();
  });

  it('the main side refuses garbage from the window and closes the link', async () => {
    const l = linked();
    await waitFor(() => converged([l.windowDoc, l.mainDoc]), 'initial sync');
    const before = Y.encodeStateVector(l.mainDoc);
    // A sync update message (channel 0, type 2) holding bytes that do not decode.
    l.port1.postMessage(new Uint8Array([0, 2, 5, 0xff, 0xff, 0xff, 0xff, 0xff]));
    await waitFor(() => l.errors.length > 0, 'the refusal');
    expect(l.errors[0]).toBe('CANOPY-105');
    expect(Y.encodeStateVector(l.mainDoc)).toEqual(before);
  });
});
