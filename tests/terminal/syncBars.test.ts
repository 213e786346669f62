import { describe, expect, it } from 'vitest';
import { BarRing, type Bar } from '../../web/terminal/src/chart/barRing';
import { EMPTY_SYNC, syncBars } from '../../web/terminal/src/chart/syncBars';

function recorder() {
  const calls: string[] = [];
  return {
    calls,
    target: {
      setData: (bars: Bar[]) => calls.push(`set ${bars.map((b) => b.close).join(',')}`),
      update: (b: Bar) => calls.push(`update ${b.time}:${b.close}`),
    },
  };
}

describe('syncBars', () => {
  it('sends a new ring whole, then only what changed', () => {
    const ring = new BarRing(100, 1000);
    ring.push(1000, 1);
    const { calls, target } = recorder();
    const state = syncBars(ring, EMPTY_SYNC, target);
    expect(calls).toEqual(['set 1']);
    expect(syncBars(ring, state, target)).toBe(state); // nothing new: nothing sent
    ring.push(1500, 2); // the newest bar changes
    ring.push(2000, 3); // two new bars
    ring.push(3000, 4);
    syncBars(ring, state, target);
    expect(calls.slice(1)).toEqual(['update 1:2', 'update 2:3', 'update 3:4']);
  });

  it('sends the whole ring again after a burst of more than 32 bars, or for another ring', () => {
    const ring = new BarRing(100, 1);
    ring.push(0, 0);
    const { calls, target } = recorder();
    let state = syncBars(ring, EMPTY_SYNC, target);
    for (let i = 1; i <= 33; i++) ring.push(i, i);
    state = syncBars(ring, state, target);
    expect(calls).toHaveLength(2);
    expect(calls[1].startsWith('set 0,1,2')).toBe(true);
    const other = new BarRing(10, 1);
    other.push(5, 9);
    syncBars(other, state, target);
    expect(calls[2]).toBe('set 9');
  });

  it('empties the series once for a symbol without history', () => {
    const { calls, target } = recorder();
    const state = syncBars(null, EMPTY_SYNC, target);
    syncBars(null, state, target);
    expect(calls).toEqual(['set ']);
  });
});
