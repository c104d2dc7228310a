/**
 * Builds `window.canopy` from an ipcRenderer-like object. Only these functions cross
 * the context bridge: the renderer never gets ipcRenderer, channel names or IPC event
 * objects (which carry `sender`), so it cannot reach other channels.
 */
import * as v from 'valibot';
import {
  CommandIdSchema,
  IPC,
  isRoomView,
  OpenedFileSchema,
  type CanopyBridge,
  type RoomState,
  type OpenedFile,
  type TeamChange,
} from '../shared/ipc';
import type { WorkshopStatus } from '../shared/sync/workshop-status';

/** The parts of Electron's ipcRenderer the bridge uses. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

const MAX_WAITING_FILES = 8;

/**
 * Hands MessagePorts from main to the page (window.postMessage, in the preload), with
 * the channel they came on as the message, so the page knows what each port joins.
 */
export type PortForwarder = (ports: readonly unknown[], channel: string) => void;

/** The file system path of a dropped File (Electron's webUtils.getPathForFile), or ''. */
export type PathForFile = (file: object) => string;

export function createCanopyBridge(
  ipc: IpcRendererLike,
  forwardPorts: PortForwarder,
  pathForFile: PathForFile = () => '',
): CanopyBridge {
  /** Subscribes to a main → renderer channel, passing on only payloads that `accept`s. */
  const subscribe =
    <T>(channel: string, accept: (value: unknown) => value is T) =>
    (listener: (value: T) => void) => {
      const forward = (_event: unknown, value: unknown) => {
        if (accept(value)) listener(value);
      };
      ipc.on(channel, forward);
      return () => {
        ipc.removeListener(channel, forward);
      };
    };

  // A file can arrive before the page has subscribed (a double-click starts the app):
  // kept until someone listens, a few at most.
  const waitingFiles: OpenedFile[] = [];
  let fileListener: ((file: OpenedFile) => void) | null = null;
  ipc.on(IPC.fileOpened, (_event, file) => {
    if (!v.is(OpenedFileSchema, file)) return;
    if (fileListener) fileListener(file);
    else if (waitingFiles.length < MAX_WAITING_FILES) waitingFiles.push(file);
  });

  // Ports arrive on their own channels; the page asks for one with requestLink().
  for (const channel of [IPC.workshopPort, IPC.teamPort])
    ipc.on(channel, (event) => {
      const ports = (event as { ports?: unknown } | null)?.ports;
      if (Array.isArray(ports) && ports.length === 1) forwardPorts(ports, channel);
    });

  // Main validates and shapes the results; the casts only restate the contract.
  type W = CanopyBridge['workshop'];
  type T = CanopyBridge['team'];
  return {
    appInfo: () => ipc.invoke(IPC.appInfo) as ReturnType<CanopyBridge['appInfo']>,
    saveFile: (request) =>
      ipc.invoke(IPC.saveFile, request) as ReturnType<CanopyBridge['saveFile']>,
    openFile: (request) =>
      ipc.invoke(IPC.openFile, request) as ReturnType<CanopyBridge['openFile']>,
    onCommand: subscribe(IPC.command, (c): c is string => v.is(CommandIdSchema, c)),
    setMenu: async (entries) => {
      await ipc.invoke(IPC.setMenu, entries);
    },
    onFileOpened: (listener) => {
      fileListener = listener;
      for (const file of waitingFiles.splice(0)) listener(file);
      return () => {
        if (fileListener === listener) fileListener = null;
      };
    },
    rememberFile: async (file) => {
      // Only the path crosses: main reads nothing here, it only lists the file.
      const filePath = pathForFile(file);
      if (filePath) await ipc.invoke(IPC.rememberFile, filePath);
    },
    workshop: {
      start: (docId) => ipc.invoke(IPC.workshopStart, docId) as ReturnType<W['start']>,
      join: (request) => ipc.invoke(IPC.workshopJoin, request) as ReturnType<W['join']>,
      connect: async (address) => {
        await ipc.invoke(IPC.workshopConnect, address);
      },
      stop: async () => {
        await ipc.invoke(IPC.workshopStop);
      },
      status: () => ipc.invoke(IPC.workshopStatus) as ReturnType<W['status']>,
      onStatus: subscribe(IPC.workshopChanged, isStatus),
      requestLink: async () => {
        await ipc.invoke(IPC.workshopLink);
      },
    },
    room: {
      command: async (command) => {
        await ipc.invoke(IPC.roomCommand, command);
      },
      state: () => ipc.invoke(IPC.roomState) as Promise<RoomState>,
      onState: subscribe(IPC.roomChanged, isRoomState),
      onSummon: subscribe(IPC.roomSummon, isRoomView),
    },
    openProjector: async (docId) => {
      await ipc.invoke(IPC.projectorOpen, docId);
    },
    team: {
      connect: (request) => ipc.invoke(IPC.teamConnect, request) as ReturnType<T['connect']>,
      join: (invitation) => ipc.invoke(IPC.teamJoin, invitation) as ReturnType<T['join']>,
      disconnect: async (docId, forget) => {
        await ipc.invoke(IPC.teamDisconnect, docId, forget);
      },
      status: (docId) => ipc.invoke(IPC.teamStatus, docId) as ReturnType<T['status']>,
      invitation: (docId) => ipc.invoke(IPC.teamInvitation, docId) as ReturnType<T['invitation']>,
      onStatus: subscribe(IPC.teamChanged, isTeamChange),
      requestLink: async (docId) => {
        await ipc.invoke(IPC.teamLink, docId);
      },
    },
  };
}

const isTeamChange = (value: unknown): value is TeamChange =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as TeamChange).docId === 'string' &&
  typeof (value as TeamChange).status?.state === 'string';

const isRoomState = (value: unknown): value is RoomState =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as RoomState).offset === 'number' &&
  'snapshot' in value;

const isStatus = (value: unknown): value is WorkshopStatus =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as WorkshopStatus).running === 'boolean';
