// The backend deployed as docs/running.md says (loopback, --auth jwt,
// --trust-proxy) behind a reverse proxy that treats headers like nginx
// (./nginx-proxy.mjs), attacked the ways issue 10 lists. Each attack must be
// refused while the page's own origin still gets prices over WebSocket and
// REST. docs/server.md ("Attacks and what stops them") maps each to its test.
//
// The developer flags (--dev-login, --chaos) are on here on purpose: the
// worst case is an operator who left them on.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { connect as tcp } from 'node:net';
import { startServer } from '../../web/server/src/server.js';
import { signSessionJwt } from '../../web/server/src/auth/jwt.js';
import { startNginxLikeProxy } from './nginx-proxy.mjs';
import { connect, subscribe, waitFor, httpRequest } from './helpers.mjs';

const SECRET = 'security-test-secret';
/// The public name the proxy serves under, over TLS (the proxy plays the TLS front).
const PUBLIC_HOST = 'terminal.example.com';
const PAGE = `https://${PUBLIC_HOST}`;
const EVIL = 'https://evil.example';
const MAX_PER_IP = 5;
const MAX_FRAMES = 20;
const HEADERS_TIMEOUT_MS = 1000;
/// A refused attack must fail its test, not hang it (an accepted socket never closes by itself).
const T = { timeout: 20000 };

const session = signSessionJwt(SECRET, { wallet_pubkey: 'Trader1', exp: Math.floor(Date.now() / 1000) + 3600 });
const COOKIE = `qd_session=${session}`;
let srv;
let proxy;

before(async () => {
  srv = await startServer({
    port: 0, tickMs: 50, heartbeatMs: 1000, rate: 100, seed: 10,
    auth: 'jwt', jwtSecret: SECRET, trustProxy: 1, devLogin: true, chaos: true,
    maxClientsPerIp: MAX_PER_IP, maxFrames: MAX_FRAMES,
    headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: 2 * HEADERS_TIMEOUT_MS,
  });
  proxy = await startNginxLikeProxy({ upstreamPort: srv.port, scheme: 'https' });
});
after(async () => {
  await proxy?.close();
  await srv?.close();
});

/// A browser tab on the public name: the proxy's address, the public Host.
const viaProxy = (path, { headers = {}, ...o } = {}) =>
  httpRequest(`${proxy.url}${path}`, { ...o, headers: { host: PUBLIC_HOST, ...headers } });
const wsViaProxy = ({ origin = PAGE, cookie = COOKIE, localAddress, headers = {} } = {}) =>
  connect(proxy.wsUrl, { origin, localAddress, headers: { host: PUBLIC_HOST, cookie, ...headers } });

/// The page's own origin still gets prices: a snapshot and a live update over
/// WebSocket, and a REST answer it may read (CORS for its origin only).
async function pageGetsPrices(localAddress) {
  const c = await wsViaProxy({ localAddress });
  c.send(subscribe(['BTC']));
  const snap = await c.next((f) => f.type === 'snapshot');
  assert.equal(snap.data[0].symbol, 'BTC');
  await c.next((f) => f.type === 'market_data_update', 'a live update');
  c.close();
  const r = await viaProxy('/api/oracle/prices', { headers: { origin: PAGE, cookie: COOKIE }, localAddress });
  assert.equal(r.status, 200);
  assert.equal(JSON.parse(r.text).success, true);
  assert.equal(r.headers['access-control-allow-origin'], PAGE);
  assert.equal(r.headers['access-control-allow-credentials'], 'true');
}

test('control: the page on its public origin gets prices through the proxy over WebSocket and REST', T, async () => {
  await pageGetsPrices();
});

test('attack 1: POST /auth/dev-login through the proxy mints no session (proxy headers; public Host)', T, async () => {
  for (const host of [PUBLIC_HOST, `127.0.0.1:${proxy.port}`]) {
    const r = await viaProxy('/auth/dev-login?wallet=Victim', { method: 'POST', headers: { host } });
    assert.equal(r.status, 403, host);
    assert.equal(r.headers['set-cookie'], undefined, host);
    assert.equal(JSON.parse(r.text).reason, 'proxied', host);
  }
  // Straight to the backend, but for the public name (a DNS-rebinding page): refused too.
  const rebound = await httpRequest(`${srv.url}/auth/dev-login`, { method: 'POST', headers: { host: PUBLIC_HOST } });
  assert.equal(rebound.status, 403);
  assert.equal(JSON.parse(rebound.text).reason, 'host_not_loopback');
  // The flag itself works for a direct local request: the refusals above are the gate's.
  const local = await httpRequest(`${srv.url}/auth/dev-login`, { method: 'POST' });
  assert.equal(local.status, 200);
  assert.match(local.headers['set-cookie'][0], /^qd_session=/);
  await pageGetsPrices();
});

test('attack 2: a WebSocket from another site riding a valid cookie is closed with 4403 and gets no price', T, async () => {
  const c = await wsViaProxy({ origin: EVIL });
  c.send(subscribe());
  const { code } = await c.closed;
  assert.equal(code, 4403);
  assert.deepEqual(c.frames.map((f) => f.type), ['error']);
  assert.equal(c.frames[0].code, 'forbidden_origin');
  // A forged X-Forwarded-Host from the client does not make evil.example "own":
  // the proxy writes the host it saw, and that is the entry the server reads.
  const forged = await wsViaProxy({ origin: EVIL, headers: { 'x-forwarded-host': 'evil.example' } });
  assert.equal((await forged.closed).code, 4403);
  await pageGetsPrices();
});

test('attack 3: REST from another site with the cookie is 403 and names no origin back', T, async () => {
  const r = await viaProxy('/api/oracle/prices', { headers: { origin: EVIL, cookie: COOKIE } });
  assert.equal(r.status, 403);
  assert.equal(r.headers['access-control-allow-origin'], undefined);
  assert.equal(r.headers['access-control-allow-credentials'], undefined);
  assert.equal(r.text.includes('BTC'), false);
  await pageGetsPrices();
});

test('attack 4: 700 requests in 10 s, each with a different spoofed left-most X-Forwarded-For, hit the limit at 600', T, async () => {
  const attacker = '127.0.0.77';
  const statuses = [];
  const send = (i) => viaProxy('/api/oracle/prices', {
    localAddress: attacker,
    headers: { cookie: COOKIE, 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
  }).then((r) => statuses.push(r.status));
  for (let i = 0; i < 700; i += 10) await Promise.all(Array.from({ length: 10 }, (_, k) => send(i + k)));
  assert.equal(statuses.filter((s) => s === 200).length, 600);
  assert.equal(statuses.filter((s) => s === 429).length, 100);
  // Another address behind the same proxy is unaffected.
  await pageGetsPrices('127.0.0.78');
});

test('attack 5: chaos refuses a cross-site POST, a POST without the local header, and anything through the proxy', T, async () => {
  const before = { ...srv.chaos.state };
  const attempts = [
    // What any web page can make the user's browser send to localhost: a form POST.
    [srv.url, { origin: EVIL, 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' }, 'cross_site'],
    [srv.url, { origin: EVIL, 'x-qd-local': '1' }, 'cross_site'],
    [srv.url, {}, 'missing_header'],
    [srv.url, { host: PUBLIC_HOST, 'x-qd-local': '1' }, 'host_not_loopback'],
    [proxy.url, { 'x-qd-local': '1' }, 'proxied'],
  ];
  for (const [base, headers, reason] of attempts) {
    const r = await httpRequest(`${base}/chaos/poll-500`, { method: 'POST', headers, body: 'x=1' });
    assert.equal(r.status, 403, reason);
    assert.equal(JSON.parse(r.text).reason, reason);
  }
  assert.deepEqual(srv.chaos.state, before, 'no fault switched on');
  // The local header from this machine works (the page of the server itself could send it too).
  const ok = await httpRequest(`${srv.url}/chaos/restore`, { method: 'POST', headers: { 'x-qd-local': '1' } });
  assert.equal(ok.status, 200);
  await pageGetsPrices();
});

test('one address cannot take every WebSocket slot: past the per-address cap it gets 1013; other addresses get in', T, async () => {
  const from = '127.0.0.21';
  const held = [];
  for (let i = 0; i < MAX_PER_IP; i++) held.push(await wsViaProxy({ localAddress: from }));
  await waitFor(() => srv.stats().ws.clients >= MAX_PER_IP, { what: 'sockets admitted' });
  // A forged X-Forwarded-For does not make it another address.
  const extra = await wsViaProxy({ localAddress: from, headers: { 'x-forwarded-for': '203.0.113.9' } });
  assert.equal((await extra.closed).code, 1013);
  assert.equal(extra.frames[0].code, 'too_many_connections');
  await pageGetsPrices('127.0.0.22');
  for (const c of held) c.close();
  await waitFor(() => srv.hub.countFrom(from) === 0, { what: 'the address to be free again' });
  const again = await wsViaProxy({ localAddress: from });
  again.send({ type: 'ping', timestamp: 1 });
  await again.next((f) => f.type === 'pong');
  again.close();
});

test('a connection that floods frames gets an error frame rate_limited, then close 1008; the frames before the limit were answered', T, async () => {
  const c = await wsViaProxy();
  for (let i = 0; i < MAX_FRAMES + 10; i++) c.send({ type: 'ping', timestamp: i });
  const { code } = await c.closed;
  assert.equal(code, 1008);
  const pongs = c.frames.filter((f) => f.type === 'pong').map((f) => f.timestamp);
  assert.deepEqual(pongs, Array.from({ length: MAX_FRAMES }, (_, i) => i));
  assert.equal(c.frames.at(-1).type, 'error');
  assert.equal(c.frames.at(-1).code, 'rate_limited');
  // WebSocket-level pings cost a pong each: they count the same.
  const p = await wsViaProxy();
  for (let i = 0; i < MAX_FRAMES + 10; i++) p.ws.ping();
  assert.equal((await p.closed).code, 1008);
  await pageGetsPrices();
});

test('slowloris: connections that never finish their headers are answered 408 and closed by the server; /health answers meanwhile', T, async () => {
  const N = 50;
  const conns = await Promise.all(Array.from({ length: N }, () => new Promise((resolve, reject) => {
    const s = tcp(srv.port, '127.0.0.1', () => {
      s.write('GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: '); // and never the rest
      resolve(s);
    });
    s.on('error', reject);
    s.got = '';
    s.on('data', (d) => { s.got += d; });
    s.ended = new Promise((r) => s.on('close', r));
  })));
  const health = await fetch(`${srv.url}/health`);
  assert.equal(health.status, 200);
  await Promise.all(conns.map((s) => s.ended)); // we never close them: the server must
  for (const s of conns) assert.match(s.got, /^HTTP\/1\.1 408 /);
});

test('the connection cap: past --max-connections a new TCP connection is closed at once; a freed slot serves again', T, async () => {
  const small = await startServer({ port: 0, rate: 1, maxConnections: 8 });
  const open = () => new Promise((resolve, reject) => {
    const s = tcp(small.port, '127.0.0.1', () => resolve(s));
    s.on('error', reject);
    s.ended = new Promise((r) => s.on('close', r));
  });
  try {
    const held = [];
    for (let i = 0; i < 8; i++) held.push(await open());
    await waitFor(() => small.stats().tcp.connections === 8, { what: '8 connections counted' });
    const extra = await open();
    await extra.ended; // closed by the server, not by us
    assert.equal(small.stats().tcp.dropped, 1);
    held.shift().destroy();
    await waitFor(() => small.stats().tcp.connections < 8, { what: 'a slot to free' });
    assert.equal((await fetch(`${small.url}/health`)).status, 200);
    for (const s of held) s.destroy();
  } finally {
    await small.close();
  }
});
