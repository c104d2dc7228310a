import { IPC } from '../../../shared/ipc';

/** The channels main answers with ipcMain.handle (the rest are pushes), sorted. */
export const INVOKE_CHANNELS = [
  IPC.appInfo,
  IPC.openFile,
  IPC.saveFile,
  IPC.rememberFile,
  IPC.setMenu,
  IPC.workshopStart,
  IPC.workshopJoin,
  IPC.workshopConnect,
  IPC.workshopStop,
  IPC.workshopStatus,
  IPC.workshopLink,
  IPC.teamConnect,
  IPC.teamJoin,
  IPC.teamDisconnect,
  IPC.teamStatus,
  IPC.teamInvitation,
  IPC.teamLink,
  IPC.roomCommand,
  IPC.roomState,
  IPC.projectorOpen,
].sort();
