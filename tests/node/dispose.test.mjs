// dispose(): safe twice, safe inside a callback, and silent for good even
// while a poll is in flight and a socket is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pkg, startBackend, recordedFeed, waitFor } from './helpers.mjs';

test('dispose during an in-flight poll and an open socket: no late callback, no crash, module still sound', async () => {
  const srv = await startBackend();
  let closed = false;
  try {
    srv.chaos.pollHang(); // the forced poll below will sit in flight
    const rec = await recordedFeed(srv);
    let late = 0;
    await rec.feed.connect();
    rec.feed.startFallbackPolling(undefined, 100);
    await waitFor(() => {
      const c = rec.feed.getConnectionInfo().counters;
      return c.liveSockets === 1 && c.pollsInFlight === 1;
    }, { what: 'an open socket and a poll in flight' });
    await waitFor(() => rec.batches.length >= 2, { what: 'batches' });

    rec.feed.subscribe('market_data_update', () => late++);
    rec.feed.subscribe('status', () => late++);
    const counts = { batches: rec.batches.length, statuses: rec.statuses.length, lines: rec.lines.length };
    rec.feed.dispose();
    rec.feed.dispose();
    assert.equal(rec.feed.getConnectionInfo().state, 'disconnected');
    assert.equal(rec.feed.getConnectionInfo().reason, 'disposed');
    assert.equal(rec.feed.getConnectionStatus(), false);
    assert.deepEqual(rec.feed.getPrices(), {});
    assert.equal(rec.feed.getPrice('BTC'), undefined);
    // Every method is a no-op now.
    rec.feed.retryNow();
    rec.feed.subscribeSymbols(['BTC']);
    rec.feed.startFallbackPolling();
    rec.feed.stopFallbackPolling();
    rec.feed.disconnect();
    await rec.feed.connect();
    assert.equal((await pkg.memoryStats()).orphanedPolls, 1);

    // The hung poll completes now (the server cuts every connection): its
    // completion must find the orphaned context and drop the result.
    await srv.close();
    closed = true;
    await waitFor(async () => (await pkg.memoryStats()).orphanedPolls === 0, { what: 'the orphan to complete' });
    assert.equal(late, 0);
    assert.deepEqual(
      { batches: rec.batches.length, statuses: rec.statuses.length, lines: rec.lines.length },
      counts,
      'a callback fired after dispose',
    );

    // The module is still sound: a new feed on a new server works.
    const srv2 = await startBackend();
    try {
      const rec2 = await recordedFeed(srv2);
      await rec2.feed.connect();
      assert.equal(rec2.feed.getConnectionInfo().state, 'connected');
      rec2.feed.dispose();
    } finally {
      await srv2.close();
    }
  } finally {
    if (!closed) await srv.close();
  }
});

test('dispose from inside a status callback and a price callback', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());

  const a = await recordedFeed(srv);
  let afterA = 0;
  let disposedA = false;
  a.feed.subscribe('status', (e) => {
    if (disposedA) afterA++;
    if (e.state === 'connected') {
      a.feed.dispose();
      a.feed.dispose();
      disposedA = true;
    }
  });
  a.feed.subscribe('market_data_update', () => { if (disposedA) afterA++; });
  await a.feed.connect();
  assert.equal(disposedA, true);

  const b = await recordedFeed(srv);
  let afterB = 0;
  let disposedB = false;
  b.feed.subscribe('market_data_update', () => {
    if (disposedB) afterB++;
    if (!disposedB) {
      disposedB = true;
      b.feed.dispose();
    }
  });
  b.feed.subscribe('status', () => { if (disposedB) afterB++; });
  await b.feed.connect();
  await waitFor(() => disposedB, { what: 'the first batch' });

  // Something else keeps flowing: a third feed sees 10 batches meanwhile.
  const c = await recordedFeed(srv);
  t.after(() => c.feed.dispose());
  await c.feed.connect();
  await waitFor(() => c.batches.length >= 10, { what: 'ten batches on another feed' });
  assert.equal(afterA, 0);
  assert.equal(afterB, 0);
  assert.equal(a.feed.getConnectionInfo().reason, 'disposed');
  assert.equal(b.feed.getConnectionInfo().reason, 'disposed');
});

test('a throwing subscriber is reported, not fatal: other subscribers and the feed go on', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const rec = await recordedFeed(srv);
  t.after(() => rec.feed.dispose());
  rec.feed.subscribe('market_data_update', () => {
    throw new Error('subscriber bug');
  });
  await rec.feed.connect();
  await waitFor(() => rec.batches.length >= 5, { what: 'five batches despite the throwing subscriber' });
  assert.ok(rec.lines.some((l) => l.level === 'error' && l.text.includes('subscriber bug')));
  assert.equal(rec.feed.getConnectionInfo().state, 'connected');
});

test('a throwing logger is not fatal: nothing unwinds through the engine, the feed goes on', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  let calls = 0;
  const boom = () => {
    calls++;
    throw new Error('logger bug');
  };
  const rec = await recordedFeed(srv, { logger: { info: boom, warn: boom, error: boom } });
  t.after(() => rec.feed.dispose());
  rec.feed.subscribe('market_data_update', () => {
    throw new Error('subscriber bug'); // reported to the same throwing logger
  });
  await rec.feed.connect();
  await waitFor(() => rec.batches.length >= 5, { what: 'five batches despite the throwing logger' });
  assert.ok(calls > 0, 'the logger was called');
  assert.equal(rec.feed.getConnectionInfo().state, 'connected');
  // A state change after the throws is still performed and reported.
  rec.feed.disconnect();
  assert.equal(rec.feed.getConnectionInfo().state, 'disconnected');
  assert.equal(rec.statuses.at(-1).state, 'disconnected');
});
