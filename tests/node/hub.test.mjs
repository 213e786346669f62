// The worker's side of contract §8 (bindings/js/hub.js) over MessageChannels
// with the real wasm engine and the reference backend: one engine and one
// socket for every tab, each tab's own symbols, one state for all, commands
// acted on once, visibility, forgetting silent tabs, the last tab closing
// the socket, and batches paced by the tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocketServer } from 'ws';
import { startBackend, waitFor, FAST } from './helpers.mjs';
import { startHub, hubTransport, recordedTab, rawTab, protocol } from './worker-helpers.mjs';

/// A backend faster than the reference one (whose simulated market steps
/// every 20 ms): after the snapshot, a frame moving BTC, ETH and SOL every
/// `everyMs` ms.
async function fastBackend(everyMs) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  let seq = 0;
  const quote = (symbol) => ({ symbol, price: 100 + (seq % 7), confidence: 0.1, publishTime: 1_730_000_000_000 + seq, seq });
  const frame = (type) => JSON.stringify({ type, data: ['BTC', 'ETH', 'SOL'].map(quote), timestamp: Date.now() });
  wss.on('connection', (ws) => {
    ws.once('message', () => {
      seq++;
      ws.send(frame('snapshot'));
      const timer = setInterval(() => {
        seq++;
        ws.send(frame('market_data_update'));
      }, everyMs);
      ws.on('close', () => clearInterval(timer));
    });
  });
  return {
    url: `ws://127.0.0.1:${wss.address().port}/ws`,
    close: () => new Promise((r) => {
      for (const c of wss.clients) c.terminate();
      wss.close(() => r());
    }),
  };
}

const symbolsOf = (rec) => [...new Set(rec.updates.map((u) => u.symbol))].sort();

test('tabs share one engine and one socket; each gets exactly its own symbols; the engine takes the union', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const hubs = { current: startHub() };
  const transport = hubTransport(hubs);
  const all = srv.book.all().map((u) => u.symbol).sort();

  const a = await recordedTab(srv, transport, { symbols: ['BTC'] });
  const b = await recordedTab(srv, transport, { symbols: ['ETH', 'SOL'] });
  t.after(() => [a, b].forEach((r) => r.feed.dispose()));
  await Promise.all([a.feed.connect(), b.feed.connect()]);
  await waitFor(() => symbolsOf(a).length === 1 && symbolsOf(b).length === 2, { what: 'both tabs receiving' });
  assert.equal(srv.hub.stats().clients, 1, 'one socket for two tabs');
  // Named sets alone: the engine asks the server for their union, no more.
  await waitFor(() => Object.keys(hubs.current.hub.feed.getPrices()).length === 3, { what: 'the engine book' });
  assert.deepEqual(Object.keys(hubs.current.hub.feed.getPrices()).sort(), ['BTC', 'ETH', 'SOL']);

  // A tab on "all except BTC": the union is all, the engine is made anew for it.
  const c = await recordedTab(srv, transport);
  t.after(() => c.feed.dispose());
  c.feed.unsubscribeSymbols(['BTC']);
  await c.feed.connect();
  await waitFor(() => symbolsOf(c).length === all.length - 1, { what: 'tab c: every symbol but BTC' });
  const seenA = a.updates.length;
  await waitFor(() => a.updates.length > seenA + 5, { what: 'tab a still receiving BTC' });
  await waitFor(() => srv.hub.stats().clients === 1, { what: 'one socket again' });

  assert.deepEqual(symbolsOf(a), ['BTC']);
  assert.deepEqual(symbolsOf(b), ['ETH', 'SOL']);
  assert.deepEqual(symbolsOf(c), all.filter((s) => s !== 'BTC'));
  assert.deepEqual(Object.keys(a.feed.getPrices()), ['BTC']);
  assert.deepEqual(Object.keys(b.feed.getPrices()).sort(), ['ETH', 'SOL']);
  assert.equal(c.feed.getPrice('BTC'), undefined);
  assert.equal(hubs.current.hub.clientCount, 3);
  assert.deepEqual(a.lines.concat(b.lines, c.lines).filter((l) => /other options/.test(l.text)), [], 'the same options: no warning');
  const d = await recordedTab(srv, transport, { pollIntervalMs: 999 });
  t.after(() => d.feed.dispose());
  await waitFor(() => d.lines.some((l) => l.level === 'warn' && /asked for other options than the tab that started the shared engine/.test(l.text)), { what: 'the warning to a tab with other options' });

  // A symbol another tab already has arrives at once from the engine's book.
  b.feed.subscribeSymbols(['BTC']);
  await waitFor(() => b.feed.getPrice('BTC'), { what: 'BTC in tab b' });
  b.feed.unsubscribeSymbols(['ETH']);
  assert.equal(b.feed.getPrice('ETH'), undefined, 'an unsubscribed symbol leaves the tab at once');
  const from = b.updates.length;
  await waitFor(() => b.updates.length > from + 10, { what: 'tab b after the change' });
  const late = b.updates.slice(from + 5).map((u) => u.symbol);
  assert.ok(!late.includes('ETH') && late.includes('BTC'), `tab b got ${[...new Set(late)]}`);
  assert.throws(() => a.feed.subscribeSymbols(Array.from({ length: 1000 }, (_, i) => `S${i}`)), RangeError);
});

test('one truth: every tab gets the same status events; retryNow() from one tab makes one attempt', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const hubs = { current: startHub() };
  const transport = hubTransport(hubs);
  // No scheduled retries in the way: only retryNow() dials.
  const options = { backoff: { ...FAST.backoff, initialMs: 60_000, maxMs: 60_000 } };
  const tabs = [await recordedTab(srv, transport, options), await recordedTab(srv, transport, options)];
  t.after(() => tabs.forEach((r) => r.feed.dispose()));
  await Promise.all(tabs.map((r) => r.feed.connect()));

  srv.chaos.refuseWs();
  srv.chaos.dropWs();
  await waitFor(() => tabs.every((r) => r.feed.getConnectionInfo().state === 'polling'), { what: 'both polling' });
  const walk = (r) => r.statuses.map(({ state, previous, reason, source }) => ({ state, previous, reason, source }));
  assert.deepEqual(walk(tabs[0]), walk(tabs[1]));
  // (A short `connecting` while the first poll is in flight is allowed, §3.)
  assert.deepEqual(walk(tabs[0]).map((s) => s.state).filter((s) => s !== 'connecting'), ['connected', 'polling']);
  const at = tabs.map((r) => r.statuses.at(-1).wall);
  assert.ok(Math.abs(at[0] - at[1]) < 50, `the tabs heard "polling" ${Math.abs(at[0] - at[1])} ms apart`);

  const refused = srv.stats().rest.wsRefused;
  const { wsAttempts: attempts, wsFailures: failures } = tabs[0].feed.getConnectionInfo().counters;
  tabs[1].feed.retryNow();
  await waitFor(() => srv.stats().rest.wsRefused === refused + 1, { what: 'the attempt retryNow() made' });
  // Tab a sees it fail (a retryNow() while an attempt is under way adds none).
  await waitFor(() => tabs[0].feed.getConnectionInfo().counters.wsFailures === failures + 1, { what: 'tab a sees the attempt fail' });
  assert.equal(tabs[0].feed.getConnectionInfo().counters.wsAttempts, attempts + 1);
  // Both tabs' counters are the one engine's.
  assert.equal(tabs[1].feed.getConnectionInfo().counters.wsAttempts, attempts + 1);

  srv.chaos.restore();
  tabs[0].feed.retryNow();
  await waitFor(() => tabs.every((r) => r.feed.getConnectionInfo().state === 'connected'), { what: 'both Live' });
  assert.equal(srv.stats().rest.wsRefused, refused + 1);
  assert.deepEqual(walk(tabs[0]), walk(tabs[1]));
});

test('the hidden poll interval only while every tab is hidden; online comes from the worker', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const hubs = { current: startHub() };
  const transport = hubTransport(hubs);
  // Polling only: every 50 ms while visible, once a minute while hidden.
  const options = { wsUrl: '', pollIntervalMs: 50, hiddenPollIntervalMs: 60_000 };
  const a = await recordedTab(srv, transport, options);
  const b = await recordedTab(srv, transport, options);
  t.after(() => [a, b].forEach((r) => r.feed.dispose()));
  await Promise.all([a.feed.connect(), b.feed.connect()]);
  const polls = () => srv.stats().rest.restRequests;
  const hub = hubs.current.hub;

  b.doc.set('hidden'); // tab a is still visible: the engine keeps the visible pace
  const p0 = polls();
  await waitFor(() => polls() >= p0 + 4, { what: 'polls at the visible pace with one tab hidden' });
  assert.equal(hub.visible, true);

  a.doc.set('hidden'); // every tab hidden
  await waitFor(() => hub.visible === false, { what: 'the engine told: hidden' });
  const p1 = polls();
  b.doc.set('visible'); // a tab visible again: the engine polls at once and keeps the visible pace
  await waitFor(() => hub.visible === true, { what: 'the engine told: visible' });
  await waitFor(() => polls() >= p1 + 3, { what: 'polls after a tab became visible' });

  const attempts = hub.feed.getConnectionInfo().counters.polls;
  hubs.current.online.dispatchEvent(new Event('online')); // the worker's own navigator
  await waitFor(() => hub.feed.getConnectionInfo().counters.polls > attempts, { what: 'a poll on online' });
});

test('a silent tab is forgotten after forgetAfterMs; the socket closes as the last tab goes', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const handle = startHub({ pingMs: 25, forgetAfterMs: 300 });
  const transport = hubTransport({ current: handle });
  const a = await recordedTab(srv, transport);
  t.after(() => a.feed.dispose());
  await a.feed.connect();
  const crashed = rawTab(handle, { options: a.feed && { wsUrl: srv.wsUrl, pollUrl: `${srv.url}/api/oracle/prices` } });
  crashed.hello();
  await waitFor(() => crashed.of(protocol.TO_PAGE.welcome).length === 1, { what: 'the raw tab welcomed' });
  assert.equal(handle.hub.clientCount, 2);

  crashed.pong = false; // a crashed tab: no goodbye, no answer
  const t0 = Date.now();
  await waitFor(() => handle.hub.clientCount === 1, { what: 'the silent tab forgotten', timeoutMs: 3000 });
  const ms = Date.now() - t0;
  t.diagnostic(`forgotten ${ms} ms after its last answer (forgetAfterMs 300, pings every 25 ms)`);
  assert.ok(ms >= 250 && ms < 300 + 250, `forgotten after ${ms} ms`);
  assert.equal(srv.hub.stats().clients, 1, 'the other tab keeps the socket');

  const t1 = Date.now();
  a.feed.dispose(); // the last tab says goodbye
  await waitFor(() => srv.hub.stats().clients === 0, { what: 'the socket closed', timeoutMs: 1000 });
  t.diagnostic(`socket closed ${Date.now() - t1} ms after the last tab went`);
  assert.equal(handle.hub.clientCount, 0);
  assert.equal(handle.hub.feed.getConnectionInfo().counters.liveSockets, 0);
});

test('batches: one at a time per tab, the latest per symbol, one transferred Float64Array, paced at PACE_MS (HIDDEN_PACE_MS hidden)', async (t) => {
  // A frame every 2 ms and a flush every 2 ms: the engine batches faster than a tab is paced.
  const fast = await fastBackend(2);
  t.after(() => fast.close());
  const handle = startHub();
  const raw = rawTab(handle, { options: { wsUrl: fast.url, pollUrl: '', flushIntervalMs: 2, heartbeatTimeoutMs: 60_000 } });
  raw.hello();
  t.after(() => raw.link.post({ t: protocol.TO_WORKER.bye }));
  const prices = () => raw.of(protocol.TO_PAGE.prices);
  await waitFor(() => prices().length === 1, { what: 'the first batch' });
  const first = prices()[0];
  assert.ok(first.buf instanceof ArrayBuffer && first.buf.byteLength > 0 && first.buf.byteLength % (7 * 8) === 0);
  assert.ok(first.syms.length > 0 && first.syms.every((s) => typeof s === 'string'));

  // The tab has not said it took the batch: the engine keeps flushing, nothing crosses.
  const batches = () => handle.hub.feed.getConnectionInfo().counters.batches;
  let from = batches();
  await waitFor(() => batches() >= from + 20, { what: '20 more engine batches' });
  assert.equal(prices().length, 1, 'no batch before ready');
  raw.link.post({ t: protocol.TO_WORKER.ready });
  await waitFor(() => prices().length === 2, { what: 'the batch after ready' });
  const second = prices()[1];
  const ids = Array.from(new Float64Array(second.buf)).filter((_, i) => i % 7 === 0);
  assert.equal(new Set(ids).size, ids.length, 'one entry per symbol: the latest');
  assert.deepEqual(second.syms, [], 'symbol names cross once per link');

  // A tab that takes every batch at once still gets one per PACE_MS at most.
  const ready = () => raw.link.post({ t: protocol.TO_WORKER.ready });
  const autoReady = raw.link;
  const onmessage = (msg) => {
    raw.received.push(msg);
    if (msg.t === protocol.TO_PAGE.prices) ready();
    if (msg.t === protocol.TO_PAGE.ping) raw.link.post({ t: protocol.TO_WORKER.pong });
  };
  autoReady.onmessage = onmessage;
  ready();
  from = batches();
  const sent = prices().length;
  const t0 = Date.now();
  await waitFor(() => batches() >= from + 60, { what: '60 engine batches' });
  const n = prices().length - sent;
  const elapsed = Date.now() - t0;
  const made = batches() - from;
  t.diagnostic(`${made} engine batches, ${n} sent to the tab in ${elapsed} ms`);
  assert.ok(n >= 2 && n <= elapsed / protocol.PACE_MS + 2, `${n} batches in ${elapsed} ms`);
  assert.ok(n < made * 0.75, `the pace held back ${made - n} of ${made}`);

  // Hidden: one a second at most; visible again: the next one at once.
  raw.link.post({ t: protocol.TO_WORKER.visible, visible: false });
  await waitFor(() => batches() >= from + 60 + 5, { what: 'the hidden pace applies after the batch in flight' });
  const hiddenFrom = prices().length;
  const h0 = batches();
  await waitFor(() => batches() >= h0 + 80, { what: '80 engine batches while hidden' });
  assert.ok(prices().length - hiddenFrom <= 1, `${prices().length - hiddenFrom} batches while hidden`);
  const shown = prices().length;
  raw.link.post({ t: protocol.TO_WORKER.visible, visible: true });
  await waitFor(() => prices().length > shown, { what: 'a batch once visible', timeoutMs: protocol.HIDDEN_PACE_MS / 2 });
});
