/**
 * Rooms over simulated links for unit tests: true time moved by hand, each screen
 * reading it through its own clock skew, messages delivered after a latency.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import {
  decodeToParticipant,
  newIdentity,
  RoomClient,
  type Identity,
  type RoomConnection,
  type RoomHost,
  type RoomView,
  type ToParticipant,
} from '../../../shared/sync';

/** True time, advanced by the test; each screen reads it through its own skew. */
let trueNow = 1_800_000_000_000;
export const now = () => trueNow;

beforeEach(() => vi.useFakeTimers({ now: trueNow, toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => vi.useRealTimers());

/** Lets queued deliveries and microtasks happen, moving true time by `ms`. */
export async function pass(ms: number): Promise<void> {
  const end = trueNow + ms;
  while (trueNow < end) {
    trueNow += 1;
    await vi.advanceTimersByTimeAsync(1);
  }
}

export const binding = () => crypto.getRandomValues(new Uint8Array(32));

export interface Screen {
  client: RoomClient;
  connection: RoomConnection;
  identity: Identity;
  summoned: RoomView[];
  /** Every message this screen received, as it arrived. */
  received: ToParticipant[];
  revealed: Extract<ToParticipant, { t: 'revealed' }>[];
}

/** A participant whose clock is `skewMs` off, `latencyMs` away from the host each way. */
export function join(
  host: RoomHost,
  name: string,
  { skewMs = 0, latencyMs = 5, identity = newIdentity() } = {},
): Screen {
  const b = binding();
  const summoned: RoomView[] = [];
  const received: ToParticipant[] = [];
  const revealed: Screen['revealed'] = [];
  const to: { host?: RoomConnection } = {};
  const client = new RoomClient({
    identity,
    profile: () => ({ name, colour: '#2f7d5b' }),
    now: () => trueNow + skewMs,
    send: (payload) => setTimeout(() => to.host!.receive(payload), latencyMs),
    onSummon: (view) => summoned.push(view),
    onRevealed: (r) => revealed.push(r),
  });
  const connection = host.connect({
    binding: b,
    send: (payload) =>
      setTimeout(() => {
        received.push(decodeToParticipant(payload));
        client.receive(payload);
      }, latencyMs),
  });
  to.host = connection;
  client.start(b);
  return { client, connection, identity, summoned, received, revealed };
}
