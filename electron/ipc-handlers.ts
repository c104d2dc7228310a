/**
 * The main-process side of the IPC contract in shared/ipc.ts. Electron pieces are
 * injected (an ipcMain-like registrar, dialogs, file access), so every rule here is
 * unit-tested in plain Node. The renderer is treated as untrusted: each call must
 * come from the app's main frame and carry a payload matching the shared schemas.
 */
import path from 'node:path';
import * as v from 'valibot';
import {
  AddressTextSchema,
  DocIdSchema,
  FilePathSchema,
  InvitationTextSchema,
  IPC,
  JoinRequestSchema,
  MenuEntriesSchema,
  TeamConnectRequestSchema,
  MAX_FILE_BYTES,
  OpenFileRequestSchema,
  RoomCommandSchema,
  SaveFileRequestSchema,
  type AppInfo,
  type FileFilter,
  type OpenFileResult,
  type JoinWorkshopRequest,
  type MenuEntry,
  type RoomCommand,
  type RoomState,
  type SaveFileResult,
  type TeamConnectRequest,
} from '../shared/ipc';
import type { WorkshopStatus } from '../shared/sync/workshop-status';
import type { TeamStatus } from '../shared/team/team-client';
import { originOf } from './security-policy';

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface SenderFrameLike {
  readonly url: string;
  readonly parent: unknown;
}

/** The parts of Electron's IpcMainInvokeEvent the handlers read. */
export interface InvokeEventLike {
  readonly senderFrame: SenderFrameLike | null;
}

export interface IpcMainLike<E extends InvokeEventLike> {
  handle(channel: string, listener: (event: E, ...args: unknown[]) => unknown): void;
}

export interface IpcHandlerDeps<E extends InvokeEventLike> {
  /** Origins whose main frame may call, e.g. app://canopy or the dev server origin. */
  trustedOrigins: readonly string[];
  appInfo(): AppInfo;
  /** Folder the save dialog starts in. */
  defaultDirectory?: string;
  showSaveDialog(
    event: E,
    options: { defaultPath: string; filters: FileFilter[] },
  ): Promise<{ canceled: boolean; filePath?: string | undefined }>;
  showOpenDialog(
    event: E,
    options: { filters: FileFilter[]; properties: ['openFile'] },
  ): Promise<{ canceled: boolean; filePaths: string[] }>;
  writeFile(filePath: string, data: Uint8Array): Promise<void>;
  readFile(filePath: string): Promise<Uint8Array>;
  fileSize(filePath: string): Promise<number>;
  /**
   * A file the user opened or saved through a dialog, or dropped on the window: for
   * Open Recent. Main decides whether it belongs there (only real .canopy files do).
   */
  rememberFile(filePath: string): Promise<void>;
  /** The renderer's commands for the app menu (File, Edit, View, Help), to rebuild it. */
  setMenu(entries: MenuEntry[]): void;
  workshop: WorkshopControl<E>;
  team: TeamControl<E>;
  room: RoomControl;
  /** Opens the projector window for a document (a second display when there is one). */
  openProjector(docId: string): void;
}

/** The room as main keeps it for this device (RoomService). */
export interface RoomControl {
  command(command: RoomCommand): void;
  state(): RoomState;
}

/** Team-server links as main runs them (TeamService), plus the port plumbing. */
export interface TeamControl<E> {
  connect(request: TeamConnectRequest): Promise<TeamStatus>;
  join(invitation: string): Promise<{ docId: string; status: TeamStatus }>;
  disconnect(docId: string, forget: boolean): Promise<void>;
  status(docId: string): TeamStatus | null;
  invitation(docId: string): string | null;
  /** Links a new port to the tree's copy and sends its other end to the sender. */
  link(event: E, docId: string): void;
}

/** The workshop as main runs it (WorkshopService), plus the port plumbing. */
export interface WorkshopControl<E> {
  start(docId: string): Promise<WorkshopStatus>;
  join(request: JoinWorkshopRequest): Promise<WorkshopStatus>;
  connect(address: string): void;
  stop(): Promise<void>;
  status(): WorkshopStatus;
  /** Links a new port to the workshop's document and sends its other end to the sender. */
  link(event: E): void;
}

/** Throws unless the call comes from the main frame of a trusted origin. */
export function assertTrustedSender(
  event: InvokeEventLike,
  channel: string,
  trustedOrigins: readonly string[],
): void {
  const frame = event.senderFrame;
  if (!frame) {
    throw new Error(`IPC ${channel} refused: the sending frame is gone.`);
  }
  if (frame.parent !== null) {
    throw new Error(`IPC ${channel} refused: only the main frame may call it.`);
  }
  const origin = originOf(frame.url);
  if (origin === null || !trustedOrigins.includes(origin)) {
    throw new Error(`IPC ${channel} refused: untrusted origin ${origin ?? frame.url}.`);
  }
}

function parseArgs<S extends v.GenericSchema>(channel: string, schema: S, args: unknown[]) {
  const result = v.safeParse(schema, args);
  if (!result.success) {
    const issue = result.issues[0];
    const where = issue ? v.getDotPath(issue) : null;
    const detail = issue ? `${where ? `${where}: ` : ''}${issue.message}` : 'invalid';
    throw new Error(`IPC ${channel} refused: malformed payload (${detail}).`);
  }
  return result.output as v.InferOutput<S>;
}

const megabytes = (bytes: number) => `${Math.ceil(bytes / (1024 * 1024))} MB`;

function tooLarge(name: string, size: number): Error {
  return new Error(
    `"${name}" is ${megabytes(size)}; Canopy opens files up to ${megabytes(MAX_FILE_BYTES)}.`,
  );
}

/** Registers one validated handler per channel; the handler body never sees bad input. */
export function registerIpcHandlers<E extends InvokeEventLike>(
  ipc: IpcMainLike<E>,
  deps: IpcHandlerDeps<E>,
): void {
  const handle = <S extends v.GenericSchema>(
    channel: string,
    schema: S,
    run: (event: E, args: v.InferOutput<S>) => unknown,
  ) => {
    ipc.handle(channel, (event, ...args) => {
      assertTrustedSender(event, channel, deps.trustedOrigins);
      return run(event, parseArgs(channel, schema, args));
    });
  };

  handle(IPC.appInfo, v.strictTuple([]), () => deps.appInfo());

  handle(
    IPC.saveFile,
    v.strictTuple([SaveFileRequestSchema]),
    async (event, [request]): Promise<SaveFileResult> => {
      const defaultPath = deps.defaultDirectory
        ? path.join(deps.defaultDirectory, request.suggestedName)
        : request.suggestedName;
      const choice = await deps.showSaveDialog(event, { defaultPath, filters: request.filters });
      if (choice.canceled || !choice.filePath) return { saved: false };
      await deps.writeFile(choice.filePath, request.data);
      await deps.rememberFile(choice.filePath);
      return { saved: true, name: path.basename(choice.filePath) };
    },
  );

  handle(
    IPC.openFile,
    v.strictTuple([OpenFileRequestSchema]),
    async (event, [request]): Promise<OpenFileResult> => {
      const choice = await deps.showOpenDialog(event, {
        filters: request.filters,
        properties: ['openFile'],
      });
      const filePath = choice.filePaths[0];
      if (choice.canceled || !filePath) return null;
      const name = path.basename(filePath);
      // Check before reading, so a huge file is never loaded into memory.
      const size = await deps.fileSize(filePath);
      if (size > MAX_FILE_BYTES) throw tooLarge(name, size);
      const data = await deps.readFile(filePath);
      // The file may have grown between stat and read.
      if (data.byteLength > MAX_FILE_BYTES) throw tooLarge(name, data.byteLength);
      await deps.rememberFile(filePath);
      // A plain Uint8Array (not a Buffer view over a shared pool) crosses IPC cleanly.
      return { name, data: new Uint8Array(data) };
    },
  );

  handle(IPC.rememberFile, v.strictTuple([FilePathSchema]), (_e, [filePath]) =>
    deps.rememberFile(filePath),
  );

  handle(IPC.setMenu, v.strictTuple([MenuEntriesSchema]), (_e, [entries]) => deps.setMenu(entries));

  const workshop = deps.workshop;
  handle(IPC.workshopStart, v.strictTuple([DocIdSchema]), (_e, [docId]) => workshop.start(docId));
  handle(IPC.workshopJoin, v.strictTuple([JoinRequestSchema]), (_e, [request]) =>
    workshop.join(request),
  );
  handle(IPC.workshopConnect, v.strictTuple([AddressTextSchema]), (_e, [address]) =>
    workshop.connect(address),
  );
  handle(IPC.workshopStop, v.strictTuple([]), () => workshop.stop());
  handle(IPC.workshopStatus, v.strictTuple([]), () => workshop.status());
  handle(IPC.workshopLink, v.strictTuple([]), (event) => workshop.link(event));

  const room = deps.room;
  handle(IPC.roomCommand, v.strictTuple([RoomCommandSchema]), (_e, [command]) =>
    room.command(command as RoomCommand),
  );
  handle(IPC.roomState, v.strictTuple([]), () => room.state());
  handle(IPC.projectorOpen, v.strictTuple([DocIdSchema]), (_e, [docId]) =>
    deps.openProjector(docId),
  );

  const team = deps.team;
  handle(IPC.teamConnect, v.strictTuple([TeamConnectRequestSchema]), (_e, [request]) =>
    team.connect(request),
  );
  handle(IPC.teamJoin, v.strictTuple([InvitationTextSchema]), (_e, [invitation]) =>
    team.join(invitation),
  );
  handle(IPC.teamDisconnect, v.strictTuple([DocIdSchema, v.boolean()]), (_e, [docId, forget]) =>
    team.disconnect(docId, forget),
  );
  handle(IPC.teamStatus, v.strictTuple([DocIdSchema]), (_e, [docId]) => team.status(docId));
  handle(IPC.teamInvitation, v.strictTuple([DocIdSchema]), (_e, [docId]) => team.invitation(docId));
  handle(IPC.teamLink, v.strictTuple([DocIdSchema]), (event, [docId]) => team.link(event, docId));
}
