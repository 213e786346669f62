// The failover scorecard: ours (reference backend + wasm package in Node) and
// socket.io (server + client from npm, default options), same scenarios, same
// run, real sockets on 127.0.0.1.
// Run: node bench/scorecard/index.mjs [--quick] [--reps N]
import { benchArgs, runMain, isMain } from '../lib/args.mjs';
import { median, ratio } from '../lib/stats.mjs';
import { printTable } from '../lib/table.mjs';
import { oursSide, sioSide } from './sides.mjs';
import { wsPathDown, blackhole, reset, outage } from './scenarios.mjs';
import { crowd, printCrowd } from './crowd.mjs';

/// Full mode uses every default of both products (so 12 s vs 25+20 s to
/// notice a dead socket) and a real 10-minute outage; quick mode shortens the
/// fault windows and the dead-socket timings only to prove the bench runs.
/// settleMs 11 s: each fault hits a connection that has been healthy longer
/// than ours' healthyAfterMs (10 s), as a trader's all-day connection is;
/// before that, ours deliberately backs off instead of retrying at once.
export function config(quick) {
  return quick
    ? { connectWaitMs: 10_000, settleMs: 300, faultMs: 2_500, liveWaitMs: 8_000, detectWaitMs: 5_000, outageMs: 4_000, outageClients: 3, clients: 20, downMs: 1_000, crowdWaitMs: 15_000, holdMs: 500 }
    : { connectWaitMs: 15_000, settleMs: 11_000, faultMs: 10_000, liveWaitMs: 30_000, detectWaitMs: 60_000, outageMs: 600_000, outageClients: 9, clients: 1_000, downMs: 3_000, crowdWaitMs: 90_000, holdMs: 3_000 };
}

async function both(fn, sides, cfg, reps, { sequential = false } = {}) {
  const out = { ours: [], 'socket.io': [] };
  for (let r = 0; r < reps; r++) {
    if (sequential) {
      out.ours.push(await fn(sides.ours, cfg)); out['socket.io'].push(await fn(sides.sio, cfg));
      continue;
    }
    // Both sides run at the same moment on separate servers and proxies, so a
    // neighbour's CPU burst hits both alike.
    const [a, b] = await Promise.all([fn(sides.ours, cfg), fn(sides.sio, cfg)]);
    out.ours.push(a); out['socket.io'].push(b);
  }
  return out;
}

const med = (runs, k) => {
  const v = runs.map((r) => r[k]);
  return v.some((x) => x === null) ? null : median(v);
};
const span = (v) => (v >= 60_000 ? `${v / 60_000} min` : `${v / 1000} s`);
const ms = (v, window) => (v === null ? `none in ${Math.round(window / 1000)} s` : Math.round(v));

export async function scorecard({ quick, reps }) {
  const cfg = config(quick);
  const sides = {
    ours: { name: 'ours', setup: (o = {}) => oursSide({ quick, ...o }) },
    sio: { name: 'socket.io', setup: (o = {}) => sioSide({ quick, ...o }) },
  };
  // The outage runs for minutes with nothing to do, so it runs beside the rest.
  const outageRun = both(outage, sides, cfg, 1);
  const run = quick
    ? await Promise.all([both(wsPathDown, sides, cfg, reps), both(blackhole, sides, cfg, reps), both(reset, sides, cfg, reps)])
    : [await both(wsPathDown, sides, cfg, reps), await both(blackhole, sides, cfg, reps), await both(reset, sides, cfg, reps)];
  const [down, hole, rst] = run;
  // A thousand clients are CPU work for this process: one side at a time.
  const crowdRun = await both(crowd, sides, cfg, 1, { sequential: true });
  const out = await outageRun;

  const row = (label, runs, k, window) => {
    const a = med(runs.ours, k); const b = med(runs['socket.io'], k);
    return [label, ms(a, window), ms(b, window), ratio(a, b)];
  };
  const o = out.ours[0]; const s = out['socket.io'][0];
  const reasons = (runs) => [...new Set(runs.map((r) => r.reason))].join(',');
  printTable(`Failover scorecard (ms, median of ${reps}; lower is better; ratio = ours / socket.io)`, ['scenario: metric', 'ours', 'socket.io', 'ratio'], [
    row('WS path down, HTTP up: fault -> first answered poll', down, 'firstPollOkMs', cfg.faultMs),
    row('WS path down, HTTP up: fault -> first fresh polled price', down, 'firstPolledMs', cfg.faultMs),
    row('WS path down: longest gap between fresh prices', down, 'gapMs', cfg.faultMs + cfg.liveWaitMs),
    row(`WS path restored after ${cfg.faultMs / 1000} s: back to Live (WebSocket)`, down, 'backToLiveMs', cfg.liveWaitMs),
    row('Black-holed socket: time to detect', hole, 'detectMs', cfg.detectWaitMs),
    ['Black-holed socket: how it noticed', reasons(hole.ours), reasons(hole['socket.io']), ''],
    row('TCP reset: fault -> first fresh price', rst, 'firstPriceMs', cfg.liveWaitMs),
    row('TCP reset: back to Live', rst, 'backToLiveMs', cfg.liveWaitMs),
    [`${span(cfg.outageMs)} outage: console lines of the library (median / most of ${o.clients} clients)`, `${o.ownLines} / ${o.maxOwnLines}`, `${s.ownLines} / ${s.maxOwnLines}`, ''],
    [`${span(cfg.outageMs)} outage: failed attempts per client (a browser logs one line each)`, o.failedAttempts, s.failedAttempts, ratio(o.failedAttempts, s.failedAttempts)],
    [`after the outage: first fresh price (median of ${o.clients} clients)`, ms(o.firstPriceAfterMs, cfg.liveWaitMs), ms(s.firstPriceAfterMs, cfg.liveWaitMs), ratio(o.firstPriceAfterMs, s.firstPriceAfterMs)],
    [`after the outage: back to Live (median of ${o.clients} clients)`, ms(o.backToLiveMs, cfg.liveWaitMs), ms(s.backToLiveMs, cfg.liveWaitMs), ratio(o.backToLiveMs, s.backToLiveMs)],
    [`after the outage: back to Live, the slowest client`, ms(o.backToLiveMaxMs, cfg.liveWaitMs), ms(s.backToLiveMaxMs, cfg.liveWaitMs), ratio(o.backToLiveMaxMs, s.backToLiveMaxMs)],
  ]);
  printCrowd(cfg, crowdRun);
  if (o.sampleLines.length) console.log(`\nours, first console lines of the outage:\n  ${o.sampleLines.join('\n  ')}`);
  return { down, hole, rst, out, crowdRun };
}

if (isMain(import.meta.url)) runMain(async () => { await scorecard(benchArgs({ reps: 3, quickReps: 1 })); });
