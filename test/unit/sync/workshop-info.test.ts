import { describe, expect, it } from 'vitest';
import { decodeWorkshopInfo, encodeWorkshopInfo } from '../../../shared/sync/workshop-info';
import { generateRoomKey } from '../../../shared/team/sealing';

const team = {
  server: 'wss://canopy.example.org',
  token: `acme.${'b'.repeat(43)}`,
  key: generateRoomKey(),
};
const wire = (o: unknown) => new TextEncoder().encode(JSON.stringify(o));

describe('workshop info', () => {
  it('hands over a tree’s team-server access with its document', () => {
    const info = decodeWorkshopInfo(encodeWorkshopInfo({ docId: 'tree-1', team }));
    expect(info).toEqual({ docId: 'tree-1', team });
  });

  it('never sends team access without a document', () => {
    expect(decodeWorkshopInfo(encodeWorkshopInfo({ docId: null, team }))).toEqual({ docId: null });
  });

  it('refuses team access that is not whole (CANOPY-104)', () => {
    const k = Buffer.from(team.key).toString('base64url');
    for (const bad of [
      { docId: null, team: { s: team.server, t: team.token, k } },
      { docId: 'tree-1', team: 'wss://x' },
      { docId: 'tree-1', team: { s: team.server, t: team.token, k: k.slice(1) } },
      { docId: 'tree-1', team: { s: 'ftp://x', t: team.token, k } },
      { docId: 'tree-1', team: { s: team.server, t: 'no token', k } },
      { docId: 'tree-1', team: { s: team.server, k } },
    ])
      expect(() => decodeWorkshopInfo(wire(bad)), JSON.stringify(bad)).toThrow(/CANOPY-104/);
  });
});
