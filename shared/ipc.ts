/**
 * The contract between the Electron preload (renderer side) and the main process.
 * Both sides import these names and schemas, so a payload that does not match is
 * refused by main before any handler runs. Keep this surface tiny: every entry is
 * an attack surface for a compromised renderer.
 */
import * as v from 'valibot';
import { ToHostSchema, ViewSchema, type RoomView, type ToParticipant } from './sync/room/messages';
import type { WorkshopStatus } from './sync/workshop-status';
import type { TeamStatus } from './team/team-client';

export const IPC = {
  appInfo: 'canopy:app-info',
  saveFile: 'canopy:save-file',
  openFile: 'canopy:open-file',
  /** main → renderer: a click in the app menu, as the id of the command it shows. */
  command: 'canopy:command',
  /** renderer → main: the app menu's commands (MenuEntry[]), whenever they change. */
  setMenu: 'canopy:set-menu',
  workshopStart: 'canopy:workshop-start',
  workshopJoin: 'canopy:workshop-join',
  workshopConnect: 'canopy:workshop-connect',
  workshopStop: 'canopy:workshop-stop',
  workshopStatus: 'canopy:workshop-status',
  /** Asks main for a MessagePort to the workshop's document (arrives on workshopPort). */
  workshopLink: 'canopy:workshop-link',
  /** main → renderer: the workshop's status changed. */
  workshopChanged: 'canopy:workshop-changed',
  /** main → preload → page: the port asked for with workshopLink. */
  workshopPort: 'canopy:workshop-port',
  teamConnect: 'canopy:team-connect',
  teamJoin: 'canopy:team-join',
  teamDisconnect: 'canopy:team-disconnect',
  teamStatus: 'canopy:team-status',
  teamInvitation: 'canopy:team-invitation',
  /** Asks main for a MessagePort to a linked tree's copy (arrives on teamPort). */
  teamLink: 'canopy:team-link',
  /** main → renderer: a tree's team-server connection changed (TeamChange). */
  teamChanged: 'canopy:team-changed',
  /** main → preload → page: the port asked for with teamLink. */
  teamPort: 'canopy:team-port',
  /** main → renderer: a file the system asked Canopy to open (see OpenedFile). */
  fileOpened: 'canopy:file-opened',
  /** A file dropped on the window, by its path, for Open Recent. */
  rememberFile: 'canopy:remember-file',
  /** A room command from the window (RoomCommand), passed on to the host by main. */
  roomCommand: 'canopy:room-command',
  roomState: 'canopy:room-state',
  /** main → renderer: the room as this device sees it changed (RoomState). */
  roomChanged: 'canopy:room-changed',
  /** main → renderer: the facilitator brought everyone to a view (RoomView), once. */
  roomSummon: 'canopy:room-summon',
  /** Opens the projector window for a document (on a second display when there is one). */
  projectorOpen: 'canopy:projector-open',
} as const;

/**
 * A command's id ("file.new", "view.board"): what a menu click sends back to the window
 * (the renderer's command registry decides what it does).
 */
export const CommandIdSchema = v.pipe(
  v.string(),
  v.regex(/^[a-z][a-z0-9-]{0,31}(?:\.[a-z0-9-]{1,40}){0,2}$/, 'a command id'),
);

/** The menus of the menu bar the renderer's commands go in. */
export const APP_MENUS = ['file', 'edit', 'view', 'help'] as const;
export type AppMenu = (typeof APP_MENUS)[number];

/** An Electron accelerator of the few forms commands use ("CmdOrCtrl+Shift+H", "Alt+1"). */
export const AcceleratorSchema = v.pipe(
  v.string(),
  v.regex(/^(?:(?:CmdOrCtrl|Alt|Shift)\+){0,3}(?:[A-Z0-9/]|F[1-9]|F1[0-2])$/, 'an accelerator'),
);

/** One command of the app menu, as the renderer's registry describes it. */
export const MenuEntrySchema = v.strictObject({
  id: CommandIdSchema,
  label: v.pipe(v.string(), v.minLength(1), v.maxLength(80)),
  menu: v.picklist(APP_MENUS),
  /** The first is shown; the others only work (Ctrl+Y beside Ctrl+Shift+Z). */
  accelerators: v.pipe(v.array(AcceleratorSchema), v.maxLength(3)),
  enabled: v.boolean(),
});
export type MenuEntry = v.InferOutput<typeof MenuEntrySchema>;
export const MenuEntriesSchema = v.pipe(v.array(MenuEntrySchema), v.maxLength(100));

/** Files are small documents: refuse anything bigger before it crosses IPC. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

const FileFilterSchema = v.object({
  name: v.pipe(v.string(), v.maxLength(80)),
  extensions: v.pipe(
    v.array(v.pipe(v.string(), v.regex(/^[a-z0-9]{1,10}$/i, 'extension'))),
    v.maxLength(10),
  ),
});
export type FileFilter = v.InferOutput<typeof FileFilterSchema>;

export const SaveFileRequestSchema = v.object({
  suggestedName: v.pipe(
    v.string(),
    v.minLength(1),
    v.maxLength(200),
    // A bare file name: the user picks the folder in the dialog.
    v.regex(/^[^/\\\0]+$/, 'a file name without folders'),
  ),
  data: v.pipe(
    v.instance(Uint8Array),
    v.check((d) => d.byteLength <= MAX_FILE_BYTES, 'file too large'),
  ),
  filters: v.pipe(v.array(FileFilterSchema), v.maxLength(10)),
});
export type SaveFileRequest = v.InferOutput<typeof SaveFileRequestSchema>;

export const OpenFileRequestSchema = v.object({
  filters: v.pipe(v.array(FileFilterSchema), v.maxLength(10)),
});
export type OpenFileRequest = v.InferOutput<typeof OpenFileRequestSchema>;

export const DocIdSchema = v.pipe(v.string(), v.regex(/^[\w-]{1,64}$/, 'a document id'));

/** Typed by a person: checked loosely here, exactly by normalizeWorkshopCode in main. */
const CodeTextSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(32));
export const AddressTextSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(300));

export const JoinRequestSchema = v.object({
  code: CodeTextSchema,
  address: v.nullable(AddressTextSchema),
});
export type JoinWorkshopRequest = v.InferOutput<typeof JoinRequestSchema>;

/** Typed by a person: checked loosely here, exactly by shared/team in main. */
export const TeamConnectRequestSchema = v.object({
  docId: DocIdSchema,
  server: v.pipe(v.string(), v.minLength(1), v.maxLength(2048)),
  token: v.pipe(v.string(), v.minLength(1), v.maxLength(256)),
});
export type TeamConnectRequest = v.InferOutput<typeof TeamConnectRequestSchema>;
/** An invitation link, or its fragment (`team=…`). */
export const InvitationTextSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(12_000));

/** A path the preload read off a dropped file; main checks it is a real .canopy file. */
export const FilePathSchema = v.pipe(v.string(), v.minLength(1), v.maxLength(4096));

/** A file main read for the window (double-click, Open Recent, a second launch). */
export const OpenedFileSchema = v.object({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(260)),
  data: v.pipe(
    v.instance(Uint8Array),
    v.check((d) => d.byteLength <= MAX_FILE_BYTES, 'file too large'),
  ),
});
export type OpenedFile = v.InferOutput<typeof OpenedFileSchema>;

/**
 * What the window may ask of the room: any participant's message but `identify` and
 * `clock`, which are main's own business (it holds the key and keeps the time).
 */
export const RoomCommandSchema = v.pipe(
  ToHostSchema,
  v.check((m) => m.t !== 'identify' && m.t !== 'clock', 'not a room command'),
);
export type RoomCommand = Exclude<v.InferOutput<typeof ToHostSchema>, { t: 'identify' | 'clock' }>;

/** The room as this device sees it (electron/room-service.ts, or the page's own client). */
export interface RoomState {
  snapshot: Extract<ToParticipant, { t: 'room' }> | null;
  /** Add to Date.now() for the host's clock. */
  offset: number;
  refusal: Extract<ToParticipant, { t: 'refused' }> | null;
}

export const isRoomView = (value: unknown): value is RoomView => v.is(ViewSchema, value);

export type SaveFileResult = { saved: true; name: string } | { saved: false };
export type OpenFileResult = { name: string; data: Uint8Array } | null;

export interface AppInfo {
  name: string;
  version: string;
  platform: string;
}

/**
 * What the preload exposes as `window.canopy`. Nothing else from Electron reaches
 * the renderer: no ipcRenderer, no Node.
 */
export interface CanopyBridge {
  appInfo(): Promise<AppInfo>;
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  openFile(request: OpenFileRequest): Promise<OpenFileResult>;
  /** Subscribe to app menu clicks (command ids); returns an unsubscribe function. */
  onCommand(listener: (commandId: string) => void): () => void;
  /** Puts the renderer's commands in the app menu (File, Edit, View, Help). */
  setMenu(entries: MenuEntry[]): Promise<void>;
  /** Files the system asks the app to open; returns an unsubscribe function. */
  onFileOpened(listener: (file: OpenedFile) => void): () => void;
  /** Puts a file the user dropped (a DOM File) on the Open Recent list. */
  rememberFile(file: object): Promise<void>;
  workshop: WorkshopBridge;
  team: TeamBridge;
  room: RoomBridge;
  /** Opens the projector window for a document, on a second display when there is one. */
  openProjector(docId: string): Promise<void>;
}

/** The room of the running workshop, as main keeps it for this device (RoomService). */
export interface RoomBridge {
  command(command: RoomCommand): Promise<void>;
  state(): Promise<RoomState>;
  onState(listener: (state: RoomState) => void): () => void;
  onSummon(listener: (view: RoomView) => void): () => void;
}

/** A tree's team-server connection changed. */
export interface TeamChange {
  docId: string;
  status: TeamStatus;
}

/** Trees linked to team servers, run by the main process (see electron/team-service.ts). */
export interface TeamBridge {
  /** Links a tree to a team server (a new room key if it has none) and connects. */
  connect(request: TeamConnectRequest): Promise<TeamStatus>;
  /** Joins a tree from an invitation link (or its fragment). */
  join(invitation: string): Promise<{ docId: string; status: TeamStatus }>;
  /** Stops syncing a tree; `forget` also removes its link and key from this machine. */
  disconnect(docId: string, forget: boolean): Promise<void>;
  status(docId: string): Promise<TeamStatus | null>;
  /** The invitation fragment (`team=…`) to put after an app address's #, or null. */
  invitation(docId: string): Promise<string | null>;
  onStatus(listener: (change: TeamChange) => void): () => void;
  /** Asks for a port to the tree's copy; it arrives as a window message (data IPC.teamPort). */
  requestLink(docId: string): Promise<void>;
}

/** The LAN workshop, run by the main process (see electron/workshop-service.ts). */
export interface WorkshopBridge {
  start(docId: string): Promise<WorkshopStatus>;
  join(request: JoinWorkshopRequest): Promise<WorkshopStatus>;
  connect(address: string): Promise<void>;
  stop(): Promise<void>;
  status(): Promise<WorkshopStatus>;
  onStatus(listener: (status: WorkshopStatus) => void): () => void;
  /**
   * Asks for a port to the workshop's document. It arrives as a window message
   * (data IPC.workshopPort, from this window): a MessagePort cannot cross the bridge.
   */
  requestLink(): Promise<void>;
}
