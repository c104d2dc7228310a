/**
 * A DocChannel for tests of what it sends and relays: its guard passes everything
 * at once, and it is always open.
 */
import type * as Y from 'yjs';
import { DocChannel, type DocChannelOptions } from '../../../shared/sync/doc-channel';
import type { UpdateGuard } from '../../../shared/sync/update-guard';

export const trustingGuard: UpdateGuard = {
  checkUpdate: () => Promise.resolve(),
  checkStateVector: () => Promise.resolve(),
  checkNow: () => true,
  close: () => {},
};

export function trustingChannel(
  doc: Y.Doc,
  send: DocChannelOptions['send'],
  options: Partial<DocChannelOptions> = {},
): DocChannel {
  return new DocChannel({
    doc,
    awareness: null,
    guard: trustingGuard,
    maxAwarenessBytes: 1024,
    isOpen: () => true,
    onRefused: () => {},
    send,
    ...options,
  });
}
