// What the terminal's rendering costs the page, before and after, in one run:
// two builds of the terminal (before = the terminal at a git ref, built into a
// temporary folder, or a dist passed with --before; after = this checkout's
// web/terminal/dist) served by the reference backend at 10, 100 and 1,000
// updates/s, measured alternately in Debian's Chromium. For each: main-thread
// busy % and script % (CDP TaskDuration, ScriptDuration), the main thread's
// CPU % (/proc), style recalculations/s and layouts/s (RecalcStyleCount,
// LayoutCount), paints/s (Paint events of the page's frame in a
// devtools.timeline trace) and the CPU of all of Chromium's processes.
// Medians over --reps; prints, asserts nothing but that prices arrived.
//
// Run: node bench/terminal-paint.mjs [--quick] [--reps N] [--seconds S]
//        [--before <dist> | --before-ref <git ref>] [--after <dist>] [--rates 10,100] [--tick-ms 16]
// Needs `npm run build` first. --quick measures this checkout only, briefly.
import fs from 'node:fs';
import path from 'node:path';
import { benchArgs, runMain, isMain } from './lib/args.mjs';
import { median, ratio } from './lib/stats.mjs';
import { printTable } from './lib/table.mjs';
import { TERMINAL_DIST } from './lib/paths.mjs';
import { launchChromium } from '../tests/lib/chromium.mjs';
import { startServer } from '../web/server/src/server.js';
import { buildTerminalAt } from './terminal/build-at-ref.mjs';
import { measureWindow, paintsPerS } from './terminal/page-costs.mjs';

/// The last commit of main before issue 12's terminal work: the terminal
/// whose flashes animated background-color and repainted every frame.
const BEFORE_REF = '7d5356e';
/// The feed rates the issue names: a quiet market, a busy one, a storm.
const RATES = [10, 100, 1_000];
/// 16 ms: the engine's own flush interval, so the backend conflates no more
/// than the page would (at 1,000/s over 12 symbols some updates of the same
/// symbol still meet in one tick: the "shown" column says what arrived).
/// --tick-ms 100 measures the backend's default instead.
const TICK_MS = 16;
/// The start-up layout (Quote Monitor + BTC chart) fully drawn and the JIT
/// warm before anything is counted.
const SETTLE_MS = 1_500;

function option(argv, name) {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

async function measure(browser, browserCdp, { dist, rate, tickMs, windowMs, settleMs }) {
  const server = await startServer({ port: 0, host: '127.0.0.1', staticDir: dist, rate, tickMs, seed: 7 });
  const context = await browser.newContext({ viewport: { width: 1320, height: 720 } });
  try {
    const page = await context.newPage();
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    await page.goto(`${server.url}/?e2e`);
    await page.waitForFunction(() => window.__qdStore?.getSnapshot().status.state === 'connected', null, { timeout: 15_000 });
    await page.waitForSelector('.chart-host canvas', { timeout: 15_000 });
    await page.waitForTimeout(settleMs);
    const cdp = await context.newCDPSession(page);
    const updates = () => page.evaluate(() => window.__qdStore.stats.updates);
    const { paintsPerS: paints, pid } = await paintsPerS(page, cdp, windowMs);
    const u0 = await updates();
    const t0 = performance.now();
    const costs = await measureWindow(page, cdp, browserCdp, pid, windowMs);
    const shownPerS = ((await updates()) - u0) / ((performance.now() - t0) / 1000);
    const state = await page.evaluate(() => window.__qdStore.getSnapshot().status.state);
    return { ...costs, paintsPerS: paints, shownPerS, state };
  } finally {
    await context.close();
    await server.close();
  }
}

export async function terminalPaint({ quick, reps, argv }) {
  const windowMs = Number(option(argv, '--seconds') ?? (quick ? 1 : 5)) * 1000;
  const tickMs = Number(option(argv, '--tick-ms') ?? TICK_MS);
  const beforeDist = option(argv, '--before');
  const afterDist = option(argv, '--after') ?? TERMINAL_DIST;
  if (!fs.existsSync(path.join(afterDist, 'index.html'))) throw new Error(`${afterDist} holds no built terminal: run \`npm run build\` (or pass --after <dist>)`);
  if (beforeDist && !fs.existsSync(path.join(beforeDist, 'index.html'))) throw new Error(`--before ${beforeDist}: no index.html there`);
  const builds = [{ name: 'after', label: afterDist === TERMINAL_DIST ? 'this checkout' : afterDist, dist: afterDist }];
  let made = null;
  if (beforeDist) {
    builds.unshift({ name: 'before', label: beforeDist, dist: beforeDist });
  } else if (!quick) {
    made = buildTerminalAt(option(argv, '--before-ref') ?? BEFORE_REF);
    builds.unshift({ name: 'before', label: `at ${made.commit}`, dist: made.dist });
  }
  const rates = option(argv, '--rates')?.split(',').map(Number) ?? (quick ? [10, 1_000] : RATES);
  const runs = new Map();
  const browser = await launchChromium();
  try {
    const browserCdp = await browser.newBrowserCDPSession();
    for (let rep = 0; rep < reps; rep++) {
      for (const rate of rates) {
        // Alternate which build goes first, so a neighbour's load spike
        // does not always land on the same side.
        for (const b of rep % 2 ? [...builds].reverse() : builds) {
          const r = await measure(browser, browserCdp, { dist: b.dist, rate, tickMs, windowMs, settleMs: quick ? 500 : SETTLE_MS });
          if (r.state !== 'connected' || !(r.shownPerS > 0)) throw new Error(`${b.name} at ${rate}/s: state ${r.state}, ${r.shownPerS} updates/s shown`);
          const key = `${rate}|${b.name}`;
          runs.set(key, [...(runs.get(key) ?? []), r]);
        }
      }
    }
  } finally {
    await browser.close();
    made?.remove();
  }

  const cols = ['shownPerS', 'busyPct', 'mainCpuPct', 'scriptPct', 'recalcPerS', 'layoutsPerS', 'paintsPerS', 'cpuPct'];
  const rows = [];
  const result = {};
  for (const rate of rates) {
    const med = {};
    for (const b of builds) {
      const list = runs.get(`${rate}|${b.name}`);
      med[b.name] = Object.fromEntries(cols.map((k) => [k, median(list.map((x) => x[k]))]));
      rows.push([rate, `${b.name} (${b.label})`, ...cols.map((k) => med[b.name][k])]);
    }
    if (med.before) rows.push([rate, 'after / before', '', ...cols.slice(1).map((k) => ratio(med.after[k], med.before[k]))]);
    result[rate] = med;
  }
  printTable(`Terminal rendering cost in Chromium (reference backend, tick ${tickMs} ms; ${windowMs / 1000} s windows, median of ${reps}${builds.length > 1 ? ', builds alternated' : ''})`,
    ['updates/s (server)', 'terminal', 'updates/s shown', 'main thread busy %', 'main thread CPU %', 'script %', 'style recalcs/s', 'layouts/s', 'paints/s', 'browser CPU % (all processes)'], rows);
  return result;
}

if (isMain(import.meta.url)) runMain(async () => { await terminalPaint(benchArgs({ reps: 3, quickReps: 1 })); });
