// The tab's mirror (bindings/js/price_mirror.js): the book's ordering rule,
// so a replaced worker or the page's own engine never moves a price back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
// The readable source: dist bundles this module into page.js and worker.js.
import { PriceMirror, TAB_OLDER } from '../../bindings/js/price_mirror.js';

const p = (seq, publishTime, extra = {}) => ({ symbol: 'BTC', price: 100 + seq, confidence: 1, publishTime, seq, source: 'ws', receivedAt: 0, stale: false, ...extra });

test('newer seqs apply, older ones are refused and counted, repeats are neither', () => {
  const m = new PriceMirror();
  assert.equal(m.apply(p(5, 500)), true);
  assert.equal(m.apply(p(6, 600)), true);
  assert.equal(m.apply(p(4, 400)), false, 'an older seq');
  assert.equal(m.apply(p(6, 600)), false, 'the same price again (a new worker\'s snapshot)');
  assert.equal(m.refused, 1, 'only the older one counts');
  assert.equal(m.get('BTC').seq, 6);
  assert.equal(TAB_OLDER, 'tab_older');
});

test('a lower seq with a newer publishTime is a restarted server: applied, as the engine does', () => {
  const m = new PriceMirror();
  m.apply(p(900, 1000));
  assert.equal(m.apply(p(1, 2000)), true);
  assert.equal(m.apply(p(1, 2000, { stale: true })), true, 'the same price turning stale is news');
  assert.equal(m.get('BTC').stale, true);
});

test('without seqs: by publishTime from the same source; different clocks: the newcomer wins', () => {
  const m = new PriceMirror();
  m.apply(p(null, 1000, { source: 'poll', seq: null }));
  assert.equal(m.apply(p(null, 900, { source: 'poll', seq: null })), false);
  assert.equal(m.apply(p(null, 1100, { source: 'poll', seq: null })), true);
  assert.equal(m.apply(p(7, 50)), true, 'a WebSocket price is never dropped for a REST answer\'s clock');
});

test('erase and retain take symbols out of the book', () => {
  const m = new PriceMirror();
  for (const symbol of ['BTC', 'ETH', 'SOL']) m.apply({ ...p(1, 1), symbol });
  m.erase(['ETH']);
  m.retain((s) => s !== 'SOL');
  assert.deepEqual([...m.book.keys()], ['BTC']);
});
