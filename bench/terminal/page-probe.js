// Injected before the terminal's own scripts: counts React commits through the
// DevTools hook (React calls it in production builds too), long tasks and
// animation-frame gaps. Reads nothing of the app; changes nothing in it.
(() => {
  const stats = { commits: 0, longTasks: 0, longTaskMs: 0, frames: 0, dropped: 0, worstFrameMs: 0, measuring: false };
  window.__qdBench = stats;
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    isDisabled: false,
    renderers: new Map(),
    inject(renderer) { const id = this.renderers.size + 1; this.renderers.set(id, renderer); return id; },
    onCommitFiberRoot() { if (stats.measuring) stats.commits++; },
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onScheduleFiberRoot() {},
    checkDCE() {},
  };
  new PerformanceObserver((list) => {
    if (!stats.measuring) return;
    for (const e of list.getEntries()) { stats.longTasks++; stats.longTaskMs += e.duration; }
  }).observe({ type: 'longtask' });
  // A frame is 1000/60 ms; a gap of k frames between callbacks drops k - 1.
  const FRAME = 1000 / 60;
  let last = 0;
  const loop = (t) => {
    if (stats.measuring && last) {
      const dt = t - last;
      stats.frames++;
      stats.dropped += Math.max(0, Math.round(dt / FRAME) - 1);
      stats.worstFrameMs = Math.max(stats.worstFrameMs, dt);
    }
    last = t;
    requestAnimationFrame(loop);
  };
  requestAnimationFrame(loop);
  window.__qdBenchStart = () => Object.assign(stats, { commits: 0, longTasks: 0, longTaskMs: 0, frames: 0, dropped: 0, worstFrameMs: 0, measuring: true });
  window.__qdBenchStop = () => { stats.measuring = false; return { ...stats }; };
})();
