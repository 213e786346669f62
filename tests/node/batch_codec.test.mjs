// The batch as it crosses to a tab (bindings/js/batch_codec.js): every field
// survives, null seq and both flags included; names cross once per link.
import { test } from 'node:test';
import assert from 'node:assert/strict';
// The readable source: dist bundles this module into page.js and worker.js.
import { BatchEncoder, BatchDecoder, STRIDE } from '../../bindings/js/batch_codec.js';

const decodeAll = (dec, msg) => {
  const out = [];
  dec.decode(msg, (u) => out.push(u));
  return out;
};

test('round trip: every PriceUpdate field, exactly', () => {
  const prices = [
    { symbol: 'BTC', price: 67012.34, confidence: 12.1, publishTime: 1730340000123, seq: 1042, source: 'ws', receivedAt: 1730340000200, stale: false },
    { symbol: 'ETH/USD', price: 0.1 + 0.2, confidence: 0, publishTime: 1, seq: null, source: 'poll', receivedAt: 2, stale: true },
  ];
  const enc = new BatchEncoder();
  const dec = new BatchDecoder();
  const msg = enc.encode(prices);
  assert.ok(msg.buf instanceof ArrayBuffer);
  assert.equal(msg.buf.byteLength, prices.length * STRIDE * 8);
  assert.deepEqual(msg.syms, ['BTC', 'ETH/USD']);
  assert.deepEqual(decodeAll(dec, msg), prices);

  const again = enc.encode([{ ...prices[1], seq: 3, stale: false }]);
  assert.deepEqual(again.syms, [], 'a known symbol crosses as its number');
  assert.deepEqual(decodeAll(dec, again), [{ ...prices[1], seq: 3, stale: false }]);
});

test('an empty batch is an empty buffer', () => {
  const msg = new BatchEncoder().encode([]);
  assert.equal(msg.buf.byteLength, 0);
  assert.deepEqual(decodeAll(new BatchDecoder(), msg), []);
});
