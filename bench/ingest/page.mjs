// Runs inside the benchmark page: the same recorded frames through (a) the
// wasm package's full path and (b) the plain client, each frame delivered as
// its own task, as a browser delivers WebSocket messages.
import { createPriceFeed, memoryStats } from '/pricefeed/index.js';
import { PlainPriceClient } from '/bench/ingest/plain-client.mjs';

/// A WebSocket stand-in that the page feeds by hand; the engine's adapter
/// uses the onopen/onmessage properties like on a real socket.
class FakeSocket {
  static last = null;
  constructor(url) {
    this.url = url; this.readyState = 0; this.binaryType = 'blob'; this.sent = [];
    FakeSocket.last = this;
    setTimeout(() => { this.readyState = 1; this.onopen?.({ type: 'open' }); }, 0);
  }
  send(text) {
    this.sent.push(text);
    if (String(text).includes('"subscribe"')) setTimeout(() => this.onmessage?.({ data: window.__stream.snapshot }), 0);
  }
  close(code = 1000) { this.readyState = 3; }
  addEventListener() {}
  removeEventListener() {}
}
FakeSocket.CONNECTING = 0; FakeSocket.OPEN = 1; FakeSocket.CLOSING = 2; FakeSocket.CLOSED = 3;

/// One frame per macrotask (MessageChannel: no 4 ms timer clamp).
function pump(frames, deliver) {
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    let i = 0;
    ch.port1.onmessage = () => {
      deliver(frames[i++]);
      if (i < frames.length) ch.port2.postMessage(0); else { ch.port1.close(); resolve(); }
    };
    ch.port2.postMessage(0);
  });
}

const silent = { log() {}, info() {}, warn() {}, error() {}, debug() {} };
let current = null;

window.__bench = {
  setStream(stream) { window.__stream = stream; },
  /// Builds the side and waits until it is live, outside the timed part.
  async prepare(kind) {
    const { last } = window.__stream;
    let finish;
    const done = new Promise((r) => { finish = r; });
    const seen = { batches: 0, updates: 0 };
    const onBatch = (batch) => {
      seen.batches++; seen.updates += batch.length;
      for (const u of batch) if (u.symbol === last.symbol && u.seq === last.seq) finish();
    };
    if (kind === 'wasm') {
      window.WebSocket = FakeSocket;
      // runIn 'page': the hand-fed socket is this page's; a worker would dial its own.
      const feed = await createPriceFeed({ wsUrl: 'ws://127.0.0.1:9/ws', pollUrl: '/no-poll', logger: silent, runIn: 'page' });
      feed.subscribe('market_data_update', onBatch);
      await feed.connect();
      const t = performance.now();
      while (feed.getConnectionInfo().state !== 'connected') {
        if (performance.now() - t > 5000) throw new Error(`wasm feed not connected: ${JSON.stringify(feed.getConnectionInfo())}`);
        await new Promise((r) => setTimeout(r, 5));
      }
      const sock = FakeSocket.last;
      current = { deliver: (f) => sock.onmessage({ data: f }), done, seen, dispose: () => feed.dispose(), info: () => feed.getConnectionInfo() };
    } else {
      const client = new PlainPriceClient();
      client.subscribe(onBatch);
      client.handle(window.__stream.snapshot);
      current = { deliver: (f) => client.onmessage({ data: f }), done, seen, dispose: () => {}, info: () => ({ dropped: client.dropped }) };
    }
    seenReset(seen);
  },
  /// The timed part: every frame, then until the last update reached the subscriber.
  async run() {
    const t0 = performance.now();
    await pump(window.__stream.frames, current.deliver);
    await current.done;
    const wallMs = performance.now() - t0;
    return { wallMs, batches: current.seen.batches, updates: current.seen.updates };
  },
  async finish() {
    const info = current.info();
    current.dispose();
    current = null;
    const mem = await memoryStats().catch(() => null);
    return { info, mem };
  },
};
function seenReset(seen) { seen.batches = 0; seen.updates = 0; }
