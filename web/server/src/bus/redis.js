/// Redis bus: every batch goes out on one pub/sub channel, so any number of
/// instances serve the same stream with the same seqs. The latest update per
/// symbol is also kept in a hash, so an instance that starts (or a publisher
/// that takes over) begins from the shared book instead of an empty one.

import { createClient } from 'redis';

export const CHANNEL = 'qd:prices';
export const BOOK_KEY = 'qd:book';

/// Publish and store the batch only while the lease key holds the publisher's
/// id: Redis runs the script atomically, so no batch of a publisher that lost
/// its lease reaches the bus, however late its request arrives.
/// KEYS: lease, book. ARGV: lease id, channel, message, then symbol/value pairs.
const FENCED_PUBLISH = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('publish', ARGV[2], ARGV[3])
for i = 4, #ARGV, 2 do redis.call('hset', KEYS[2], ARGV[i], ARGV[i + 1]) end
return 1`;

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
    /// With `fence` (a lease: { id, key }), resolves false when the lease key
    /// held another id and nothing was published.
    async publish(updates, source, fence) {
      if (!pub.isReady) return true; // stale beats queueing unbounded while Redis is down
      const message = JSON.stringify({ source, by: fence?.id, updates });
      try {
        if (fence) {
          const pairs = updates.flatMap((u) => [u.symbol, JSON.stringify(u)]);
          const ok = await pub.eval(FENCED_PUBLISH, { keys: [fence.key, BOOK_KEY], arguments: [fence.id, CHANNEL, message, ...pairs] });
          return ok === 1;
        }
        const fields = {};
        for (const u of updates) fields[u.symbol] = JSON.stringify(u);
        await pub.multi().publish(CHANNEL, message).hSet(BOOK_KEY, fields).exec();
      } catch (err) {
        log('redis_publish_failed', { error: err.message });
      }
      return true;
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
