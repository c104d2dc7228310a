/**
 * The room's commands in the registry: the facilitator console (File menu, the app's
 * menu bar, the palette), starting a vote (the facilitator's, in a room) and the
 * projector view. Not for private drafts, which never
 * join a room; the console is the facilitator's, or anyone's outside a room.
 */
import type { AppCommand, CommandContext } from '../commands/context';
import { roomStoreFor } from './room-store';
import { useVoteUi } from './votes/vote-ui';

const shared = (ctx: CommandContext) => ctx.doc !== null && !ctx.doc.model.isPrivate;

/** In a room, as its facilitator: what opening a round takes (the host keeps the ballots). */
function facilitatesRoom(ctx: CommandContext): boolean {
  const room = roomStoreFor(ctx.platform.room).getState();
  return room.inRoom && room.isFacilitator;
}

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
    id: 'room.vote',
    label: 'Start a vote…',
    description: 'dot vote, budget, WSJF scores or an anonymous prompt, sealed until the reveal',
    group: 'file',
    menu: true,
    when: (ctx) => shared(ctx) && facilitatesRoom(ctx),
    run: () => useVoteUi.getState().openSetup(),
  },
  {
    id: 'room.results',
    label: 'Vote results…',
    description: 'the latest revealed vote, budget, scores or answers',
    group: 'view',
    menu: true,
    when: (ctx) => shared(ctx) && ctx.doc!.model.rounds().rounds.length > 0,
    run: (ctx) => {
      const latest = ctx.doc!.model.rounds().rounds.at(-1);
      if (latest) useVoteUi.getState().openResults(latest.id);
    },
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
