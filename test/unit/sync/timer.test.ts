/**
 * The room's countdown as pure functions. A screen's estimate of the host's clock can be
 * a few milliseconds behind the host that started the timer; the time left must still
 * never read more than the time box (the e2e run once showed 10:01 on a 10-minute step).
 */
import { describe, expect, it } from 'vitest';
import {
  addTime,
  formatRemaining,
  pauseTimer,
  remainingMs,
  resumeTimer,
  startTimer,
} from '../../../shared/sync/room/timer';

describe('room timer', () => {
  it('never reads more than its time box on a screen whose clock estimate runs behind', () => {
    const t = startTimer(1_000_000, 600);
    expect(remainingMs(t, 1_000_000 - 40)).toBe(600_000);
    expect(formatRemaining(remainingMs(t, 1_000_000 - 40))).toBe('10:00');
  });

  it('counts down from the host clock and stops at zero', () => {
    const t = startTimer(0, 90);
    expect(remainingMs(t, 30_000)).toBe(60_000);
    expect(remainingMs(t, 200_000)).toBe(0);
    expect(formatRemaining(0)).toBe('0:00');
    expect(formatRemaining(59_001)).toBe('1:00');
  });

  it('keeps the time left across a pause and a resume', () => {
    const paused = pauseTimer(startTimer(0, 300), 100_000);
    expect(remainingMs(paused, 999_999)).toBe(200_000);
    const resumed = resumeTimer(paused, 500_000);
    expect(remainingMs(resumed, 550_000)).toBe(150_000);
  });

  it('grows the time box with added time, so the cap follows it', () => {
    const t = addTime(startTimer(0, 60), 300, 10_000);
    expect(t.durationMs).toBe(360_000);
    expect(remainingMs(t, 10_000)).toBe(350_000);
    expect(remainingMs(t, 9_000)).toBe(351_000);
  });

  it('formats hours when a step is long', () => {
    expect(formatRemaining(3_720_000)).toBe('1:02:00');
  });
});
