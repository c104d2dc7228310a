/**
 * Runs in the sandboxed renderer before the page. It may require only 'electron',
 * so Vite bundles this file with its imports into dist/electron/preload.cjs.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createCanopyBridge } from '../canopy-bridge';

contextBridge.exposeInMainWorld('canopy', createCanopyBridge(ipcRenderer));
