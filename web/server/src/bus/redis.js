/// Redis bus: every batch goes out on one pub/sub channel, so any number of
/// instances serve the same stream with the same seqs. The latest update per
/// symbol is also kept in a hash, so an instance that starts (or a publisher
/// that takes over) begins from the shared book instead of an empty one.

import { createClient } from 'redis';

export const CHANNEL = 'qd:prices';
export const BOOK_KEY = 'qd:book';

/**
 * @param {{ url: string, log: Function }} o
 */
export async function createRedisBus({ url, log }) {
  const pub = createClient({ url });
  const sub = pub.duplicate();
  const handlers = new Set();
  let lastError = '';
  for (const [role, c] of [['pub', pub], ['sub', sub]]) {
    // Without an error listener a lost connection would crash the process;
    // the client reconnects by itself, and prices go stale meanwhile.
    c.on('error', (err) => {
      if (err.message !== lastError) log('redis_error', { role, error: err.message });
      lastError = err.message;
    });
    c.on('ready', () => {
      if (lastError) log('redis_ready', { role });
      lastError = '';
    });
  }
  await Promise.all([pub.connect(), sub.connect()]);
  await sub.subscribe(CHANNEL, (message) => {
    let updates, source;
    try {
      ({ updates, source } = JSON.parse(message));
    } catch {
      log('redis_bad_message', { bytes: message.length });
      return;
    }
    if (!Array.isArray(updates)) return;
    for (const h of handlers) h(updates, typeof source === 'string' ? source : undefined);
  });

  return {
    kind: 'redis',
    client: pub,
    publish(updates, source) {
      if (!pub.isReady) return; // stale beats queueing unbounded while Redis is down
      const m = pub.multi();
      m.publish(CHANNEL, JSON.stringify({ source, updates }));
      const fields = {};
      for (const u of updates) fields[u.symbol] = JSON.stringify(u);
      m.hSet(BOOK_KEY, fields);
      m.exec().catch((err) => log('redis_publish_failed', { error: err.message }));
    },
    onBatch(h) {
      handlers.add(h);
      return () => handlers.delete(h);
    },
    async loadBook() {
      const all = await pub.hGetAll(BOOK_KEY);
      const out = [];
      for (const v of Object.values(all)) {
        try { out.push(JSON.parse(v)); } catch { /* a foreign value: ignore */ }
      }
      return out;
    },
    async close() {
      handlers.clear();
      await Promise.allSettled([sub.quit(), pub.quit()]);
    },
  };
}
