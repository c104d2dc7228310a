/** Every feature's commands, registered once when the app starts. */
import { appCommands } from '../app/app-commands';
import { boardCommands } from '../board/board-commands';
import { documentCommands } from '../document/document-commands';
import { fileCommands } from '../files/file-commands';
import { roomCommands } from '../room/room-commands';
import { canvasCommands } from '../tree/canvas/canvas-commands';
import { treeCommands } from '../tree/tree-commands';
import type { AppCommand } from './context';

export const allCommands: readonly AppCommand[] = [
  ...appCommands,
  ...fileCommands,
  ...roomCommands,
  ...treeCommands,
  ...documentCommands,
  ...canvasCommands,
  ...boardCommands,
];
