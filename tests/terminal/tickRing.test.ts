import { describe, expect, it } from 'vitest';
import { TickRing } from '../../web/terminal/src/chart/tickRing';
import { chartSpan, priceRange } from '../../web/terminal/src/chart/drawChart';

const points = (r: TickRing) => {
  const out: Array<[number, number]> = [];
  r.forEach((t, p) => out.push([t, p]));
  return out;
};

describe('TickRing', () => {
  it('keeps one point per bucket: the last tick in it', () => {
    const r = new TickRing(10, 250);
    r.push(1000, 1);
    r.push(1100, 2);
    r.push(1249, 3);
    r.push(1250, 4);
    expect(points(r)).toEqual([[1249, 3], [1250, 4]]);
  });
  it('overwrites the oldest point once full, in order', () => {
    const r = new TickRing(3, 1);
    for (let i = 0; i < 5; i++) r.push(i * 10, i);
    expect(points(r)).toEqual([[20, 2], [30, 3], [40, 4]]);
    expect(r.size).toBe(3);
    expect(r.last()).toEqual({ time: 40, price: 4 });
    expect(r.firstTime()).toBe(20);
    expect(new TickRing(2).firstTime()).toBeNull();
  });
  it('ignores ticks back in time and non-finite values', () => {
    const r = new TickRing(4, 1);
    r.push(100, 1);
    r.push(50, 2);
    r.push(200, Number.NaN);
    expect(points(r)).toEqual([[100, 1]]);
  });
  it('refuses a capacity below 1', () => {
    expect(() => new TickRing(0)).toThrow(RangeError);
  });
  it('derives the visible price range with 5% headroom', () => {
    const r = new TickRing(10, 1);
    r.push(0, 50); // outside the window
    r.push(10, 100);
    r.push(20, 200);
    expect(priceRange(r, 5)).toEqual({ lo: 95, hi: 205 });
    expect(priceRange(new TickRing(2), 0)).toBeNull();
  });
  it('spans the data, between the minimum and maximum window', () => {
    const r = new TickRing(10, 1);
    expect(chartSpan(r, 1000, 60_000, 300_000)).toBe(60_000);
    r.push(0, 1);
    expect(chartSpan(r, 90_000, 60_000, 300_000)).toBe(90_000);
    expect(chartSpan(r, 900_000, 60_000, 300_000)).toBe(300_000);
  });
});
