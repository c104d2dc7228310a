import type { CanopyBridge } from '../../../shared/ipc';
import { createIndexedDbStorage } from '../storage/document-storage';
import { createElectronPlatform } from './electron-platform';
import type { Platform } from './platform';
import { createWebPlatform } from './web-platform';

export type { Platform } from './platform';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    canopy?: CanopyBridge;
  }
}

/** The one place that decides which platform the renderer runs on. */
export function detectPlatform(): Platform {
  const storage = createIndexedDbStorage();
  return window.canopy
    ? createElectronPlatform(window.canopy, storage)
    : createWebPlatform(storage);
}
