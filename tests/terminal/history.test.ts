import { describe, expect, it, vi } from 'vitest';
import { HistoryBook, MAX_SYMBOLS, MINUTE_CAPACITY, SECOND_CAPACITY, TICK_CAPACITY } from '../../web/terminal/src/chart/history';
import type { PriceData } from '../../web/terminal/src/price/feedTypes';

const u = (symbol: string, price: number, publishTime: number): PriceData => ({
  symbol, price, publishTime, confidence: 1, seq: 1, source: 'ws', receivedAt: 0, stale: false,
});

describe('HistoryBook', () => {
  it('keeps a history per symbol at three resolutions, by the source publish time', () => {
    const book = new HistoryBook();
    book.push([u('BTC', 100, 60_000), u('ETH', 10, 60_000)], 0);
    book.push([u('BTC', 101, 60_500)], 0);
    book.push([u('BTC', 99, 61_000)], 0);
    const btc = book.get('BTC')!;
    expect(btc.ring('tick').toArray().map((b) => b.close)).toEqual([100, 101, 99]);
    expect(btc.ring('1s').toArray()).toEqual([
      { time: 60, open: 100, high: 101, low: 100, close: 101 },
      { time: 61, open: 99, high: 99, low: 99, close: 99 },
    ]);
    expect(btc.ring('1m').toArray()).toEqual([{ time: 60, open: 100, high: 101, low: 99, close: 99 }]);
    expect(book.get('ETH')!.ring('tick').size).toBe(1);
  });

  it('uses the receive time, then the caller\'s clock, when the source sent no publish time', () => {
    const book = new HistoryBook();
    book.push([{ ...u('SOL', 1, 0), receivedAt: 5000 }], 9000);
    book.push([u('SOL', 2, 0)], 9000);
    expect(book.get('SOL')!.tick.toArray().map((b) => b.time)).toEqual([5, 9]);
  });

  it('forgets the least recently updated symbol beyond its symbol limit', () => {
    const book = new HistoryBook(2);
    book.push([u('A', 1, 1000)], 0);
    book.push([u('B', 1, 1000)], 0);
    book.push([u('A', 2, 2000)], 0);
    book.push([u('C', 1, 1000)], 0);
    expect(book.size).toBe(2);
    expect(book.get('B')).toBeUndefined();
    expect(book.get('A')!.tick.size).toBe(2);
  });

  it('is bounded in bytes however long it runs', () => {
    const book = new HistoryBook(3);
    for (let i = 0; i < 40_000; i++) book.push([u(`S${i % 5}`, 1 + (i % 7), 1000 + i * 250)], 0);
    const perSymbol = (TICK_CAPACITY + SECOND_CAPACITY + MINUTE_CAPACITY) * 5 * 8;
    expect(book.size).toBe(3);
    expect(book.bytes).toBeLessThanOrEqual(3 * perSymbol);
    expect(MAX_SYMBOLS * perSymbol).toBeLessThan(18 * 1024 * 1024);
  });

  it('tells the watchers of a symbol after each batch that touched it', () => {
    const book = new HistoryBook();
    const btc = vi.fn();
    const off = book.watch('BTC', btc);
    book.push([u('ETH', 1, 1000)], 0);
    expect(btc).not.toHaveBeenCalled();
    book.push([u('BTC', 1, 1000), u('ETH', 2, 1000)], 0);
    expect(btc).toHaveBeenCalledTimes(1);
    off();
    book.push([u('BTC', 2, 2000)], 0);
    expect(btc).toHaveBeenCalledTimes(1);
  });
});
