/**
 * The room's countdown, as pure functions of its state and the host's clock. Running,
 * it holds when it ends by the host's clock (not how long is left), so every screen
 * counts down to the same moment whatever its own clock says (room-client.ts keeps
 * each screen's offset to the host's clock).
 */
import type { RoomTimer } from './messages';

const MAX_MS = 48 * 3600_000;

export function startTimer(now: number, seconds: number, label = '', chime = true): RoomTimer {
  const ms = Math.min(MAX_MS, seconds * 1000);
  return { label, durationMs: ms, endsAt: now + ms, remainingMs: ms, running: true, chime };
}

/**
 * Milliseconds left at `hostNow` (0 once it has run out). Capped at the time box: a
 * screen's estimate of the host's clock may trail the host by a few milliseconds, and
 * a 10-minute step must not read 10:01 just after it starts.
 */
export function remainingMs(timer: RoomTimer, hostNow: number): number {
  if (!timer.running || timer.endsAt === null) return timer.remainingMs;
  return Math.min(timer.durationMs, Math.max(0, timer.endsAt - hostNow));
}

export function pauseTimer(timer: RoomTimer, now: number): RoomTimer {
  if (!timer.running) return timer;
  return { ...timer, running: false, endsAt: null, remainingMs: remainingMs(timer, now) };
}

export function resumeTimer(timer: RoomTimer, now: number): RoomTimer {
  if (timer.running || timer.remainingMs === 0) return timer;
  return { ...timer, running: true, endsAt: now + timer.remainingMs };
}

/** Adds time, running or not; to a timer that ran out, it starts counting again. */
export function addTime(timer: RoomTimer, seconds: number, now: number): RoomTimer {
  const ms = seconds * 1000;
  const left = Math.min(MAX_MS, remainingMs(timer, now) + ms);
  const durationMs = Math.min(MAX_MS, timer.durationMs + ms);
  if (!timer.running) return { ...timer, durationMs, remainingMs: left };
  return { ...timer, durationMs, endsAt: now + left, remainingMs: left };
}

/** "4:05", "1:02:00": minutes and seconds left, rounded up so 0:00 means over. */
export function formatRemaining(ms: number): string {
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
