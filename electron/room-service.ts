/**
 * The room as the desktop's main process runs it for the window: this device's
 * identity, and a RoomClient that the window reads and commands (over IPC). When this
 * machine hosts the workshop, main also keeps the room (RoomHost, with the round
 * sealed in the data folder) and this device's user is its facilitator; when it
 * joined, the RoomClient speaks to the host over the session to it. Plain Node (no
 * `electron` import): main.ts wires the IPC.
 */
import type { RoomCommand, RoomState } from '../shared/ipc';
import {
  RoomClient,
  RoomHost,
  revealIntoDocument,
  type Identity,
  type PeerSession,
  type RoomView,
  type ToParticipant,
} from '../shared/sync';
import type * as Y from 'yjs';
import type { RoomAttachment } from './peer/workshop-peer';
import { SealedRoomStore } from './host/room-store';

export type { RoomCommand, RoomState };

export interface RoomServiceOptions {
  identity: Identity;
  /** Where a hosted room keeps its open round, sealed. */
  folder: string;
  onState(state: RoomState): void;
  onSummon(view: RoomView): void;
  onRevealed(revealed: Extract<ToParticipant, { t: 'revealed' }>): void;
}

export class RoomService {
  private client: RoomClient | null = null;
  private host: RoomHost | null = null;
  private profile = { name: 'Facilitator', colour: '#2f7d5b' };

  constructor(private readonly o: RoomServiceOptions) {}

  /** Hosting: keeps the room, with this device's user as facilitator. */
  hostRoom(doc: Y.Doc): RoomHost {
    this.close();
    const store = new SealedRoomStore(this.o.folder);
    const host = new RoomHost({
      facilitator: this.o.identity.key,
      saved: store.load(),
      save: (saved) => store.save(saved),
      onReveal: revealIntoDocument(doc),
    });
    this.host = host;
    const client = this.makeClient((payload) => connection.receive(payload));
    const connection = host.connect(
      { send: (payload) => client.receive(payload), binding: null },
      { key: this.o.identity.key, ...this.profile },
    );
    client.startLocal();
    return host;
  }

  /** Joined: the room of the peer that hosts it, over the session to it. */
  attach(session: PeerSession): RoomAttachment {
    this.client?.stop();
    const client = this.makeClient((payload) => session.sendRoom(payload));
    client.start(session.binding!);
    return {
      receive: (payload) => client.receive(payload),
      close: () => {
        client.stop();
        if (this.client === client) {
          this.client = null;
          this.push();
        }
      },
    };
  }

  /** A command from the window (validated by the IPC schema). */
  command(command: RoomCommand): void {
    if (command.t === 'profile') this.profile = { name: command.name, colour: command.colour };
    this.client?.send(command);
  }

  state(): RoomState {
    const c = this.client;
    return { snapshot: c?.snapshot ?? null, offset: c?.offset ?? 0, refusal: c?.refusal ?? null };
  }

  close(): void {
    this.client?.stop();
    this.client = null;
    this.host = null;
    this.push();
  }

  private makeClient(send: (payload: Uint8Array) => void): RoomClient {
    const client = new RoomClient({
      identity: this.o.identity,
      profile: () => this.profile,
      send,
      onChange: () => this.push(),
      onSummon: (view) => this.o.onSummon(view),
      onRevealed: (revealed) => this.o.onRevealed(revealed),
    });
    this.client = client;
    return client;
  }

  private push(): void {
    this.o.onState(this.state());
  }
}
