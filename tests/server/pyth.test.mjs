// The pyth feed against a local fake Hermes: prices converted from Hermes'
// documented shape, streamed updates, no fabricated ticks when the stream
// stops, bad entries ignored, reconnect after a cut.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../../web/server/src/server.js';
import { parseHermesUpdate } from '../../web/server/src/feeds/hermes.js';
import { parsePythIds, DEFAULT_PYTH_IDS } from '../../web/server/src/feeds/pyth-ids.js';
import { startFakeHermes, hermesEntry } from './fake-hermes.mjs';
import { connect, subscribe, updatesOf, waitFor } from './helpers.mjs';

const BTC = DEFAULT_PYTH_IDS.BTC;
const ETH = DEFAULT_PYTH_IDS.ETH;
const T0 = 1730340000; // seconds, as Hermes sends publish_time
let hermes;
let srv;

before(async () => {
  hermes = await startFakeHermes([
    hermesEntry(BTC, '6701234000000', '1210000000', -8, T0),
    hermesEntry(ETH, '265030000000', '130000000', -8, T0),
  ]);
  srv = await startServer({
    port: 0, feed: 'pyth', hermesUrl: hermes.url, pythIds: [`BTC=${BTC}`, `ETH=0x${ETH}`],
    tickMs: 20, heartbeatMs: 1000,
  });
});
after(async () => {
  await srv.close();
  await hermes.close();
});

test('the latest prices from Hermes are served at once, converted by expo, in ms', async () => {
  const body = await waitFor(async () => {
    const b = await (await fetch(`${srv.url}/api/oracle/prices`)).json();
    return Object.keys(b.data).length === 2 && b;
  }, { what: 'pyth prices in REST' });
  assert.equal(body.source, 'pyth');
  assert.deepEqual(body.data, { BTC: 67012.34, ETH: 2650.3 });
  assert.equal(body.meta.BTC.publishTime, T0 * 1000);
  assert.equal(body.meta.BTC.confidence, 12.1);
  assert.equal(body.meta.ETH.confidence, 1.3);
});

test('SSE events become updates with the next seq; the stream stopping makes prices stale, not fabricated', async () => {
  await waitFor(() => hermes.openStreams === 1, { what: 'the feed to open the SSE stream' });
  const c = await connect(srv.wsUrl);
  c.send(subscribe(['BTC']));
  const snap = await c.next((f) => f.type === 'snapshot');
  const seq0 = snap.data[0].seq;
  hermes.push([hermesEntry(BTC, '6702000000000', '1100000000', -8, T0 + 1)]);
  const u = await c.next((f) => f.type === 'market_data_update');
  assert.deepEqual(updatesOf(u), [{ symbol: 'BTC', price: 67020, confidence: 11, publishTime: (T0 + 1) * 1000, seq: seq0 + 1 }]);

  // The same publish_time again and an older one: no tick may appear. An ETH
  // update sent after them on the same stream marks when they have been read.
  const b0 = srv.publisher.stats().batches;
  const frames0 = c.frames.length;
  hermes.push([hermesEntry(BTC, '6702000000000', '1100000000', -8, T0 + 1)]);
  hermes.push([hermesEntry(BTC, '6600000000000', '1100000000', -8, T0)]);
  hermes.push([hermesEntry(ETH, '265040000000', '130000000', -8, T0 + 1)]);
  await waitFor(() => srv.book.get('ETH').publishTime === (T0 + 1) * 1000, { what: 'the ETH marker' });
  assert.equal(srv.publisher.stats().batches, b0 + 1, 'exactly one batch: the ETH marker');
  assert.deepEqual(srv.book.get('BTC').seq, seq0 + 1);
  c.send({ type: 'ping', timestamp: 1 });
  await c.next((f) => f.type === 'pong');
  assert.equal(c.frames.slice(frames0).filter((f) => f.type === 'market_data_update').length, 0, 'no BTC tick');
  const body = await (await fetch(`${srv.url}/api/oracle/prices`)).json();
  assert.equal(body.meta.BTC.publishTime, (T0 + 1) * 1000, 'REST keeps the old publishTime: the client sees staleness');
  c.close();
});

test('malformed events and entries are dropped without harm; good ones in the same event pass', async () => {
  const c = await connect(srv.wsUrl);
  c.send(subscribe(['ETH']));
  await c.next((f) => f.type === 'snapshot');
  hermes.push('not json at all');
  hermes.push('{"parsed":"nope"}');
  hermes.push([
    hermesEntry(ETH, '-5', '1', -8, T0 + 5), // negative price
    hermesEntry('ab'.repeat(32), '100', '1', -8, T0 + 5), // unknown id
    { id: ETH, price: { price: 'NaN', conf: '1', expo: -8, publish_time: T0 + 5 } },
    hermesEntry(ETH, '265100000000', '120000000', -8, T0 + 6),
  ]);
  const u = await c.next((f) => f.type === 'market_data_update');
  assert.deepEqual(updatesOf(u).map((x) => [x.symbol, x.price]), [['ETH', 2651]]);
  c.close();
});

test('a cut stream is reopened (after the 1 s backoff) and prices flow again', async () => {
  const opened = hermes.requests.stream;
  hermes.cut();
  await waitFor(() => hermes.requests.stream > opened && hermes.openStreams === 1, { timeoutMs: 4000, what: 'reconnect' });
  const c = await connect(srv.wsUrl);
  c.send(subscribe(['BTC']));
  await c.next((f) => f.type === 'snapshot');
  hermes.push([hermesEntry(BTC, '6800000000000', '1000000000', -8, T0 + 100)]);
  const u = await c.next((f) => f.type === 'market_data_update');
  assert.equal(updatesOf(u)[0].price, 68000);
  c.close();
});

test('parseHermesUpdate converts and rejects exactly', () => {
  const map = new Map([[BTC, 'BTC']]);
  assert.deepEqual(parseHermesUpdate({ parsed: [hermesEntry(`0x${BTC}`, '2500', '3', -10, 1)] }, map),
    { updates: [{ symbol: 'BTC', price: 2.5e-7, confidence: 3e-10, publishTime: 1000 }], rejected: 0 });
  assert.deepEqual(parseHermesUpdate({}, map), { updates: [], rejected: 1 });
  assert.equal(parseHermesUpdate({ parsed: [hermesEntry(BTC, '0', '1', -8, 1)] }, map).rejected, 1);
  assert.equal(parseHermesUpdate({ parsed: [hermesEntry(BTC, '1', '1', -8.5, 1)] }, map).rejected, 1);
  assert.equal(parseHermesUpdate({ parsed: [hermesEntry(BTC, '1', '1', -8, 0)] }, map).rejected, 1);
});

test('parsePythIds: defaults are the 12 symbols; SYMBOL=id pairs override; bad entries throw', () => {
  assert.deepEqual(Object.keys(parsePythIds(undefined)),
    ['BTC', 'ETH', 'SOL', 'ADA', 'DOT', 'LINK', 'JUP', 'RAY', 'JTO', 'WIF', 'BONK', 'PYTH']);
  for (const id of Object.values(DEFAULT_PYTH_IDS)) assert.match(id, /^[0-9a-f]{64}$/);
  assert.deepEqual(parsePythIds([`X=0x${'AB'.repeat(32)}`]), { X: 'ab'.repeat(32) });
  assert.throws(() => parsePythIds(['BTC']), /SYMBOL=<64 hex digits>/);
  assert.throws(() => parsePythIds(['BTC=1234']), /SYMBOL=<64 hex digits>/);
});
