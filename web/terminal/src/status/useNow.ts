import { useEffect, useState } from 'react';

/// The current time, refreshed every `intervalMs` while `enabled`: drives
/// ages and countdowns without re-rendering anything else.
export function useNow(intervalMs: number, enabled = true, now: () => number = Date.now): number {
  const [t, setT] = useState(now);
  useEffect(() => {
    if (!enabled) return;
    setT(now());
    const id = setInterval(() => setT(now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs, enabled, now]);
  return t;
}
