import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PriceProvider } from '../../web/terminal/src/price/PriceProvider';
import { PriceChart } from '../../web/terminal/src/chart/PriceChart';
import { fakeFactory, manualFrames, settle } from './fakeFeed';

/// A 2D context that records what was drawn as text.
function recordingContext() {
  const texts: string[] = [];
  const calls = { fillRect: 0, stroke: 0, lineTo: 0 };
  const ctx = new Proxy(
    {},
    {
      get(_t, prop: string) {
        if (prop === 'fillText') return (s: string) => texts.push(s);
        if (prop in calls) return () => calls[prop as keyof typeof calls]++;
        return () => {};
      },
      set: () => true,
    },
  );
  return { ctx, texts, calls };
}

describe('PriceChart', () => {
  let rafQueue: Array<FrameRequestCallback>;
  let rec: ReturnType<typeof recordingContext>;
  const runRaf = () => {
    const q = rafQueue;
    rafQueue = [];
    q.forEach((cb) => cb(0));
  };

  beforeEach(() => {
    rafQueue = [];
    rec = recordingContext();
    // A frozen clock: the once-a-second axis refresh never kicks in mid-test.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-26T12:00:00Z'));
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => rafQueue.push(cb));
    vi.stubGlobal('cancelAnimationFrame', () => {});
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(() => rec.ctx as never);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('draws the selected symbol’s ticks, only when something arrived', async () => {
    const { factory, feeds } = fakeFactory();
    const frames = manualFrames();
    render(
      <PriceProvider feedFactory={factory} requestFrame={frames.requestFrame}>
        <PriceChart symbol="BTC" />
      </PriceProvider>,
    );
    await act(settle);
    runRaf();
    expect(rec.texts).toEqual(['Waiting for ticks…']);
    rec.texts.length = 0;
    runRaf();
    expect(rec.texts).toEqual([]); // nothing new: no redraw
    act(() => {
      feeds[0].emitBatch([
        { symbol: 'ETH', price: 2000, seq: 1 },
        { symbol: 'BTC', price: 67000, seq: 1 },
      ]);
      frames.run();
    });
    runRaf();
    expect(rec.texts).toContain('67,000.00');
    expect(rec.texts).not.toContain('2,000.00');
    expect(rec.texts).toContain('-1 min');
    expect(screen.getByRole('img', { name: 'BTC price, last minutes' })).toBeTruthy();
    expect(document.querySelector('.chart-head .num')!.textContent).toBe('67,000.00');
    rec.texts.length = 0;
    act(() => {
      feeds[0].emitBatch([{ symbol: 'ETH', price: 2001, seq: 2 }]);
      frames.run();
    });
    runRaf();
    expect(rec.texts).toEqual([]); // another symbol's tick does not redraw
  });

  it('stops its frame loop on unmount', async () => {
    const { factory } = fakeFactory();
    const { unmount } = render(
      <PriceProvider feedFactory={factory}>
        <PriceChart symbol="SOL" />
      </PriceProvider>,
    );
    await act(settle);
    expect(rafQueue.length).toBe(1);
    const cancel = vi.fn();
    vi.stubGlobal('cancelAnimationFrame', cancel);
    unmount();
    expect(cancel).toHaveBeenCalledTimes(1);
  });
});
