// 4401 unauthorized: no reconnect storm. Without a session cookie both the
// WebSocket (error frame + close 4401) and the polls (HTTP 401) are refused,
// so the feed stops in `error` until a user action, instead of retrying.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBackend, recordedFeed, waitFor } from './helpers.mjs';

test('4401 + 401: state error, one WebSocket attempt, no retries until retryNow()/credentialsChanged()', async (t) => {
  const srv = await startBackend({ auth: 'jwt', jwtSecret: 'test-secret-0123456789' });
  t.after(() => srv.close());
  // Backoff of 20 ms: a feed that retried on the schedule would make dozens
  // of attempts in the window below.
  const rec = await recordedFeed(srv, { backoff: { initialMs: 20, maxMs: 40, jitter: 0 }, pollIntervalMs: 50 });
  t.after(() => rec.feed.dispose());
  await rec.feed.connect();
  await waitFor(() => rec.feed.getConnectionInfo().state === 'error', { what: 'state error' });
  let info = rec.feed.getConnectionInfo();
  assert.equal(info.reason, 'unauthorized');
  assert.equal(info.failed, true);
  assert.equal(info.counters.wsAttempts, 1);
  const polls = info.counters.polls;
  assert.ok(polls >= 1 && polls <= 2, `${polls} polls`);
  // The only retry left is the 5-minute auth retry.
  assert.ok(info.nextRetryInMs > 290000, `next retry in ${info.nextRetryInMs} ms`);

  const linesAtError = rec.lines.length;
  assert.ok(linesAtError <= 3, JSON.stringify(rec.lines.map((l) => l.text), null, 1));

  // 500 ms = 25 backoff slots: nothing may happen by itself.
  const refusedBefore = srv.stats().rest.restUnauthorized;
  await new Promise((r) => setTimeout(r, 500));
  info = rec.feed.getConnectionInfo();
  assert.equal(info.counters.wsAttempts, 1);
  assert.equal(info.counters.polls, polls);
  assert.equal(srv.stats().rest.restUnauthorized, refusedBefore);
  assert.equal(srv.stats().rest.restRequests, polls);
  assert.equal(rec.lines.length, linesAtError, 'silent while nothing changes');

  // A user action: exactly one more attempt, refused again.
  rec.feed.retryNow();
  await waitFor(() => rec.feed.getConnectionInfo().counters.wsAttempts === 2, { what: 'the retryNow attempt' });
  await waitFor(() => {
    const i = rec.feed.getConnectionInfo();
    return i.state === 'error' && i.counters.liveSockets === 0 && i.counters.pollsInFlight === 0;
  }, { what: 'error again' });
  rec.feed.credentialsChanged();
  await waitFor(() => rec.feed.getConnectionInfo().counters.wsAttempts === 3, { what: 'the credentialsChanged attempt' });
  await waitFor(() => rec.feed.getConnectionInfo().state === 'error', { what: 'error again' });
  assert.equal(rec.feed.getConnectionInfo().counters.wsAttempts, 3);

  // Console: per user action one line per state change (error -> connecting
  // -> disconnected -> error), the repeated error kind itself stays throttled.
  assert.ok(rec.lines.length <= linesAtError + 6, JSON.stringify(rec.lines.map((l) => l.text), null, 1));
});
