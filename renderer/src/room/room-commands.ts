/**
 * The room's commands in the registry: the facilitator console (File menu, the app's
 * menu bar, the palette) and the projector view. Not for private drafts, which never
 * join a room; the console is the facilitator's, or anyone's outside a room.
 */
import type { AppCommand, CommandContext } from '../commands/context';
import { roomStoreFor } from './room-store';

const shared = (ctx: CommandContext) => ctx.doc !== null && !ctx.doc.model.isPrivate;

function facilitates(ctx: CommandContext): boolean {
  const room = roomStoreFor(ctx.platform.room).getState();
  return room.isFacilitator || !room.inRoom;
}

export const roomCommands: AppCommand[] = [
  {
    id: 'room.console',
    label: 'Run the room…',
    description: 'agenda, timer, lock, projector, summary',
    group: 'file',
    menu: true,
    pageMenu: true,
    when: (ctx) => shared(ctx) && Boolean(ctx.doc!.actions.runRoom) && facilitates(ctx),
    run: (ctx) => ctx.doc!.actions.runRoom?.(),
  },
  {
    id: 'room.projector',
    label: 'Open the projector view',
    description: 'the step, the timer and the tree in large type, for the room’s screen',
    group: 'view',
    menu: true,
    when: shared,
    run: (ctx) => ctx.platform.room.openProjector(ctx.doc!.id),
  },
];
