// The simulated feed and the publisher, in virtual time: seeded walks are
// reproducible, prices stay positive, and each tick conflates to one update
// per symbol with the next seq.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulatedFeed } from '../../web/server/src/feeds/simulated.js';
import { createPublisher } from '../../web/server/src/publisher.js';
import { createBook } from '../../web/server/src/book.js';
import { mulberry32 } from '../../web/server/src/feeds/rng.js';
import { DEFAULT_SYMBOLS } from '../../web/server/src/symbols.js';

function run(seed, steps) {
  const out = [];
  const feed = createSimulatedFeed({ rate: 10000, seed, now: () => 1000 });
  feed.start((u) => out.push(u));
  feed.step(steps);
  feed.stop();
  return out;
}

test('mulberry32 is the published algorithm (first outputs for seed 1: 0.62707394..., 0.00273572..., 0.52744703...)', () => {
  const r = mulberry32(1);
  assert.deepEqual([r(), r(), r()].map((x) => Math.round(x * 1e9)), [627073941, 2735721, 527447040]);
});

test('a seed reproduces the same walk; another seed does not', () => {
  assert.deepEqual(run(42, 500), run(42, 500));
  assert.notDeepEqual(run(42, 500), run(43, 500));
});

test('the walk opens at the start prices, stays positive and plausible, confidence 0.02-0.1%', () => {
  const out = run(7, 20000);
  assert.deepEqual(out.slice(0, 12).map((u) => [u.symbol, u.price]), Object.entries(DEFAULT_SYMBOLS));
  for (const u of out) {
    assert.ok(u.price > 0 && Number.isFinite(u.price));
    const start = DEFAULT_SYMBOLS[u.symbol];
    // 20,000 steps at 10,000/s = 2 s of simulated market: well within +-5%.
    assert.ok(Math.abs(u.price / start - 1) < 0.05, `${u.symbol} ${u.price} vs ${start}`);
    const rel = u.confidence / u.price;
    assert.ok(rel >= 0.00019 && rel <= 0.00101, `${u.symbol} confidence ${rel}`);
    assert.equal(u.publishTime, 1000);
  }
  assert.ok(out.some((u) => u.symbol === 'BONK' && u.price !== 0.000025), 'tiny prices move too');
});

test('the publisher conflates per tick, numbers seqs from the clock base, and never reuses a seq', () => {
  const batches = [];
  const bus = { publish: (b, source) => batches.push({ b, source }) };
  let emit;
  const feed = { name: 'test', start: (fn) => { emit = fn; }, stop() {} };
  const pub = createPublisher({ feed, bus, tickMs: 1e9, now: () => 5000 });
  pub.start();
  assert.equal(batches.length, 0, 'nothing to publish yet');
  emit({ symbol: 'A', price: 1, confidence: 0.1, publishTime: 1 });
  emit({ symbol: 'B', price: 2, confidence: 0.1, publishTime: 1 });
  emit({ symbol: 'A', price: 3, confidence: 0.1, publishTime: 2 });
  pub.flush();
  assert.deepEqual(batches[0], {
    source: 'test',
    b: [
      { symbol: 'B', price: 2, confidence: 0.1, publishTime: 1, seq: 5000 },
      { symbol: 'A', price: 3, confidence: 0.1, publishTime: 2, seq: 5000 },
    ],
  });
  emit({ symbol: 'A', price: 4, confidence: 0.1, publishTime: 3 });
  pub.flush();
  pub.flush(); // an empty tick publishes nothing
  assert.equal(batches.length, 2);
  assert.deepEqual(batches[1].b.map((u) => [u.symbol, u.seq]), [['A', 5001]]);
  assert.deepEqual(pub.stats(), { raw: 4, published: 3, batches: 2, withheld: 0, stopped: false });
  pub.stop();
});

test('with a lease: a tick while the lease is not held publishes nothing and keeps the updates; a fenced publish loses the lease', async () => {
  const sent = [];
  let accept = true;
  const bus = { publish: async (b, source, fence) => { sent.push({ seqs: b.map((u) => [u.symbol, u.seq]), fence }); return accept; } };
  let held = true;
  const lost = [];
  const lease = { id: 'L1', key: 'qd:publisher', held: () => held, lose: (r) => lost.push(r) };
  let emit;
  const feed = { name: 'test', start: (fn) => { emit = fn; }, stop() {} };
  const pub = createPublisher({ feed, bus, tickMs: 1e9, now: () => 10, lease });
  pub.start();
  emit({ symbol: 'A', price: 1, confidence: 0, publishTime: 1 });
  held = false; // e.g. woken from a pause past the TTL
  pub.flush();
  pub.flush();
  assert.equal(sent.length, 0);
  assert.equal(pub.stats().withheld, 2);
  emit({ symbol: 'B', price: 1, confidence: 0, publishTime: 1 });
  held = true; // Redis confirmed the lease again
  pub.flush();
  assert.deepEqual(sent, [{ seqs: [['A', 10], ['B', 10]], fence: { id: 'L1', key: 'qd:publisher' } }]);
  accept = false; // the lease key holds another id now
  emit({ symbol: 'A', price: 2, confidence: 0, publishTime: 2 });
  pub.flush();
  await new Promise(setImmediate);
  assert.deepEqual(lost, ['fenced']);
  pub.stop();
  emit({ symbol: 'A', price: 3, confidence: 0, publishTime: 3 });
  pub.flush();
  assert.equal(sent.length, 2, 'a stopped publisher never publishes again');
  assert.equal(pub.stats().stopped, true);
});

test('a restarted publisher continues above the seqs it is handed (shared book)', () => {
  const batches = [];
  let emit;
  const feed = { name: 'test', start: (fn) => { emit = fn; }, stop() {} };
  const pub = createPublisher({ feed, bus: { publish: (b) => batches.push(b) }, tickMs: 1e9, now: () => 100, lastSeqs: new Map([['A', 900]]) });
  pub.start();
  emit({ symbol: 'A', price: 1, confidence: 0, publishTime: 1 });
  emit({ symbol: 'B', price: 1, confidence: 0, publishTime: 1 });
  pub.flush();
  assert.deepEqual(batches[0].map((u) => [u.symbol, u.seq]), [['A', 901], ['B', 100]]);
  pub.stop();
});

test('the book keeps only newer seqs', () => {
  const book = createBook();
  const u = (seq, price) => ({ symbol: 'A', price, confidence: 0, publishTime: 0, seq });
  assert.equal(book.apply([u(5, 1)]).length, 1);
  assert.equal(book.apply([u(5, 2), u(4, 3)]).length, 0);
  assert.equal(book.get('A').price, 1);
  assert.deepEqual(book.apply([u(6, 4)]), [u(6, 4)]);
});
