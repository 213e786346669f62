// Runs inside the one-feed benchmark page: a price client of one kind on a
// real WebSocket, its subscriber counting what reaches the page.
//   worker  the package, engine in the SharedWorker (runIn 'shared-worker')
//   page    the package, engine in this page (runIn 'page')
//   plain   JSON.parse + Map + a call per message (bench/ingest/plain-client.mjs)
import { createPriceFeed } from '/pricefeed/index.js';
import { PlainPriceClient } from '/bench/ingest/plain-client.mjs';

const silent = { log() {}, info() {}, warn() {}, error() {} };
/// The player sends no heartbeats and there is no REST fallback here.
const QUIET = { pollUrl: '', heartbeatTimeoutMs: 600_000, fallbackAfterMs: 600_000, logger: silent };
let current = null;

window.__bench = {
  /// Builds the client and waits until it is subscribed and has its snapshot.
  async prepare(kind, url, last) {
    let finish;
    const done = new Promise((r) => { finish = r; });
    const seen = { batches: 0, updates: 0 };
    const onBatch = (batch) => {
      seen.batches++;
      seen.updates += batch.length;
      for (const u of batch) if (u.symbol === last.symbol && u.seq >= last.seq) finish();
    };
    if (kind === 'plain') {
      const client = new PlainPriceClient();
      client.subscribe(onBatch);
      const ws = new WebSocket(url);
      ws.onmessage = client.onmessage;
      await new Promise((r) => { ws.onopen = r; });
      ws.send(JSON.stringify({ type: 'subscribe', channel: 'market_data' }));
      current = { done, seen, dispose: () => ws.close() };
      return 'open';
    }
    const feed = await createPriceFeed({ ...QUIET, wsUrl: url, runIn: kind === 'worker' ? 'shared-worker' : 'page' });
    feed.subscribe('market_data_update', onBatch);
    const state = await feed.connect();
    current = { done, seen, dispose: () => feed.dispose() };
    return state;
  },
  /// The timed part's end: the last update reached the subscriber.
  async run() {
    await current.done;
    return { ...current.seen };
  },
  finish() {
    current.dispose();
    current = null;
  },
  /// A tab of the socket/memory part: a feed that stays.
  async open(url, runIn) {
    const feed = await createPriceFeed({ wsUrl: url, pollUrl: '', runIn, logger: silent });
    window.__feed = feed;
    return feed.connect();
  },
};
