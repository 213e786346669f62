import { useEffect, useState } from 'react';

/// The current time, refreshed every `intervalMs`: drives ages and countdowns
/// without re-rendering anything else. Read at mount, so a component that
/// mounts later (the details popover) starts from the right time.
export function useNow(intervalMs: number, now: () => number = Date.now): number {
  const [t, setT] = useState(now);
  useEffect(() => {
    const id = setInterval(() => setT(now()), intervalMs);
    return () => clearInterval(id);
  }, [intervalMs, now]);
  return t;
}
