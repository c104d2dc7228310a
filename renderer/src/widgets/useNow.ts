import { useEffect, useState } from 'react';

/**
 * The current time, refreshed every `everyMs`: ages and the stalled mark move on
 * while the board stays open. Date.now() is read here only, so tests can set the
 * page's clock.
 */
export function useNow(everyMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
