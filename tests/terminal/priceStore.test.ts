import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPriceStore } from '../../web/terminal/src/price/priceStore';
import type { FeedFactory } from '../../web/terminal/src/price/feedTypes';
import { fakeFactory, manualFrames, settle } from './fakeFeed';

function setup(extra: Partial<Parameters<typeof createPriceStore>[0]> = {}) {
  const { factory, feeds } = fakeFactory();
  const frames = manualFrames();
  let t = 1_000_000;
  const clock = { now: () => t, set: (v: number) => (t = v) };
  const store = createPriceStore({ feedFactory: factory, requestFrame: frames.requestFrame, now: clock.now, ...extra });
  return { store, feeds, frames, clock };
}

describe('priceStore coalescing', () => {
  it('turns 1,000 batches within a frame into one notification and one snapshot', async () => {
    const { store, feeds, frames } = setup();
    store.acquire();
    await settle();
    const feed = feeds[0];
    const listener = vi.fn();
    store.subscribe(listener);
    for (let i = 1; i <= 1000; i++) feed.emitBatch([{ symbol: i % 2 ? 'BTC' : 'ETH', price: 100 + i, seq: i }]);
    expect(listener).toHaveBeenCalledTimes(0);
    expect(frames.requests).toBe(1); // one frame requested, not one per batch
    frames.run();
    expect(listener).toHaveBeenCalledTimes(1);
    const snap = store.getSnapshot();
    expect(snap.prices.get('BTC')?.price).toBe(1099);
    expect(snap.prices.get('ETH')?.price).toBe(1100);
    expect(store.stats.batches).toBe(1000);
    expect(store.stats.notifications).toBe(1);
  });

  it('keeps snapshot identity when nothing changed', async () => {
    const { store, feeds, frames } = setup();
    store.acquire();
    await settle();
    feeds[0].emitBatch([{ symbol: 'BTC', price: 10, seq: 1 }]);
    frames.run();
    const first = store.getSnapshot();
    expect(store.getSnapshot()).toBe(first);
    // The same update again: data is unchanged, so is the price map.
    feeds[0].emitBatch([{ symbol: 'BTC', price: 10, seq: 1 }]);
    frames.run();
    expect(store.getSnapshot().prices).toBe(first.prices);
    expect(store.getSnapshot().prices.get('BTC')).toBe(first.prices.get('BTC'));
  });

  it('gives new identity only to the symbols that changed', async () => {
    const { store, feeds, frames } = setup();
    store.acquire();
    await settle();
    feeds[0].emitBatch([
      { symbol: 'BTC', price: 10, seq: 1 },
      { symbol: 'ETH', price: 20, seq: 1 },
    ]);
    frames.run();
    const a = store.getSnapshot();
    feeds[0].emitBatch([{ symbol: 'BTC', price: 11, seq: 2 }]);
    frames.run();
    const b = store.getSnapshot();
    expect(b).not.toBe(a);
    expect(b.prices.get('ETH')).toBe(a.prices.get('ETH'));
    expect(b.meta.get('ETH')).toBe(a.meta.get('ETH'));
    expect(b.prices.get('BTC')).not.toBe(a.prices.get('BTC'));
  });

  it('records the session open, direction and move count per symbol', async () => {
    const { store, feeds, frames, clock } = setup();
    store.acquire();
    await settle();
    const f = feeds[0];
    const meta = () => store.getSnapshot().meta.get('SOL');
    f.emitBatch([{ symbol: 'SOL', price: 100, seq: 1 }]);
    frames.run();
    expect(meta()).toEqual({ open: 100, direction: 0, moves: 0, flashes: 0, flashAt: 0, lastAt: 1_000_000 });
    clock.set(1_000_500);
    f.emitBatch([{ symbol: 'SOL', price: 101, seq: 2 }]);
    frames.run();
    expect(meta()).toEqual({ open: 100, direction: 1, moves: 1, flashes: 1, flashAt: 1_000_500, lastAt: 1_000_500 });
    clock.set(1_000_700);
    f.emitBatch([{ symbol: 'SOL', price: 99.5, seq: 3 }]);
    frames.run();
    expect(meta()).toEqual({ open: 100, direction: -1, moves: 2, flashes: 2, flashAt: 1_000_700, lastAt: 1_000_700 });
    // Same price, new seq: no move, the last direction stays.
    f.emitBatch([{ symbol: 'SOL', price: 99.5, seq: 4 }]);
    frames.run();
    expect(meta()).toEqual({ open: 100, direction: -1, moves: 2, flashes: 2, flashAt: 1_000_700, lastAt: 1_000_700 });
  });

  it('restarts a symbol\'s flash at most every 150 ms: faster moves change its direction, not its start', async () => {
    const { store, feeds, frames, clock } = setup();
    store.acquire();
    await settle();
    const f = feeds[0];
    const meta = () => store.getSnapshot().meta.get('BTC')!;
    f.emitBatch([{ symbol: 'BTC', price: 100, seq: 1 }]);
    frames.run();
    clock.set(1_001_000);
    f.emitBatch([{ symbol: 'BTC', price: 101, seq: 2 }]);
    frames.run();
    expect([meta().flashes, meta().direction]).toEqual([1, 1]);
    for (const [at, price, seq] of [[1_001_016, 100.5, 3], [1_001_100, 100.9, 4], [1_001_149, 100.1, 5]]) {
      clock.set(at);
      f.emitBatch([{ symbol: 'BTC', price, seq }]);
      frames.run();
    }
    expect(meta()).toMatchObject({ moves: 4, flashes: 1, flashAt: 1_001_000, direction: -1 });
    clock.set(1_001_150);
    f.emitBatch([{ symbol: 'BTC', price: 100.2, seq: 6 }]);
    frames.run();
    expect(meta()).toMatchObject({ moves: 5, flashes: 2, flashAt: 1_001_150, direction: 1 });
    clock.set(1_001_150 - 3_600_000); // the wall clock set back an hour: flashes go on
    f.emitBatch([{ symbol: 'BTC', price: 100.0, seq: 7 }]);
    frames.run();
    expect(meta()).toMatchObject({ moves: 6, flashes: 3, direction: -1 });
  });

  it('counts and drops malformed updates without notifying', async () => {
    const { store, feeds, frames } = setup();
    store.acquire();
    await settle();
    const listener = vi.fn();
    store.subscribe(listener);
    feeds[0].emitBatch([
      { symbol: '', price: 1 },
      { symbol: 'X', price: Number.NaN },
      { symbol: 'Y', price: -3 },
      { symbol: 'Z', price: Number.POSITIVE_INFINITY },
      { symbol: 'W', price: 0 },
    ]);
    expect(frames.pending).toBe(0);
    frames.run();
    expect(listener).not.toHaveBeenCalled();
    expect(store.stats.invalid).toBe(5);
    expect(store.getSnapshot().prices.size).toBe(0);
  });

  it('passes every valid batch, uncoalesced, to batch listeners', async () => {
    const { store, feeds } = setup();
    store.acquire();
    await settle();
    const seen: number[] = [];
    store.subscribeBatches((b) => b.forEach((u) => seen.push(u.price)));
    feeds[0].emitBatch([{ symbol: 'A', price: 1 }, { symbol: 'A', price: Number.NaN }]);
    feeds[0].emitBatch([{ symbol: 'A', price: 2 }]);
    expect(seen).toEqual([1, 2]);
  });
});

describe('priceStore status', () => {
  it('starts connecting and turns a status event into a retry deadline on its own clock', async () => {
    const { store, feeds, frames } = setup();
    expect(store.getSnapshot().status.state).toBe('connecting');
    store.acquire();
    await settle();
    feeds[0].emitStatus({ state: 'polling', reason: 'ws_unreachable', source: 'poll', attempt: 2, nextRetryInMs: 4000 });
    frames.run();
    expect(store.getSnapshot().status).toEqual({
      state: 'polling',
      previous: 'connecting',
      reason: 'ws_unreachable',
      source: 'poll',
      attempt: 2,
      nextRetryAt: 1_004_000,
      since: 1_000_000,
    });
  });

  it('reads a new attempt from the feed on refreshInfo, and leaves the countdown alone otherwise', async () => {
    const { store, feeds, frames, clock } = setup();
    store.acquire();
    await settle();
    const f = feeds[0];
    f.emitStatus({ state: 'polling', reason: 'ws_unreachable', attempt: 1, nextRetryInMs: 2000 });
    frames.run();
    clock.set(1_001_000);
    store.refreshInfo();
    frames.run();
    expect(store.getSnapshot().status.nextRetryAt).toBe(1_002_000);
    f.info = { ...f.info, attempt: 2, nextRetryInMs: 4000 };
    store.refreshInfo();
    frames.run();
    expect(store.getSnapshot().status.attempt).toBe(2);
    expect(store.getSnapshot().status.nextRetryAt).toBe(1_005_000);
  });

  it('forwards retryNow to the feed', async () => {
    const { store, feeds } = setup();
    store.acquire();
    await settle();
    store.retryNow();
    expect(feeds[0].retryNowCalls).toBe(1);
  });
});

describe('priceStore feed lifetime', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('keeps one feed through release-and-reacquire in the same tick, and disposes after the last release', async () => {
    const { store, feeds } = setup();
    const r1 = store.acquire();
    await settle();
    r1();
    const r2 = store.acquire();
    vi.advanceTimersByTime(10);
    expect(feeds).toHaveLength(1);
    expect(feeds[0].connectCalls).toBe(1);
    expect(feeds[0].disposeCalls).toBe(0);
    r2();
    r2(); // a second call of the same release is ignored
    vi.advanceTimersByTime(0);
    expect(feeds[0].disposeCalls).toBe(1);
    expect(feeds[0].listenerCount).toBe(0);
  });

  it('disposes a feed that finishes loading after everyone released it', async () => {
    const { factory, feeds } = fakeFactory();
    const store = createPriceStore({ feedFactory: async (o) => factory(o), requestFrame: manualFrames().requestFrame });
    const release = store.acquire();
    release();
    await settle();
    expect(feeds).toHaveLength(1);
    expect(feeds[0].connectCalls).toBe(0);
    expect(feeds[0].disposeCalls).toBe(1);
  });
});

describe('priceStore symbols', () => {
  it('asks the feed for a symbol once however many components want it (explicit symbol list)', async () => {
    const { store, feeds } = setup({ symbols: ['BTC'] });
    store.acquire();
    await settle();
    expect(feeds[0].options.symbols).toEqual(['BTC']);
    expect(feeds[0].subscribed).toEqual([['BTC']]);
    store.subscribeToSymbol('ETH');
    store.subscribeToSymbol('ETH');
    expect(feeds[0].subscribed).toEqual([['BTC'], ['ETH']]);
    store.unsubscribeFromSymbol('ETH');
    expect(feeds[0].unsubscribed).toEqual([]);
    store.unsubscribeFromSymbol('ETH');
    expect(feeds[0].unsubscribed).toEqual([['ETH']]);
    // The provider's own symbols stay subscribed.
    store.subscribeToSymbol('BTC');
    store.unsubscribeFromSymbol('BTC');
    expect(feeds[0].unsubscribed).toEqual([['ETH']]);
  });

  it('sends nothing when the feed already carries every symbol', async () => {
    const { store, feeds } = setup();
    store.acquire();
    await settle();
    store.subscribeToSymbol('ETH');
    store.unsubscribeFromSymbol('ETH');
    expect(feeds[0].subscribed).toEqual([]);
    expect(feeds[0].unsubscribed).toEqual([]);
  });
});

describe('priceStore recovery', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('reportError', undefined);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  /// A factory that fails its first `failures` loads, then makes fake feeds.
  function flaky(failures: number) {
    const made = fakeFactory();
    let calls = 0;
    const factory = (o: Parameters<typeof made.factory>[0]) => {
      calls++;
      return calls <= failures ? Promise.reject(new Error(`load ${calls} failed`)) : Promise.resolve(made.factory(o));
    };
    return { factory, feeds: made.feeds, calls: () => calls };
  }

  function make(factory: FeedFactory) {
    const logger = { error: vi.fn() };
    const frames = manualFrames();
    let t = 1_000_000;
    const store = createPriceStore({ feedFactory: factory, requestFrame: frames.requestFrame, logger, now: () => t, random: () => 1 });
    return { store, frames, logger, advance: (ms: number) => { t += ms; vi.advanceTimersByTime(ms); } };
  }

  it('shows a failed load as Disconnected with the reload scheduled, logged once', async () => {
    const f = flaky(1);
    const { store, frames, logger } = make(f.factory);
    store.acquire();
    await settle();
    frames.run();
    expect(store.getSnapshot().status).toMatchObject({ state: 'disconnected', reason: 'feed_load_failed', attempt: 1, nextRetryAt: 1_001_000 });
    expect(logger.error).toHaveBeenCalledTimes(1);
  });

  it('"Retry now" loads the package again after a failed load', async () => {
    const f = flaky(1);
    const { store, frames } = make(f.factory);
    store.acquire();
    await settle();
    store.retryNow();
    await settle();
    expect(f.calls()).toBe(2);
    expect(f.feeds).toHaveLength(1);
    expect(f.feeds[0].connectCalls).toBe(1);
    f.feeds[0].emitStatus({ state: 'connected', source: 'ws' });
    frames.run();
    expect(store.getSnapshot().status.state).toBe('connected');
    // The scheduled reload was cancelled: no second feed appears later.
    vi.advanceTimersByTime(60_000);
    await settle();
    expect(f.calls()).toBe(2);
  });

  it('reloads by itself on the backoff schedule (1, 2, 4 s ...) until the package loads', async () => {
    const f = flaky(3);
    const { store, frames, advance } = make(f.factory);
    /// After `ms` more, the factory has been called `calls` times in all.
    const after = async (ms: number, calls: number) => {
      advance(ms);
      await settle();
      expect(f.calls()).toBe(calls);
    };
    store.acquire();
    await after(0, 1);
    await after(999, 1);
    await after(1, 2);
    frames.run();
    expect(store.getSnapshot().status).toMatchObject({ attempt: 2, nextRetryAt: 1_000_000 + 1000 + 2000 });
    await after(2000, 3);
    await after(4000, 4);
    expect(f.feeds).toHaveLength(1);
    expect(f.feeds[0].connectCalls).toBe(1);
  });

  it('stops reloading once released, and teardown resets the status', async () => {
    const f = flaky(1);
    const { store, frames } = make(f.factory);
    const release = store.acquire();
    await settle();
    frames.run();
    expect(store.getSnapshot().status.state).toBe('disconnected');
    release();
    vi.advanceTimersByTime(60_000);
    await settle();
    expect(f.calls()).toBe(1);
    expect(store.getSnapshot().status).toMatchObject({ state: 'connecting', reason: 'starting', attempt: 0, nextRetryAt: null });
  });

  it('teardown resets a live feed\'s status, so a later acquire does not show stale Live', async () => {
    const { factory, feeds } = fakeFactory();
    const { store, frames } = make(factory);
    const release = store.acquire();
    await settle();
    feeds[0].emitStatus({ state: 'connected', source: 'ws' });
    frames.run();
    release();
    vi.advanceTimersByTime(0);
    expect(feeds[0].disposeCalls).toBe(1);
    expect(store.getSnapshot().status.state).toBe('connecting');
  });

  it('a throwing listener neither stops the other listeners nor later flushes', async () => {
    const { factory, feeds } = fakeFactory();
    const { store, frames, logger } = make(factory);
    store.acquire();
    await settle();
    const good = vi.fn();
    store.subscribe(() => {
      throw new Error('listener bug');
    });
    store.subscribe(good);
    const prices: number[] = [];
    store.subscribeBatches(() => {
      throw new Error('batch listener bug');
    });
    store.subscribeBatches((b) => b.forEach((u) => prices.push(u.price)));
    feeds[0].emitBatch([{ symbol: 'BTC', price: 1, seq: 1 }]);
    frames.run();
    feeds[0].emitBatch([{ symbol: 'BTC', price: 2, seq: 2 }]);
    expect(frames.pending).toBe(1);
    frames.run();
    expect(good).toHaveBeenCalledTimes(2);
    expect(prices).toEqual([1, 2]);
    expect(store.getSnapshot().prices.get('BTC')?.price).toBe(2);
    expect(logger.error).toHaveBeenCalledTimes(4);
  });
});

describe('priceStore configure', () => {
  it('disposes a feed that was still loading when the options changed, and loads only the new one', async () => {
    const made = fakeFactory();
    const loads: Array<(v: unknown) => void> = [];
    const factory: FeedFactory = (o) => new Promise((resolve) => loads.push(() => resolve(made.factory(o))));
    const store = createPriceStore({ feedFactory: factory, requestFrame: manualFrames().requestFrame, feedOptions: { wsUrl: 'ws://a/ws' } });
    store.acquire();
    store.configure({ feedOptions: { wsUrl: 'ws://b/ws' } });
    expect(loads).toHaveLength(2);
    loads[0](undefined);
    await settle();
    expect(made.feeds[0].options.wsUrl).toBe('ws://a/ws');
    expect(made.feeds[0].disposeCalls).toBe(1);
    expect(made.feeds[0].connectCalls).toBe(0);
    loads[1](undefined);
    await settle();
    expect(loads).toHaveLength(2);
    expect(made.feeds[1].options.wsUrl).toBe('ws://b/ws');
    expect(made.feeds[1].connectCalls).toBe(1);
  });
});
