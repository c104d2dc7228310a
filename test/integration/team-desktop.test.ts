/**
 * The desktop app's main process with a team server: TeamService (one tree's copy per
 * connection, windows joined over MessagePorts) next to the LAN WorkshopService. The
 * facilitator's tree syncs over the LAN and through the team server at once; a
 * participant who typed the workshop code is handed the tree's team access inside the
 * encrypted session and keeps syncing through the server; a remote member joins from
 * the invitation alone. Real sockets, a real Hocuspocus server and PostgreSQL.
 */
import { statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { TeamService } from '../../electron/team-service';
import { startTeamServer, type TeamServer } from '../../electron/team-server/team-server';
import { WorkshopService } from '../../electron/workshop-service';
import { CanopyDoc } from '../../shared/model';
import { alreadyCheckedGuard, linkDocOverPort, type PortLike } from '../../shared/sync';
import { decodeInvitation } from '../../shared/team/invitation';
import { converged, exampleDoc, waitFor } from './peers';
import { missingServices, startPostgres, type Service } from './team/services';

const DOC = 'workshop-doc';
const skip = missingServices();
if (skip) console.warn(`team desktop tests ${skip}`);

let pg: Service;
let server: TeamServer;
let token: string;
let dir: string;
const stops: Array<() => Promise<void>> = [];

function desktop(name: string) {
  const team = new TeamService({
    linksFile: path.join(dir, `${name}-team-links.json`),
    onStatus: () => undefined,
  });
  const workshop = new WorkshopService({
    onStatus: () => undefined,
    peer: { host: '127.0.0.1', discover: false, backoff: { initial: 50, max: 500 } },
    lanAddresses: () => ['127.0.0.1'],
    teamHandover: (docId) => team.handover(docId),
    onTeamHandover: (docId, handover) => void team.adopt(docId, handover),
  });
  stops.push(
    () => workshop.stop(),
    () => team.stop(),
  );
  return { team, workshop };
}

/** A window's document joined to a service's copy, as the renderer joins it. */
function linkWindow(link: (port: PortLike) => void, doc: Y.Doc) {
  const { port1, port2 } = new MessageChannel();
  link(port1 as unknown as PortLike);
  linkDocOverPort(port2 as unknown as PortLike, { doc, guard: alreadyCheckedGuard });
}

const title = (doc: Y.Doc) => new CanopyDoc(doc).meta.title;

describe.skipIf(skip)('the desktop app with a team server and a LAN workshop', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'canopy-team-desktop-'));
    pg = await startPostgres();
    server = await startTeamServer({ databaseUrl: pg.url, port: 0, log: () => undefined });
    token = await server.store.addToken('acme', 'tests', { maxDocuments: 10, maxConnections: 10 });
  }, 60_000);

  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
    await server?.close();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('syncs one tree over the LAN and the team server at once', async () => {
    const facilitator = desktop('facilitator');
    const facilitatorWindow = exampleDoc(DOC);
    await facilitator.team.connect({
      docId: DOC,
      server: `http://127.0.0.1:${server.port}`,
      token,
    });
    linkWindow((p) => facilitator.team.linkWindow(DOC, p), facilitatorWindow);
    const started = await facilitator.workshop.start(DOC);
    linkWindow((p) => facilitator.workshop.linkWindow(p), facilitatorWindow);
    await waitFor(() => facilitator.team.status(DOC)?.state === 'synced', 'the team link');

    // In the room: a participant types the code and is handed the team access.
    const participant = desktop('participant');
    await participant.workshop.join({ code: started.code!, address: started.addresses[0]! });
    await waitFor(() => participant.team.status(DOC)?.state === 'synced', 'the handed-over link');
    expect(participant.team.invitation(DOC)).toBe(facilitator.team.invitation(DOC));
    const participantWindow = new Y.Doc();
    linkWindow((p) => participant.workshop.linkWindow(p), participantWindow);
    linkWindow((p) => participant.team.linkWindow(DOC, p), participantWindow);

    // Elsewhere: a member with the invitation alone.
    const remote = desktop('remote');
    const joined = await remote.team.join(facilitator.team.invitation(DOC)!);
    expect(joined.docId).toBe(DOC);
    const remoteWindow = new Y.Doc();
    linkWindow((p) => remote.team.linkWindow(DOC, p), remoteWindow);
    await waitFor(
      () => converged([facilitatorWindow, participantWindow, remoteWindow]),
      'all three windows to hold the tree',
    );

    // The LAN goes away: edits on both sides meet through the team server.
    await facilitator.workshop.stop();
    new CanopyDoc(remoteWindow).renameDocument('Renamed far away');
    new CanopyDoc(participantWindow).updateNode(new CanopyDoc(participantWindow).tree().rootId!, {
      title: 'Vision from the room',
    });
    await waitFor(
      () => converged([facilitatorWindow, participantWindow, remoteWindow]),
      'the edits of both sides everywhere',
    );
    expect(title(facilitatorWindow)).toBe('Renamed far away');

    // The link is remembered privately, and comes back after a restart.
    const file = path.join(dir, 'remote-team-links.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    await remote.team.stop();
    const again = new TeamService({ linksFile: file, onStatus: () => undefined });
    stops.push(() => again.stop());
    await again.resume();
    expect(decodeInvitation(again.invitation(DOC)!).docId).toBe(DOC);
    await waitFor(() => again.status(DOC)?.state === 'synced', 'the remembered link');
  });
});
