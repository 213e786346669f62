// The WebSocket goes away (killed, silent, refused, overloaded) and comes
// back: polling carries the prices without a gap, and the switch back
// neither moves a price backwards nor delivers one twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBackend, recordedFeed, waitFor, checkMonotonic, maxGap, FAST } from './helpers.mjs';

/// What a poll may add to the interval: a loopback round trip plus a busy
/// 2-core machine's scheduling delays.
const LATENCY_MS = 250;

test('WebSocket killed -> polling with no gap longer than one poll interval + latency; back -> connected, polling stopped, no backwards, no duplicate', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const rec = await recordedFeed(srv);
  t.after(() => rec.feed.dispose());
  await rec.feed.connect();
  await waitFor(() => rec.batches.length >= 5, { what: 'live batches' });

  // Kill it and keep it dead: every new upgrade gets a 503.
  srv.chaos.refuseWs();
  const killedAt = Date.now();
  const lastWsBatch = rec.batches.at(-1).at;
  srv.chaos.dropWs();
  await waitFor(() => rec.feed.getConnectionInfo().state === 'polling', { what: 'state polling' });
  const pollsAtSwitch = rec.feed.getConnectionInfo().counters.polls;
  await waitFor(() => rec.feed.getConnectionInfo().counters.polls >= pollsAtSwitch + 6, { what: 'six more polls' });
  const pollingUntil = Date.now();

  const firstPollBatch = rec.batches.find((b) => b.at > killedAt && b.batch[0].source === 'poll');
  assert.ok(firstPollBatch, 'prices arrived by polling');
  const { gap, count } = maxGap(rec.batches, lastWsBatch, pollingUntil);
  t.diagnostic(`largest gap from the last WebSocket batch through polling: ${gap} ms over ${count} batches`);
  assert.ok(count >= 6, `only ${count} batches while polling`);
  assert.ok(gap <= FAST.pollIntervalMs + LATENCY_MS, `largest gap ${gap} ms > ${FAST.pollIntervalMs} + ${LATENCY_MS}`);
  const polled = rec.updates.filter((u) => u.at > killedAt);
  assert.ok(polled.every((u) => u.source === 'poll'), 'only polled prices while the WebSocket is refused');
  const info = rec.feed.getConnectionInfo();
  assert.equal(info.available, true);
  assert.equal(info.connected, false);
  assert.equal(rec.feed.getConnectionStatus(), false);
  assert.ok(info.counters.wsAttempts >= 2, 'the WebSocket search goes on while polling');

  // Back: the next attempt (backoff capped at 400 ms) gets the snapshot.
  srv.chaos.restore();
  const restoredAt = Date.now();
  await waitFor(() => rec.feed.getConnectionInfo().state === 'connected', { what: 'connected again' });
  const back = rec.feed.getConnectionInfo();
  assert.equal(back.polling, false);
  assert.equal(back.counters.pollsInFlight, 0);
  const pollsWhenBack = back.counters.polls;
  const seen = rec.batches.length;
  // Twenty WebSocket batches span several poll intervals: no poll may start.
  await waitFor(() => rec.batches.length >= seen + 20, { what: 'WebSocket batches after the switch' });
  assert.equal(rec.feed.getConnectionInfo().counters.polls, pollsWhenBack);
  assert.ok(rec.updates.filter((u) => u.at > restoredAt).some((u) => u.source === 'ws'));
  assert.equal(checkMonotonic(rec.updates), null, 'a price moved backwards or came twice');

  const states = rec.statuses.map((s) => s.state);
  assert.deepEqual(states.slice(0, 1), ['connected']);
  assert.equal(states.at(-1), 'connected');
  assert.ok(states.includes('polling'));
});

test('a socket that stays open but goes silent is detected and failed over', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const rec = await recordedFeed(srv);
  t.after(() => rec.feed.dispose());
  await rec.feed.connect();
  await waitFor(() => rec.batches.length >= 3, { what: 'live batches' });

  srv.chaos.silenceWs(); // open, but no prices, no heartbeats, no pongs
  const silencedAt = Date.now();
  const timeout = await waitFor(() => rec.statuses.find((s) => s.reason === 'heartbeat_timeout'), { what: 'heartbeat_timeout' });
  const detectedIn = timeout.wall - silencedAt;
  t.diagnostic(`silence detected after ${detectedIn} ms`);
  // The last message came at most one tick before the silence.
  assert.ok(detectedIn >= FAST.heartbeatTimeoutMs - 50, `detected after only ${detectedIn} ms`);
  assert.ok(detectedIn <= FAST.heartbeatTimeoutMs + LATENCY_MS, `detected after ${detectedIn} ms`);
  await waitFor(() => rec.updates.some((u) => u.source === 'poll' && u.at > silencedAt), { what: 'polled prices' });
  assert.equal(rec.feed.getConnectionInfo().state, 'polling');

  srv.chaos.restore();
  await waitFor(() => rec.feed.getConnectionInfo().state === 'connected', { what: 'connected again' });
  assert.equal(checkMonotonic(rec.updates), null);
});

test('close 1013 (try again later) backs off to the cap; other codes retry on the schedule', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const rec = await recordedFeed(srv);
  t.after(() => rec.feed.dispose());
  await rec.feed.connect();

  srv.chaos.closeWs(1013);
  const overloaded = await waitFor(() => rec.statuses.find((s) => s.reason === 'server_overloaded'), { what: 'server_overloaded' });
  assert.equal(overloaded.nextRetryInMs, FAST.backoff.maxMs); // jitter 0: exactly the cap
  await waitFor(() => rec.feed.getConnectionInfo().state === 'connected', { what: 'connected after 1013' });

  const before = rec.statuses.length;
  srv.chaos.closeWs(1012); // service restart: an ordinary close
  const closed = await waitFor(() => rec.statuses.slice(before).find((s) => s.reason === 'ws_closed'), { what: 'ws_closed' });
  assert.ok(closed.nextRetryInMs < FAST.backoff.maxMs, `retry in ${closed.nextRetryInMs} ms`);
  await waitFor(() => rec.feed.getConnectionInfo().state === 'connected', { what: 'connected after 1012' });
  assert.equal(checkMonotonic(rec.updates), null);
});

test('a refused first attempt engages polling at once (the first poll is immediate)', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  srv.chaos.refuseWs();
  const rec = await recordedFeed(srv, { backoff: { initialMs: 5000, maxMs: 5000, jitter: 0 } });
  t.after(() => rec.feed.dispose());
  const started = Date.now();
  await rec.feed.connect();
  await waitFor(() => rec.feed.getConnectionInfo().state === 'polling', { what: 'state polling' });
  const elapsed = Date.now() - started;
  // Far below fallbackAfterMs and the 5 s retry: the failed attempt itself engaged polling.
  assert.ok(elapsed < FAST.fallbackAfterMs, `polling after ${elapsed} ms`);
  const info = rec.feed.getConnectionInfo();
  assert.equal(info.counters.wsAttempts, 1);
  assert.ok(info.nextRetryInMs > 4000 && info.nextRetryInMs <= 5000, `next retry in ${info.nextRetryInMs}`);
  assert.equal(info.reason, 'ws_unreachable');
});
