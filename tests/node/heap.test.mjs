// 10,000 connect/drop cycles: the server cuts the socket (no close frame)
// each time the feed is connected; the wasm heap must not grow with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import v8 from 'node:v8';
import vm from 'node:vm';
import { pkg, startBackend, FAST, WebSocket } from './helpers.mjs';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc');
/** The JS heap after a full collection: what is really still referenced. */
function jsHeapUsed() {
  gc();
  return process.memoryUsage().heapUsed;
}

const CYCLES = 10000;
/// Allowance for allocator bookkeeping between the two samples; a leak of
/// even 2 bytes per cycle (20 KB over 9,900 cycles) exceeds it.
const SLACK_BYTES = 16 * 1024;
/// The JS side: every closed socket must become garbage. A retained `ws`
/// client is several KB, so 9,900 of them would be tens of MB; 4 MB is room
/// for V8's own caches and the test's status records.
const JS_SLACK_BYTES = 4 * 1024 * 1024;

test(`${CYCLES} connect/drop cycles: the wasm heap and the JS heap stay bounded`, { timeout: 300000 }, async (t) => {
  const srv = await startBackend({ heartbeatMs: 5000, tickMs: 50, rate: 50 });
  t.after(() => srv.close());
  // Polling off (pollUrl ''): the cycle is the WebSocket's alone. The
  // shortest backoff keeps each cycle to a handshake and a snapshot.
  // Nothing is recorded per cycle here (the other tests' recorders would
  // dominate the JS heap): the logger only counts.
  const logged = { info: 0, warn: 0, error: 0 };
  const feed = await pkg.createPriceFeed({
    ...FAST,
    wsUrl: srv.wsUrl,
    pollUrl: '',
    WebSocket,
    pageEvents: false,
    logger: { info: () => logged.info++, warn: () => logged.warn++, error: () => logged.error++ },
    backoff: { initialMs: 1, maxMs: 1, jitter: 0 },
    healthyAfterMs: 60000,
  });
  t.after(() => feed.dispose());

  let cycles = 0;
  let at100 = null;
  const started = Date.now();
  const done = new Promise((resolve) => {
    feed.subscribe('status', (e) => {
      if (e.state !== 'connected') return;
      cycles++;
      if (cycles === 100) at100 = { ...feed.getConnectionInfo().counters, js: jsHeapUsed() };
      if (cycles === CYCLES) resolve();
      else srv.chaos.dropWs();
    });
  });
  await feed.connect();
  await done;
  const end = { ...feed.getConnectionInfo().counters, js: jsHeapUsed() };
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`heap after 100 cycles: ${at100.heapBytes} B wasm memory, ${at100.heapUsedBytes} B in use; JS heap ${at100.js} B`);
  t.diagnostic(`heap after ${CYCLES} cycles: ${end.heapBytes} B wasm memory, ${end.heapUsedBytes} B in use; JS heap ${end.js} B (${seconds.toFixed(1)} s, ${end.wsAttempts} attempts)`);

  assert.equal(end.wsAttempts, CYCLES);
  assert.equal(end.liveSockets, 1);
  assert.equal(end.heapBytes, at100.heapBytes, 'wasm memory grew');
  assert.ok(end.heapUsedBytes <= at100.heapUsedBytes + SLACK_BYTES,
    `in use grew from ${at100.heapUsedBytes} to ${end.heapUsedBytes} bytes`);
  assert.ok(end.js <= at100.js + JS_SLACK_BYTES, `JS heap grew from ${at100.js} to ${end.js} bytes`);
  // The console stays throttled through it all (state lines are one per
  // change, so they are not counted here; the error lines are).
  assert.equal(logged.error, 0);
});
