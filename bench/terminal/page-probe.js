// Injected before the terminal's own scripts: counts React commits through the
// DevTools hook (React calls it in production builds too), long tasks,
// animation-frame gaps, and the chart's paint passes: a requestAnimationFrame
// callback that drew on a canvas inside `.chart-host` (lightweight-charts
// paints in its own rAF callback) is one pass, counted per frame. Reads
// nothing of the app; changes nothing in it.
(() => {
  const stats = { commits: 0, longTasks: 0, longTaskMs: 0, frames: 0, dropped: 0, worstFrameMs: 0, chartPasses: 0, maxChartPassesPerFrame: 0, chartDrawsOutsideRaf: 0, measuring: false };
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

  // Chart draw calls: any 2D drawing on a canvas inside the chart's host.
  let chartDraws = 0;
  let inRaf = false;
  const isChart = new WeakMap();
  const proto = CanvasRenderingContext2D.prototype;
  for (const name of ['clearRect', 'fillRect', 'stroke', 'fill', 'fillText', 'drawImage']) {
    const original = proto[name];
    proto[name] = function (...args) {
      let chart = isChart.get(this.canvas);
      if (chart === undefined && this.canvas.isConnected) isChart.set(this.canvas, (chart = !!this.canvas.closest('.chart-host')));
      if (chart) {
        chartDraws++;
        if (!inRaf && stats.measuring) stats.chartDrawsOutsideRaf++;
      }
      return original.apply(this, args);
    };
  }
  const raf = window.requestAnimationFrame.bind(window);
  let passesThisFrame = 0;
  let frameTime = -1;
  window.requestAnimationFrame = (cb) => raf((t) => {
    if (t !== frameTime) { frameTime = t; passesThisFrame = 0; }
    const before = chartDraws;
    inRaf = true;
    try { cb(t); } finally { inRaf = false; }
    if (chartDraws > before && stats.measuring) {
      stats.chartPasses++;
      passesThisFrame++;
      stats.maxChartPassesPerFrame = Math.max(stats.maxChartPassesPerFrame, passesThisFrame);
    }
  });

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
    raf(loop);
  };
  raf(loop);
  window.__qdBenchStart = () => Object.assign(stats, { commits: 0, longTasks: 0, longTaskMs: 0, frames: 0, dropped: 0, worstFrameMs: 0, chartPasses: 0, maxChartPassesPerFrame: 0, chartDrawsOutsideRaf: 0, measuring: true });
  window.__qdBenchStop = () => { stats.measuring = false; return { ...stats }; };
})();
