/**
 * Numbered errors that say what happened and how to fix it (the xyflow habit):
 * the number is stable, so tests, logs and support can refer to it.
 */
export const ERRORS = {
  readOnly: {
    code: 'CANOPY-001',
    message:
      'This document is open read-only: it was written by a newer version of Canopy. Update Canopy to edit it; nothing has been changed.',
  },
  unknownNode: {
    code: 'CANOPY-002',
    message:
      'That item no longer exists: a collaborator may have deleted it. Refresh the selection and try again.',
  },
  cycle: {
    code: 'CANOPY-003',
    message:
      'An item cannot be moved under itself or one of its own descendants. Choose a parent outside its subtree.',
  },
  rootImmovable: {
    code: 'CANOPY-004',
    message:
      'The vision is the root of the tree: it cannot be moved or deleted. Edit its text instead.',
  },
  unknownEntry: {
    code: 'CANOPY-005',
    message: 'That measure or assumption no longer exists: a collaborator may have removed it.',
  },
  invalidValue: {
    code: 'CANOPY-006',
    message: 'A value was out of range or of the wrong type; nothing was changed.',
  },
  notInitialised: {
    code: 'CANOPY-007',
    message: 'This document has no tree yet. Create it from a template before editing.',
  },
  notACard: {
    code: 'CANOPY-008',
    message:
      'Only bets and initiatives are cards on the board. Change the item’s kind to put it on the board.',
  },
  unknownColumn: {
    code: 'CANOPY-009',
    message:
      'That board column no longer exists: a collaborator may have removed it. Pick another column.',
  },
  tooManyColumns: {
    code: 'CANOPY-010',
    message: 'The board has as many columns as it can show (40). Remove one before adding another.',
  },
  unknownRecord: {
    code: 'CANOPY-012',
    message:
      'That evidence or decision no longer exists: a collaborator may have removed it. Refresh and try again.',
  },
  decisionOpen: {
    code: 'CANOPY-013',
    message:
      'A decision is already requested for this item. Record it (or withdraw the request) before asking again.',
  },
  stopNeedsLearning: {
    code: 'CANOPY-014',
    message:
      'Stopping keeps what was learned: write what the team learned before recording the stop.',
  },
  proposeToDraft: {
    code: 'CANOPY-015',
    message:
      'Drafts are proposed to shared trees, not to other drafts. Pick a tree from “Your trees”.',
  },
  viewOnly: {
    code: 'CANOPY-016',
    message:
      'This is a snapshot of the past, shown read-only. Restore it as a new tree to edit it.',
  },
  lastColumn: {
    code: 'CANOPY-011',
    message: 'A board needs at least one column: add another before removing this one.',
  },
  notStopped: {
    code: 'CANOPY-017',
    message:
      'This item is not stopped, so the work under it was left as it is. Record a stop on it first.',
  },
  locked: {
    code: 'CANOPY-018',
    message:
      'The facilitator has made the tree read-only for this step; nothing was changed. It opens again when they unlock it.',
  },
} as const;

export type ErrorKey = keyof typeof ERRORS;

export class CanopyError extends Error {
  readonly code: string;
  readonly key: ErrorKey;
  constructor(key: ErrorKey, detail?: string) {
    const e = ERRORS[key];
    super(`${e.code}: ${e.message}${detail ? ` (${detail})` : ''}`);
    this.name = 'CanopyError';
    this.code = e.code;
    this.key = key;
  }
}
