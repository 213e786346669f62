// Ingest in Chromium: the same recorded market_data_update frames through
// (a) the wasm package's full path (WebSocket message -> engine -> batched JS
// store -> subscriber) and (b) the plain JSON.parse/Map/notify client.
// Then a CPU profile of the wasm path, grouped by where its time goes.
// Run: node bench/ingest-browser.mjs [--quick] [--reps N]
import fs from 'node:fs';
import path from 'node:path';
import { benchArgs, runMain, isMain } from './lib/args.mjs';
import { median, ratio } from './lib/stats.mjs';
import { printTable } from './lib/table.mjs';
import { PRICEFEED_DIST, ROOT } from './lib/paths.mjs';
import { launchChromium, taskDurationMs } from '../tests/lib/chromium.mjs';
import { startStaticServer } from '../tests/lib/static-server.mjs';
import { recordStream } from './ingest/frames.mjs';
import { summarize, topFunctions } from './ingest/profile.mjs';
import { runNative } from './lib/native.mjs';

const PAGE = `<!doctype html><meta charset="utf-8"><title>ingest bench</title>
<script type="module">import '/bench/ingest/page.mjs'; window.__ready = true;</script>`;

/// One update per frame is the per-message case the old client was built for;
/// 100 per frame is the backend at 1,000 updates/s with its 100 ms ticks.
export function streams(quick) {
  return quick
    ? [{ name: '1 update/frame', updates: 2_000, perFrame: 1 }, { name: '100 updates/frame', updates: 10_000, perFrame: 100 }]
    : [{ name: '1 update/frame', updates: 20_000, perFrame: 1 }, { name: '100 updates/frame', updates: 200_000, perFrame: 100 }];
}

export async function ingestBrowser({ quick, reps }) {
  if (!fs.existsSync(path.join(PRICEFEED_DIST, 'index.js'))) throw new Error('web/pricefeed/dist is not built: run `npm run build:wasm`');
  const server = await startStaticServer({
    pages: { '/': PAGE },
    mounts: { '/pricefeed/': PRICEFEED_DIST, '/bench/': path.join(ROOT, 'bench') },
  });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(server.url + '/');
    await page.waitForFunction(() => window.__ready === true);
    const rows = [];
    for (const s of streams(quick)) {
      const stream = recordStream(s);
      await page.evaluate((st) => window.__bench.setStream(st), stream);
      const res = { wasm: [], plain: [] };
      for (let r = 0; r < reps; r++) {
        // Alternate the order so warm-up and GC debt do not favour one side.
        for (const kind of r % 2 ? ['plain', 'wasm'] : ['wasm', 'plain']) {
          await page.evaluate((k) => window.__bench.prepare(k), kind);
          const m0 = await taskDurationMs(cdp);
          const run = await page.evaluate(() => window.__bench.run());
          const m1 = await taskDurationMs(cdp);
          await page.evaluate(() => window.__bench.finish());
          res[kind].push({ ...run, busyMs: m1 - m0 });
        }
      }
      const per10k = (runs) => median(runs.map((x) => (x.busyMs * 10_000) / stream.updates));
      const msgsPerS = (runs) => median(runs.map((x) => stream.frames.length / (x.wallMs / 1000)));
      const notifies = (runs) => median(runs.map((x) => x.batches));
      const w = { per10k: per10k(res.wasm), mps: msgsPerS(res.wasm), n: notifies(res.wasm) };
      const p = { per10k: per10k(res.plain), mps: msgsPerS(res.plain), n: notifies(res.plain) };
      rows.push([`${s.name}, wasm package`, stream.frames.length, Math.round(w.mps), w.per10k, w.n, ratio(w.per10k, p.per10k)]);
      rows.push([`${s.name}, plain JSON.parse + Map`, stream.frames.length, Math.round(p.mps), p.per10k, p.n, '1.00x']);
    }
    printTable(`Ingest in Chromium (median of ${reps}; main-thread ms from CDP TaskDuration; ratio = wasm / plain, lower is better)`,
      ['stream, client', 'frames', 'messages/s', 'main-thread ms per 10k updates', 'subscriber calls', 'ms ratio'], rows);

    // Profile the wasm path on the per-message stream, where overheads show most.
    const s = streams(quick)[0];
    await page.evaluate((st) => window.__bench.setStream(st), recordStream(s));
    await page.evaluate(() => window.__bench.prepare('wasm'));
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.evaluate(() => window.__bench.run());
    const { profile } = await cdp.send('Profiler.stop');
    await page.evaluate(() => window.__bench.finish());
    const cats = [...summarize(profile).entries()].filter(([c]) => c !== 'idle / browser').sort((a, b) => b[1] - a[1]);
    const total = cats.reduce((a, [, v]) => a + v, 0);
    printTable(`Where the wasm path spends its time (${s.name}, ${s.updates.toLocaleString('en-US')} updates, CPU profile self time)`,
      ['category', 'ms', 'share'], cats.map(([c, v]) => [c, v, `${((v / total) * 100).toFixed(1)}%`]));
    printTable('Hottest functions of that profile (self ms)', ['function file', 'ms'], topFunctions(profile));
    // The wasm build carries no function names; the native engine splits
    // "inside wasm" into JSON parse vs the rest on the same kind of frames.
    const split = [[1, quick ? 2_000 : 20_000], [100, quick ? 200 : 2_000]].map(([per, n]) => runNative(['parse', String(n), String(per)]));
    printTable('Inside the engine (native -O2 build, same frame shapes): JSON parse vs the whole message path',
      ['updates/frame', 'parse us/update', 'whole path us/update', 'parse share'],
      split.map((x) => [x.perFrame, x.parseUsPerUpdate, x.fullUsPerUpdate, `${(x.parseShare * 100).toFixed(0)}%`]));
    return rows;
  } finally {
    await browser.close();
    await server.close();
  }
}

if (isMain(import.meta.url)) runMain(async () => { await ingestBrowser(benchArgs({ reps: 5, quickReps: 1 })); });
