// The terminal under load in Chromium: React commits/s, long tasks > 50 ms,
// dropped frames and the chart's paint passes (per second, and the most in one
// animation frame) while the feed streams 1,000, 10,000 and 50,000 updates/s,
// with the start-up layout (Quote Monitor + BTC chart) and, for comparison at
// the top rate, with the Quote Monitor alone.
// Run: node bench/terminal-load.mjs [--quick] [--reps N]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchArgs, runMain, isMain } from './lib/args.mjs';
import { median } from './lib/stats.mjs';
import { printTable } from './lib/table.mjs';
import { TERMINAL_DIST } from './lib/paths.mjs';
import { launchChromium, taskDurationMs } from '../tests/lib/chromium.mjs';
import { startStreamServer } from './terminal/stream-server.mjs';

const PROBE = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'terminal/page-probe.js'), 'utf8');

export async function terminalLoad({ quick, reps }) {
  if (!fs.existsSync(path.join(TERMINAL_DIST, 'index.html'))) throw new Error('web/terminal/dist is not built: run `npm run build`');
  const cases = (quick ? [1_000, 50_000] : [1_000, 10_000, 50_000]).map((rate) => ({ rate, chart: true }));
  cases.push({ rate: 50_000, chart: false });
  const windowMs = quick ? 2_000 : 10_000;
  const browser = await launchChromium();
  const rows = [];
  try {
    for (const { rate, chart } of cases) {
      const runs = [];
      for (let r = 0; r < reps; r++) {
        const server = await startStreamServer({ staticDir: TERMINAL_DIST, rate });
        const page = await browser.newPage();
        page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
        try {
          await page.addInitScript(PROBE);
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Performance.enable');
          await page.goto(`${server.url}/?e2e`);
          await page.waitForFunction(() => window.__qdStore?.getSnapshot().status.state === 'connected', null, { timeout: 15_000 });
          if (!chart) {
            for (const cmd of ['CLOSE ALL', 'QM']) {
              await page.fill('.cmd-input', cmd);
              await page.press('.cmd-input', 'Enter');
            }
          } else {
            await page.waitForSelector('.chart-host canvas', { timeout: 15_000 });
          }
          await page.waitForTimeout(500); // settle: first paint and chart set-up are not load
          const shown0 = await page.evaluate(() => window.__qdStore.getSnapshot() && (window.__qdFeedEvents?.length ?? 0));
          const sent0 = server.sent;
          const busy0 = await taskDurationMs(cdp);
          await page.evaluate(() => window.__qdBenchStart());
          await page.waitForTimeout(windowMs);
          const s = await page.evaluate(() => window.__qdBenchStop());
          const busy1 = await taskDurationMs(cdp);
          const sent = server.sent - sent0;
          const shown = (await page.evaluate(() => window.__qdFeedEvents?.length ?? 0)) - shown0;
          const state = await page.evaluate(() => window.__qdStore.getSnapshot().status.state);
          runs.push({ ...s, busyPct: ((busy1 - busy0) / windowMs) * 100, sentPerS: sent / (windowMs / 1000), shownPerS: shown / (windowMs / 1000), state });
        } finally {
          await page.close();
          await server.close();
        }
      }
      const m = (k) => median(runs.map((x) => x[k]));
      const perS = (k) => m(k) / (windowMs / 1000);
      rows.push([rate, chart ? 'QM + chart' : 'QM only', m('sentPerS'), perS('commits'), m('shownPerS'), perS('chartPasses'), m('maxChartPassesPerFrame'), m('longTasks'), m('longTaskMs'), m('dropped'), m('frames'), m('worstFrameMs'), m('busyPct'), runs.map((x) => x.state).join(',')]);
    }
  } finally {
    await browser.close();
  }
  printTable(`Terminal under load in Chromium (${windowMs / 1000} s window, median of ${reps}; frames at 60 Hz)`,
    ['feed updates/s', 'windows', 'updates/s sent', 'React commits/s', 'price changes shown/s', 'chart draws/s', 'most chart draws in one frame', 'long tasks > 50 ms', 'long-task ms', 'dropped frames', 'frames', 'worst frame ms', 'main thread busy %', 'state'], rows);
  return rows;
}

if (isMain(import.meta.url)) runMain(async () => { await terminalLoad(benchArgs({ reps: 3, quickReps: 1 })); });
