// The tab's side of contract §8 (bindings/js/proxy_feed.js) over
// MessageChannels to a hub with the real wasm engine: the same surface as a
// page's feed, a tab's own connect/disconnect, a dead worker noticed and
// replaced with no price moving backwards, and the page taking the engine
// over when no worker can run it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startBackend, waitFor, checkMonotonic, declaredFields } from './helpers.mjs';
import { startHub, hubTransport, recordedTab, createProxyFeed, createLocalFeed, resolveOptions, WorkerUnavailable, protocol } from './worker-helpers.mjs';

test('a tab through a worker returns exactly the fields index.d.ts declares', async (t) => {
  const dts = readFileSync(new URL('../../web/pricefeed/dist/index.d.ts', import.meta.url), 'utf8');
  const srv = await startBackend();
  t.after(() => srv.close());
  const rec = await recordedTab(srv, hubTransport({ current: startHub() }));
  t.after(() => rec.feed.dispose());
  const before = rec.feed.getConnectionInfo();
  assert.deepEqual(Object.keys(before).sort(), declaredFields(dts, 'ConnectionInfo'));
  assert.equal(before.state, 'connecting', 'not connected yet, as a page feed before connect()');

  assert.equal(await rec.feed.connect(), 'connected');
  await waitFor(() => rec.batches.length >= 2, { what: 'two batches' });
  const info = rec.feed.getConnectionInfo();
  assert.deepEqual(Object.keys(info).sort(), declaredFields(dts, 'ConnectionInfo'));
  assert.deepEqual(Object.keys(info.counters).sort(), declaredFields(dts, 'FeedCounters'));
  assert.equal(info.state, 'connected');
  assert.equal(info.connected, true);
  assert.equal(rec.feed.getConnectionStatus(), true);
  assert.deepEqual(Object.keys(rec.statuses[0]).filter((k) => k !== 'wall').sort(), declaredFields(dts, 'StatusEvent'));
  assert.deepEqual(Object.keys(rec.batches[0].batch[0]).sort(), declaredFields(dts, 'PriceUpdate'));
  assert.deepEqual(Object.keys(rec.feed.getPrice('BTC')).sort(), declaredFields(dts, 'PriceUpdate'));
  assert.deepEqual(Object.keys(rec.feed.getPrices()).sort(), srv.book.all().map((u) => u.symbol).sort());
  // The synchronous reads follow what crossed: the mirror holds the last batch's prices.
  const last = rec.updates.filter((u) => u.symbol === 'BTC').at(-1);
  assert.ok(rec.feed.getPrice('BTC').seq >= last.seq);
  assert.deepEqual(
    rec.statuses.map(({ state, previous, reason }) => ({ state, previous, reason })),
    [{ state: 'connected', previous: 'connecting', reason: 'snapshot' }],
  );
  assert.throws(() => rec.feed.subscribe('prices', () => {}), /unknown event/);
  assert.throws(() => rec.feed.subscribeSymbols(['BTC USD']), /is not a symbol/);
  assert.throws(() => rec.feed.startFallbackPolling('/relative'), /relative URLs need a page/);
});

test("a tab's disconnect() is its own; connect() again gets the book at once", async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const transport = hubTransport({ current: startHub() });
  const a = await recordedTab(srv, transport);
  const b = await recordedTab(srv, transport);
  t.after(() => [a, b].forEach((r) => r.feed.dispose()));
  await Promise.all([a.feed.connect(), b.feed.connect()]);

  a.feed.disconnect();
  assert.deepEqual(
    (({ state, previous, reason, source }) => ({ state, previous, reason, source }))(a.statuses.at(-1)),
    { state: 'disconnected', previous: 'connected', reason: 'user', source: 'none' },
  );
  const info = a.feed.getConnectionInfo();
  assert.equal(info.state, 'disconnected');
  assert.equal(info.failed, true);
  assert.equal(a.feed.getConnectionStatus(), false);
  const seen = a.updates.length;
  const fromB = b.updates.length;
  await waitFor(() => b.updates.length > fromB + 10, { what: 'tab b still receiving' });
  assert.ok(a.updates.length <= seen + 1, 'tab a receives nothing after disconnect() (one batch may be on its way)');
  assert.equal(b.feed.getConnectionInfo().state, 'connected');
  assert.equal(srv.hub.stats().clients, 1);

  assert.equal(await a.feed.connect(), 'connected');
  assert.equal(a.statuses.at(-1).previous, 'disconnected');
  await waitFor(() => a.updates.length > seen + 1, { what: 'tab a receiving again' });
  assert.equal(checkMonotonic(a.updates), null);
});

test('a dead worker is noticed within DEAD_AFTER_MS + CHECK_MS and replaced; no price moves backwards', async (t) => {
  // A slow market: most symbols have not moved when the new worker's
  // snapshot arrives, so it repeats what the tabs hold; they must not
  // deliver those again (checkMonotonic wants every seq strictly higher).
  const srv = await startBackend({ rate: 6 });
  t.after(() => srv.close());
  const hubs = { current: startHub() };
  const transport = hubTransport(hubs);
  const tabs = [await recordedTab(srv, transport), await recordedTab(srv, transport, { symbols: ['BTC', 'ETH'] })];
  t.after(() => tabs.forEach((r) => r.feed.dispose()));
  await Promise.all(tabs.map((r) => r.feed.connect()));
  await waitFor(() => tabs.every((r) => r.batches.length >= 2), { what: 'prices in both tabs' });

  const dead = hubs.current;
  hubs.current = startHub(); // where the tabs' next links go
  const t0 = Date.now();
  dead.kill();
  await waitFor(() => hubs.current.hub.clientCount === 2, { what: 'both tabs on the new worker', timeoutMs: 3000 });
  const ms = Date.now() - t0;
  t.diagnostic(`both tabs linked to the new worker ${ms} ms after the old one died`);
  const bound = protocol.DEAD_AFTER_MS + protocol.CHECK_MS;
  assert.ok(ms >= protocol.DEAD_AFTER_MS - 50 && ms < bound + 400, `${ms} ms (bound ${bound} ms + the machine's slack)`);

  const marks = tabs.map((r) => r.updates.length);
  await waitFor(() => tabs.every((r, i) => r.updates.length > marks[i] + 2), { what: 'prices again in both tabs' });
  await waitFor(() => tabs.every((r) => r.feed.getConnectionInfo().state === 'connected'), { what: 'both Live' });
  for (const r of tabs) assert.equal(checkMonotonic(r.updates), null);
  assert.deepEqual([...new Set(tabs[1].updates.map((u) => u.symbol))].sort(), ['BTC', 'ETH']);
  await waitFor(() => srv.hub.stats().clients === 1, { what: 'one socket: the dead worker closed its own' });
});

test('a worker that cannot run the engine: createProxyFeed says so at once (the caller runs it in the page)', async () => {
  const broken = startHub({ createFeed: () => Promise.reject(new Error('CompileError: wasm refused')) });
  const resolved = resolveOptions({ wsUrl: 'ws://127.0.0.1:9/ws', pollUrl: '', pageEvents: false });
  const t0 = Date.now();
  await assert.rejects(createProxyFeed(resolved, { transport: hubTransport({ current: broken }), createLocal: createLocalFeed }), (err) => {
    assert.ok(err instanceof WorkerUnavailable);
    assert.match(err.message, /wasm refused/);
    return true;
  });
  assert.ok(Date.now() - t0 < 1000);

  // Links that never say anything: three are tried, then the page.
  let opened = 0;
  const silent = {
    open() {
      opened++;
      return { post() {}, set onmessage(fn) {}, onfail: null, close() {} };
    },
    close() {},
  };
  await assert.rejects(createProxyFeed(resolved, { transport: silent, createLocal: createLocalFeed, firstContactMs: 100 }), WorkerUnavailable);
  assert.equal(opened, protocol.MAX_LINK_FAILURES);
});

test('when the replacement worker fails too, the tab runs the engine itself behind the same object', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const hubs = { current: startHub() };
  const rec = await recordedTab(srv, hubTransport(hubs));
  t.after(() => rec.feed.dispose());
  await rec.feed.connect();
  await waitFor(() => rec.batches.length >= 5, { what: 'prices' });

  const dead = hubs.current;
  hubs.current = startHub({ createFeed: () => Promise.reject(new Error('no wasm in this worker')) });
  dead.kill();
  await waitFor(() => rec.lines.some((l) => /this tab runs the engine itself/.test(l.text)), { what: 'the line saying so' });
  const mark = rec.updates.length;
  await waitFor(() => rec.updates.length > mark + 10, { what: 'prices from the page engine' });
  await waitFor(() => rec.feed.getConnectionInfo().state === 'connected', { what: 'Live again' });
  assert.equal(checkMonotonic(rec.updates), null);
  assert.equal(srv.hub.stats().clients, 1, "the page engine's socket");
  assert.equal(rec.feed.getConnectionInfo().counters.liveSockets, 1, 'the info is the page engine now');
  assert.ok(rec.statuses.every((s, i) => i === 0 || s.previous === rec.statuses[i - 1].state), 'one unbroken walk of states');

  rec.feed.unsubscribeSymbols(['BTC']);
  assert.equal(rec.feed.getPrice('BTC'), undefined);
  rec.feed.dispose();
  rec.feed.dispose();
  await waitFor(() => srv.hub.stats().clients === 0, { what: 'the page engine closed on dispose' });
});

test('dispose: safe twice, the worker hears goodbye at once, nothing fires afterwards; pagehide and pageshow', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const handle = startHub();
  const transport = hubTransport({ current: handle });
  const win = new EventTarget();
  const rec = await recordedTab(srv, transport, { pageEvents: { window: win } });
  await rec.feed.connect();
  assert.equal(handle.hub.clientCount, 1);

  win.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true }));
  await waitFor(() => handle.hub.clientCount === 0 && srv.hub.stats().clients === 0, { what: 'goodbye on pagehide, socket closed' });
  win.dispatchEvent(Object.assign(new Event('pageshow'), { persisted: true }));
  await waitFor(() => handle.hub.clientCount === 1 && rec.feed.getConnectionInfo().state === 'connected', { what: 'back from the cache' });

  const calls = rec.updates.length + rec.statuses.length;
  rec.feed.dispose();
  rec.feed.dispose();
  await waitFor(() => handle.hub.clientCount === 0, { what: 'goodbye on dispose' });
  assert.equal(rec.feed.getConnectionInfo().reason, 'disposed');
  assert.equal(rec.feed.getPrice('BTC'), undefined);
  assert.equal(await rec.feed.connect(), 'disconnected');
  await waitFor(() => srv.hub.stats().clients === 0, { what: 'socket closed' });
  assert.equal(rec.updates.length + rec.statuses.length, calls);
});
