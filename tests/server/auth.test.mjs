// Authentication (qd_session HS256 JWT) and the Origin allow-list, on the
// WebSocket (4401 / 4403 after an error frame) and on REST (401 / 403).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../web/server/src/server.js';
import { signSessionJwt, verifySessionJwt, readCookie } from '../../web/server/src/auth/jwt.js';
import { connect, subscribe } from './helpers.mjs';

const SECRET = 'test-secret-0123456789';
const GOOD_ORIGIN = 'https://terminal.example.com';
let srv;
const nowS = () => Math.floor(Date.now() / 1000);
const cookie = (token) => ({ headers: { cookie: `other=1; qd_session=${token}` } });

before(async () => {
  srv = await startServer({ port: 0, tickMs: 50, heartbeatMs: 1000, rate: 20, auth: 'jwt', jwtSecret: SECRET, allowedOrigins: [GOOD_ORIGIN], devLogin: true });
});
after(() => srv.close());

async function refused(options) {
  const c = await connect(srv.wsUrl, options);
  const { code } = await c.closed;
  return { code, frames: c.frames };
}

test('no cookie: the upgrade is accepted, an unauthorized error frame is sent, then close 4401', async () => {
  const { code, frames } = await refused({});
  assert.equal(code, 4401);
  assert.equal(frames.length, 1);
  assert.equal(frames[0].type, 'error');
  assert.equal(frames[0].code, 'unauthorized');
});

test('expired, wrongly signed, alg=none and wallet-less tokens are all refused with 4401', async () => {
  const bad = [
    signSessionJwt(SECRET, { wallet_pubkey: 'W1', exp: nowS() - 1 }),
    signSessionJwt('other-secret', { wallet_pubkey: 'W1', exp: nowS() + 60 }),
    `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ wallet_pubkey: 'W1', exp: nowS() + 60 })).toString('base64url')}.`,
    signSessionJwt(SECRET, { exp: nowS() + 60 }),
    'garbage',
  ];
  for (const token of bad) {
    const { code, frames } = await refused(cookie(token));
    assert.equal(code, 4401, token);
    assert.equal(frames[0].code, 'unauthorized');
  }
});

test('a valid cookie gets the stream', async () => {
  const c = await connect(srv.wsUrl, cookie(signSessionJwt(SECRET, { wallet_pubkey: 'W1', exp: nowS() + 60 })));
  c.send(subscribe(['BTC']));
  const snap = await c.next((f) => f.type === 'snapshot');
  assert.equal(snap.data[0].symbol, 'BTC');
  c.close();
});

test('an Origin outside the allow-list is closed with 4403 even with a valid cookie', async () => {
  const token = signSessionJwt(SECRET, { wallet_pubkey: 'W1', exp: nowS() + 60 });
  const { code, frames } = await refused({ ...cookie(token), origin: 'https://evil.example' });
  assert.equal(code, 4403);
  assert.equal(frames[0].code, 'forbidden_origin');
  const ok = await connect(srv.wsUrl, { ...cookie(token), origin: GOOD_ORIGIN });
  ok.send({ type: 'ping', timestamp: 9 });
  assert.equal((await ok.next((f) => f.type === 'pong')).timestamp, 9);
  ok.close();
});

test('REST: 401 without a session, 403 for a foreign Origin, 200 with a session', async () => {
  const url = `${srv.url}/api/oracle/prices`;
  assert.equal((await fetch(url)).status, 401);
  const token = signSessionJwt(SECRET, { wallet_pubkey: 'W1', exp: nowS() + 60 });
  assert.equal((await fetch(url, { headers: { cookie: `qd_session=${token}`, origin: 'https://evil.example' } })).status, 403);
  const res = await fetch(url, { headers: { cookie: `qd_session=${token}`, origin: GOOD_ORIGIN } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), GOOD_ORIGIN);
  assert.equal((await res.json()).success, true);
});

test('POST /auth/dev-login (--dev-login, direct from loopback) sets a qd_session cookie that the WebSocket accepts', async () => {
  assert.equal((await fetch(`${srv.url}/auth/dev-login`)).status, 405);
  const res = await fetch(`${srv.url}/auth/dev-login`, { method: 'POST' });
  assert.equal(res.status, 200);
  const set = res.headers.get('set-cookie');
  assert.match(set, /^qd_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200$/);
  const token = readCookie(set.split(';')[0], 'qd_session');
  assert.equal(verifySessionJwt(SECRET, token).ok, true);
  const c = await connect(srv.wsUrl, cookie(token));
  c.send({ type: 'ping', timestamp: 3 });
  assert.equal((await c.next((f) => f.type === 'pong')).timestamp, 3);
  c.close();
});

test('without --dev-login, /auth/dev-login does not exist, with or without auth', async () => {
  for (const extra of [{}, { auth: 'jwt', jwtSecret: SECRET }]) {
    const s = await startServer({ port: 0, rate: 1, ...extra });
    try {
      assert.equal((await fetch(`${s.url}/auth/dev-login`, { method: 'POST' })).status, 404);
    } finally {
      await s.close();
    }
  }
  await assert.rejects(startServer({ port: 0, rate: 1, devLogin: true }), /--dev-login needs --auth jwt/);
});

test('the page on loopback (same-origin POST, as Chromium sends it) signs in; a cross-site POST is refused', async () => {
  const page = `http://127.0.0.1:${srv.port}`;
  const ok = await fetch(`${srv.url}/auth/dev-login`, { method: 'POST', headers: { origin: page, 'sec-fetch-site': 'same-origin' } });
  assert.equal(ok.status, 200);
  const bad = await fetch(`${srv.url}/auth/dev-login`, { method: 'POST', headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } });
  assert.equal(bad.status, 403);
  assert.equal(bad.headers.get('set-cookie'), null);
  assert.equal((await bad.json()).reason, 'cross_site');
});

test('verifySessionJwt reports why a token fails', () => {
  const t = 1_800_000_000_000;
  const good = signSessionJwt(SECRET, { wallet_pubkey: 'W', exp: t / 1000 + 1 });
  assert.equal(verifySessionJwt(SECRET, good, t).ok, true);
  assert.deepEqual(verifySessionJwt(SECRET, good, t + 1000), { ok: false, reason: 'expired' });
  assert.deepEqual(verifySessionJwt(SECRET, undefined, t), { ok: false, reason: 'missing' });
  assert.deepEqual(verifySessionJwt(SECRET, 'a.b', t), { ok: false, reason: 'malformed' });
  assert.deepEqual(verifySessionJwt('x', good, t), { ok: false, reason: 'bad_signature' });
  assert.equal(readCookie('a=1; qd_session=abc; b=2', 'qd_session'), 'abc');
  assert.equal(readCookie('a=1', 'qd_session'), undefined);
});

test('a cookie that is not valid percent-encoding is refused like any bad token, not a crash', async () => {
  const { code, frames } = await refused(cookie('%E0%A4%A'));
  assert.equal(code, 4401);
  assert.equal(frames[0].code, 'unauthorized');
  const res = await fetch(`${srv.url}/api/oracle/prices`, { headers: { cookie: 'qd_session=%zz' } });
  assert.equal(res.status, 401);
  assert.equal(readCookie('qd_session=%zz', 'qd_session'), '%zz');
});
