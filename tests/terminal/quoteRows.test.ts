import { describe, expect, it } from 'vitest';
import { change, changePct, isStale, nextSort, orderSymbols, STALE_AFTER_MS } from '../../web/terminal/src/quotes/quoteRows';
import type { PriceData } from '../../web/terminal/src/price/feedTypes';
import type { QuoteMeta } from '../../web/terminal/src/price/priceStore';

const d = (symbol: string, price: number, extra: Partial<PriceData> = {}): PriceData => ({
  symbol, price, confidence: 0, publishTime: 0, seq: 1, source: 'ws', receivedAt: 0, stale: false, ...extra,
});
const m = (open: number, lastAt = 0): QuoteMeta => ({ open, direction: 0, moves: 0, flashes: 0, flashAt: 0, lastAt });

describe('quoteRows', () => {
  it('computes change and change % from the session open', () => {
    expect(change(d('A', 110), m(100))).toBe(10);
    expect(changePct(d('A', 110), m(100))).toBeCloseTo(10, 12);
    expect(changePct(d('A', 90), m(100))).toBeCloseTo(-10, 12);
    expect(change(d('A', 110), undefined)).toBe(0);
    expect(changePct(d('A', 110), m(0))).toBe(0);
  });

  it('marks stale at exactly 30 s, or when flagged', () => {
    expect(STALE_AFTER_MS).toBe(30_000);
    expect(isStale(d('A', 1), m(1, 1000), 1000 + 29_999)).toBe(false);
    expect(isStale(d('A', 1), m(1, 1000), 1000 + 30_000)).toBe(true);
    expect(isStale(d('A', 1, { stale: true }), m(1, 1000), 1000)).toBe(true);
  });

  it('filters case-insensitively and breaks ties by symbol', () => {
    const prices = new Map([['ETH', d('ETH', 5)], ['BTC', d('BTC', 5)], ['SOL', d('SOL', 1)]]);
    const meta = new Map<string, QuoteMeta>();
    expect(orderSymbols(prices, meta, '', { key: 'price', dir: 1 }, 0)).toEqual(['SOL', 'BTC', 'ETH']);
    expect(orderSymbols(prices, meta, '', { key: 'price', dir: -1 }, 0)).toEqual(['BTC', 'ETH', 'SOL']);
    expect(orderSymbols(prices, meta, ' t ', { key: 'symbol', dir: 1 }, 0)).toEqual(['BTC', 'ETH']);
  });

  it('sorts by age with the oldest update last when ascending', () => {
    const prices = new Map([['A', d('A', 1)], ['B', d('B', 1)]]);
    const meta = new Map([['A', m(1, 500)], ['B', m(1, 900)]]);
    expect(orderSymbols(prices, meta, '', { key: 'age', dir: 1 }, 1000)).toEqual(['B', 'A']);
  });

  it('flips the current column and starts moves descending', () => {
    expect(nextSort({ key: 'price', dir: 1 }, 'price')).toEqual({ key: 'price', dir: -1 });
    expect(nextSort({ key: 'price', dir: -1 }, 'symbol')).toEqual({ key: 'symbol', dir: 1 });
    expect(nextSort({ key: 'price', dir: 1 }, 'changePct')).toEqual({ key: 'changePct', dir: -1 });
  });
});
