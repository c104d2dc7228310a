/**
 * Presence: who is here, in which colour, what they have selected and where their
 * pointer is. It travels in Yjs awareness, never in the document. What others send
 * is validated before it is shown: a state that does not match is ignored whole.
 */
import { useSyncExternalStore } from 'react';
import * as v from 'valibot';
import type { Awareness } from 'y-protocols/awareness';

export const PRESENCE_COLORS = [
  '#2f7d5b',
  '#3a6fd8',
  '#b4462f',
  '#8a4fc7',
  '#b27b00',
  '#0f8a8a',
  '#c2417a',
  '#5b6b1e',
] as const;

const PresenceSchema = v.object({
  user: v.object({
    name: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(40)),
    color: v.pipe(v.string(), v.regex(/^#[0-9a-f]{6}$/i)),
  }),
  selection: v.optional(v.nullable(v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/))), null),
  cursor: v.optional(
    v.nullable(
      v.object({
        x: v.pipe(v.number(), v.finite(), v.minValue(-1e7), v.maxValue(1e7)),
        y: v.pipe(v.number(), v.finite(), v.minValue(-1e7), v.maxValue(1e7)),
      }),
    ),
    null,
  ),
});

export type Presence = v.InferOutput<typeof PresenceSchema>;

export interface Peer extends Presence {
  clientId: number;
}

/** Others present, validated, in a stable order. */
export function readPeers(awareness: Awareness): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of awareness.getStates()) {
    if (clientId === awareness.clientID) continue;
    const parsed = v.safeParse(PresenceSchema, state);
    if (parsed.success) peers.push({ clientId, ...parsed.output });
  }
  return peers.sort((a, b) => a.user.name.localeCompare(b.user.name) || a.clientId - b.clientId);
}

const NAME_KEY = 'canopy.name';
const COLOR_KEY = 'canopy.color';

export function localName(): string {
  return localStorage.getItem(NAME_KEY)?.trim() ?? '';
}

export function setLocalName(name: string): void {
  localStorage.setItem(NAME_KEY, name.trim().slice(0, 40));
}

/** Each person keeps one colour, picked at random the first time. */
export function localColor(): string {
  const saved = localStorage.getItem(COLOR_KEY);
  if (saved && (PRESENCE_COLORS as readonly string[]).includes(saved)) return saved;
  const color = PRESENCE_COLORS[Math.floor(Math.random() * PRESENCE_COLORS.length)]!;
  localStorage.setItem(COLOR_KEY, color);
  return color;
}

/** Shown when someone has not given a name yet. */
export const fallbackName = (clientId: number) =>
  `Guest ${String(clientId % 1000).padStart(3, '0')}`;

export function announceUser(awareness: Awareness): void {
  awareness.setLocalStateField('user', {
    name: localName() || fallbackName(awareness.clientID),
    color: localColor(),
  });
}

/**
 * Others present, re-read when awareness changes. The snapshot is cached per change,
 * so useSyncExternalStore sees a stable value between changes.
 */
export function usePeers(awareness: Awareness | null): Peer[] {
  return useSyncExternalStore(
    (onChange) => {
      if (!awareness) return () => {};
      const listener = () => {
        cache.delete(awareness);
        onChange();
      };
      awareness.on('change', listener);
      return () => awareness.off('change', listener);
    },
    () => {
      if (!awareness) return NO_PEERS;
      let peers = cache.get(awareness);
      if (!peers) cache.set(awareness, (peers = readPeers(awareness)));
      return peers;
    },
  );
}

const NO_PEERS: Peer[] = [];
const cache = new WeakMap<Awareness, Peer[]>();
