/**
 * The room in a plain browser: the page speaks for itself to the workshop's host over
 * its session (a RoomClient on the room channel), with an identity kept in this
 * browser's storage so a reload is the same person. A facilitator link
 * (`#join=CODE&facilitator=TOKEN`, printed by `npm run host`) leaves its token here
 * until the host has given the role.
 */
import type { RoomCommand, RoomState } from '../../../shared/ipc';
import {
  newIdentity,
  readIdentity,
  RoomClient,
  type Identity,
  type PeerSession,
  type RoomView,
} from '../../../shared/sync';
import { fallbackName, localColor, localName } from './presence';

const IDENTITY_KEY = 'canopy.room.identity';
const CLAIM_KEY = 'canopy.room.claim';
const NO_ROOM: RoomState = { snapshot: null, offset: 0, refusal: null };

/** Remembers a facilitator link's token until the host takes it (see takeInvitationCode). */
export function rememberClaimToken(token: string): void {
  if (/^[0-9a-f]{32}$/.test(token)) sessionStorage.setItem(CLAIM_KEY, token);
}

function browserIdentity(): Identity {
  try {
    const kept = readIdentity(JSON.parse(localStorage.getItem(IDENTITY_KEY) ?? 'null'));
    if (kept) return kept;
  } catch {
    /* damaged: make a new one */
  }
  const identity = newIdentity();
  localStorage.setItem(IDENTITY_KEY, JSON.stringify(identity));
  return identity;
}

export class WebRoom {
  private client: RoomClient | null = null;
  private current: RoomState = NO_ROOM;
  private readonly listeners = new Set<(state: RoomState) => void>();
  private readonly summons = new Set<(view: RoomView) => void>();
  private identity: Identity | null = null;

  /** The session to the host of the room: speak for this page on it. */
  attach(session: PeerSession): { receive(payload: Uint8Array): void; close(): void } {
    this.client?.stop();
    this.identity ??= browserIdentity();
    const client = new RoomClient({
      identity: this.identity,
      profile: () => ({ name: localName() || fallbackName(0), colour: localColor() }),
      send: (payload) => session.sendRoom(payload),
      onChange: () => this.changed(client),
      onSummon: (view) => this.summons.forEach((listener) => listener(view)),
    });
    this.client = client;
    client.start(session.binding!);
    return {
      receive: (payload) => client.receive(payload),
      close: () => {
        client.stop();
        if (this.client !== client) return;
        this.client = null;
        this.push(NO_ROOM);
      },
    };
  }

  state(): RoomState {
    return this.current;
  }

  onState(listener: (state: RoomState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onSummon(listener: (view: RoomView) => void): () => void {
    this.summons.add(listener);
    return () => this.summons.delete(listener);
  }

  command(command: RoomCommand): void {
    this.client?.send(command);
  }

  private changed(client: RoomClient): void {
    if (client !== this.client) return;
    const token = sessionStorage.getItem(CLAIM_KEY);
    if (token && client.snapshot) {
      if (client.isFacilitator || client.refusal?.code === 'CANOPY-505')
        sessionStorage.removeItem(CLAIM_KEY);
      else if (!client.refusal) client.claim(token);
    }
    this.push({ snapshot: client.snapshot, offset: client.offset, refusal: client.refusal });
  }

  private push(state: RoomState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
