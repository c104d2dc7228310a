/**
 * The room's countdown on this screen: re-read a few times a second against the
 * host's clock (offset kept by the room client), so every screen shows the same time
 * left whatever its own clock says. Rings once when it runs out, if the chime is on.
 */
import { useEffect, useRef, useState } from 'react';
import type { RoomTimer } from '../../../shared/sync/room/messages';
import { timerLeft, useRoom } from './room-store';

export interface TimerReading {
  timer: RoomTimer | null;
  left: number | null;
}

export function useTimer(): TimerReading {
  const timer = useRoom((s) => s.snapshot?.timer ?? null);
  const offset = useRoom((s) => s.offset);
  const read = () => (timer ? timerLeft({ snapshot: null, offset, refusal: null }, timer) : null);
  const [left, setLeft] = useState<number | null>(read);
  const rang = useRef<number | null>(null);

  useEffect(() => {
    const tick = () => {
      const now = read();
      setLeft(now);
      if (timer?.running && timer.chime && now === 0 && rang.current !== timer.endsAt) {
        rang.current = timer.endsAt;
        chime();
      }
    };
    tick();
    if (!timer?.running) return;
    const id = setInterval(tick, 250);
    return () => clearInterval(id);
    // read() depends on exactly these.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [timer, offset]);
  return { timer, left };
}

/** Two soft notes: time is up. No sound file, nothing to load. */
function chime(): void {
  try {
    const audio = new AudioContext();
    [660, 880].forEach((hz, i) => {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = hz;
      const at = audio.currentTime + i * 0.35;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.2, at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.6);
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + 0.65);
    });
    setTimeout(() => void audio.close(), 1500);
  } catch {
    /* no audio here: the timer still shows 0:00 */
  }
}
