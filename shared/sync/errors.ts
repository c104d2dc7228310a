/**
 * Numbered sync errors (CANOPY-1xx): why a connection was refused or closed, in words
 * a facilitator can act on. The number is stable for logs and tests.
 */
export const SYNC_ERRORS = {
  handshakeFailed: {
    code: 'CANOPY-101',
    message:
      'Could not join: the workshop code does not match. Check the code with the facilitator and try again.',
  },
  frameTooLarge: {
    code: 'CANOPY-102',
    message: 'A peer sent a message larger than Canopy accepts; it was disconnected.',
  },
  tampered: {
    code: 'CANOPY-103',
    message:
      'A message failed its integrity check (tampered, replayed or out of order); the peer was disconnected.',
  },
  malformed: {
    code: 'CANOPY-104',
    message: 'A peer sent a message Canopy cannot read; it was disconnected.',
  },
  updateRejected: {
    code: 'CANOPY-105',
    message:
      'A peer sent a document change that Canopy refuses (it did not decode safely, or it marked the shared tree private); it was not kept and the peer was disconnected. Your document is unchanged.',
  },
  rateLimited: {
    code: 'CANOPY-106',
    message: 'A peer sent too much, too fast; it was disconnected.',
  },
  tooManyAttempts: {
    code: 'CANOPY-107',
    message:
      'The workshop is busy with many attempts to join from this network; Canopy keeps trying by itself.',
  },
  tooManyPeers: {
    code: 'CANOPY-108',
    message: 'This workshop is full; ask the facilitator to make room.',
  },
  versionMismatch: {
    code: 'CANOPY-109',
    message:
      'This peer runs a different version of the Canopy sync protocol. Update Canopy on both machines.',
  },
  timeout: {
    code: 'CANOPY-110',
    message: 'The peer stopped answering during the handshake.',
  },
  foreignOrigin: {
    code: 'CANOPY-112',
    message:
      'A browser joins a workshop only from the page of the computer that runs it: open the address the facilitator shows (like http://192.168.1.20:4455/).',
  },
  privateDraft: {
    code: 'CANOPY-111',
    message:
      'This document is a private draft: drafts are never shared. Propose its items to a shared tree instead.',
  },
} as const;

export type SyncErrorKey = keyof typeof SYNC_ERRORS;

export class SyncError extends Error {
  readonly code: string;
  readonly key: SyncErrorKey;
  constructor(key: SyncErrorKey, detail?: string) {
    const e = SYNC_ERRORS[key];
    super(`${e.code}: ${e.message}${detail ? ` (${detail})` : ''}`);
    this.name = 'SyncError';
    this.code = e.code;
    this.key = key;
  }
}

/** Any failure as a SyncError: one that is not already says it is malformed input. */
export function asSyncError(e: unknown): SyncError {
  if (e instanceof SyncError) return e;
  return new SyncError('malformed', e instanceof Error ? e.message : String(e));
}

/** Refusals that waiting will not change (another code, another version): not redialled. */
export const NOT_RETRIED: ReadonlySet<SyncErrorKey> = new Set([
  'handshakeFailed',
  'versionMismatch',
  'frameTooLarge',
  'privateDraft',
]);
