// The per-message path of the wasm package without a network: a stand-in
// WebSocket the test feeds by hand. What it pins down: text of any size and
// any script reaches the engine intact (the adapter's reused receive buffer),
// a steady trickle of messages does not churn the platform timer, and
// memoryStats() reports what malloc really holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pkg, waitFor } from './helpers.mjs';

const quiet = { info() {}, warn() {}, error() {} };
const realSetTimeout = globalThis.setTimeout;
const sleep = (ms) => new Promise((r) => realSetTimeout(r, ms));

/// Opens at once; answers the subscribe with `snapshot`.
class HandFedSocket {
  static last = null;
  static snapshot = '';
  constructor(url) {
    this.url = url;
    this.readyState = 0;
    HandFedSocket.last = this;
    realSetTimeout(() => { this.readyState = 1; this.onopen?.({ type: 'open' }); }, 0);
  }
  send(text) {
    if (String(text).includes('"subscribe"')) realSetTimeout(() => this.onmessage?.({ data: HandFedSocket.snapshot }), 0);
  }
  close() { this.readyState = 3; }
  addEventListener() {}
  removeEventListener() {}
}
HandFedSocket.OPEN = 1;

const update = (symbol, seq, price = 100 + seq) =>
  JSON.stringify({ type: 'market_data_update', data: { symbol, price, confidence: 1, publishTime: 1_730_340_000_000 + seq, seq }, timestamp: 1_730_340_000_000 + seq });

async function liveFeed(options = {}) {
  HandFedSocket.snapshot = JSON.stringify({ type: 'snapshot', data: [{ symbol: 'BTC', price: 1, publishTime: 1, seq: 1 }], timestamp: 1 });
  const feed = await pkg.createPriceFeed({ wsUrl: 'ws://127.0.0.1:9/ws', pollUrl: '', WebSocket: HandFedSocket, pageEvents: false, logger: quiet, ...options });
  const batches = [];
  feed.subscribe('market_data_update', (b) => batches.push(b));
  await feed.connect();
  await waitFor(() => feed.getConnectionInfo().state === 'connected' && feed.getPrice('BTC'), { what: 'the snapshot' });
  return { feed, batches, socket: HandFedSocket.last };
}

// First: it needs the heap as a fresh module has it (no big frame yet).
test('memoryStats counts what malloc holds: a feed adds KBs, a freed big frame leaves only the reservation', async () => {
  const before = await pkg.memoryStats();
  const { feed, socket } = await liveFeed();
  const withFeed = await pkg.memoryStats();
  // One feed with one symbol: the engine, its options, the book; a few KB.
  assert.ok(withFeed.heapUsedBytes - before.heapUsedBytes > 1000, JSON.stringify({ before, withFeed }));
  assert.ok(withFeed.heapUsedBytes - before.heapUsedBytes < 64 * 1024, JSON.stringify({ before, withFeed }));
  const pad = 'x'.repeat(400_000);
  socket.onmessage({ data: JSON.stringify({ type: 'heartbeat', pad, timestamp: 1 }) });
  const afterBig = await pkg.memoryStats();
  // The frame's copies were freed; malloc keeps what it took from memory.
  assert.ok(afterBig.heapUsedBytes - withFeed.heapUsedBytes < 16 * 1024, JSON.stringify({ withFeed, afterBig }));
  // It had to take the frame's 400 KB from memory (less what it had free).
  assert.ok(afterBig.heapReservedBytes >= withFeed.heapReservedBytes + 400_000 - 16 * 1024, JSON.stringify({ withFeed, afterBig }));
  assert.ok(afterBig.heapReservedBytes <= afterBig.heapBytes);
  feed.dispose();
  const after = await pkg.memoryStats();
  assert.ok(after.heapUsedBytes < withFeed.heapUsedBytes, JSON.stringify({ withFeed, after }));
});

test('a frame over maxMessageBytes never reaches the wasm heap: dropped, counted, and the socket lives', async () => {
  const { feed, socket } = await liveFeed({ maxMessageBytes: 100_000 });
  try {
    const before = await pkg.memoryStats();
    const huge = JSON.stringify({ type: 'heartbeat', pad: 'x'.repeat(8_000_000), timestamp: 1 });
    socket.onmessage({ data: huge });
    socket.onmessage({ data: new ArrayBuffer(200_000) });
    const after = await pkg.memoryStats();
    assert.equal(after.heapBytes, before.heapBytes, 'wasm memory did not grow');
    assert.equal(after.heapReservedBytes, before.heapReservedBytes, 'malloc took nothing for it');
    const info = feed.getConnectionInfo();
    assert.equal(info.counters.dropped.oversized, 2);
    assert.equal(info.state, 'connected');
    socket.onmessage({ data: update('BTC', 2, 3) });
    assert.equal(feed.getPrice('BTC').price, 3);
  } finally {
    feed.dispose();
  }
});

test('big, multi-byte and back-to-back text frames reach the engine intact', async () => {
  const { feed, socket } = await liveFeed();
  try {
    // Multi-byte symbols (the full parser's path) and a frame far beyond the
    // shared receive buffer, each followed by a short one that reuses it.
    socket.onmessage({ data: update('ÉTH€', 2, 2650.5) });
    const many = Array.from({ length: 3000 }, (_, i) => ({ symbol: `S${i}`, price: i + 0.25, publishTime: 5, seq: 1 }));
    const big = JSON.stringify({ type: 'market_data_update', data: many, timestamp: 6 });
    assert.ok(big.length > 100_000);
    socket.onmessage({ data: big });
    socket.onmessage({ data: update('BTC', 2, 67012.3) });
    assert.equal(feed.getPrice('ÉTH€').price, 2650.5);
    assert.equal(feed.getPrice('S2999').price, 2999.25);
    assert.equal(feed.getPrice('BTC').price, 67012.3);
    assert.deepEqual(feed.getConnectionInfo().counters.dropped, {});
    assert.equal(feed.getConnectionInfo().counters.updatesApplied, 1 + 1 + 3000 + 1);
  } finally {
    feed.dispose();
  }
});

test('messages spaced beyond the flush interval neither set nor clear a timer', async () => {
  // Healthy at the snapshot and no stale deadline before it, so the next
  // deadline is the heartbeat's, which every message moves later.
  const { feed, batches, socket } = await liveFeed({ healthyAfterMs: 0, heartbeatTimeoutMs: 60_000, staleAfterMs: 600_000, flushIntervalMs: 16 });
  const calls = { set: 0, clear: 0 };
  const realClear = globalThis.clearTimeout;
  globalThis.setTimeout = (...args) => { calls.set++; return realSetTimeout(...args); };
  globalThis.clearTimeout = (id) => { calls.clear++; return realClear(id); };
  try {
    for (let seq = 2; seq <= 16; seq++) {
      await sleep(20); // longer than the flush interval: each message flushes at once
      socket.onmessage({ data: update('BTC', seq) });
    }
  } finally {
    globalThis.setTimeout = realSetTimeout;
    globalThis.clearTimeout = realClear;
  }
  try {
    assert.equal(batches.filter((b) => b.some((p) => p.seq >= 2)).length, 15, 'one batch per message');
    assert.deepEqual(calls, { set: 0, clear: 0 });
  } finally {
    feed.dispose();
  }
});
