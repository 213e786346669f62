// The tab's copy of its prices, so getPrice()/getPrices() stay synchronous
// when the engine runs in a worker (contract §7). It also keeps the promise
// that no price moves backwards across a worker that died and was replaced
// (or the page taking over): a price older than the one held is refused, by
// the book's own rule (wasm/engine/price_book.cc).

/// Why the tab refused a price: the key in counters.dropped.
export const TAB_OLDER = 'tab_older';

export class PriceMirror {
  constructor() {
    this.book = new Map();
    this.refused = 0;
  }

  /** True when `u` is news: it is kept and goes to the subscribers. */
  apply(u) {
    const prev = this.book.get(u.symbol);
    if (prev && !newer(prev, u)) {
      if (!same(prev, u)) this.refused++;
      return false;
    }
    this.book.set(u.symbol, u);
    return true;
  }

  get(symbol) {
    return this.book.get(symbol);
  }

  erase(symbols) {
    for (const s of symbols) this.book.delete(s);
  }

  /** Keeps only the symbols `wants` accepts. */
  retain(wants) {
    for (const s of this.book.keys()) if (!wants(s)) this.book.delete(s);
  }
}

/// The book's ordering: by seq where both have one (a lower seq with a newer
/// publishTime is a server that restarted its sequence), else by publishTime;
/// two sources whose times come from different clocks cannot be compared, so
/// the newcomer wins there as in the engine. An equal price whose stale flag
/// changed is news too.
function newer(prev, u) {
  if (u.seq !== null && prev.seq !== null) {
    if (u.seq === prev.seq) return u.stale !== prev.stale && u.publishTime === prev.publishTime;
    return u.seq > prev.seq || u.publishTime > prev.publishTime;
  }
  if (u.source !== prev.source) return true;
  if (u.publishTime === prev.publishTime) return u.stale !== prev.stale;
  return u.publishTime > prev.publishTime;
}

function same(prev, u) {
  return prev.seq === u.seq && prev.publishTime === u.publishTime && prev.price === u.price;
}
