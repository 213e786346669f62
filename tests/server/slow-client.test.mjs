// A client that stops reading: the server stops writing past the threshold,
// conflates to the latest price per symbol, flushes when the client drains,
// and drops a client that stays stuck, with a logged reason.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../web/server/src/server.js';
import { connect, subscribe, updatesOf, waitFor } from './helpers.mjs';

const THRESHOLD = 64 * 1024;
/// 600 symbols: ~3 MB/s per client at 50 ticks/s, so the kernel's socket
/// buffers fill in seconds and the server's own backlog is what is measured.
const SYMBOLS = Object.fromEntries(Array.from({ length: 600 }, (_, i) => [`S${i}`, 100 + i]));
/// The largest frame the server writes here: 600 updates of < 120 bytes.
const MAX_FRAME = 600 * 120;

function capture() {
  const events = [];
  const log = (event, fields = {}) => events.push({ event, ...fields });
  return { events, log };
}

test('a paused reader: backlog stays under threshold + one frame, updates conflate, and it catches up on resume', async () => {
  const { events, log } = capture();
  const srv = await startServer({
    port: 0, tickMs: 2, heartbeatMs: 60000, idleTimeoutMs: 600000, rate: 10000, seed: 9, symbols: SYMBOLS,
    slowClientBytes: THRESHOLD, slowClientMs: 600000, log,
  });
  try {
    const c = await connect(srv.wsUrl);
    c.send(subscribe());
    await c.next((f) => f.type === 'snapshot');
    c.ws._socket.pause(); // stop reading: the kernel buffers fill, then the server's
    const [ws, session] = [...srv.hub.sessions][0];
    await waitFor(() => srv.stats().ws.held === 1, { timeoutMs: 20000, what: 'server to hold the client back' });
    assert.ok(events.some((e) => e.event === 'client_slow' && e.id === session.id));
    // Keep the feed running for 100 more ticks while the client reads nothing.
    const b0 = srv.publisher.stats().batches;
    await waitFor(() => srv.publisher.stats().batches >= b0 + 100, { timeoutMs: 10000, what: '100 ticks' });
    assert.ok(session.counters.maxBuffered <= THRESHOLD + MAX_FRAME,
      `backlog ${session.counters.maxBuffered} bytes exceeded ${THRESHOLD} + ${MAX_FRAME}`);
    assert.ok(ws.bufferedAmount <= THRESHOLD + MAX_FRAME);
    assert.ok(session.pending.size <= 600, 'held back: at most one update per symbol');
    assert.ok(session.counters.conflated > 1000, `conflated ${session.counters.conflated}`);

    c.ws._socket.resume();
    await waitFor(() => srv.stats().ws.held === 0, { timeoutMs: 10000, what: 'client drained' });
    // It catches up: its latest S0 reaches the book's, and seqs never went backwards.
    await waitFor(() => {
      const book = srv.book.get('S0').seq;
      const mine = c.frames.flatMap((f) => (f.type === 'market_data_update' ? updatesOf(f) : [])).filter((u) => u.symbol === 'S0');
      return mine.length && mine.at(-1).seq >= book - 50;
    }, { timeoutMs: 10000, what: 'client to catch up' });
    const last = {};
    for (const f of c.frames) {
      if (f.type !== 'market_data_update') continue;
      for (const u of updatesOf(f)) {
        assert.ok(u.seq > (last[u.symbol] ?? 0), `${u.symbol} seq went backwards`);
        last[u.symbol] = u.seq;
      }
    }
    assert.ok(events.some((e) => e.event === 'client_drained'));
    c.close();
  } finally {
    await srv.close();
  }
});

test('a client stuck above the threshold for slowClientMs is terminated with reason slow_consumer', async () => {
  const { events, log } = capture();
  const srv = await startServer({
    port: 0, tickMs: 2, heartbeatMs: 60000, idleTimeoutMs: 600000, rate: 10000, seed: 9, symbols: SYMBOLS,
    slowClientBytes: THRESHOLD, slowClientMs: 300, log,
  });
  try {
    const c = await connect(srv.wsUrl);
    c.send(subscribe());
    await c.next((f) => f.type === 'snapshot');
    c.ws._socket.pause();
    await waitFor(() => srv.stats().ws.slowDropped === 1, { timeoutMs: 20000, what: 'slow client dropped' });
    await waitFor(() => srv.stats().ws.clients === 0, { what: 'session removed' });
    const d = events.find((e) => e.event === 'client_dropped');
    assert.equal(d.reason, 'slow_consumer');
    assert.ok(d.stuckMs > 300);
    const closed = events.find((e) => e.event === 'client_disconnected');
    assert.equal(closed.reason, 'slow_consumer');
    // A healthy client on the same server is untouched.
    const ok = await connect(srv.wsUrl);
    ok.send(subscribe(['S1']));
    await ok.next((f) => f.type === 'snapshot');
    ok.close();
    c.close();
  } finally {
    await srv.close();
  }
});

test('a client that answers no ping for idleTimeoutMs is dropped as idle_timeout', async () => {
  const { events, log } = capture();
  const srv = await startServer({ port: 0, tickMs: 50, heartbeatMs: 50, idleTimeoutMs: 200, rate: 1, log });
  try {
    // autoPong off: this client never answers the server's pings and sends nothing.
    const c = await connect(srv.wsUrl, { autoPong: false });
    await waitFor(() => srv.stats().ws.idleDropped === 1, { what: 'idle drop' });
    assert.equal(events.find((e) => e.event === 'client_dropped').reason, 'idle_timeout');
    assert.equal((await c.closed).code, 1006);
    // A client that answers pings (the default) stays.
    const ok = await connect(srv.wsUrl);
    await ok.next((f) => f.type === 'heartbeat');
    const hb = ok.frames.filter((f) => f.type === 'heartbeat').length;
    await waitFor(() => ok.frames.filter((f) => f.type === 'heartbeat').length >= hb + 8, { what: '8 more heartbeats (400 ms > idle timeout)' });
    assert.equal(ok.closeInfo, null);
    ok.close();
  } finally {
    await srv.close();
  }
});

test('the backlog over all clients is capped: past --max-backlog-bytes every client with a backlog is held back', async () => {
  const BUDGET = 96 * 1024;
  const CLIENTS = 4;
  const srv = await startServer({
    port: 0, tickMs: 2, heartbeatMs: 60000, idleTimeoutMs: 600000, rate: 10000, seed: 9, symbols: SYMBOLS,
    slowClientBytes: 64 << 20, maxBacklogBytes: BUDGET, slowClientMs: 600000,
  });
  try {
    const cs = [];
    for (let i = 0; i < CLIENTS; i++) {
      const c = await connect(srv.wsUrl);
      c.send(subscribe());
      await c.next((f) => f.type === 'snapshot');
      c.ws._socket.pause();
      cs.push(c);
    }
    // Far below the per-client threshold (64 MiB), the shared budget holds them all back.
    await waitFor(() => srv.stats().ws.held === CLIENTS, { timeoutMs: 20000, what: 'every paused client held back' });
    const b0 = srv.publisher.stats().batches;
    let peak = 0;
    await waitFor(() => {
      peak = Math.max(peak, srv.stats().ws.totalBuffered);
      return srv.publisher.stats().batches >= b0 + 100;
    }, { timeoutMs: 10000, what: '100 ticks' });
    assert.ok(peak <= BUDGET + CLIENTS * MAX_FRAME, `held ${peak} bytes, over ${BUDGET} + ${CLIENTS} frames`);
    for (const c of cs) c.ws._socket.resume();
    await waitFor(() => srv.stats().ws.held === 0, { timeoutMs: 10000, what: 'all drained' });
    for (const c of cs) c.close();
  } finally {
    await srv.close();
  }
});
