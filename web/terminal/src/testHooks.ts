/// Browser-test hooks, installed only when the page URL carries `?e2e`:
/// every displayed price change and every status change is recorded on
/// `window` so a test can check that no displayed price ever moved backwards.
import type { PriceStore } from './price/priceStore';

export interface DisplayedPrice {
  symbol: string;
  price: number;
  seq: number | null;
  source: string;
  publishTime: number;
}

export interface DisplayedStatus {
  state: string;
  reason: string;
  at: number;
}

/// Keeps the last 50,000 displayed changes: minutes of a busy feed at a few
/// kilobytes per thousand, which a test reads and clears as it goes.
const MAX_EVENTS = 50_000;

declare global {
  interface Window {
    __qdFeedEvents?: DisplayedPrice[];
    __qdStatusEvents?: DisplayedStatus[];
    __qdStore?: PriceStore;
  }
}

export function installTestHooks(store: PriceStore, win: Window = window): void {
  const events: DisplayedPrice[] = [];
  const statuses: DisplayedStatus[] = [];
  win.__qdFeedEvents = events;
  win.__qdStatusEvents = statuses;
  win.__qdStore = store;
  let prev = store.getSnapshot();
  store.subscribe(() => {
    const snap = store.getSnapshot();
    if (snap.prices !== prev.prices) {
      for (const [symbol, d] of snap.prices) {
        if (prev.prices.get(symbol) === d) continue;
        events.push({ symbol, price: d.price, seq: d.seq, source: d.source, publishTime: d.publishTime });
      }
      if (events.length > MAX_EVENTS) events.splice(0, events.length - MAX_EVENTS);
    }
    if (snap.status !== prev.status) {
      statuses.push({ state: snap.status.state, reason: snap.status.reason, at: Date.now() });
    }
    prev = snap;
  });
}
