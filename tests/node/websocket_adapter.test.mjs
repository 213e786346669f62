// The WebSocket adapter's platform quirks, with a WebSocket implementation
// that behaves like the awkward ones: Node's own (an error before open and
// never a close) and one whose constructor throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import WsClient from 'ws';
import { startBackend, recordedFeed, waitFor } from './helpers.mjs';

const quirks = { throwOnConstruct: false, constructed: 0, errorsBeforeOpen: 0, closeEventsSwallowed: 0 };

/// `ws`, but (1) before open, `close` events are never delivered, as with
/// Node's built-in WebSocket on a refused connection, and (2) the constructor
/// throws while `throwOnConstruct` is set.
class AwkwardWebSocket extends WsClient {
  constructor(url, protocols) {
    if (quirks.throwOnConstruct) throw new SyntaxError('this platform rejects the URL');
    super(url, protocols);
    quirks.constructed++;
  }
  set onclose(fn) {
    super.onclose = fn && ((e) => {
      if (this.wasOpen) fn(e);
      else quirks.closeEventsSwallowed++;
    });
  }
  get onclose() { return super.onclose; }
  set onopen(fn) {
    super.onopen = fn && ((e) => {
      this.wasOpen = true;
      fn(e);
    });
  }
  get onopen() { return super.onopen; }
  set onerror(fn) {
    super.onerror = fn && ((e) => {
      if (!this.wasOpen) quirks.errorsBeforeOpen++;
      fn(e);
    });
  }
  get onerror() { return super.onerror; }
}

test('an error before open without any close event is a failed attempt; the adapter deletes the socket', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  srv.chaos.refuseWs();
  const rec = await recordedFeed(srv, { WebSocket: AwkwardWebSocket, backoff: { initialMs: 30, maxMs: 60, jitter: 0 } });
  t.after(() => rec.feed.dispose());
  assert.ok(globalThis.WebSocket === AwkwardWebSocket || Object.getPrototypeOf(globalThis.WebSocket) === AwkwardWebSocket);
  await rec.feed.connect();
  await waitFor(() => rec.feed.getConnectionInfo().state === 'polling', { what: 'polling' });
  // The search goes on on the schedule: attempts keep failing and each one's
  // socket is released although no close event ever reached the adapter.
  await waitFor(() => rec.feed.getConnectionInfo().counters.wsAttempts >= 4, { what: 'four attempts' });
  assert.ok(quirks.errorsBeforeOpen >= 3, `${quirks.errorsBeforeOpen} errors before open`);
  // Without the adapter releasing a socket on an error before open, every
  // attempt would leave one behind (the engine sends no close for it).
  assert.ok(rec.feed.getConnectionInfo().counters.liveSockets <= 1);
  assert.ok(rec.feed.getConnectionInfo().counters.wsFailures >= 3);

  srv.chaos.restore();
  await waitFor(() => rec.feed.getConnectionInfo().state === 'connected', { what: 'connected once the server accepts' });
});

test('a WebSocket constructor that throws is a failed attempt, not a crash', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  quirks.throwOnConstruct = true;
  t.after(() => { quirks.throwOnConstruct = false; });
  const rec = await recordedFeed(srv, { WebSocket: AwkwardWebSocket, backoff: { initialMs: 30, maxMs: 60, jitter: 0 } });
  t.after(() => rec.feed.dispose());
  const constructed = quirks.constructed;
  await rec.feed.connect();
  await waitFor(() => rec.feed.getConnectionInfo().state === 'polling', { what: 'polling by REST' });
  assert.equal(rec.feed.getConnectionInfo().reason, 'ws_unreachable');
  await waitFor(() => rec.feed.getConnectionInfo().counters.wsAttempts >= 3, { what: 'retries go on' });
  assert.equal(rec.feed.getConnectionInfo().counters.liveSockets, 0);
  assert.equal(quirks.constructed, constructed);

  quirks.throwOnConstruct = false;
  await waitFor(() => rec.feed.getConnectionInfo().state === 'connected', { what: 'connected once construction works' });
});

test('options.WebSocket is what the engine dials with, even where a global exists that cannot', async (t) => {
  const srv = await startBackend();
  t.after(() => srv.close());
  const global = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');
  // jsdom's global in Vitest, say: present, and useless for dialling.
  globalThis.WebSocket = class { constructor() { throw new Error('this global cannot dial'); } };
  t.after(() => {
    if (global) Object.defineProperty(globalThis, 'WebSocket', global);
    else delete globalThis.WebSocket;
  });
  const rec = await recordedFeed(srv, { WebSocket: WsClient });
  t.after(() => rec.feed.dispose());
  assert.equal(await rec.feed.connect(), 'connected');
});
