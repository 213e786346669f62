// GET /api/oracle/prices (CONTRACT §5), /health, the per-IP rate limit.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../web/server/src/server.js';
import { createRateLimiter } from '../../web/server/src/http/rate-limit.js';

let srv;
before(async () => {
  srv = await startServer({ port: 0, tickMs: 50, heartbeatMs: 1000, rate: 100, seed: 11, rateLimit: 5 });
});
after(() => srv.close());

test('prices: data is a map of bare numbers, meta carries publishTime, seq and confidence', async () => {
  const res = await fetch(`${srv.url}/api/oracle/prices`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const body = await res.json();
  assert.deepEqual(Object.keys(body).sort(), ['data', 'meta', 'source', 'success', 'timestamp']);
  assert.equal(body.success, true);
  assert.equal(body.source, 'simulated');
  assert.equal(Object.keys(body.data).length, 12);
  assert.deepEqual(Object.keys(body.meta).sort(), Object.keys(body.data).sort());
  for (const [sym, price] of Object.entries(body.data)) {
    assert.equal(typeof price, 'number');
    assert.ok(price > 0);
    const m = body.meta[sym];
    assert.deepEqual(Object.keys(m).sort(), ['confidence', 'publishTime', 'seq']);
    assert.ok(Number.isSafeInteger(m.seq) && m.publishTime <= body.timestamp && m.confidence > 0);
  }
});

test('prices: ?symbols= filters', async () => {
  const body = await (await fetch(`${srv.url}/api/oracle/prices?symbols=BTC,SOL`)).json();
  assert.deepEqual(Object.keys(body.data).sort(), ['BTC', 'SOL']);
});

test('unknown /api paths are 404 JSON; other methods are 405', async () => {
  const r404 = await fetch(`${srv.url}/api/nope`);
  assert.equal(r404.status, 404);
  assert.equal((await r404.json()).success, false);
  const r405 = await fetch(`${srv.url}/api/oracle/prices`, { method: 'POST' });
  assert.equal(r405.status, 405);
  assert.equal(r405.headers.get('allow'), 'GET, HEAD');
});

test('/health answers ok with counters and is not rate limited', async () => {
  for (let i = 0; i < 8; i++) {
    const res = await fetch(`${srv.url}/health`);
    assert.equal(res.status, 200);
    const h = await res.json();
    assert.equal(h.ok, true);
    assert.equal(h.feed, 'simulated');
    assert.equal(h.symbols, 12);
  }
});

test('the sixth request in 10 s from one IP gets 429 with Retry-After', async () => {
  // The earlier tests used 4 of the 5 in this window: fresh server for exact counts.
  const s = await startServer({ port: 0, rate: 1, rateLimit: 5 });
  try {
    for (let i = 0; i < 5; i++) assert.equal((await fetch(`${s.url}/api/oracle/prices`)).status, 200, `request ${i + 1}`);
    const res = await fetch(`${s.url}/api/oracle/prices`);
    assert.equal(res.status, 429);
    const ra = Number(res.headers.get('retry-after'));
    assert.ok(Number.isInteger(ra) && ra >= 1 && ra <= 10, `Retry-After ${ra}`);
    assert.deepEqual(await res.json(), { success: false, error: 'rate_limited' });
    assert.equal(s.stats().rest.restLimited, 1);
  } finally {
    await s.close();
  }
});

test('rate limiter windows, in virtual time', async (t) => {
  t.mock.timers.enable({ apis: ['Date', 'setTimeout'], now: 1000 });
  const rl = createRateLimiter({ limit: 2 });
  assert.equal(rl.kind, 'memory');
  assert.deepEqual(await rl.check('a'), { ok: true });
  assert.deepEqual(await rl.check('a'), { ok: true });
  assert.deepEqual(await rl.check('a'), { ok: false, retryAfterS: 10 });
  assert.deepEqual(await rl.check('b'), { ok: true }, 'per IP');
  t.mock.timers.tick(9001);
  assert.deepEqual(await rl.check('a'), { ok: false, retryAfterS: 1 });
  t.mock.timers.tick(999);
  assert.deepEqual(await rl.check('a'), { ok: true }, 'new window');
  const off = createRateLimiter({ limit: 0 });
  for (let i = 0; i < 100; i++) assert.equal((await off.check('a')).ok, true);
});
