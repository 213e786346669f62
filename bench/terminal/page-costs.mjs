// What a page costs the browser over a window of time, read from Chromium
// itself through CDP: main-thread busy time, script time, style
// recalculations and layouts (Performance.getMetrics), paints (Paint events
// of the page's own frame in a devtools.timeline trace), and the CPU time of
// every Chromium process (SystemInfo.getProcessInfo: compositor, raster and
// display work included, which the main-thread numbers do not see).
// TaskDuration is wall time, so on a busy machine a task that was descheduled
// looks longer; the page's main-thread CPU time (Linux /proc, the renderer's
// main thread) is counted beside it and is not inflated that way.
import fs from 'node:fs';

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

/// USER_HZ: 100 on every Linux the project runs on (getconf CLK_TCK).
const CLOCK_TICKS_PER_S = 100;

/// CPU seconds of the main thread of renderer process `pid` (the thread whose
/// id is the process id; NaN where /proc cannot tell: not Linux, or gone).
function mainThreadCpuS(pid) {
  try {
    // utime and stime are fields 14 and 15, counted after the ")" closing the name.
    const f = fs.readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(f[11]) + Number(f[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return NaN;
  }
}

/// Measures `ms` of the page as it runs: { busyPct, scriptPct, recalcPerS,
/// layoutsPerS, mainCpuPct, cpuPct }. `cdp` is the page's session (Performance
/// enabled here), `browserCdp` a browser-level session, `pid` the page's
/// renderer process (from paintsPerS).
export async function measureWindow(page, cdp, browserCdp, pid, ms) {
  await cdp.send('Performance.enable');
  const [m0, c0, r0, t0] = [await metrics(cdp), await browserCpuS(browserCdp), mainThreadCpuS(pid), performance.now()];
  await page.waitForTimeout(ms);
  const [m1, c1, r1, t1] = [await metrics(cdp), await browserCpuS(browserCdp), mainThreadCpuS(pid), performance.now()];
  const s = (t1 - t0) / 1000;
  const d = (k) => m1[k] - m0[k];
  return {
    busyPct: (d('TaskDuration') / s) * 100,
    scriptPct: (d('ScriptDuration') / s) * 100,
    recalcPerS: d('RecalcStyleCount') / s,
    layoutsPerS: d('LayoutCount') / s,
    mainCpuPct: ((r1 - r0) / s) * 100,
    cpuPct: ((c1 - c0) / s) * 100,
  };
}

/// Paint events per second of the page's main frame over `ms`, from a trace
/// of the devtools.timeline category (what DevTools' Performance panel
/// records): Blink emits one per painted layer root per frame. Returns
/// { paintsPerS, pid } (pid: the frame's renderer process, from the trace).
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
  const mine = events.filter((e) => e.args?.data?.frame === frameId);
  const paints = mine.filter((e) => e.name === 'Paint');
  return { paintsPerS: paints.length / s, pid: (paints[0] ?? mine[0])?.pid ?? NaN };
}
