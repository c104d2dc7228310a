/**
 * Which of the round's dialogs is open on this screen: the facilitator's "Start a
 * vote…" and the voting panel. Here rather than in the document screen's state, so the
 * step bar, the console and the command registry can open them alike.
 */
import { create } from 'zustand';

interface VoteUi {
  setupOpen: boolean;
  panelOpen: boolean;
  /** An answer being written, by round: kept while the panel closes or reconnects. */
  answer: { round: string; text: string } | null;
  setAnswer(round: string, text: string): void;
  openSetup(): void;
  openPanel(): void;
  close(): void;
}

export const useVoteUi = create<VoteUi>((set) => ({
  setupOpen: false,
  panelOpen: false,
  answer: null,
  setAnswer: (round, text) => set({ answer: { round, text } }),
  openSetup: () => set({ setupOpen: true, panelOpen: false }),
  openPanel: () => set({ panelOpen: true, setupOpen: false }),
  close: () => set({ setupOpen: false, panelOpen: false }),
}));
