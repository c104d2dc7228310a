/** The canvas's own view commands: Shift+1 fits the tree, Shift+2 the selection. */
import type { AppCommand, CommandContext } from '../../commands/context';

const onCanvas = (ctx: CommandContext) => ctx.item?.zoom !== undefined;

export const canvasCommands: AppCommand[] = [
  {
    id: 'canvas.zoom-fit',
    label: 'Zoom to fit',
    group: 'view',
    keys: { all: ['Shift+1'] },
    when: onCanvas,
    run: (ctx) => ctx.item!.zoom!.fit(),
  },
  {
    id: 'canvas.zoom-selection',
    label: 'Zoom to the selection',
    group: 'view',
    keys: { all: ['Shift+2'] },
    when: onCanvas,
    run: (ctx) => ctx.item!.zoom!.toSelection(),
  },
];
