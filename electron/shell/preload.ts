/**
 * Runs in the sandboxed renderer before the page. It may require only 'electron',
 * so Vite bundles this file with its imports into dist/electron/preload.cjs.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { IPC } from '../../shared/ipc';
import { createCanopyBridge } from '../canopy-bridge';

// A MessagePort cannot cross contextBridge; window.postMessage can transfer it to the
// page (Electron's documented pattern), addressed to this window's own origin only.
const page = globalThis as unknown as {
  postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void;
  location: { origin: string };
};
const forwardPorts = (ports: readonly unknown[]) =>
  page.postMessage(IPC.workshopPort, page.location.origin, [...ports]);

contextBridge.exposeInMainWorld('canopy', createCanopyBridge(ipcRenderer, forwardPorts));
