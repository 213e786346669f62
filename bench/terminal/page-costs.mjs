// What a page costs the browser over a window of time, read from Chromium
// itself through CDP: main-thread busy time, script time, style
// recalculations and layouts (Performance.getMetrics), paints (Paint events
// of the page's own frame in a devtools.timeline trace), and the CPU time of
// every Chromium process (SystemInfo.getProcessInfo: compositor, raster and
// display work included, which the main-thread numbers do not see).

const METRICS = ['TaskDuration', 'ScriptDuration', 'RecalcStyleCount', 'LayoutCount'];

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  const m = Object.fromEntries(list.map((x) => [x.name, x.value]));
  return Object.fromEntries(METRICS.map((k) => [k, m[k] ?? NaN]));
}

/// Total CPU seconds of all of the browser's processes so far.
async function browserCpuS(browserCdp) {
  const { processInfo } = await browserCdp.send('SystemInfo.getProcessInfo');
  return processInfo.reduce((s, p) => s + p.cpuTime, 0);
}

/// Measures `ms` of the page as it runs: { busyPct, scriptPct, recalcPerS,
/// layoutsPerS, cpuPct }. `cdp` is the page's session (Performance enabled
/// here), `browserCdp` a browser-level session.
export async function measureWindow(page, cdp, browserCdp, ms) {
  await cdp.send('Performance.enable');
  const [m0, c0, t0] = [await metrics(cdp), await browserCpuS(browserCdp), performance.now()];
  await page.waitForTimeout(ms);
  const [m1, c1, t1] = [await metrics(cdp), await browserCpuS(browserCdp), performance.now()];
  const s = (t1 - t0) / 1000;
  const d = (k) => m1[k] - m0[k];
  return {
    busyPct: (d('TaskDuration') / s) * 100,
    scriptPct: (d('ScriptDuration') / s) * 100,
    recalcPerS: d('RecalcStyleCount') / s,
    layoutsPerS: d('LayoutCount') / s,
    cpuPct: ((c1 - c0) / s) * 100,
  };
}

/// Paint events per second of the page's main frame over `ms`, from a trace
/// of the devtools.timeline category (what DevTools' Performance panel
/// records): Blink emits one per painted layer root per frame.
export async function paintsPerS(page, cdp, ms) {
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const frameId = frameTree.frame.id;
  const events = [];
  const onData = (e) => events.push(...e.value);
  cdp.on('Tracing.dataCollected', onData);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline'] }, transferMode: 'ReportEvents' });
  const t0 = performance.now();
  await page.waitForTimeout(ms);
  await cdp.send('Tracing.end');
  const s = (performance.now() - t0) / 1000;
  await complete;
  cdp.off('Tracing.dataCollected', onData);
  const paints = events.filter((e) => e.name === 'Paint' && e.args?.data?.frame === frameId).length;
  return paints / s;
}
