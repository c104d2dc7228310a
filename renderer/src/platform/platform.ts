/**
 * Everything the renderer needs from the machine it runs on. The renderer imports
 * only this interface; the desktop app implements it over the Electron preload, a
 * plain browser implements it with web APIs.
 */
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type {
  FileFilter,
  MenuEntry,
  RoomCommand,
  RoomState,
  TeamBridge,
  WorkshopBridge,
} from '../../../shared/ipc';
import type { RoomView } from '../../../shared/sync/room/messages';
import type { DocumentStorage } from '../storage/document-storage';

export type PlatformKind = 'desktop' | 'web';

export interface PickedFile {
  name: string;
  data: Uint8Array;
}

export interface PlatformFiles {
  /** Offers `data` to the user to save; resolves false when they cancel. */
  save(suggestedName: string, data: Uint8Array, filters: FileFilter[]): Promise<boolean>;
  /** Lets the user pick one file; null when they cancel. */
  open(filters: FileFilter[]): Promise<PickedFile | null>;
  /**
   * Files the system asks the app to open: a double-clicked file, Open Recent, a
   * second launch (desktop only; a browser never calls the listener).
   */
  onOpen(listener: (file: File) => void): () => void;
  /** A file the user dropped or picked in the page, for Open Recent (desktop only). */
  remember(file: File): void;
}

/**
 * The LAN workshop. On the desktop the main process runs the peer (it accepts
 * connections and finds others by multicast) and the open document joins main's copy
 * over a MessagePort; in a browser the page dials a peer or host by address and syncs
 * the open document itself (one Y.Doc per tab). See useWorkshopLink.
 */
export interface PlatformWorkshop extends Omit<WorkshopBridge, 'requestLink'> {
  /** Whether this machine can start a workshop that others join. */
  readonly canHost: boolean;
  /** Whether peers are found on the network without typing an address. */
  readonly discovers: boolean;
  /**
   * Keeps `doc`, the open tree (with its presence), in step with the workshop while
   * it is the workshop's tree. Returns what stops that.
   */
  attach(docId: string, doc: Y.Doc, awareness: Awareness): () => void;
  /**
   * When this page was served by a Canopy host, the address to sync with (the page's
   * own host:port); otherwise null.
   */
  hostAddress(): Promise<string | null>;
}

/**
 * Trees linked to a team server. On the desktop the main process keeps each linked
 * tree's connection (electron/team-service.ts), and the open document joins its copy
 * over a MessagePort; in a browser the page connects the open document itself, while
 * it is open (one Y.Doc per tab), and remembers links in its own storage.
 */
export interface PlatformTeam extends Omit<TeamBridge, 'requestLink'> {
  /**
   * Keeps `doc`, the open tree, in step with its team server while it is linked;
   * also once it becomes linked later. Returns what stops that.
   */
  attach(docId: string, doc: Y.Doc): () => void;
}

/**
 * The room of the running workshop (who facilitates, the timer, where to follow), as
 * this device sees it: kept by main on the desktop, by the page itself in a browser.
 */
export interface PlatformRoom {
  /** The latest state (no room: snapshot null). */
  state(): RoomState;
  onState(listener: (state: RoomState) => void): () => void;
  /** The facilitator brought everyone to a view, once. */
  onSummon(listener: (view: RoomView) => void): () => void;
  command(command: RoomCommand): void;
  /** Shows the projector view of a document: a second window, or a new browser tab. */
  openProjector(docId: string): void;
}

export interface Platform {
  readonly kind: PlatformKind;
  readonly storage: DocumentStorage;
  readonly files: PlatformFiles;
  readonly workshop: PlatformWorkshop;
  readonly team: PlatformTeam;
  readonly room: PlatformRoom;
  /** Clicks in the app's menu bar, as command ids (desktop; a browser has none). */
  onCommand(listener: (commandId: string) => void): () => void;
  /** Shows the registry's commands in the app's menu bar (desktop; a browser has none). */
  setMenu(entries: MenuEntry[]): void;
}
