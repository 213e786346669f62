// The built package against backends that misbehave (tests/node/hostile-backend.mjs,
// written from the wire contract): each test asserts the state walk, the
// console lines and the time back to Live once the server heals.
//
// Timings are the production ones divided by 100 (backoff 10 ms .. 150 ms,
// console window 600 ms, so a "10-minute outage" lasts 6 s), except the
// time-outs that a busy 2-core machine could trip by itself (heartbeat,
// poll and connect time-outs stay generous).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pkg, recordingLogger, waitFor, WebSocket, XMLHttpRequest } from './helpers.mjs';
import { startHostileBackend } from './hostile-backend.mjs';

/// One production minute of console window, scaled.
const WINDOW_MS = 600;
/// Ten production minutes, scaled: the console budget's span.
const TEN_MINUTES_MS = 10 * WINDOW_MS;
/// Back to Live after the server heals: the capped backoff (150 ms) plus the
/// spread, a poll and a snapshot, with room for a loaded machine.
const HEAL_TO_LIVE_MS = 2000;

const SCALED = Object.freeze({
  backoff: { initialMs: 10, maxMs: 150, multiplier: 2, jitter: 0.2 },
  pollIntervalMs: 20,
  hiddenPollIntervalMs: 100,
  pollTimeoutMs: 1000,
  fallbackAfterMs: 30,
  connectTimeoutMs: 1000,
  snapshotTimeoutMs: 50,
  heartbeatTimeoutMs: 1000,
  healthyAfterMs: 100,
  reconnectSpreadMs: 15,
  logWindowMs: WINDOW_MS,
  maxRetryAfterMs: 60000,
});

async function feedOn(backend, options = {}) {
  const { lines, logger } = recordingLogger();
  const feed = await pkg.createPriceFeed({
    wsUrl: backend.wsUrl,
    pollUrl: backend.pollUrl,
    WebSocket,
    XMLHttpRequest,
    pageEvents: false,
    logger,
    ...SCALED,
    ...options,
  });
  const rec = { feed, lines, statuses: [], updates: [] };
  feed.subscribe('status', (e) => rec.statuses.push({ ...e, wall: Date.now() }));
  feed.subscribe('market_data_update', (batch) => {
    const at = Date.now();
    for (const u of batch) rec.updates.push({ ...u, at });
  });
  return rec;
}

const state = (rec) => rec.feed.getConnectionInfo().state;
const walk = (rec, from = 0) => rec.statuses.slice(from).map((s) => s.state);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/// Heals the backend and measures the time until the feed reports Live.
async function timeToLive(backend, rec, heal) {
  heal();
  const healedAt = Date.now();
  await waitFor(() => state(rec) === 'connected', { what: 'Live after the server healed', timeoutMs: 10000 });
  return Date.now() - healedAt;
}

async function setup(t, options) {
  const backend = await startHostileBackend();
  t.after(() => backend.close());
  const rec = await feedOn(backend, options);
  t.after(() => rec.feed.dispose());
  return { backend, rec };
}

test('a deploy: the healthy WebSocket drops while REST answers; a poll at once, never red', async (t) => {
  const { backend, rec } = await setup(t);
  assert.equal(await rec.feed.connect(), 'connected');
  await sleep(300); // healthy (100 ms) with beats after the snapshot
  const from = rec.statuses.length;
  const polls = backend.state.polls.length;
  const droppedAt = Date.now();
  backend.dropAll();
  await waitFor(() => backend.state.connections >= 2 && state(rec) === 'connected', { what: 'Live again' });
  const back = Date.now() - droppedAt;
  t.diagnostic(`walk ${walk(rec, from).join(' -> ')}; Live again after ${back} ms; polls during the gap ${backend.state.polls.length - polls}`);
  assert.ok(backend.state.polls.length > polls, 'a poll went out at once');
  assert.deepEqual(walk(rec, from).filter((s) => s === 'disconnected' || s === 'error'), [], 'no red while prices are fresh');
  assert.equal(walk(rec, from)[0], 'connecting', 'connected -> connecting while the poll is in flight');
  assert.ok(back < HEAL_TO_LIVE_MS, `Live after ${back} ms`);
});

test('a flapping server (accept, snapshot, drop) with REST up: never red, at most 12 lines in a 10-minute outage', async (t) => {
  const { backend, rec } = await setup(t);
  await rec.feed.connect();
  await sleep(300);
  const from = rec.statuses.length;
  const linesBefore = rec.lines.length;
  backend.state.ws = 'flapping';
  backend.dropAll();
  await sleep(TEN_MINUTES_MS);
  const outage = rec.lines.slice(linesBefore);
  t.diagnostic(`${backend.state.connections} connections, ${outage.length} console lines: ${JSON.stringify(outage.map((l) => l.text))}`);
  assert.ok(backend.state.connections > 10, 'the server really flapped');
  assert.ok(outage.length <= 12, `${outage.length} console lines`);
  const states = new Set(walk(rec, from));
  assert.ok(!states.has('disconnected') && !states.has('error'), `walk ${[...states]}`);
  assert.ok(states.has('polling'), 'polling carried the prices');
  const ms = await timeToLive(backend, rec, () => { backend.state.ws = 'healthy'; });
  t.diagnostic(`Live ${ms} ms after the server healed`);
  assert.ok(ms < HEAL_TO_LIVE_MS);
});

test('a subscribe answered with an error frame: failed attempts on the backoff, polling carries the prices', async (t) => {
  const { backend, rec } = await setup(t);
  backend.state.ws = 'refuse-subscribe';
  assert.equal(await rec.feed.connect(), 'polling');
  await sleep(TEN_MINUTES_MS / 2);
  const info = rec.feed.getConnectionInfo();
  assert.equal(info.state, 'polling');
  assert.equal(info.reason, 'server_error');
  assert.ok(info.counters.wsAttempts >= 5, `${info.counters.wsAttempts} attempts: the WebSocket is never pinned`);
  assert.ok(rec.lines.length <= 12, `${rec.lines.length} lines`);
  assert.match(rec.lines.map((l) => l.text).join('\n'), /server_error: server sent an error \(bad_request: subscribe refused\)/);
  const ms = await timeToLive(backend, rec, () => { backend.state.ws = 'healthy'; });
  t.diagnostic(`Live ${ms} ms after the server healed; ${info.counters.wsAttempts} attempts before`);
  assert.ok(ms < HEAL_TO_LIVE_MS);
  assert.equal(rec.feed.getConnectionInfo().polling, false, 'the switch back stopped polling');
});

test('an accepted socket that never sends a snapshot, REST down: the snapshot deadline, at most 12 lines', async (t) => {
  const { backend, rec } = await setup(t);
  backend.state.ws = 'no-snapshot';
  backend.state.rest = 'down';
  assert.equal(await rec.feed.connect(), 'disconnected');
  await sleep(TEN_MINUTES_MS);
  const info = rec.feed.getConnectionInfo();
  t.diagnostic(`${info.counters.wsAttempts} attempts, ${rec.lines.length} lines: ${JSON.stringify(rec.lines.map((l) => l.text))}`);
  assert.equal(info.state, 'disconnected');
  assert.ok(info.counters.wsAttempts >= 10);
  assert.ok(rec.lines.length <= 12, `${rec.lines.length} console lines`);
  assert.ok(rec.lines.some((l) => l.text.includes('no_snapshot')));
  const ms = await timeToLive(backend, rec, () => {
    backend.state.ws = 'healthy';
    backend.state.rest = 'ok';
  });
  t.diagnostic(`Live ${ms} ms after the server healed`);
  assert.ok(ms < HEAL_TO_LIVE_MS);
});

test('a snapshot and then silence: never healthy, so the backoff grows instead of a reconnect loop', async (t) => {
  const { backend, rec } = await setup(t, { heartbeatTimeoutMs: 60, healthyAfterMs: 40 });
  backend.state.ws = 'silent';
  await rec.feed.connect();
  await sleep(2000);
  const n = backend.state.connections;
  // Each attempt lives 60 ms (the heartbeat time-out), then waits 10, 20, 40,
  // 80, 150, 150 ... ms (x 0.8-1 jitter): at most 14 attempts in 2 s. A
  // backoff reset on each one (the v1 bug) would make it about 28.
  t.diagnostic(`${n} connections in 2 s`);
  assert.ok(n >= 5 && n <= 17, `${n} connections`);
  const statesSeen = new Set(walk(rec));
  assert.ok(statesSeen.has('connected') && statesSeen.has('polling'), [...statesSeen].join());
});

test('REST without meta: the switch back applies the snapshot and every update at once', async (t) => {
  const { backend, rec } = await setup(t);
  backend.state.ws = 'refused';
  backend.state.rest = 'no-meta';
  backend.state.restClockSkewMs = 60000; // the API server's clock a minute ahead
  assert.equal(await rec.feed.connect(), 'polling');
  await waitFor(() => rec.updates.filter((u) => u.source === 'poll').length >= 6, { what: 'polled prices' });
  backend.state.ws = 'healthy';
  await waitFor(() => state(rec) === 'connected', { what: 'Live' });
  const liveAt = Date.now();
  await sleep(300);
  const ws = rec.updates.filter((u) => u.source === 'ws' && u.at >= liveAt - 5);
  const info = rec.feed.getConnectionInfo();
  t.diagnostic(`${ws.length} WebSocket prices in the first 300 ms; dropped ${JSON.stringify(info.counters.dropped)}`);
  assert.ok(ws.length >= 10, `${ws.length} WebSocket prices delivered`);
  assert.equal(info.counters.dropped.stale_time ?? 0, 0);
  assert.equal(rec.feed.getPrice('BTC').source, 'ws');
});

test('503 with Retry-After: no poll of any kind before it ends, except retryNow()', async (t) => {
  const backend = await startHostileBackend();
  t.after(() => backend.close());
  const win = new EventTarget();
  const rec = await feedOn(backend, { pageEvents: { window: win } });
  t.after(() => rec.feed.dispose());
  backend.state.ws = 'refused';
  backend.state.rest = 'retry-after';
  backend.state.retryAfterS = 1;
  assert.equal(await rec.feed.connect(), 'disconnected');
  const first = backend.state.polls.at(-1);
  await sleep(200);
  win.dispatchEvent(new Event('online')); // would poll at once without Retry-After
  await sleep(300);
  assert.equal(backend.state.polls.length, 1, 'no poll inside the Retry-After');
  backend.state.rest = 'ok';
  await waitFor(() => backend.state.polls.length >= 2, { what: 'the poll after Retry-After' });
  const waited = backend.state.polls[1] - first;
  t.diagnostic(`second poll ${waited} ms after the 503`);
  assert.ok(waited >= 990, `${waited} ms`);
  await waitFor(() => state(rec) === 'polling', { what: 'polling' });

  backend.state.rest = 'retry-after';
  backend.state.retryAfterS = 30;
  await waitFor(() => state(rec) === 'disconnected', { what: 'a 503 again' });
  const n = backend.state.polls.length;
  backend.state.rest = 'ok';
  rec.feed.retryNow();
  await waitFor(() => backend.state.polls.length > n, { what: "retryNow's poll", timeoutMs: 1000 });
});

test('the auth pause: polls go on, stopFallbackPolling() cannot stop them, connect() settles at once', async (t) => {
  const { backend, rec } = await setup(t);
  backend.state.ws = 'unauthorized';
  assert.equal(await rec.feed.connect(), 'polling');
  assert.equal(rec.feed.getConnectionInfo().reason, 'unauthorized');
  rec.feed.stopFallbackPolling(); // no manual start to end: the automatic fallback stays
  const n = backend.state.polls.length;
  await waitFor(() => backend.state.polls.length >= n + 3, { what: 'polls after stopFallbackPolling' });
  assert.equal(await rec.feed.connect(), 'polling', 'a second connect() settles at once');
  assert.equal(backend.state.connections, 1, 'no retry loop on 4401');
});
