import { IPC, type CanopyBridge, type RoomState } from '../../../shared/ipc';
import type { DocumentStorage } from '../storage/document-storage';
import type * as Y from 'yjs';
import type { RoomView } from '../../../shared/sync/room/messages';
import {
  alreadyCheckedGuard,
  linkDocOverPort,
  type PortLike,
  type PortLink,
} from '../../../shared/sync/port-link';
import type { TeamStatus } from '../../../shared/team/team-client';
import type { Platform, PlatformRoom, PlatformTeam, PlatformWorkshop } from './platform';

/** The desktop app: files through native dialogs in main, commands from the app menu. */
export function createElectronPlatform(bridge: CanopyBridge, storage: DocumentStorage): Platform {
  return {
    kind: 'desktop',
    storage,
    files: {
      async save(suggestedName, data, filters) {
        const result = await bridge.saveFile({
          suggestedName,
          data: data as Uint8Array<ArrayBuffer>,
          filters,
        });
        return result.saved;
      },
      open: (filters) => bridge.openFile({ filters }),
      onOpen: (listener) =>
        bridge.onFileOpened((file) => listener(new File([file.data as BlobPart], file.name))),
      remember: (file) =>
        void bridge
          .rememberFile(file)
          .catch((e: unknown) => console.warn('Canopy: could not add the file to Open Recent', e)),
    },
    workshop: createElectronWorkshop(bridge.workshop),
    team: createElectronTeam(bridge.team),
    room: createElectronRoom(bridge),
    onCommand: (listener) => bridge.onCommand(listener),
    setMenu: (entries) =>
      void bridge
        .setMenu(entries)
        .catch((e: unknown) => console.warn('Canopy: could not update the menu bar', e)),
  };
}

/**
 * Main keeps the room (RoomService); this window reads its pushes and sends commands.
 * It listens from the first time a screen asks, not before.
 */
function createElectronRoom(bridge: CanopyBridge): PlatformRoom {
  let state: RoomState = { snapshot: null, offset: 0, refusal: null };
  const listeners = new Set<(state: RoomState) => void>();
  const summons = new Set<(view: RoomView) => void>();
  let listening = false;
  const listen = () => {
    if (listening) return;
    listening = true;
    const take = (next: RoomState) => {
      state = next;
      for (const listener of listeners) listener(state);
    };
    bridge.room.onState(take);
    bridge.room.onSummon((view) => summons.forEach((listener) => listener(view)));
    void bridge.room.state().then(take, () => undefined);
  };
  return {
    state: () => (listen(), state),
    onState: (listener) => {
      listen();
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onSummon: (listener) => {
      listen();
      summons.add(listener);
      return () => summons.delete(listener);
    },
    command: (command) =>
      void bridge.room
        .command(command)
        .catch((e: unknown) => console.warn('Canopy: the room command failed', e)),
    openProjector: (docId) =>
      void bridge
        .openProjector(docId)
        .catch((e: unknown) => console.warn('Canopy: could not open the projector', e)),
  };
}

/** Main runs the peer; this window joins its copy of the document over a port. */
function createElectronWorkshop(bridge: CanopyBridge['workshop']): PlatformWorkshop {
  return {
    canHost: true,
    discovers: true,
    start: (docId) => bridge.start(docId),
    join: (request) => bridge.join(request),
    connect: (address) => bridge.connect(address),
    stop: () => bridge.stop(),
    status: () => bridge.status(),
    onStatus: (listener) => bridge.onStatus(listener),
    hostAddress: () => Promise.resolve(null),
    attach(_docId, doc, awareness) {
      let stopped = false;
      let link: PortLink | null = null;
      portFromMain(IPC.workshopPort, () => bridge.requestLink()).then(
        (port) => {
          if (stopped) return port.close();
          // Main's copy was checked by its guard as it arrived.
          link = linkDocOverPort(port as PortLike, { doc, awareness, guard: alreadyCheckedGuard });
        },
        () => {
          /* the workshop stopped meanwhile: its status says so */
        },
      );
      return () => {
        stopped = true;
        link?.close();
      };
    },
  };
}

/**
 * Asks main for a port; it arrives as a window message. Listen before asking, so the
 * port cannot arrive unheard. Only a message the preload posted to this very window
 * on `channel`, carrying one port, is the answer.
 */
function portFromMain(channel: string, ask: () => Promise<void>): Promise<MessagePort> {
  return new Promise<MessagePort>((resolve, reject) => {
    const onMessage = (event: MessageEvent) => {
      if (event.source !== window || event.data !== channel) return;
      const port = event.ports[0];
      if (!port) return;
      window.removeEventListener('message', onMessage);
      resolve(port);
    };
    window.addEventListener('message', onMessage);
    ask().catch((e: unknown) => {
      window.removeEventListener('message', onMessage);
      reject(e instanceof Error ? e : new Error(String(e)));
    });
  });
}

/** Team-server ports come one at a time: they carry no tree id. */
let teamPorts: Promise<unknown> = Promise.resolve();

/** Main keeps each linked tree's connection; an open tree joins main's copy. */
function createElectronTeam(bridge: CanopyBridge['team']): PlatformTeam {
  return {
    connect: (request) => bridge.connect(request),
    join: (invitation) => bridge.join(invitation),
    disconnect: (docId, forget) => bridge.disconnect(docId, forget),
    status: (docId) => bridge.status(docId),
    invitation: (docId) => bridge.invitation(docId),
    onStatus: (listener) => bridge.onStatus(listener),
    attach(docId: string, doc: Y.Doc) {
      let link: PortLink | null = null;
      let asking = false;
      let stopped = false;
      const follow = (status: TeamStatus | null) => {
        if (stopped) return;
        if (!status || status.state === 'closed') {
          link?.close();
          link = null;
          return;
        }
        if (link || asking) return;
        asking = true;
        const port = teamPorts.then(() =>
          portFromMain(IPC.teamPort, () => bridge.requestLink(docId)),
        );
        teamPorts = port.catch(() => {});
        port.then(
          (p) => {
            asking = false;
            if (stopped) return p.close();
            // Main's copy was checked by its guard as it arrived.
            link = linkDocOverPort(p as PortLike, {
              doc,
              guard: alreadyCheckedGuard,
              onError: () => (link = null),
            });
          },
          () => (asking = false),
        );
      };
      const off = bridge.onStatus((change) => {
        if (change.docId === docId) follow(change.status);
      });
      void bridge.status(docId).then(follow, () => {});
      return () => {
        stopped = true;
        off();
        link?.close();
        link = null;
      };
    },
  };
}
