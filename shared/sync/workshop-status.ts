/**
 * What the app shows about a running workshop: the code, where others can reach this
 * machine, and each connection with its state. The desktop main process and the web
 * client both report it; the renderer only reads it.
 */
export type LinkState = 'connecting' | 'open' | 'retrying' | 'refused';

export interface LinkStatus {
  /** host:port for dialled peers, or the remote address for accepted ones. */
  address: string;
  peerId: string | null;
  direction: 'out' | 'in';
  /** Found by multicast DNS: a refusal then usually means another workshop. */
  discovered: boolean;
  state: LinkState;
  /** Why the last attempt failed, in words (a SyncError message). */
  error: string | null;
}

export interface WorkshopStatus {
  running: boolean;
  /** Normalized code (no dash); shown formatted. Null when no workshop runs. */
  code: string | null;
  /** The document the workshop edits; a joiner learns it from the first peer. */
  docId: string | null;
  /** Whether this machine accepts connections (a desktop peer), or only dials out. */
  listening: boolean;
  /** host:port where others can reach this machine, when it listens. */
  addresses: string[];
  /** Whether a browser can open http://address/ here to take part (the app is served). */
  webApp: boolean;
  links: LinkStatus[];
  /** Why the workshop could not run (e.g. no free port), in words. */
  error: string | null;
}

export const NO_WORKSHOP: WorkshopStatus = {
  running: false,
  code: null,
  docId: null,
  listening: false,
  addresses: [],
  webApp: false,
  links: [],
  error: null,
};

/** Open connections: the people (or hosts) this machine is in step with now. */
export const openLinks = (status: WorkshopStatus) =>
  status.links.filter((l) => l.state === 'open').length;

/** "host:port" → parts, or null. Accepts [v6]:port. */
export function parseAddress(input: string): { host: string; port: number } | null {
  const m = /^\s*(?:\[([0-9a-f:.]+)\]|([\w.-]+)):(\d{1,5})\s*$/i.exec(input);
  if (!m) return null;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return null;
  return { host: (m[1] ?? m[2])!, port };
}

/** The status of an address we are about to dial. */
export function dialStatus(address: string): LinkStatus {
  return {
    address,
    peerId: null,
    direction: 'out',
    discovered: false,
    state: 'connecting',
    error: null,
  };
}

/** Exponential backoff with jitter (half fixed, half random), capped at `max` ms. */
export function redialDelay(backoff: { initial: number; max: number }, attempt: number): number {
  const delay = Math.min(backoff.max, backoff.initial * 2 ** attempt);
  return delay / 2 + Math.random() * (delay / 2);
}
