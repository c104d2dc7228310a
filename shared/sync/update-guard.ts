/**
 * What a peer checks before it applies bytes from the network to its document. A
 * hostile update can hang Yjs's decoder or exhaust memory (yjs issues 479, 498, 687),
 * so decoding is tried first somewhere that can be stopped: a worker thread with a
 * time and memory limit. Implementations live with their platform.
 */
export interface UpdateGuard {
  /** Resolves when the update decodes safely; rejects otherwise. */
  checkUpdate(update: Uint8Array): Promise<void>;
  checkStateVector(stateVector: Uint8Array): Promise<void>;
  /**
   * Checks on the calling thread when the answer is at hand: true when the bytes
   * pass, false when the check must take its turn (checkUpdate / checkStateVector);
   * throws when they are refused. Spares a typed edit the promises of the queue.
   */
  checkNow?(kind: 'update' | 'stateVector', bytes: Uint8Array): boolean;
  /**
   * Gets ready for a large check (a joining peer's first sync is the whole document),
   * for a guard that needs to. The worker guard does not: it scans a whole document
   * inline (update-scan.ts), and starts its worker only for an input beyond that.
   */
  prepare?(): void;
  close(): void;
}

/** Bounds on a decoded update: lengths beyond these are crafted, not typed. */
export const UPDATE_BOUNDS = {
  maxStructLength: 2 ** 31,
  maxClients: 100_000,
  maxStructs: 5_000_000,
  maxDeleteRanges: 5_000_000,
};
