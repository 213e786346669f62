/// The one place that talks to TradingView's lightweight-charts: a tick line
/// and a candlestick series on one chart, shown one at a time, in the
/// terminal's colours, with the crosshair and the last-price line.
import {
  CandlestickSeries,
  ColorType,
  CrosshairMode,
  LineSeries,
  createChart,
  type Time,
  type UTCTimestamp,
} from 'lightweight-charts';
import { formatPrice } from '../quotes/format';
import type { Bar } from './barRing';
import type { Resolution } from './history';
import type { SeriesTarget } from './syncBars';

const COLOURS = { bg: '#0a0a0a', grid: '#1a1a1a', text: '#9ca3af', line: '#f97316', up: '#22c55e', down: '#ef4444', border: '#262626' };
const FONT = '"JetBrains Mono", ui-monospace, monospace';
/// Up to 150 bars are spread over the width (a fresh chart is not a few
/// bars squeezed against the right edge); more keep readable spacing.
const FIT_MAX_BARS = 150;

export interface ChartView {
  /** The series for a resolution; showing it hides the other. */
  show(resolution: Resolution): SeriesTarget;
  /** After a switch: a short history spreads over the width, a long one
   *  shows its newest bars at the default spacing. */
  fit(bars: number): void;
  remove(): void;
}

const pad = (n: number) => String(n).padStart(2, '0');
/// Local wall-clock time: the chart's times are UTC seconds.
function clock(t: Time, seconds: boolean): string {
  const d = new Date((t as number) * 1000);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}${seconds ? `:${pad(d.getSeconds())}` : ''}`;
}

export function createChartView(host: HTMLElement): ChartView {
  const chart = createChart(host, {
    autoSize: true, // follows the window's size through its own ResizeObserver
    layout: { background: { type: ColorType.Solid, color: COLOURS.bg }, textColor: COLOURS.text, fontFamily: FONT, fontSize: 11 },
    grid: { vertLines: { color: COLOURS.grid }, horzLines: { color: COLOURS.grid } },
    crosshair: { mode: CrosshairMode.Normal },
    rightPriceScale: { borderColor: COLOURS.border },
    timeScale: {
      borderColor: COLOURS.border,
      timeVisible: true,
      secondsVisible: true,
      tickMarkFormatter: (t: Time) => clock(t, true),
    },
    localization: { priceFormatter: (p: number) => formatPrice(p), timeFormatter: (t: Time) => clock(t, true) },
  });
  const line = chart.addSeries(LineSeries, { color: COLOURS.line, lineWidth: 2, priceLineVisible: true, lastValueVisible: true });
  const candles = chart.addSeries(CandlestickSeries, {
    upColor: COLOURS.up,
    downColor: COLOURS.down,
    wickUpColor: COLOURS.up,
    wickDownColor: COLOURS.down,
    borderVisible: false,
    priceLineVisible: true,
    lastValueVisible: true,
    visible: false,
  });
  const time = (b: Bar) => b.time as UTCTimestamp;
  const lineTarget: SeriesTarget = {
    setData: (bars) => line.setData(bars.map((b) => ({ time: time(b), value: b.close }))),
    update: (b) => line.update({ time: time(b), value: b.close }),
  };
  const candleTarget: SeriesTarget = {
    setData: (bars) => candles.setData(bars.map((b) => ({ ...b, time: time(b) }))),
    update: (b) => candles.update({ ...b, time: time(b) }),
  };
  return {
    show(resolution) {
      const tick = resolution === 'tick';
      line.applyOptions({ visible: tick });
      candles.applyOptions({ visible: !tick });
      (tick ? candleTarget : lineTarget).setData([]); // the hidden one holds nothing
      return tick ? lineTarget : candleTarget;
    },
    fit(bars) {
      if (bars <= FIT_MAX_BARS) chart.timeScale().fitContent();
      else chart.timeScale().scrollToRealTime();
    },
    remove: () => chart.remove(),
  };
}
