// How the built terminal holds up at the simulated feed's top rate: frames
// per second, main-thread time, long tasks, and how many store notifications
// (React commits) the feed's batches turned into. Prints numbers; asserts nothing.
//
//   node bench/terminal-render.mjs [--seconds 10] [--rate 10000] [--tick-ms 16] [--symbols 12,200]
// Needs `npm run build` first (web/terminal/dist with the wasm package).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { launchChromium } from '../tests/lib/chromium.mjs';
import { startServer } from '../web/server/src/server.js';

const DIST = fileURLToPath(new URL('../web/terminal/dist', import.meta.url));
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rate: { type: 'string', default: '10000' },
    'tick-ms': { type: 'string', default: '16' },
    symbols: { type: 'string', default: '12,200' },
  },
});
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const tickMs = Number(values['tick-ms']);
const symbolCounts = values.symbols.split(',').map(Number);
if (!existsSync(`${DIST}/index.html`)) throw new Error(`${DIST} is missing: run npm run build first`);

function symbolsMap(n) {
  const m = {};
  for (let i = 0; i < n; i++) m[`S${String(i).padStart(3, '0')}`] = 10 + i * 3.7;
  return m;
}

async function run(nSymbols) {
  const server = await startServer({
    port: 0, staticDir: DIST, rate, tickMs, seed: 7,
    ...(nSymbols === 12 ? {} : { symbols: symbolsMap(nSymbols) }),
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1320, height: 720 });
    await page.goto(`${server.url}/?e2e`);
    await page.waitForFunction(() => document.querySelector('.conn')?.dataset.state === 'connected', null, { timeout: 15000 });
    await page.waitForTimeout(2000); // warm-up: JIT, first layout of every row
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const metric = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
    await page.evaluate(() => {
      const w = window;
      w.__bench = { frames: 0, longTasks: 0, longMs: 0, worstFrameMs: 0 };
      let last = performance.now();
      const loop = (t) => {
        w.__bench.frames++;
        w.__bench.worstFrameMs = Math.max(w.__bench.worstFrameMs, t - last);
        last = t;
        requestAnimationFrame(loop);
      };
      requestAnimationFrame(loop);
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) {
          w.__bench.longTasks++;
          w.__bench.longMs += e.duration;
        }
      }).observe({ entryTypes: ['longtask'] });
      w.__bench.stats0 = { ...w.__qdStore.stats };
    });
    const m0 = await metric();
    await page.waitForTimeout(seconds * 1000);
    const m1 = await metric();
    const b = await page.evaluate(() => ({ ...window.__bench, stats1: { ...window.__qdStore.stats } }));
    const d = (k) => b.stats1[k] - b.stats0[k];
    const busy = (k) => ((m1[k] - m0[k]) / seconds) * 100;
    return {
      symbols: nSymbols,
      'server upd/s': rate,
      'batches/s': Math.round(d('batches') / seconds),
      'updates/s (to store)': Math.round(d('updates') / seconds),
      'commits/s': Math.round(d('notifications') / seconds),
      'fps': Math.round(b.frames / seconds),
      'worst frame ms': Math.round(b.worstFrameMs),
      'long tasks': b.longTasks,
      'main thread %': busy('TaskDuration').toFixed(1),
      'script %': busy('ScriptDuration').toFixed(1),
      'style+layout %': (busy('RecalcStyleDuration') + busy('LayoutDuration')).toFixed(1),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

const rows = [];
for (const n of symbolCounts) rows.push(await run(n));
console.log(`terminal render bench: ${seconds} s per run, tick ${tickMs} ms, headless Chromium (--disable-gpu)`);
console.table(rows);
