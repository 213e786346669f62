// Ingest in Node: messages/s through WebSocket -> wasm engine -> JS batch,
// beside a plain-JS client (JSON.parse + Map update + per-message callback)
// on the same recorded stream, in the same run. Also the package's sizes.
//
// The stream is played by a WebSocket server in a worker thread, so the
// client under test has the main thread to itself. Each repetition replays
// the whole stream to one client as fast as the socket takes it; the clock
// runs from the snapshot's arrival to the last update's arrival in JS.
//
// Run: node bench/ingest-node.mjs [--quick] [--reps N]   (after npm run build:wasm)
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import WebSocket, { WebSocketServer } from 'ws';
import { benchArgs, runMain } from './lib/args.mjs';
import { median, ratio } from './lib/stats.mjs';
import { printTable } from './lib/table.mjs';
import { PRICEFEED_DIST } from './lib/paths.mjs';

if (!isMainThread) {
  // ---- the stream player (worker thread) ----
  const { snapshot, frames } = workerData;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
  wss.on('connection', (ws) => {
    ws.on('error', () => {});
    // Both clients subscribe first (CONTRACT §4); then the snapshot and the stream.
    ws.once('message', () => {
      ws.send(snapshot);
      for (const f of frames) ws.send(f);
    });
  });
  wss.on('listening', () => parentPort.postMessage({ port: wss.address().port }));
} else {
  runMain(main);
}

/// The stream sizes: 1 update per message is the engine's per-message cost;
/// 100 per message is the reference backend at 1,000 updates/s in 100 ms ticks.
const SHAPES = [
  { name: '1 update/message', perFrame: 1, updates: 100000, quickUpdates: 5000 },
  { name: '100 updates/message', perFrame: 100, updates: 200000, quickUpdates: 10000 },
];

async function startPlayer(stream) {
  const worker = new Worker(new URL(import.meta.url), { workerData: { snapshot: stream.snapshot, frames: stream.frames } });
  const { port } = await new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return { url: `ws://127.0.0.1:${port}/ws`, stop: () => worker.terminate() };
}

const quietLogger = { info() {}, warn() {}, error() {}, log() {} };

/** The wasm package: seconds from the snapshot batch to the batch holding the last update. */
async function runWasm(createPriceFeed, url, stream) {
  const feed = await createPriceFeed({
    wsUrl: url,
    pollUrl: '',
    WebSocket,
    pageEvents: false,
    logger: quietLogger,
    heartbeatTimeoutMs: 600000, // the player sends no heartbeats
    fallbackAfterMs: 600000,
  });
  let t0 = 0;
  let batches = 0;
  let delivered = 0;
  const done = new Promise((resolve) => {
    feed.subscribe('market_data_update', (batch) => {
      const now = performance.now();
      if (!t0) t0 = now;
      batches++;
      delivered += batch.length;
      for (const u of batch) if (u.symbol === stream.last.symbol && u.seq >= stream.last.seq) resolve(now);
    });
  });
  await feed.connect();
  const t1 = await done;
  const c = feed.getConnectionInfo().counters;
  feed.dispose();
  return { seconds: (t1 - t0) / 1000, batches, delivered, messages: c.wsMessages, dropped: Object.values(c.dropped).reduce((a, b) => a + b, 0) };
}

/** The plain-JS client on a `ws` socket: same stream, same end condition. */
async function runPlain(PlainPriceClient, url, stream) {
  const client = new PlainPriceClient();
  let t0 = 0;
  let calls = 0;
  const done = new Promise((resolve) => {
    client.subscribe((changed) => {
      const now = performance.now();
      if (!t0) t0 = now;
      calls++;
      for (const u of changed) if (u.symbol === stream.last.symbol && u.seq >= stream.last.seq) resolve(now);
    });
  });
  const ws = new WebSocket(url, { perMessageDeflate: false });
  let messages = 0;
  ws.on('message', (data) => {
    messages++;
    client.handle(data.toString());
  });
  ws.on('open', () => ws.send(JSON.stringify({ type: 'subscribe', channel: 'market_data' })));
  const t1 = await done;
  ws.terminate();
  return { seconds: (t1 - t0) / 1000, batches: calls, messages, dropped: client.dropped };
}

function sizes() {
  const rows = [];
  // Every file the build ships (bench/size.mjs splits them by mode).
  const files = fs.readdirSync(PRICEFEED_DIST).filter((f) => /\.(m?js|wasm)$/.test(f)).sort();
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const buf = fs.readFileSync(path.join(PRICEFEED_DIST, f));
    const g = zlib.gzipSync(buf, { level: 9 }).length;
    raw += buf.length;
    gz += g;
    rows.push([f, buf.length, g]);
  }
  rows.push(['total', raw, gz]);
  printTable('@quantdesk/pricefeed sizes (bytes; gzip = zlib level 9)', ['file', 'raw', 'gzip'], rows);
}

async function main() {
  const { quick, reps } = benchArgs({ reps: 5, quickReps: 1 });
  if (!fs.existsSync(path.join(PRICEFEED_DIST, 'index.js'))) throw new Error('web/pricefeed/dist is missing: run `npm run build:wasm` first');
  // The dist itself (not the package name), so QD_PRICEFEED_DIST can pick a build.
  const { createPriceFeed } = await import(pathToFileURL(path.join(PRICEFEED_DIST, 'index.js')).href);
  const { recordStream } = await import('./ingest/frames.mjs');
  const { PlainPriceClient } = await import('./ingest/plain-client.mjs');

  sizes();
  const rows = [];
  for (const shape of SHAPES) {
    const updates = quick ? shape.quickUpdates : shape.updates;
    const stream = recordStream({ updates, perFrame: shape.perFrame });
    const player = await startPlayer(stream);
    const wasm = [];
    const plain = [];
    try {
      // One unmeasured run each: V8 first runs wasm in its baseline tier and
      // JS in the interpreter; a terminal open all day runs the optimised code.
      await runWasm(createPriceFeed, player.url, stream);
      await runPlain(PlainPriceClient, player.url, stream);
      for (let r = 0; r < reps; r++) {
        // Alternate the order so neither side always runs on a warmer machine.
        const pair = r % 2 === 0
          ? [await runWasm(createPriceFeed, player.url, stream), await runPlain(PlainPriceClient, player.url, stream)]
          : [null, await runPlain(PlainPriceClient, player.url, stream)];
        if (!pair[0]) pair[0] = await runWasm(createPriceFeed, player.url, stream);
        wasm.push(pair[0]);
        plain.push(pair[1]);
      }
    } finally {
      await player.stop();
    }
    const frames = stream.frames.length;
    const wasmRate = median(wasm.map((x) => frames / x.seconds));
    const plainRate = median(plain.map((x) => frames / x.seconds));
    const w = wasm.at(-1);
    const p = plain.at(-1);
    rows.push([shape.name, frames, updates, 'wasm engine -> JS batch', wasmRate, (wasmRate * updates) / frames, w.batches, w.dropped, ratio(wasmRate, plainRate)]);
    rows.push([shape.name, frames, updates, 'plain JS (parse + Map + callback)', plainRate, (plainRate * updates) / frames, p.batches, p.dropped, '1.00x']);
  }
  printTable(`Ingest in Node ${process.version}, median of ${reps} rep(s)${quick ? ' (quick)' : ''}`,
    ['stream', 'messages', 'updates', 'client', 'messages/s', 'updates/s', 'JS calls (last rep)', 'dropped', 'vs plain'], rows);
}
