// The WebSocket stream: subscribe -> snapshot -> ordered, batched updates;
// unsubscribe; ping/pong; heartbeat; only /ws upgrades.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../web/server/src/server.js';
import { connect, subscribe, updatesOf, waitFor } from './helpers.mjs';

let srv;
before(async () => {
  srv = await startServer({ port: 0, tickMs: 20, heartbeatMs: 150, rate: 2000, seed: 7 });
});
after(() => srv.close());

test('a subscribe gets a snapshot of exactly the subscribed symbols, then updates in seq order', async () => {
  const c = await connect(srv.wsUrl);
  c.send(subscribe(['BTC', 'ETH']));
  const snap = await c.next((f) => f.type === 'snapshot', 'snapshot');
  assert.equal(snap.channel, 'market_data');
  assert.deepEqual(snap.data.map((u) => u.symbol).sort(), ['BTC', 'ETH']);
  for (const u of snap.data) {
    assert.deepEqual(Object.keys(u).sort(), ['confidence', 'price', 'publishTime', 'seq', 'symbol']);
    assert.ok(u.price > 0 && Number.isFinite(u.price));
    assert.ok(Number.isSafeInteger(u.seq));
  }
  const last = Object.fromEntries(snap.data.map((u) => [u.symbol, u.seq]));
  // 30 update frames: every seq must be exactly the previous one + 1, per symbol.
  for (let i = 0; i < 30; i++) {
    const f = await c.next((x) => x.type === 'market_data_update', 'update');
    assert.equal(typeof f.timestamp, 'number');
    for (const u of updatesOf(f)) {
      assert.ok(u.symbol === 'BTC' || u.symbol === 'ETH', `unsubscribed symbol ${u.symbol}`);
      assert.equal(u.seq, last[u.symbol] + 1, `${u.symbol} seq`);
      last[u.symbol] = u.seq;
    }
  }
  c.close();
});

test('symbols omitted = all twelve; several updates in a tick arrive as one array frame', async () => {
  const c = await connect(srv.wsUrl);
  c.send(subscribe());
  const snap = await c.next((f) => f.type === 'snapshot');
  assert.deepEqual(snap.data.map((u) => u.symbol).sort(),
    ['ADA', 'BONK', 'BTC', 'DOT', 'ETH', 'JTO', 'JUP', 'LINK', 'PYTH', 'RAY', 'SOL', 'WIF']);
  // 2000 updates/s over 12 symbols at a 20 ms tick: most ticks carry several symbols.
  const multi = await c.next((f) => f.type === 'market_data_update' && Array.isArray(f.data) && f.data.length > 1, 'array frame');
  assert.equal(new Set(multi.data.map((u) => u.symbol)).size, multi.data.length, 'one update per symbol per tick');
  c.close();
});

test('a single-symbol subscription receives single updates as an object', async () => {
  const c = await connect(srv.wsUrl);
  c.send(subscribe(['SOL']));
  await c.next((f) => f.type === 'snapshot');
  const f = await c.next((x) => x.type === 'market_data_update');
  assert.equal(Array.isArray(f.data), false);
  assert.equal(f.data.symbol, 'SOL');
  c.close();
});

test('a second subscribe adds symbols and is answered by a new snapshot; unsubscribe stops a symbol', async () => {
  const c = await connect(srv.wsUrl);
  c.send(subscribe(['BTC']));
  await c.next((f) => f.type === 'snapshot');
  c.send(subscribe(['ETH']));
  const snap2 = await c.next((f) => f.type === 'snapshot', 'second snapshot');
  assert.deepEqual(snap2.data.map((u) => u.symbol).sort(), ['BTC', 'ETH']);
  c.send({ type: 'unsubscribe', channel: 'market_data', symbols: ['BTC'] });
  // After a few ticks, frames must carry ETH only. The first frames may have
  // been in flight before the unsubscribe was read, so look at later ones.
  c.send({ type: 'ping', timestamp: 1 });
  await c.next((f) => f.type === 'pong', 'pong marker');
  for (let i = 0; i < 10; i++) {
    const f = await c.next((x) => x.type === 'market_data_update');
    for (const u of updatesOf(f)) assert.equal(u.symbol, 'ETH');
  }
  c.close();
});

test('unsubscribe without symbols stops all updates; heartbeats continue', async () => {
  const c = await connect(srv.wsUrl);
  c.send(subscribe());
  await c.next((f) => f.type === 'snapshot');
  c.send({ type: 'unsubscribe', channel: 'market_data' });
  c.send({ type: 'ping', timestamp: 2 });
  await c.next((f) => f.type === 'pong');
  const hb1 = await c.next((f) => f.type === 'heartbeat', 'heartbeat', 1000);
  const hb2 = await c.next((f) => f.type === 'heartbeat', 'heartbeat', 1000);
  const between = c.frames.slice(c.frames.indexOf(hb1), c.frames.indexOf(hb2));
  assert.equal(between.filter((f) => f.type === 'market_data_update').length, 0);
  c.close();
});

test('ping is answered by pong with the same timestamp', async () => {
  const c = await connect(srv.wsUrl);
  c.send({ type: 'ping', timestamp: 1730340000000 });
  const p = await c.next((f) => f.type === 'pong');
  assert.deepEqual(p, { type: 'pong', timestamp: 1730340000000 });
  c.close();
});

test('heartbeats arrive every heartbeatMs without subscribing', async () => {
  const c = await connect(srv.wsUrl);
  const a = await c.next((f) => f.type === 'heartbeat', 'heartbeat', 1000);
  const b = await c.next((f) => f.type === 'heartbeat', 'heartbeat', 1000);
  const gap = b.timestamp - a.timestamp;
  assert.ok(gap >= 140 && gap < 450, `heartbeat gap ${gap} ms for heartbeatMs 150`);
  assert.deepEqual(Object.keys(a).sort(), ['timestamp', 'type']);
  c.close();
});

test('WebSocket upgrades on any path other than exactly /ws are refused', async () => {
  for (const path of ['/', '/ws/', '/wsx', '/api/oracle/prices']) {
    await assert.rejects(connect(srv.url.replace('http', 'ws') + path), (err) => err.status === 404, path);
  }
  const ok = await connect(srv.wsUrl + '?v=1'); // a query string is still /ws
  ok.close();
});

test('the REST book and the stream agree: REST seq is never behind the last streamed seq', async () => {
  const c = await connect(srv.wsUrl);
  c.send(subscribe(['BTC']));
  const snap = await c.next((f) => f.type === 'snapshot');
  const body = await (await fetch(`${srv.url}/api/oracle/prices`)).json();
  assert.ok(body.meta.BTC.seq >= snap.data[0].seq);
  c.close();
});

test('the server counts connections and closes them all on close()', async () => {
  const other = await startServer({ port: 0, tickMs: 20, heartbeatMs: 1000, rate: 10 });
  const c = await connect(other.wsUrl);
  await waitFor(() => other.stats().ws.clients === 1, { what: 'client registered' });
  await other.close();
  const { code } = await c.closed;
  assert.equal(code, 1001);
});

test('beyond maxClients a new socket gets server_overloaded and close 1013', async () => {
  const small = await startServer({ port: 0, rate: 1, maxClients: 1 });
  try {
    const a = await connect(small.wsUrl);
    const b = await connect(small.wsUrl);
    const { code } = await b.closed;
    assert.equal(code, 1013);
    assert.equal(b.frames[0].code, 'server_overloaded');
    assert.equal(a.closeInfo, null);
    a.close();
  } finally {
    await small.close();
  }
});
