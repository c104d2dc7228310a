import { describe, expect, it } from 'vitest';
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { NO_WORKSHOP, type LinkStatus } from '../../../shared/sync/workshop-status';
import { readPeers } from '../../../renderer/src/workshop/presence';
import { connectionSummary } from '../../../renderer/src/workshop/WorkshopIndicator';

/** Puts `state` into `into` as the presence of another client, the way the network does. */
function remote(into: Awareness, state: unknown): number {
  const other = new Awareness(new Y.Doc());
  other.setLocalState(state as Record<string, unknown>);
  applyAwarenessUpdate(into, encodeAwarenessUpdate(other, [other.clientID]), 'test');
  other.destroy();
  return other.clientID;
}

const user = { name: 'Ada', color: '#2f7d5b' };

describe('readPeers', () => {
  it('lists valid presences of others, sorted by name, never ourselves', () => {
    const mine = new Awareness(new Y.Doc());
    mine.setLocalState({ user: { name: 'Me', color: '#3a6fd8' } });
    remote(mine, { user: { name: 'Zoe', color: '#b4462f' } });
    const ada = remote(mine, { user, selection: 'node-1', cursor: { x: 10, y: -4 } });
    const peers = readPeers(mine);
    expect(peers.map((p) => p.user.name)).toEqual(['Ada', 'Zoe']);
    expect(peers[0]).toEqual({
      clientId: ada,
      user,
      selection: 'node-1',
      cursor: { x: 10, y: -4 },
    });
    expect(peers[1]).toMatchObject({ selection: null, cursor: null });
  });

  it.each([
    ['no user', { selection: 'x' }],
    ['an empty name', { user: { name: '   ', color: '#2f7d5b' } }],
    ['a name of 41 characters', { user: { name: 'x'.repeat(41), color: '#2f7d5b' } }],
    ['a colour that is CSS, not a hex colour', { user: { name: 'A', color: 'url(x)' } }],
    ['a selection that is not an id', { user, selection: '../../etc' }],
    ['a pointer far outside any tree', { user, cursor: { x: 1e9, y: 0 } }],
    ['a pointer that is not numbers', { user, cursor: { x: '1', y: 2 } }],
    ['a name that is an object', { user: { name: { toString: 'x' }, color: '#2f7d5b' } }],
  ])('ignores a presence with %s', (_what, state) => {
    const mine = new Awareness(new Y.Doc());
    remote(mine, state);
    expect(readPeers(mine)).toEqual([]);
  });
});

const link = (
  state: LinkStatus['state'],
  direction: LinkStatus['direction'] = 'out',
): LinkStatus => ({
  address: '10.0.0.2:4455',
  peerId: null,
  direction,
  discovered: false,
  state,
  error: null,
});

describe('connectionSummary', () => {
  const running = { ...NO_WORKSHOP, running: true, docId: 'd' };
  it('is live while any connection is open', () => {
    expect(connectionSummary({ ...running, links: [link('retrying'), link('open')] }, 3)).toEqual({
      tone: 'live',
      text: 'Live · 3 people',
      short: 'Live',
      detail: ' · 3 people',
    });
  });
  it('says plainly that we are offline and that edits are safe, when every dial is down', () => {
    const s = connectionSummary({ ...running, links: [link('retrying')] }, 1);
    expect(s.tone).toBe('offline');
    expect(s.text).toMatch(/^Offline — your edits are safe on this computer/);
    expect(s.short).toBe('Offline');
  });
  it('says when the only workshop refused us', () => {
    expect(connectionSummary({ ...running, links: [link('refused')] }, 1).tone).toBe('refused');
  });
  it('is waiting when we host and nobody has joined', () => {
    expect(connectionSummary({ ...running, listening: true, links: [] }, 1).tone).toBe('waiting');
  });
  it('has a word or two for the top bar in every state', () => {
    for (const links of [[], [link('open')], [link('retrying')], [link('refused')]]) {
      const { short } = connectionSummary({ ...running, links }, 12);
      expect(short.length).toBeLessThanOrEqual('Offline'.length);
    }
  });
});
