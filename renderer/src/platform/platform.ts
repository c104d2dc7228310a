/**
 * Everything the renderer needs from the machine it runs on. The renderer imports
 * only this interface; the desktop app implements it over the Electron preload, a
 * plain browser implements it with web APIs.
 */
import type { AppCommand, FileFilter } from '../../../shared/ipc';
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
}

export interface Platform {
  readonly kind: PlatformKind;
  readonly storage: DocumentStorage;
  readonly files: PlatformFiles;
  /** App commands from the menu (desktop) or keyboard shortcuts (web). */
  onCommand(listener: (command: AppCommand) => void): () => void;
}
