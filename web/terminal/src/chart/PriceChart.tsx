/// The price chart window's body: one symbol's ticks as a line, or 1 s / 1 min
/// candles built from them, drawn by lightweight-charts. The chart is brought
/// up to date at most once per animation frame, however fast ticks arrive.
/// lightweight-charts is its own chunk, loaded with the first chart, so the
/// shell and the Quote Monitor paint without waiting for it.
import { useEffect, useRef, useState } from 'react';
import { usePriceData } from '../price/PriceContext';
import { formatPrice } from '../quotes/format';
import { useChartHistory } from './ChartHistory';
import type { ChartView } from './chartView';
import type { Resolution } from './history';
import { EMPTY_SYNC, syncBars } from './syncBars';

const RESOLUTIONS: Array<{ value: Resolution; label: string; title: string }> = [
  { value: 'tick', label: 'Tick', title: 'Every tick as a line' },
  { value: '1s', label: '1s', title: '1-second candles' },
  { value: '1m', label: '1m', title: '1-minute candles' },
];

export function PriceChart({ symbol }: { symbol: string }) {
  const history = useChartHistory();
  const latest = usePriceData(symbol);
  const [resolution, setResolution] = useState<Resolution>('tick');
  const host = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<ChartView | null>(null);

  useEffect(() => {
    let made: ChartView | null = null;
    let gone = false;
    void import('./chartView').then(({ createChartView }) => {
      if (gone || !host.current) return;
      made = createChartView(host.current);
      setView(made);
    });
    return () => {
      gone = true;
      made?.remove();
    };
  }, []);

  useEffect(() => {
    if (!view) return;
    const target = view.show(resolution);
    let state = EMPTY_SYNC;
    let frame = 0;
    const apply = () => {
      frame = 0;
      state = syncBars(history.get(symbol)?.ring(resolution) ?? null, state, target);
    };
    apply(); // at once: a re-targeted chart shows its symbol's past immediately
    view.fit(history.get(symbol)?.ring(resolution).size ?? 0);
    const off = history.watch(symbol, () => {
      if (!frame) frame = requestAnimationFrame(apply);
    });
    return () => {
      off();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [view, history, symbol, resolution]);

  return (
    <div className="chart">
      <div className="chart-head">
        <strong>{symbol}</strong>
        <span className="num" data-field="last">
          {latest ? formatPrice(latest.price) : '—'}
        </span>
        <span className="chart-res" role="group" aria-label="Resolution">
          {RESOLUTIONS.map((r) => (
            <button
              key={r.value}
              type="button"
              className="chart-res-btn"
              title={r.title}
              aria-pressed={resolution === r.value}
              onClick={() => setResolution(r.value)}
            >
              {r.label}
            </button>
          ))}
        </span>
      </div>
      <div ref={host} className="chart-host" role="figure" aria-label={`${symbol} price chart`} />
    </div>
  );
}
