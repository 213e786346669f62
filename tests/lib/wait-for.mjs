// Waiting for a condition with a deadline: tests never sleep a fixed time.

/** Polls fn until it returns a truthy value and returns it; throws with `what` after timeoutMs. */
export async function waitFor(fn, { timeoutMs = 3000, intervalMs = 5, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
