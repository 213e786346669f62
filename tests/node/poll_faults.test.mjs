// With the WebSocket refused, the polls fail every way a server can fail:
// 500, 429 + Retry-After, a garbage body, no answer at all. The feed says
// `disconnected`, keeps the console quiet, backs off, then recovers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBackend, recordedFeed, waitFor, FAST } from './helpers.mjs';

/// Per outage: the first occurrence of each error kind and one line per state
/// change (contract §2: a 10-minute outage prints at most 12 lines).
const MAX_LINES_PER_OUTAGE = 4;

/**
 * Runs one outage: the WebSocket refused throughout, `fault` applied to the
 * polls, `failures` failed polls awaited, then everything restored.
 */
async function outage(t, fault, { failures = 4, expectReason, feedOptions = {}, check } = {}) {
  const srv = await startBackend();
  t.after(() => srv.close());
  srv.chaos.refuseWs();
  const rec = await recordedFeed(srv, feedOptions);
  t.after(() => rec.feed.dispose());
  await rec.feed.connect();
  await waitFor(() => rec.feed.getConnectionInfo().state === 'polling', { what: 'polling' });
  const linesBefore = rec.lines.length;
  const failuresBefore = rec.feed.getConnectionInfo().counters.pollFailures;

  fault(srv);
  // The poll failure is what ends `polling`; later WebSocket failures may
  // update the reason while the state stays `disconnected`.
  const change = await waitFor(() => rec.statuses.find((s) => s.previous === 'polling' && s.state === 'disconnected'), {
    what: 'polling -> disconnected', timeoutMs: 8000,
  });
  assert.equal(change.reason, expectReason);
  assert.equal(change.source, 'none');
  const info = rec.feed.getConnectionInfo();
  assert.equal(info.state, 'disconnected');
  assert.equal(info.failed, true);
  assert.equal(info.available, false);
  await waitFor(() => rec.feed.getConnectionInfo().counters.pollFailures >= failuresBefore + failures, {
    what: `${failures} failed polls`, timeoutMs: 10000,
  });
  const outageLines = rec.lines.slice(linesBefore);
  assert.ok(outageLines.length <= MAX_LINES_PER_OUTAGE, JSON.stringify(outageLines.map((l) => l.text), null, 1));
  if (check) await check(srv, rec);

  const batchesBefore = rec.batches.length;
  srv.chaos.restore();
  // Polls recover, then (contract §2) the WebSocket is retried at once.
  await waitFor(() => rec.feed.getConnectionInfo().state === 'connected', { what: 'connected after recovery', timeoutMs: 8000 });
  assert.ok(rec.batches.length > batchesBefore, 'prices again');
  return rec;
}

test('polls answered 500 -> disconnected (poll_failed), quiet, then recovery', async (t) => {
  await outage(t, (srv) => srv.chaos.poll500(), { expectReason: 'poll_failed' });
});

test('polls answered 429 + Retry-After -> the feed waits at least Retry-After between polls', async (t) => {
  await outage(t, (srv) => srv.chaos.poll429(1), {
    expectReason: 'poll_rate_limited',
    failures: 1,
    async check(srv, rec) {
      // From one rate-limited poll to the third, at least 2 x Retry-After.
      const counters = () => rec.feed.getConnectionInfo().counters;
      const start = counters().pollFailures;
      await waitFor(() => counters().pollFailures >= start + 1, { what: 'a 429', timeoutMs: 5000 });
      const t0 = Date.now();
      await waitFor(() => counters().pollFailures >= start + 3, { what: 'two more 429s', timeoutMs: 6000 });
      const elapsed = Date.now() - t0;
      assert.ok(elapsed >= 2 * 1000 - 20, `two polls within ${elapsed} ms despite Retry-After: 1`);
    },
  });
});

test('polls answered with a garbage body -> disconnected (poll_failed), counted, then recovery', async (t) => {
  await outage(t, (srv) => srv.chaos.pollGarbage(), { expectReason: 'poll_failed' });
});

test('polls that never answer are abandoned after pollTimeoutMs, orphans drain, then recovery', async (t) => {
  const rec = await outage(t, (srv) => srv.chaos.pollHang(), {
    expectReason: 'poll_timeout',
    failures: 2,
    async check(srv, rec) {
      const c = rec.feed.getConnectionInfo().counters;
      assert.ok(c.orphanedPolls >= 1, 'an abandoned poll is still in flight');
    },
  });
  // The transport's own limit (2 x pollTimeoutMs) completes the orphans;
  // their completion finds an orphaned context, not freed memory.
  await waitFor(() => rec.feed.getConnectionInfo().counters.orphanedPolls === 0, {
    what: 'orphaned polls to complete', timeoutMs: 4 * FAST.pollTimeoutMs + 2000,
  });
});
