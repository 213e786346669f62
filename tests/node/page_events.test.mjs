// `online`, `offline` and `visibilitychange` reach the engine through the JS
// layer (here from stand-in event targets instead of a page's window/document).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startBackend, recordedFeed, waitFor } from './helpers.mjs';

function fakePage(visibilityState = 'visible') {
  const window = new EventTarget();
  const document = new EventTarget();
  document.visibilityState = visibilityState;
  return { window, document };
}

/// A WebSocket retry this far away cannot explain a reconnect within the test.
const SLOW_BACKOFF = { initialMs: 5000, maxMs: 5000, jitter: 0 };

test('online: the WebSocket is retried at once instead of at the next backoff slot', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  srv.chaos.refuseWs();
  const page = fakePage();
  const rec = await recordedFeed(srv, { pageEvents: page, backoff: SLOW_BACKOFF });
  t.after(() => rec.feed.dispose());
  await rec.feed.connect();
  await waitFor(() => rec.feed.getConnectionInfo().state === 'polling', { what: 'polling' });
  assert.ok(rec.feed.getConnectionInfo().nextRetryInMs > 4000);

  page.window.dispatchEvent(new Event('offline'));
  assert.ok(rec.lines.some((l) => l.text.includes('offline')), 'offline is noted');
  assert.equal(rec.feed.getConnectionInfo().counters.wsAttempts, 1, 'offline alone retries nothing');

  srv.chaos.restore();
  const t0 = Date.now();
  page.window.dispatchEvent(new Event('online'));
  await waitFor(() => rec.feed.getConnectionInfo().state === 'connected', { what: 'connected after online', timeoutMs: 2000 });
  assert.ok(Date.now() - t0 < 2000);
  assert.equal(rec.feed.getConnectionInfo().counters.wsAttempts, 2);
});

test('hidden: polls slow to hiddenPollIntervalMs; visible: an immediate poll and WebSocket retry', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  srv.chaos.refuseWs();
  const page = fakePage();
  const rec = await recordedFeed(srv, { pageEvents: page, backoff: SLOW_BACKOFF, pollIntervalMs: 50, hiddenPollIntervalMs: 60000 });
  t.after(() => rec.feed.dispose());
  await rec.feed.connect();
  await waitFor(() => rec.feed.getConnectionInfo().counters.polls >= 3, { what: 'three polls' });

  page.document.visibilityState = 'hidden';
  page.document.dispatchEvent(new Event('visibilitychange'));
  const counters = () => rec.feed.getConnectionInfo().counters;
  const hiddenAt = counters().polls;
  // 400 ms = 8 visible intervals: at most the poll already scheduled may run.
  await new Promise((r) => setTimeout(r, 400));
  assert.ok(counters().polls <= hiddenAt + 1, `${counters().polls - hiddenAt} polls while hidden`);

  const polls = counters().polls;
  const attempts = counters().wsAttempts;
  page.document.visibilityState = 'visible';
  page.document.dispatchEvent(new Event('visibilitychange'));
  // Synchronously: the engine acted inside the event.
  assert.equal(counters().polls, polls + 1, 'an immediate poll on becoming visible');
  assert.equal(counters().wsAttempts, attempts + 1, 'an immediate WebSocket retry on becoming visible');
});

test('a page that starts hidden polls at the hidden interval from the start', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  srv.chaos.refuseWs();
  const rec = await recordedFeed(srv, { pageEvents: fakePage('hidden'), backoff: SLOW_BACKOFF, pollIntervalMs: 50, hiddenPollIntervalMs: 60000 });
  t.after(() => rec.feed.dispose());
  await rec.feed.connect();
  await waitFor(() => rec.feed.getConnectionInfo().state === 'polling', { what: 'polling' });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(rec.feed.getConnectionInfo().counters.polls, 1, 'only the immediate first poll');
});

test('dispose unhooks the page events', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const page = fakePage();
  const rec = await recordedFeed(srv, { pageEvents: page });
  await rec.feed.connect();
  rec.feed.dispose();
  const lines = rec.lines.length;
  page.window.dispatchEvent(new Event('offline'));
  page.window.dispatchEvent(new Event('online'));
  page.document.dispatchEvent(new Event('visibilitychange'));
  assert.equal(rec.lines.length, lines);
});
