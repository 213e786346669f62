// 10,000 connect/drop cycles: the server cuts the socket (no close frame)
// each time the feed is connected; the wasm heap must not grow with them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBackend, recordedFeed } from './helpers.mjs';

const CYCLES = 10000;
/// Allowance for allocator bookkeeping between the two samples; a leak of
/// even 2 bytes per cycle (20 KB over 9,900 cycles) exceeds it.
const SLACK_BYTES = 16 * 1024;

test(`${CYCLES} connect/drop cycles: the wasm heap stays bounded`, { timeout: 300000 }, async (t) => {
  const srv = await startBackend({ heartbeatMs: 5000, tickMs: 50, rate: 50 });
  t.after(() => srv.close());
  // Polling off (pollUrl ''): the cycle is the WebSocket's alone. The
  // shortest backoff keeps each cycle to a handshake and a snapshot.
  const rec = await recordedFeed(srv, {
    pollUrl: '',
    backoff: { initialMs: 1, maxMs: 1, jitter: 0 },
    healthyAfterMs: 60000,
  });
  t.after(() => rec.feed.dispose());

  let cycles = 0;
  let at100 = null;
  const started = Date.now();
  const done = new Promise((resolve) => {
    rec.feed.subscribe('status', (e) => {
      if (e.state !== 'connected') return;
      cycles++;
      if (cycles === 100) at100 = rec.feed.getConnectionInfo().counters;
      if (cycles === CYCLES) resolve();
      else srv.chaos.dropWs();
    });
  });
  await rec.feed.connect();
  await done;
  const end = rec.feed.getConnectionInfo().counters;
  const seconds = (Date.now() - started) / 1000;
  t.diagnostic(`heap after 100 cycles: ${at100.heapBytes} B memory, ${at100.heapUsedBytes} B in use`);
  t.diagnostic(`heap after ${CYCLES} cycles: ${end.heapBytes} B memory, ${end.heapUsedBytes} B in use (${seconds.toFixed(1)} s, ${end.wsAttempts} attempts)`);

  assert.equal(end.wsAttempts, CYCLES);
  assert.equal(end.liveSockets, 1);
  assert.equal(end.heapBytes, at100.heapBytes, 'wasm memory grew');
  assert.ok(end.heapUsedBytes <= at100.heapUsedBytes + SLACK_BYTES,
    `in use grew from ${at100.heapUsedBytes} to ${end.heapUsedBytes} bytes`);
  // The console stays throttled through it all (state lines are one per
  // change, so they are not counted here; the error lines are).
  const errorLines = rec.lines.filter((l) => l.level === 'error').length;
  assert.equal(errorLines, 0);
});
