/// Turns a feed's raw updates into the stream every instance serves: once per
/// tick, the latest update per symbol gets the symbol's next `seq` and goes on
/// the bus as one batch.
///
/// Why conflate here, at the source: a terminal only shows the latest price, so
/// 10,000 raw updates/s become at most (symbols x ticks/s) frames' worth per
/// client; and because the batch is cut once, every instance behind Redis sends
/// its clients identical batches with identical seqs.
///
/// Why seq starts at the clock (ms since the epoch at start): each symbol gets at
/// most one seq per tick and a tick is >= 1 ms, so a restarted publisher's seqs
/// are always above the previous run's, and clients never drop fresh prices
/// as old. With Redis, a new publisher also starts above the shared book's seqs.

///
/// With a Redis lease, a tick publishes only while the lease is held: a
/// process that wakes from a pause past its lease keeps its pending updates
/// and publishes nothing until Redis confirms the lease again (or, if another
/// instance took it, the server stops this publisher for good).

/**
 * @param {{ feed: object, bus: object, tickMs: number, now?: () => number, lastSeqs?: Map<string, number>,
 *           lease?: { id: string, key: string, held(): boolean, lose(reason: string): void } }} o
 */
export function createPublisher({ feed, bus, tickMs, now = Date.now, lastSeqs = new Map(), lease = null }) {
  const seqBase = now();
  const seqs = new Map(lastSeqs);
  /** @type {Map<string, object>} raw updates since the last tick, latest per symbol */
  let pending = new Map();
  let timer = null;
  let stats = { raw: 0, published: 0, batches: 0, withheld: 0, stopped: false };

  function nextSeq(symbol) {
    const s = Math.max((seqs.get(symbol) ?? 0) + 1, seqBase);
    seqs.set(symbol, s);
    return s;
  }

  function flush() {
    if (!pending.size || stats.stopped) return;
    if (lease && !lease.held()) {
      stats.withheld++;
      return;
    }
    const batch = [];
    for (const u of pending.values()) batch.push({ ...u, seq: nextSeq(u.symbol) });
    pending = new Map();
    stats.published += batch.length;
    stats.batches++;
    const sent = bus.publish(batch, feed.name, lease ? { id: lease.id, key: lease.key } : undefined);
    if (lease) sent.then((ok) => { if (!ok) lease.lose('fenced'); });
  }

  return {
    start() {
      feed.start((u) => {
        stats.raw++;
        pending.delete(u.symbol); // re-insert: batch order follows the latest arrival
        pending.set(u.symbol, u);
      });
      flush(); // the feed's opening quotes go out at once, not one tick later
      timer = setInterval(flush, tickMs);
    },
    stop() {
      stats.stopped = true;
      feed.stop();
      clearInterval(timer);
      timer = null;
    },
    flush,
    stats: () => ({ ...stats }),
  };
}
