// Memory after one hour at 1,000 updates/s.
//  (1) The native engine in virtual time (bench/native/engine_sim): one real
//      simulated hour, every timer firing, heap bytes in use from mallinfo2.
//  (2) The wasm package in Node: the same hour's stream (3.6 M updates in
//      36,000 frames) through its full path, fed as fast as it takes it. The
//      package has no virtual clock, so its hour is compressed to the stream:
//      time-driven state (heartbeat, stale marks) is not an hour old.
// Run: node bench/memory.mjs [--quick]
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { pathToFileURL } from 'node:url';
import XMLHttpRequest from 'xhr2';
import { benchArgs, runMain, isMain } from './lib/args.mjs';
import { printTable } from './lib/table.mjs';
import { ROOT } from './lib/paths.mjs';
import { runNative } from './lib/native.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
const { createSimulatedFeed } = await import(pathToFileURL(path.join(ROOT, 'web/server/src/feeds/simulated.js')).href);

/// A WebSocket the bench drives by hand (the package's adapter uses the on*
/// properties, like on a browser socket).
class FakeSocket {
  static last = null;
  constructor(url) {
    this.url = url; this.readyState = 0; FakeSocket.last = this; this.subscribed = false;
    setTimeout(() => { this.readyState = 1; this.onopen?.({ type: 'open' }); }, 0);
  }
  send(t) { if (String(t).includes('"subscribe"')) this.subscribed = true; }
  close() { this.readyState = 3; }
}
FakeSocket.CONNECTING = 0; FakeSocket.OPEN = 1; FakeSocket.CLOSING = 2; FakeSocket.CLOSED = 3;

function jsHeap() { gc(); return process.memoryUsage().heapUsed; }

async function wasmHour(seconds, rate) {
  globalThis.WebSocket = FakeSocket;
  const { createPriceFeed, memoryStats } = await import('@quantdesk/pricefeed');
  const feed = await createPriceFeed({ wsUrl: 'ws://127.0.0.1:9/ws', pollUrl: 'http://127.0.0.1:9/p', XMLHttpRequest, logger: { log() {}, info() {}, warn() {}, error() {} } });
  let batches = 0;
  feed.subscribe('market_data_update', () => { batches++; });
  await feed.connect();
  while (!FakeSocket.last?.subscribed) await new Promise((r) => setTimeout(r, 1));
  const sock = FakeSocket.last;
  let clock = 1_730_340_000_000;
  const sim = createSimulatedFeed({ rate, seed: 9, now: () => clock });
  const seqs = new Map();
  let buf = [];
  // The feed's own real-time timer would add steps of its own against the
  // virtual clock; start it without one and step it by hand.
  const realSetInterval = globalThis.setInterval;
  globalThis.setInterval = () => 0;
  try {
    sim.start((q) => { const seq = (seqs.get(q.symbol) ?? 0) + 1; seqs.set(q.symbol, seq); buf.push({ ...q, seq }); });
  } finally { globalThis.setInterval = realSetInterval; }
  const frame = (type) => { const f = JSON.stringify({ type, channel: 'market_data', data: buf, timestamp: clock }); buf = []; return f; };
  sock.onmessage({ data: frame('snapshot') });
  const at = {};
  at.start = { wasm: await memoryStats(), js: jsHeap() };
  const perFrame = rate / 10; // the backend's 100 ms tick
  const t0 = performance.now();
  for (let tick = 1; tick <= seconds * 10; tick++) {
    clock += 100;
    sim.step(perFrame);
    sock.onmessage({ data: frame('market_data_update') });
    if (tick % 50 === 0) {
      sock.onmessage({ data: JSON.stringify({ type: 'heartbeat', timestamp: clock }) });
      await new Promise((r) => setImmediate(r)); // let the flush timer run
    }
    if (tick === 600) at.minute = { wasm: await memoryStats(), js: jsHeap() };
  }
  await new Promise((r) => setTimeout(r, 50));
  const wallS = (performance.now() - t0) / 1000;
  at.end = { wasm: await memoryStats(), js: jsHeap() };
  const info = feed.getConnectionInfo();
  sim.stop();
  feed.dispose();
  return { at, wallS, updatesApplied: info.counters.updatesApplied, state: info.state, batches };
}

export async function memory({ quick }) {
  const seconds = quick ? 60 : 3600;
  const rate = 1000;
  const native = runNative(['hour', String(seconds), String(rate)]);
  const wasm = await wasmHour(seconds, rate);
  const kb = (b) => (b === undefined ? '-' : Math.round(b / 1024));
  const label = quick ? '1 min' : '1 h';
  printTable(`Memory after ${label} of simulated time at ${rate.toLocaleString('en-US')} updates/s (KB)`, ['what', 'start', 'after 1 min', `after ${label}`, 'notes'], [
    ['native engine: heap in use (virtual time)', kb(native.heapStartBytes), kb(native.heapAfterMinuteBytes), kb(native.heapEndBytes), `${native.updatesApplied.toLocaleString('en-US')} updates applied, ${native.state}, max RSS ${native.maxRssKb} KB`],
    ['wasm package: wasm memory size', kb(wasm.at.start.wasm.heapBytes), kb(wasm.at.minute?.wasm.heapBytes), kb(wasm.at.end.wasm.heapBytes), 'grows, never shrinks'],
    ['wasm package: malloc in use', kb(wasm.at.start.wasm.heapUsedBytes), kb(wasm.at.minute?.wasm.heapUsedBytes), kb(wasm.at.end.wasm.heapUsedBytes), `${wasm.updatesApplied.toLocaleString('en-US')} updates applied in ${wasm.wallS.toFixed(1)} s (stream compressed), ${wasm.state}`],
    ['Node JS heap used after gc (whole process)', kb(wasm.at.start.js), kb(wasm.at.minute?.js), kb(wasm.at.end.js), `${wasm.batches.toLocaleString('en-US')} batches delivered`],
  ]);
  return { native, wasm };
}

if (isMain(import.meta.url)) runMain(async () => { await memory(benchArgs()); });
