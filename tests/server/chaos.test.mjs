// Every chaos control, observed from a real client; and that chaos does not
// exist without --chaos. (Who may reach /chaos: local-only.test.mjs and
// security.test.mjs.)

import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../web/server/src/server.js';
import { connect, subscribe, waitFor } from './helpers.mjs';

let srv;
before(async () => {
  srv = await startServer({ port: 0, tickMs: 20, heartbeatMs: 100, rate: 500, seed: 5, chaos: true });
});
after(() => srv.close());
afterEach(() => srv.chaos.restore());

/// The header only a same-origin page or a non-browser client can send.
const LOCAL = { 'x-qd-local': '1' };
const post = (path) => fetch(`${srv.url}${path}`, { method: 'POST', headers: LOCAL });
const poll = (opts) => fetch(`${srv.url}/api/oracle/prices`, opts);

test('POST /chaos/drop-ws cuts every socket without a close frame (client sees 1006)', async () => {
  const a = await connect(srv.wsUrl);
  const b = await connect(srv.wsUrl);
  await waitFor(() => srv.stats().ws.clients === 2, { what: 'two clients' });
  const res = await post('/chaos/drop-ws');
  assert.equal(res.status, 200);
  assert.equal((await res.json()).ok, true);
  assert.equal((await a.closed).code, 1006);
  assert.equal((await b.closed).code, 1006);
  // New connections still work: drop is a one-shot.
  const c = await connect(srv.wsUrl);
  c.close();
});

test('POST /chaos/close-ws?code=N closes every socket with code N', async () => {
  const a = await connect(srv.wsUrl);
  await waitFor(() => srv.stats().ws.clients === 1);
  assert.equal((await post('/chaos/close-ws?code=1013')).status, 200);
  assert.equal((await a.closed).code, 1013);
  const bad = await post('/chaos/close-ws?code=1006');
  assert.equal(bad.status, 400, '1006 cannot be sent on the wire');
});

test('refuse-ws answers upgrades with 503 until restore', async () => {
  const res = await post('/chaos/refuse-ws');
  assert.deepEqual((await res.json()).state.ws, 'refuse');
  await assert.rejects(connect(srv.wsUrl), (err) => err.status === 503);
  await post('/chaos/restore');
  const c = await connect(srv.wsUrl);
  c.close();
});

test('silence-ws keeps sockets open but sends nothing (no updates, heartbeats or pongs) until restore', async () => {
  const c = await connect(srv.wsUrl);
  c.send(subscribe(['BTC']));
  await c.next((f) => f.type === 'snapshot');
  await c.next((f) => f.type === 'heartbeat');
  await post('/chaos/silence-ws');
  // Frames already in flight may land; measure from a settled count.
  await new Promise((r) => setTimeout(r, 50));
  const n = c.frames.length;
  c.send({ type: 'ping', timestamp: 1 });
  let wsPong = false;
  c.ws.on('pong', () => { wsPong = true; });
  c.ws.ping();
  // 5 heartbeat intervals and ~25 ticks of silence, observed (not slept) via the server's counters.
  const sentBefore = srv.stats().ws.framesSent;
  const publishedBefore = srv.publisher.stats().batches;
  await waitFor(() => srv.publisher.stats().batches >= publishedBefore + 25, { what: 'ticks during silence' });
  assert.equal(c.frames.length, n, 'no frame during silence');
  assert.equal(srv.stats().ws.framesSent, sentBefore);
  assert.equal(wsPong, false, 'no ws-level pong either');
  assert.equal(c.closeInfo, null, 'socket still open');
  await post('/chaos/restore');
  await c.next((f) => f.type === 'market_data_update', 'updates after restore');
  c.close();
});

test('poll-500, poll-429 (Retry-After), poll-garbage answer polls as told; restore brings JSON back', async () => {
  await post('/chaos/poll-500');
  assert.equal((await poll()).status, 500);
  await post('/chaos/poll-429');
  let r = await poll();
  assert.equal(r.status, 429);
  assert.equal(r.headers.get('retry-after'), '2');
  await post('/chaos/poll-429?retryAfter=7');
  r = await poll();
  assert.equal(r.headers.get('retry-after'), '7');
  await post('/chaos/poll-garbage');
  r = await poll();
  assert.equal(r.status, 200);
  await assert.rejects(r.clone().json());
  await post('/chaos/restore');
  r = await poll();
  assert.equal(r.status, 200);
  assert.equal((await r.json()).success, true);
});

test('poll-hang never answers a poll (the client must abandon it)', async () => {
  await post('/chaos/poll-hang');
  const ctl = new AbortController();
  const pending = poll({ signal: ctl.signal });
  let settled = false;
  pending.then(() => { settled = true; }, () => { settled = true; });
  // Prove the request reached the server, then that it stays unanswered for 10 ticks.
  const before = srv.stats().rest.restRequests;
  await waitFor(() => srv.stats().rest.restRequests > before || settled, { what: 'poll reached server' });
  const batches = srv.publisher.stats().batches;
  await waitFor(() => srv.publisher.stats().batches >= batches + 10, { what: '10 ticks' });
  assert.equal(settled, false);
  ctl.abort();
  await assert.rejects(pending);
});

test('GET /chaos reports state; unknown actions are 404; GET on an action is 405', async () => {
  await post('/chaos/silence-ws');
  await post('/chaos/poll-500');
  const s = await (await fetch(`${srv.url}/chaos`, { headers: LOCAL })).json();
  assert.deepEqual(s, { ok: true, state: { ws: 'silence', poll: '500', retryAfterS: 2 } });
  assert.equal((await post('/chaos/explode')).status, 404);
  assert.equal((await fetch(`${srv.url}/chaos/restore`, { headers: LOCAL })).status, 405);
  const r = await (await post('/chaos/restore')).json();
  assert.deepEqual(r.state, { ws: 'normal', poll: 'normal', retryAfterS: 2 });
});

test('the in-process chaos controller has the same actions', async () => {
  const c = await connect(srv.wsUrl);
  await waitFor(() => srv.stats().ws.clients >= 1);
  srv.chaos.closeWs(4000);
  assert.equal((await c.closed).code, 4000);
  srv.chaos.poll429(3);
  assert.equal((await poll()).headers.get('retry-after'), '3');
  for (const m of ['dropWs', 'closeWs', 'refuseWs', 'silenceWs', 'poll500', 'poll429', 'pollHang', 'pollGarbage', 'restore']) {
    assert.equal(typeof srv.chaos[m], 'function', m);
  }
});

test('without --chaos every /chaos route is 404', async () => {
  const plain = await startServer({ port: 0, rate: 1 });
  try {
    assert.equal((await fetch(`${plain.url}/chaos/drop-ws`, { method: 'POST', headers: LOCAL })).status, 404);
    assert.equal((await fetch(`${plain.url}/chaos`, { headers: LOCAL })).status, 404);
    assert.equal(plain.chaos, null);
  } finally {
    await plain.close();
  }
});

test('a POST without the local header changes nothing (any page can send a simple POST to localhost)', async () => {
  const res = await fetch(`${srv.url}/chaos/poll-500`, { method: 'POST' });
  assert.equal(res.status, 403);
  assert.equal((await res.json()).reason, 'missing_header');
  assert.equal(srv.chaos.state.poll, 'normal');
});
