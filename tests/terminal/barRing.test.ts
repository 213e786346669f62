import { describe, expect, it } from 'vitest';
import { BarRing } from '../../web/terminal/src/chart/barRing';

const closes = (r: BarRing) => r.toArray().map((b) => [b.time, b.close]);

describe('BarRing', () => {
  it('builds 1 s candles from ticks: open, high, low, close per bucket', () => {
    const r = new BarRing(10, 1000);
    r.push(10_000, 5);
    r.push(10_400, 7);
    r.push(10_900, 4);
    r.push(10_999, 6);
    r.push(11_000, 6.5);
    expect(r.toArray()).toEqual([
      { time: 10, open: 5, high: 7, low: 4, close: 6 },
      { time: 11, open: 6.5, high: 6.5, low: 6.5, close: 6.5 },
    ]);
    expect(r.appended).toBe(2);
    expect(r.revision).toBe(5);
  });

  it('builds 1 min candles on minute boundaries', () => {
    const r = new BarRing(10, 60_000);
    r.push(120_000, 1);
    r.push(179_999, 2);
    r.push(180_000, 3);
    expect(r.toArray().map((b) => [b.time, b.open, b.close])).toEqual([[120, 1, 2], [180, 3, 3]]);
  });

  it('keeps every tick as its own point with fractional-second times when the bucket is 0', () => {
    const r = new BarRing(10, 0);
    r.push(1_000_016, 1);
    r.push(1_000_032, 2);
    r.push(1_000_032, 3); // the same millisecond updates it
    expect(closes(r)).toEqual([[1000.016, 1], [1000.032, 3]]);
  });

  it('stays bounded: the oldest bar goes once full, across growth of its backing array', () => {
    const r = new BarRing(100, 1);
    for (let i = 0; i < 250; i++) r.push(i, i);
    expect(r.size).toBe(100);
    expect(r.at(0).close).toBe(150);
    expect(r.at(99).close).toBe(249);
    expect(r.appended).toBe(250);
    expect(r.bytes).toBe(100 * 5 * 8);
    const small = new BarRing(1000, 1);
    small.push(0, 1);
    expect(small.bytes).toBe(64 * 5 * 8); // memory follows the data
  });

  it('ignores ticks back in time and non-finite values', () => {
    const r = new BarRing(4, 1000);
    r.push(5000, 1);
    expect(r.push(3999, 2)).toBe(false);
    expect(r.push(6000, Number.NaN)).toBe(false);
    expect(r.push(Number.POSITIVE_INFINITY, 1)).toBe(false);
    expect(closes(r)).toEqual([[5, 1]]);
    expect(() => new BarRing(0, 1)).toThrow(RangeError);
  });
});
