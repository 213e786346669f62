// One feed per browser (contract §8), side by side in one run, in Chromium:
//  1. the page's main-thread time per 10k updates with the engine in the
//     SharedWorker, with the engine in the page, and for the plain
//     JSON.parse + Map client, at 1 and at 100 updates per WebSocket frame;
//     the same recorded stream over a real socket, paced at 1,000 updates/s
//     (a live feed) and flat out (as fast as the socket takes it, the way
//     bench/ingest-browser.mjs measures);
//  2. the reference backend's sockets with 1, 4 and 8 tabs open (/health);
//  3. memory per extra tab: private memory of every process of a fresh
//     Chromium per mode, with 1 and with 8 tabs.
// Run: node bench/one-feed.mjs [--quick] [--reps N]
import fs from 'node:fs';
import path from 'node:path';
import { benchArgs, runMain, isMain } from './lib/args.mjs';
import { median, ratio } from './lib/stats.mjs';
import { printTable } from './lib/table.mjs';
import { PRICEFEED_DIST, ROOT } from './lib/paths.mjs';
import { launchChromium, taskDurationMs } from '../tests/lib/chromium.mjs';
import { startStaticServer } from '../tests/lib/static-server.mjs';
import { browserPids, privateBytes } from './lib/process-memory.mjs';
import { recordStream } from './ingest/frames.mjs';
import { startPlayer, withSeqBase } from './one-feed/player.mjs';
import { startServer } from '../web/server/src/server.js';

const PAGE = `<!doctype html><meta charset="utf-8"><title>one feed bench</title>
<script type="module">import '/bench/one-feed/page.mjs'; window.__ready = true;</script>`;

/// Paced, both streams carry 1,000 updates/s, the reference backend's rate
/// in the terminal benchmarks: one update per frame at 1,000 frames/s, or
/// 100 per frame at 10 frames/s (its 100 ms ticks). Flat out, every frame is
/// written at once and the socket sets the pace.
export function streams(quick) {
  const updates = quick ? 2_000 : 10_000;
  const flat = quick ? 5_000 : 50_000;
  return [
    { name: '1 update/frame, 1,000/s', updates, perFrame: 1, framesPerSecond: 1000 },
    { name: '100 updates/frame, 1,000/s', updates, perFrame: 100, framesPerSecond: 10 },
    { name: '1 update/frame, flat out', updates: flat, perFrame: 1, framesPerSecond: Infinity },
    { name: '100 updates/frame, flat out', updates: flat * 4, perFrame: 100, framesPerSecond: Infinity },
  ];
}
const KINDS = ['worker', 'page', 'plain'];
const LABEL = { worker: 'engine in the SharedWorker', page: 'engine in the page', plain: 'plain JSON.parse + Map' };
const TABS = [1, 4, 8];

async function until(fn, what, timeoutMs = 10_000) {
  const t0 = Date.now();
  while (!(await fn())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function ingest({ browser, server, quick, reps }) {
  const player = await startPlayer();
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(server.url + '/');
  await page.waitForFunction(() => window.__ready === true);
  let base = 0;
  const rows = [];
  const summary = {};
  try {
    for (const s of streams(quick)) {
      const stream = recordStream(s);
      const res = { worker: [], page: [], plain: [] };
      // One warm-up round (not counted) outside quick mode, then `reps`,
      // the order rotating so neither warm-up nor GC debt favours one kind.
      for (let r = quick ? 0 : -1; r < reps; r++) {
        const order = KINDS.map((_, i) => KINDS[(i + Math.max(r, 0)) % KINDS.length]);
        for (const kind of order) {
          base += 1_000_000;
          const st = withSeqBase(stream, base);
          player.load(st);
          const state = await page.evaluate(([k, u, l]) => window.__bench.prepare(k, u, l), [kind, player.url, st.last]);
          if (state !== 'connected' && state !== 'open') throw new Error(`${kind}: ${state}`);
          await until(() => player.subscribed, `${kind} subscribed`);
          const m0 = await taskDurationMs(cdp);
          const played = player.play(s.framesPerSecond);
          const seen = await page.evaluate(() => window.__bench.run());
          await played;
          const m1 = await taskDurationMs(cdp);
          await page.evaluate(() => window.__bench.finish());
          await until(() => player.openSockets === 0, `${kind} closed its socket`);
          if (r >= 0) res[kind].push({ busyMs: m1 - m0, ...seen });
        }
      }
      const per10k = (runs) => median(runs.map((x) => (x.busyMs * 10_000) / stream.updates));
      const plain = per10k(res.plain);
      for (const kind of KINDS) {
        const v = per10k(res[kind]);
        summary[`${s.name} ${kind}`] = v;
        rows.push([`${s.name}, ${LABEL[kind]}`, v, median(res[kind].map((x) => x.batches)), median(res[kind].map((x) => x.updates)), ratio(v, plain)]);
      }
    }
  } finally {
    await page.close();
    await player.close();
  }
  printTable(
    `Main-thread time of the page per 10k updates over a real WebSocket, paced (${streams(quick)[0].updates.toLocaleString('en-US')} updates) and flat out (median of ${reps}; CDP TaskDuration of the page; ratio = client / plain, lower is better)`,
    ['stream, client', 'main-thread ms per 10k updates', 'subscriber calls', 'updates delivered', 'ratio'],
    rows,
  );
  return summary;
}

/// Each mode in a browser of its own: a browser that has had tabs reuses
/// renderer processes, which would make the second mode look cheaper.
async function tabs({ server }) {
  const backend = await startServer({ port: 0, rate: 50, tickMs: 100 });
  const health = async () => (await (await fetch(`${backend.url}/health`)).json()).ws.clients;
  const sockets = {};
  const memory = {};
  try {
    for (const runIn of ['shared-worker', 'page']) {
      const browser = await launchChromium();
      const context = await browser.newContext(); // one profile: every tab shares the SharedWorker
      const pages = [];
      const sample = async () => {
        // Garbage first, in every page, so a heap's high-water mark is not counted.
        for (const p of pages) {
          const s = await p.context().newCDPSession(p);
          await s.send('HeapProfiler.collectGarbage');
          await s.detach();
        }
        const pids = browserPids();
        return { bytes: privateBytes(pids), processes: pids.length };
      };
      try {
        for (const n of TABS) {
          while (pages.length < n) {
            const p = await context.newPage();
            await p.goto(server.url + '/');
            await p.waitForFunction(() => window.__ready === true);
            const state = await p.evaluate(([u, r]) => window.__bench.open(u, r), [backend.wsUrl, runIn]);
            if (state !== 'connected') throw new Error(`${runIn} tab ${pages.length + 1}: ${state}`);
            pages.push(p);
          }
          await until(async () => (await health()) === (runIn === 'page' ? n : 1), `${runIn}: sockets for ${n} tabs`, 5000).catch(() => {});
          sockets[`${n} ${runIn}`] = await health();
          if (n === TABS[0]) memory[`${runIn} first`] = await sample();
          if (n === TABS.at(-1)) memory[`${runIn} last`] = await sample();
        }
        const s = await pages[0].context().newCDPSession(pages[0]);
        memory[`${runIn} heap`] = (await s.send('Runtime.getHeapUsage')).usedSize;
        await s.detach();
      } finally {
        await browser.close();
      }
      await until(async () => (await health()) === 0, `${runIn}: sockets closed`, 5000);
    }
  } finally {
    await backend.close();
  }
  printTable(
    "The reference backend's WebSockets (/health) with the feed open in N tabs of one browser",
    ['tabs', 'engine in the SharedWorker (default)', 'engine in each page'],
    TABS.map((n) => [n, sockets[`${n} shared-worker`], sockets[`${n} page`]]),
  );
  const extra = TABS.at(-1) - TABS[0];
  const mb = (b) => b / 2 ** 20;
  const perTab = {};
  const rows = ['shared-worker', 'page'].map((runIn) => {
    const first = memory[`${runIn} first`];
    const last = memory[`${runIn} last`];
    perTab[runIn] = mb((last.bytes - first.bytes) / extra);
    const label = runIn === 'page' ? 'engine in each page' : 'engine in the SharedWorker (default)';
    return [label, mb(first.bytes), mb(last.bytes), `${first.processes} / ${last.processes}`, perTab[runIn], mb(memory[`${runIn} heap`])];
  });
  printTable(
    `Memory per extra tab: private memory of every process of a fresh Chromium (MB), ${TABS[0]} and ${TABS.at(-1)} tabs of a minimal page holding the feed`,
    ['mode', `${TABS[0]} tab`, `${TABS.at(-1)} tabs`, 'processes', 'per extra tab', 'JS heap of one tab'],
    rows,
  );
  return { sockets, perTab };
}

export async function oneFeed({ quick, reps }) {
  if (!fs.existsSync(path.join(PRICEFEED_DIST, 'worker.js'))) throw new Error('web/pricefeed/dist is not built: run `npm run build:wasm`');
  const server = await startStaticServer({
    pages: { '/': PAGE },
    mounts: { '/pricefeed/': PRICEFEED_DIST, '/bench/': path.join(ROOT, 'bench') },
  });
  try {
    const browser = await launchChromium();
    let ingestSummary;
    try {
      ingestSummary = await ingest({ browser, server, quick, reps });
    } finally {
      await browser.close();
    }
    const tabSummary = await tabs({ server });
    return { ingest: ingestSummary, ...tabSummary };
  } finally {
    await server.close();
  }
}

if (isMain(import.meta.url)) runMain(async () => { await oneFeed(benchArgs({ reps: 3, quickReps: 1 })); });
