import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PriceProvider } from '../../web/terminal/src/price/PriceProvider';
import { ChartHistoryProvider } from '../../web/terminal/src/chart/ChartHistory';
import { PriceChart } from '../../web/terminal/src/chart/PriceChart';
import { fakeFactory, manualFrames, settle } from './fakeFeed';
import { charts } from './lightweightChartsMock';

vi.mock('lightweight-charts', async () => (await import('./lightweightChartsMock')).lightweightChartsMock());

describe('PriceChart', () => {
  let raf: FrameRequestCallback[];
  const runRaf = () => {
    const q = raf;
    raf = [];
    q.forEach((cb) => cb(0));
  };

  beforeEach(() => {
    charts.length = 0;
    raf = [];
    vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => raf.push(cb));
    vi.stubGlobal('cancelAnimationFrame', (id: number) => {
      raf[id - 1] = () => {};
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  async function mount(symbol: string) {
    const { factory, feeds } = fakeFactory();
    const frames = manualFrames();
    const ui = (s: string) => (
      <PriceProvider feedFactory={factory} requestFrame={frames.requestFrame}>
        <ChartHistoryProvider>
          <PriceChart symbol={s} />
        </ChartHistoryProvider>
      </PriceProvider>
    );
    const r = render(ui(symbol));
    await act(settle);
    // lightweight-charts arrives by a dynamic import.
    await act(() => vi.waitFor(() => expect(charts).toHaveLength(1)));
    const feed = feeds[0];
    let t = 1_000_000;
    const tick = (prices: Record<string, number>) =>
      act(() => {
        t += 250;
        feed.emitBatch(Object.entries(prices).map(([s, price]) => ({ symbol: s, price, seq: t, publishTime: t })));
        frames.run();
      });
    return { rerender: (s: string) => r.rerender(ui(s)), unmount: r.unmount, tick, line: () => charts[0].series[0], candles: () => charts[0].series[1] };
  }

  it('draws the selected symbol’s ticks as a line with the last-price line and crosshair', async () => {
    const { tick, line } = await mount('BTC');
    expect(charts).toHaveLength(1);
    expect(line().kind).toBe('Line');
    expect(line().options).toMatchObject({ priceLineVisible: true, lastValueVisible: true });
    expect(charts[0].options).toMatchObject({ crosshair: { mode: 0 } });
    tick({ BTC: 67000, ETH: 2000 });
    tick({ BTC: 67010 });
    runRaf();
    expect(line().data.map((d) => d.value)).toEqual([67000, 67010]);
    expect(document.querySelector('[data-field="last"]')!.textContent).toBe('67,010.00');
    expect(screen.getByRole('figure', { name: 'BTC price chart' })).toBeTruthy();
  });

  it('brings the chart up to date once per animation frame however many batches arrived', async () => {
    const { tick, line } = await mount('BTC');
    tick({ BTC: 1 });
    runRaf();
    const calls = () => line().setDataCalls + line().updateCalls;
    const before = calls();
    for (let i = 0; i < 500; i++) tick({ BTC: 2 + (i % 3), ETH: 5 });
    expect(raf).toHaveLength(1); // one frame requested for 500 batches
    runRaf();
    // 500 new ticks: more than worth sending one by one, so one setData.
    expect(calls() - before).toBe(1);
    expect(line().data).toHaveLength(501);
    tick({ BTC: 9 });
    tick({ BTC: 8 });
    runRaf();
    expect(calls() - before).toBe(1 + 3); // the previous newest bar, then the two new ones
    tick({ ETH: 6 });
    expect(raf).toHaveLength(0); // another symbol's tick asks for no frame
  });

  it('is right on the first render after a re-target, and each symbol keeps its history', async () => {
    const { tick, line, rerender } = await mount('ETH');
    tick({ BTC: 67000, ETH: 2648.89, SOL: 180 });
    tick({ SOL: 181 });
    runRaf();
    rerender('SOL');
    // No tick, no frame: the header and the line are SOL's at once.
    expect(document.querySelector('.chart-head strong')!.textContent).toBe('SOL');
    expect(document.querySelector('[data-field="last"]')!.textContent).toBe('181.00');
    expect(line().data.map((d) => d.value)).toEqual([180, 181]);
    rerender('BTC');
    expect(line().data.map((d) => d.value)).toEqual([67000]);
    expect(charts[0].fits.at(-1)).toBe('fit'); // one bar: spread over the width
    rerender('DOGE');
    expect(line().data).toEqual([]);
    expect(document.querySelector('[data-field="last"]')!.textContent).toBe('—');
  });

  it('switches to 1 s and 1 min candles built from the same ticks', async () => {
    const { tick, line, candles } = await mount('BTC');
    for (const p of [10, 12, 9, 11, 13, 14]) tick({ BTC: p }); // 250 ms apart
    fireEvent.click(screen.getByRole('button', { name: '1s' }));
    expect(screen.getByRole('button', { name: '1s' }).getAttribute('aria-pressed')).toBe('true');
    expect(candles().options.visible).toBe(true);
    expect(line().options.visible).toBe(false);
    const ohlc = candles().data.map((d) => [d.open, d.high, d.low, d.close]);
    // t = 1,000,250 ... 1,001,500 ms: three ticks in second 1000, three in 1001.
    expect(ohlc).toEqual([[10, 12, 9, 9], [11, 14, 11, 14]]);
    fireEvent.click(screen.getByRole('button', { name: '1m' }));
    expect(candles().data.map((d) => [d.open, d.high, d.low, d.close])).toEqual([[10, 14, 9, 14]]);
    fireEvent.click(screen.getByRole('button', { name: 'Tick' }));
    expect(line().options.visible).toBe(true);
    expect(line().data).toHaveLength(6);
  });

  it('removes the chart and its frame on unmount', async () => {
    const { tick, unmount } = await mount('SOL');
    tick({ SOL: 1 });
    expect(raf).toHaveLength(1);
    const pending = raf[0];
    unmount();
    expect(charts[0].removed).toBe(true);
    // A cancelled frame must not touch the removed chart.
    expect(raf[0]).not.toBe(pending);
  });
});
