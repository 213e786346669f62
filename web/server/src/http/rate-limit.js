/// Per-IP fixed-window request counter for the REST API.

/// 10 s window: CONTRACT §5 counts the limit per 10 s.
export const WINDOW_MS = 10000;

/**
 * @param {{ limit: number, now?: () => number }} o  limit 0 = off
 * @returns {{ check(ip: string): { ok: true } | { ok: false, retryAfterS: number }, stop(): void }}
 */
export function createRateLimiter({ limit, now = Date.now }) {
  /** @type {Map<string, { count: number, resetAt: number }>} */
  const windows = new Map();
  // Forget finished windows so a scan from many addresses cannot grow the map forever.
  const sweeper = setInterval(() => {
    const t = now();
    for (const [ip, w] of windows) if (w.resetAt <= t) windows.delete(ip);
  }, WINDOW_MS);
  sweeper.unref();
  return {
    check(ip) {
      if (!limit) return { ok: true };
      const t = now();
      let w = windows.get(ip);
      if (!w || w.resetAt <= t) {
        w = { count: 0, resetAt: t + WINDOW_MS };
        windows.set(ip, w);
      }
      w.count++;
      if (w.count <= limit) return { ok: true };
      return { ok: false, retryAfterS: Math.max(1, Math.ceil((w.resetAt - t) / 1000)) };
    },
    stop() {
      clearInterval(sweeper);
    },
  };
}
