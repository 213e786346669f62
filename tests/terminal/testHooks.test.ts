import { describe, expect, it } from 'vitest';
import { createPriceStore } from '../../web/terminal/src/price/priceStore';
import { installTestHooks } from '../../web/terminal/src/testHooks';
import { fakeFactory, manualFrames } from './fakeFeed';

describe('installTestHooks', () => {
  it('records each displayed price change once, and each status change', () => {
    const { factory, feeds } = fakeFactory();
    const frames = manualFrames();
    const store = createPriceStore({ feedFactory: factory, requestFrame: frames.requestFrame });
    const win = {} as Window;
    installTestHooks(store, win);
    store.acquire();
    feeds[0].emitBatch([{ symbol: 'BTC', price: 1, seq: 1 }, { symbol: 'ETH', price: 2, seq: 1 }]);
    feeds[0].emitBatch([{ symbol: 'BTC', price: 3, seq: 2 }]);
    frames.run();
    feeds[0].emitBatch([{ symbol: 'ETH', price: 4, seq: 2, source: 'poll' }]);
    feeds[0].emitStatus({ state: 'polling', reason: 'ws_closed' });
    frames.run();
    expect(win.__qdFeedEvents).toEqual([
      { symbol: 'BTC', price: 3, seq: 2, source: 'ws', publishTime: 0 },
      { symbol: 'ETH', price: 2, seq: 1, source: 'ws', publishTime: 0 },
      { symbol: 'ETH', price: 4, seq: 2, source: 'poll', publishTime: 0 },
    ]);
    expect(win.__qdStatusEvents!.map((s) => [s.state, s.reason])).toEqual([['polling', 'ws_closed']]);
    expect(win.__qdStore).toBe(store);
  });
});
