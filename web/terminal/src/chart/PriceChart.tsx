/// The price chart window's body: the last minutes of one symbol's ticks,
/// collected from the store's raw batches into a ring buffer and drawn on a
/// canvas at most once per animation frame, only when something changed.
import { useEffect, useRef } from 'react';
import { usePriceData, usePriceStore } from '../price/PriceContext';
import { formatPrice } from '../quotes/format';
import { chartSpan, drawChart } from './drawChart';
import { TickRing } from './tickRing';

/// Five minutes: the "last few minutes" a trader glances at next to the quote.
export const CHART_WINDOW_MS = 5 * 60_000;
/// A fresh chart spans at least one minute, growing to five as ticks arrive.
export const CHART_MIN_WINDOW_MS = 60_000;

export function PriceChart({ symbol }: { symbol: string }) {
  const store = usePriceStore();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const latest = usePriceData(symbol);

  useEffect(() => {
    const ring = new TickRing();
    let dirty = true;
    let frame = 0;
    const seed = store.getPrice(symbol);
    if (seed) ring.push(Date.now(), seed.price);
    // Called for every batch: only a push, so the feed is never held up.
    const unsub = store.subscribeBatches((batch) => {
      const t = Date.now();
      for (const u of batch) {
        if (u.symbol === symbol) {
          ring.push(t, u.price);
          dirty = true;
        }
      }
    });
    let lastDraw = 0;
    const loop = () => {
      frame = requestAnimationFrame(loop);
      const canvas = canvasRef.current;
      const now = Date.now();
      // Redraw on data, and once a second so the time axis keeps sliding.
      if (!canvas || (!dirty && now - lastDraw < 1000)) return;
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      const dpr = window.devicePixelRatio || 1;
      const w = canvas.clientWidth;
      const h = canvas.clientHeight;
      if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) {
        canvas.width = Math.round(w * dpr);
        canvas.height = Math.round(h * dpr);
      }
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      const windowMs = chartSpan(ring, now, CHART_MIN_WINDOW_MS, CHART_WINDOW_MS);
      drawChart(ctx, ring, { width: w, height: h, now, windowMs });
      dirty = false;
      lastDraw = now;
    };
    if (typeof requestAnimationFrame === 'function') frame = requestAnimationFrame(loop);
    return () => {
      unsub();
      if (frame) cancelAnimationFrame(frame);
    };
  }, [store, symbol]);

  return (
    <div className="chart">
      <div className="chart-head">
        <strong>{symbol}</strong>
        <span className="num">{latest ? formatPrice(latest.price) : '—'}</span>
      </div>
      <canvas ref={canvasRef} className="chart-canvas" role="img" aria-label={`${symbol} price, last minutes`} />
    </div>
  );
}
