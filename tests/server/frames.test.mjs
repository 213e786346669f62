// Inbound frame hygiene: oversized frames close with 1009; malformed frames
// get an error frame and the connection lives on.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../web/server/src/server.js';
import { parseClientFrame } from '../../web/server/src/ws/protocol.js';
import { MAX_SESSION_SYMBOLS } from '../../web/server/src/ws/session.js';
import { connect, subscribe, waitFor } from './helpers.mjs';

let srv;
before(async () => {
  srv = await startServer({ port: 0, tickMs: 50, heartbeatMs: 1000, rate: 50, seed: 3 });
});
after(() => srv.close());

test('a frame over 4 KB closes the connection with 1009', async () => {
  const c = await connect(srv.wsUrl);
  c.send({ type: 'ping', timestamp: 1, pad: 'x'.repeat(4097) });
  const { code } = await c.closed;
  assert.equal(code, 1009);
});

test('a frame of exactly 4 KB is still read', async () => {
  const c = await connect(srv.wsUrl);
  const base = JSON.stringify({ type: 'ping', timestamp: 5, pad: '' });
  c.send(JSON.stringify({ type: 'ping', timestamp: 5, pad: 'x'.repeat(4096 - base.length) }));
  assert.deepEqual(await c.next((f) => f.type === 'pong'), { type: 'pong', timestamp: 5 });
  c.close();
});

const malformed = [
  ['not json', 'bad_json'],
  ['[1,2]', 'bad_request'],
  ['null', 'bad_request'],
  ['{"type":"launch"}', 'unknown_type'],
  ['{"type":"subscribe","channel":"orders"}', 'unknown_channel'],
  ['{"type":"subscribe","symbols":"BTC"}', 'bad_request'],
  ['{"type":"subscribe","symbols":[1]}', 'bad_symbol'],
  ['{"type":"subscribe","symbols":["BTC USD"]}', 'bad_symbol'],
  ['{"type":"ping","timestamp":"now"}', 'bad_request'],
];

test('each malformed frame gets an error frame with its code; the connection stays open and serves', async () => {
  const c = await connect(srv.wsUrl);
  for (const [text, code] of malformed) {
    c.send(text);
    const e = await c.next((f) => f.type === 'error', `error for ${text}`);
    assert.equal(e.code, code, text);
    assert.equal(typeof e.message, 'string');
  }
  c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
  assert.equal((await c.next((f) => f.type === 'error')).code, 'bad_request');
  assert.equal(c.closeInfo, null);
  c.send(subscribe(['BTC']));
  const snap = await c.next((f) => f.type === 'snapshot');
  assert.equal(snap.data[0].symbol, 'BTC');
  await waitFor(() => srv.stats().ws.badFrames >= malformed.length + 1, { what: 'badFrames counter' });
  c.close();
});

test('parseClientFrame accepts the three v1 messages and dedupes symbols', () => {
  assert.deepEqual(parseClientFrame('{"type":"subscribe","channel":"market_data","symbols":["BTC","BTC","ETH"]}'),
    { ok: true, msg: { type: 'subscribe', symbols: ['BTC', 'ETH'] } });
  assert.deepEqual(parseClientFrame('{"type":"unsubscribe","channel":"market_data"}'),
    { ok: true, msg: { type: 'unsubscribe', symbols: null } });
  assert.deepEqual(parseClientFrame('{"type":"ping","timestamp":7}'), { ok: true, msg: { type: 'ping', timestamp: 7 } });
  assert.equal(parseClientFrame(JSON.stringify({ type: 'subscribe', symbols: Array(101).fill('A') })).ok, false);
});

test('a connection cannot grow its symbol set past the per-connection cap', async () => {
  const c = await connect(srv.wsUrl);
  const batch = (k) => Array.from({ length: 100 }, (_, i) => `S${k}_${i}`);
  for (let k = 0; k < MAX_SESSION_SYMBOLS / 100; k++) {
    c.send(subscribe(batch(k)));
    await c.next((f) => f.type === 'snapshot', `snapshot ${k}`);
  }
  c.send(subscribe(['ONE_TOO_MANY']));
  assert.equal((await c.next((f) => f.type === 'error' || f.type === 'snapshot')).code, 'too_many_symbols');
  // Symbols already held do not count twice, and the connection still serves.
  c.send(subscribe(batch(0)));
  assert.equal((await c.next((f) => f.type === 'error' || f.type === 'snapshot')).type, 'snapshot');
  const s = [...srv.hub.sessions.values()].at(-1);
  assert.equal(s.sub.set.size, MAX_SESSION_SYMBOLS);
  c.close();
});

test('an all-symbols connection cannot grow its exclusion set past the cap either', async () => {
  const c = await connect(srv.wsUrl);
  c.send(subscribe());
  await c.next((f) => f.type === 'snapshot');
  for (let k = 0; k < MAX_SESSION_SYMBOLS / 100; k++) {
    c.send({ type: 'unsubscribe', symbols: Array.from({ length: 100 }, (_, i) => `X${k}_${i}`) });
  }
  c.send({ type: 'unsubscribe', symbols: ['ONE_TOO_MANY'] });
  assert.equal((await c.next((f) => f.type === 'error')).code, 'too_many_symbols');
  c.close();
});
