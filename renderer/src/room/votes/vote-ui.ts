/**
 * Which of the round's dialogs is open on this screen: the facilitator's "Start a
 * vote…", the voting panel and a revealed round's results. Here rather than in the document screen's state, so the
 * step bar, the console and the command registry can open them alike.
 */
import { create } from 'zustand';

interface VoteUi {
  setupOpen: boolean;
  panelOpen: boolean;
  /** The revealed round whose results are shown (its id), or null. */
  results: string | null;
  /** An answer being written, by round: kept while the panel closes or reconnects. */
  answer: { round: string; text: string } | null;
  setAnswer(round: string, text: string): void;
  openSetup(): void;
  openPanel(): void;
  openResults(round: string): void;
  /** Closes one dialog (each dialog's own close: Escape, Close). */
  close(which: 'setupOpen' | 'panelOpen' | 'results'): void;
}

export const useVoteUi = create<VoteUi>((set) => ({
  setupOpen: false,
  panelOpen: false,
  results: null,
  answer: null,
  setAnswer: (round, text) => set({ answer: { round, text } }),
  openSetup: () => set({ setupOpen: true, panelOpen: false, results: null }),
  openPanel: () => set({ panelOpen: true, setupOpen: false, results: null }),
  openResults: (round) => set({ results: round, panelOpen: false, setupOpen: false }),
  close: (which) => set(which === 'results' ? { results: null } : { [which]: false }),
}));
