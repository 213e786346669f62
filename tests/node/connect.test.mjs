// Connect, snapshot, batched updates, the query API and subscriptions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { pkg, startBackend, recordedFeed, waitFor, checkMonotonic, declaredFields } from './helpers.mjs';

test('connect resolves on the snapshot; updates arrive in batches, in order', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const rec = await recordedFeed(srv);
  t.after(() => rec.feed.dispose());

  await rec.feed.connect();
  const info = rec.feed.getConnectionInfo();
  assert.equal(info.state, 'connected');
  assert.equal(info.source, 'ws');
  assert.equal(info.connected, true);
  assert.equal(info.available, true);
  assert.equal(info.failed, false);
  assert.equal(info.polling, false);
  assert.equal(rec.feed.getConnectionStatus(), true);
  assert.deepEqual(
    rec.statuses.map(({ state, previous, reason, source }) => ({ state, previous, reason, source })),
    [{ state: 'connected', previous: 'connecting', reason: 'snapshot', source: 'ws' }],
  );

  // The snapshot: every symbol the server has, in the first batch.
  const symbols = srv.book.all().map((u) => u.symbol).sort();
  await waitFor(() => rec.batches.length >= 1, { what: 'the snapshot batch' });
  assert.deepEqual(rec.batches[0].batch.map((u) => u.symbol).sort(), symbols);

  // Then updates: more batches, several symbols moving, one call per batch.
  await waitFor(() => rec.batches.length >= 10, { what: '10 batches' });
  assert.ok(rec.updates.length > rec.batches.length, 'batches carry several updates');
  for (const u of rec.updates) {
    assert.equal(u.source, 'ws');
    assert.ok(Number.isFinite(u.price) && u.price > 0);
    assert.equal(typeof u.seq, 'number');
    assert.equal(u.stale, false);
  }
  assert.equal(checkMonotonic(rec.updates), null);

  // The query API answers from the same book.
  const btc = rec.feed.getPrice('BTC');
  const lastBtc = rec.updates.filter((u) => u.symbol === 'BTC').at(-1);
  assert.ok(btc.seq >= lastBtc.seq);
  assert.equal(rec.feed.getPrice('NOPE'), undefined);
  assert.deepEqual(Object.keys(rec.feed.getPrices()).sort(), symbols);
  const c = rec.feed.getConnectionInfo().counters;
  assert.equal(c.wsAttempts, 1);
  assert.equal(c.polls, 0);
  assert.equal(c.liveSockets, 1);
  assert.ok(c.batches >= 10);
  assert.ok(c.updatesApplied >= rec.updates.length);
});

test('unsubscribe stops one callback and leaves the others', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const rec = await recordedFeed(srv);
  t.after(() => rec.feed.dispose());
  let calls = 0;
  const off = rec.feed.subscribe('market_data_update', () => calls++);
  await rec.feed.connect();
  await waitFor(() => calls >= 2, { what: 'two batches' });
  off();
  off(); // twice is harmless
  const frozen = calls;
  const seen = rec.batches.length;
  await waitFor(() => rec.batches.length >= seen + 5, { what: 'five more batches' });
  assert.equal(calls, frozen);
  assert.throws(() => rec.feed.subscribe('prices', () => {}), /unknown event/);
  assert.throws(() => rec.feed.subscribe('status'), /callback/);
});

test('symbols option, subscribeSymbols and unsubscribeSymbols shape what arrives', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const rec = await recordedFeed(srv, { symbols: ['BTC', 'ETH'] });
  t.after(() => rec.feed.dispose());
  await rec.feed.connect();
  await waitFor(() => rec.batches.length >= 5, { what: 'five batches' });
  assert.deepEqual([...new Set(rec.updates.map((u) => u.symbol))].sort(), ['BTC', 'ETH']);

  rec.feed.subscribeSymbols(['SOL']);
  await waitFor(() => rec.updates.some((u) => u.symbol === 'SOL'), { what: 'SOL after subscribeSymbols' });

  rec.feed.unsubscribeSymbols(['ETH']);
  // In-flight frames may still carry ETH; then 30 batches in a row without it
  // (at 400 updates/s over 12 symbols ETH is in most batches while subscribed).
  await waitFor(() => {
    const tail = rec.batches.slice(-30);
    return tail.length === 30 && tail.every((b) => !b.batch.some((u) => u.symbol === 'ETH'));
  }, { what: '30 batches without ETH' });
  assert.equal(rec.feed.getPrice('ETH'), undefined, 'an unsubscribed symbol leaves the book');
  assert.throws(() => rec.feed.subscribeSymbols('BTC'), /must be an array of symbols/);
  assert.throws(() => rec.feed.subscribeSymbols(['BTC USD']), /"BTC USD" is not a symbol/);
});

test('the subscription: 1,000 named symbols at most, an empty set receives nothing and stays Live', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  await assert.rejects(pkg.createPriceFeed({ symbols: Array.from({ length: 1001 }, (_, i) => `S${i}`) }), RangeError);
  const rec = await recordedFeed(srv, { symbols: ['BTC'] });
  t.after(() => rec.feed.dispose());
  assert.equal(await rec.feed.connect(), 'connected');
  assert.throws(() => rec.feed.subscribeSymbols(Array.from({ length: 1000 }, (_, i) => `S${i}`)), RangeError);
  rec.feed.unsubscribeSymbols(['BTC']); // the last one: an empty set, not "all"
  const seen = rec.updates.length;
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(rec.updates.length, seen, 'nothing arrives for an empty set');
  assert.equal(rec.feed.getConnectionInfo().state, 'connected');
  assert.deepEqual(rec.feed.getPrices(), {});
  rec.feed.subscribeSymbols(['ETH']);
  await waitFor(() => rec.feed.getPrice('ETH'), { what: 'ETH after subscribing again' });
  assert.deepEqual(Object.keys(rec.feed.getPrices()), ['ETH']);
});

test('bad options: a TypeError for wrong types, state error/bad_config for values that cannot work', async () => {
  await assert.rejects(pkg.createPriceFeed({ wsUrl: 'ftp://example.com/ws' }), /wsUrl must use ws: or wss:/);
  await assert.rejects(pkg.createPriceFeed({ wsUrl: '/ws' }), /relative URLs need a page/);
  await assert.rejects(pkg.createPriceFeed({ pollIntervalMs: -5 }), /pollIntervalMs must be between/);
  await assert.rejects(pkg.createPriceFeed({ backoff: { jitter: 2 } }), /jitter/);
  await assert.rejects(pkg.createPriceFeed({ WebSocket: 42 }), /WebSocket must be a constructor/);

  const srv = await startBackend();
  try {
    const rec = await recordedFeed(srv, { backoff: { initialMs: 500, maxMs: 100 } });
    assert.equal(await rec.feed.connect(), 'error');
    assert.equal(await rec.feed.connect(), 'error', 'a second connect() settles at once too');
    const info = rec.feed.getConnectionInfo();
    assert.equal(info.state, 'error');
    assert.equal(info.reason, 'bad_config');
    assert.equal(info.counters.wsAttempts, 0);
    assert.ok(rec.lines.some((l) => l.level === 'error' && l.text.includes('backoff.maxMs')), JSON.stringify(rec.lines));
    rec.feed.dispose();
  } finally {
    await srv.close();
  }
});

test('default URLs: the page origin in a page (ws:/wss: matching), localhost:3002 outside', () => {
  assert.equal(pkg.resolveWsUrl(undefined, null), 'ws://localhost:3002/ws');
  assert.equal(pkg.resolvePollUrl(undefined, null), 'http://localhost:3002/api/oracle/prices');
  const https = { protocol: 'https:', host: 'terminal.example.com', origin: 'https://terminal.example.com', href: 'https://terminal.example.com/desk' };
  assert.equal(pkg.resolveWsUrl(undefined, https), 'wss://terminal.example.com/ws');
  assert.equal(pkg.resolvePollUrl(undefined, https), 'https://terminal.example.com/api/oracle/prices');
  const http = { protocol: 'http:', host: '10.0.0.5:8080', origin: 'http://10.0.0.5:8080', href: 'http://10.0.0.5:8080/' };
  assert.equal(pkg.resolveWsUrl(undefined, http), 'ws://10.0.0.5:8080/ws');
  assert.equal(pkg.resolveWsUrl('/feed/ws', https), 'wss://terminal.example.com/feed/ws');
  assert.equal(pkg.resolveWsUrl('http://other:9/ws', null), 'ws://other:9/ws');
  assert.equal(pkg.resolvePollUrl('/p', http), 'http://10.0.0.5:8080/p');
  assert.equal(pkg.resolveWsUrl('', null), '');
  assert.equal(pkg.default, pkg.createPriceFeed);
});

test('what the feed returns has exactly the fields index.d.ts declares', async (t) => {
  const dts = readFileSync(new URL('../../web/pricefeed/dist/index.d.ts', import.meta.url), 'utf8');
  const srv = await startBackend();
  t.after(() => srv.close());
  const rec = await recordedFeed(srv);
  t.after(() => rec.feed.dispose());
  await rec.feed.connect();
  await waitFor(() => rec.batches.length >= 1, { what: 'a batch' });

  const info = rec.feed.getConnectionInfo();
  assert.deepEqual(Object.keys(info).sort(), declaredFields(dts, 'ConnectionInfo'));
  assert.deepEqual(Object.keys(info.counters).sort(), declaredFields(dts, 'FeedCounters'));
  assert.deepEqual(Object.keys(rec.statuses[0]).filter((k) => k !== 'wall').sort(), declaredFields(dts, 'StatusEvent'));
  assert.deepEqual(Object.keys(rec.batches[0].batch[0]).sort(), declaredFields(dts, 'PriceUpdate'));
  assert.deepEqual(Object.keys(rec.feed.getPrice('BTC')).sort(), declaredFields(dts, 'PriceUpdate'));
  assert.deepEqual(Object.keys(await pkg.memoryStats()).sort(), ['heapBytes', 'heapReservedBytes', 'heapUsedBytes', 'orphanedPolls']);
});
