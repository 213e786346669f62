/// Runs a callback on the next animation frame: the store's coalescing point.

/// Requests one call of `cb` on the next frame and returns a cancel function.
export type RequestFrame = (cb: () => void) => () => void;

/// Without requestAnimationFrame (Node, some test setups) a 16 ms timer
/// stands in: about one 60 Hz frame, so the coalescing rate stays the same.
const FALLBACK_FRAME_MS = 16;

export const requestFrame: RequestFrame = (cb) => {
  if (typeof globalThis.requestAnimationFrame === 'function') {
    const id = globalThis.requestAnimationFrame(() => cb());
    return () => globalThis.cancelAnimationFrame(id);
  }
  const id = setTimeout(cb, FALLBACK_FRAME_MS);
  return () => clearTimeout(id);
};
