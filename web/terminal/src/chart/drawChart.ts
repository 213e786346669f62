/// Draws a TickRing onto a 2D canvas context: grid, price line, last price.
import { formatPrice } from '../quotes/format';
import type { TickRing } from './tickRing';

export interface ChartArea {
  width: number;
  height: number;
  /** The newest time shown at the right edge. */
  now: number;
  windowMs: number;
}

const COLOURS = { bg: '#0a0a0a', grid: '#1a1a1a', text: '#9ca3af', line: '#f97316', last: '#fafafa' };
const PAD = { l: 8, r: 84, t: 10, b: 18 };
const FONT = '11px "JetBrains Mono", ui-monospace, monospace';

/// The price range to show: min..max of the visible points with 5% headroom,
/// widened around a flat line so it does not sit on an edge.
export function priceRange(ring: TickRing, from: number): { lo: number; hi: number } | null {
  let lo = Infinity;
  let hi = -Infinity;
  ring.forEach((t, p) => {
    if (t < from) return;
    if (p < lo) lo = p;
    if (p > hi) hi = p;
  });
  if (lo === Infinity) return null;
  const pad = hi > lo ? (hi - lo) * 0.05 : Math.max(Math.abs(hi) * 0.001, 1e-9);
  return { lo: lo - pad, hi: hi + pad };
}

/// The time span to draw: the data's own span, at least `minMs` so a fresh
/// chart is not a vertical line at the right edge, at most `maxMs`.
export function chartSpan(ring: TickRing, now: number, minMs: number, maxMs: number): number {
  const oldest = ring.firstTime() ?? now;
  return Math.min(maxMs, Math.max(minMs, now - oldest));
}

export function drawChart(ctx: CanvasRenderingContext2D, ring: TickRing, area: ChartArea): void {
  const { width: w, height: h, now, windowMs } = area;
  ctx.fillStyle = COLOURS.bg;
  ctx.fillRect(0, 0, w, h);
  const from = now - windowMs;
  const range = priceRange(ring, from);
  ctx.font = FONT;
  if (!range) {
    ctx.fillStyle = COLOURS.text;
    ctx.fillText('Waiting for ticks…', PAD.l + 4, h / 2);
    return;
  }
  const plotW = Math.max(1, w - PAD.l - PAD.r);
  const plotH = Math.max(1, h - PAD.t - PAD.b);
  const x = (t: number) => PAD.l + ((t - from) / windowMs) * plotW;
  const y = (p: number) => PAD.t + (1 - (p - range.lo) / (range.hi - range.lo)) * plotH;

  ctx.strokeStyle = COLOURS.grid;
  ctx.lineWidth = 1;
  ctx.fillStyle = COLOURS.text;
  for (let i = 0; i <= 4; i++) {
    const p = range.lo + ((range.hi - range.lo) * i) / 4;
    const gy = Math.round(y(p)) + 0.5;
    ctx.beginPath();
    ctx.moveTo(PAD.l, gy);
    ctx.lineTo(PAD.l + plotW, gy);
    ctx.stroke();
    ctx.fillText(formatPrice(p), PAD.l + plotW + 6, gy + 4);
  }
  ctx.fillText(windowMs >= 60_000 ? `-${Math.round(windowMs / 60_000)} min` : `-${Math.round(windowMs / 1000)} s`, PAD.l, h - 4);

  ctx.strokeStyle = COLOURS.line;
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  let started = false;
  ring.forEach((t, p) => {
    if (t < from) return;
    if (started) ctx.lineTo(x(t), y(p));
    else {
      ctx.moveTo(x(t), y(p));
      started = true;
    }
  });
  ctx.stroke();

  const last = ring.last();
  if (last) {
    const ly = y(last.price);
    ctx.fillStyle = COLOURS.line;
    ctx.fillRect(PAD.l + plotW + 2, ly - 8, PAD.r - 4, 16);
    ctx.fillStyle = '#000';
    ctx.fillText(formatPrice(last.price), PAD.l + plotW + 6, ly + 4);
  }
}
