/**
 * Members of a team room without a server: each has a real document linked over the
 * DocChannel to a SealedRelay, whose envelope is kept in step with the others' by a hub
 * (what the Hocuspocus server does, in memory).
 */
import * as Y from 'yjs';
import {
  alreadyCheckedGuard,
  linkDocOverPort,
  type PortLink,
} from '../../../shared/sync/port-link';
import { checkDecodes } from '../../../shared/sync/update-check';
import { UPDATE_BOUNDS, type UpdateGuard } from '../../../shared/sync/update-guard';
import type { SyncError } from '../../../shared/sync/errors';
import { createPortPair } from '../../../shared/team/port-pair';
import { SealedRelay, type RelayEvent } from '../../../shared/team/sealed-relay';
import { createSealer } from '../../../shared/team/sealing';

export const inlineGuard: UpdateGuard = {
  checkUpdate: async (u) => checkDecodes(Y, UPDATE_BOUNDS, 'update', u),
  checkStateVector: async (v) => checkDecodes(Y, UPDATE_BOUNDS, 'stateVector', v),
  close() {},
};

/** Envelopes joined as a server would join them: every update reaches every other one. */
export class Hub {
  readonly server = new Y.Doc();
  private readonly envelopes = new Set<Y.Doc>();

  constructor() {
    this.server.on('update', (update: Uint8Array, origin: unknown) => {
      for (const e of this.envelopes) if (e !== origin) Y.applyUpdate(e, update, this);
    });
  }

  join(envelope: Y.Doc): void {
    Y.applyUpdate(envelope, Y.encodeStateAsUpdate(this.server), this);
    Y.applyUpdate(this.server, Y.encodeStateAsUpdate(envelope), envelope);
    envelope.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) Y.applyUpdate(this.server, update, envelope);
    });
    this.envelopes.add(envelope);
  }
}

export interface Member {
  doc: Y.Doc;
  envelope: Y.Doc;
  relay: SealedRelay;
  link: PortLink;
  events: RelayEvent[];
  linkErrors: SyncError[];
}

export function member(
  hub: Hub,
  key: Uint8Array,
  options: { doc?: Y.Doc; docId?: string; compactAfter?: number; maxBlobBytes?: number } = {},
): Member {
  const doc = options.doc ?? new Y.Doc();
  const envelope = new Y.Doc();
  const events: RelayEvent[] = [];
  const linkErrors: SyncError[] = [];
  const [docPort, relayPort] = createPortPair();
  hub.join(envelope);
  const relay = new SealedRelay({
    envelope,
    sealer: createSealer(key, options.docId ?? 'team-doc'),
    guard: inlineGuard,
    port: relayPort,
    compactAfter: options.compactAfter ?? 1000,
    compactDelayMs: 0,
    maxBlobBytes: options.maxBlobBytes,
    onEvent: (e) => events.push(e),
  });
  const link = linkDocOverPort(docPort, {
    doc,
    guard: alreadyCheckedGuard,
    onError: (e) => linkErrors.push(e),
  });
  return { doc, envelope, relay, link, events, linkErrors };
}

/** Lets microtasks and timers of zero run until `condition` holds. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 2));
  }
  throw new Error(`timed out waiting for ${what}`);
}
