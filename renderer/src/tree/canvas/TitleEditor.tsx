/**
 * The canvas's rename field. It is drawn over the card in screen space, not inside
 * the card: at Fit a card's own text is a few pixels high, while this field stays
 * readable at any zoom. It mounts as soon as a rename starts, before the card is on
 * screen (React Flow renders only cards in view) and before the view pans to it, so
 * keys typed at once land in it.
 */
import { useStore as useFlowStore } from '@xyflow/react';
import type { Ref } from 'react';
import type { NodeBox } from '../../../../shared/layout/tree-layout';
import type { NodeKind } from '../../../../shared/model';

/** What ends a rename: Enter and Escape stay on the canvas, Tab goes on to add a child. */
export type EditorExit = 'enter' | 'escape' | 'tab' | 'shift-tab' | 'blur';

/** Narrowest field (px): a card's width at reading zoom, wider when cards are small. */
const MIN_WIDTH = 240;
const MIN_WIDTH_FAR = 320;
const MARGIN = 8;
/** Where a card's title starts, from the card's top, in flow units (near zoom): the
 *  field starts there, below the card's kind and badges. */
const TITLE_TOP = 30;
/** A card's title size by kind at zoom 1 (as --title in canvas.css). */
const TITLE_PX: Record<NodeKind, number> = { vision: 18, goal: 16, bet: 15, initiative: 14 };

interface Props {
  box: NodeBox;
  kind: NodeKind;
  /** Far zoom: the card shows its title alone, centred. */
  far: boolean;
  label: string;
  initial: string;
  inputRef: Ref<HTMLInputElement>;
  onExit(value: string | null, how: EditorExit): void;
}

export function TitleEditor({ box, kind, far, label, initial, inputRef, onExit }: Props) {
  const [tx, ty, zoom] = useFlowStore((s) => s.transform);
  const paneWidth = useFlowStore((s) => s.width);
  const paneHeight = useFlowStore((s) => s.height);
  // The card's own title size where that is readable, never less than 16 px.
  const font = Math.min(28, Math.max(16, TITLE_PX[kind] * zoom));
  const height = Math.round(font * 1.3 + 14);
  const card = {
    left: box.x * zoom + tx,
    top: box.y * zoom + ty,
    width: box.width * zoom,
    height: box.height * zoom,
  };
  const width = Math.min(
    Math.max(card.width - 16 * zoom, far ? MIN_WIDTH_FAR : MIN_WIDTH),
    paneWidth - 2 * MARGIN,
  );
  // Over the title (which the card hides meanwhile), or over the middle of a far card.
  const atCard = far ? card.top + card.height / 2 - height / 2 : card.top + TITLE_TOP * zoom;
  // Kept inside the pane: while the view pans to a card off screen, the field waits
  // at the edge nearest to it.
  const left = clamp(card.left + card.width / 2 - width / 2, MARGIN, paneWidth - width - MARGIN);
  const top = clamp(atCard, MARGIN, paneHeight - height - MARGIN);
  return (
    <input
      ref={inputRef}
      autoFocus
      className="title-editor nodrag nopan nowheel"
      aria-label={label}
      defaultValue={initial}
      maxLength={500}
      style={{ left, top, width, height, fontSize: font }}
      onFocus={(e) => {
        // A rename started by typing continues after the typed character.
        const end = e.currentTarget.value.length;
        e.currentTarget.setSelectionRange(end, end);
      }}
      onKeyDown={(e) => {
        e.stopPropagation();
        if (e.nativeEvent.isComposing) return;
        const value = e.currentTarget.value;
        if (e.key === 'Enter') onExit(value, 'enter');
        else if (e.key === 'Escape') onExit(null, 'escape');
        else if (e.key === 'Tab') onExit(value, e.shiftKey ? 'shift-tab' : 'tab');
        else return;
        e.preventDefault();
      }}
      onBlur={(e) => onExit(e.currentTarget.value, 'blur')}
    />
  );
}

const clamp = (n: number, min: number, max: number) => Math.max(min, Math.min(n, max));
