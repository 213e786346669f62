/// A recording stand-in for lightweight-charts (jsdom has no canvas): every
/// chart and series call is kept so tests can see what would be drawn.
import { vi } from 'vitest';

export interface SeriesRecord {
  kind: 'Line' | 'Candlestick';
  options: Record<string, unknown>;
  data: Array<Record<string, number>>;
  setDataCalls: number;
  updateCalls: number;
}

export const charts: Array<{ removed: boolean; options: unknown; series: SeriesRecord[]; fits: string[] }> = [];

function series(kind: SeriesRecord['kind'], options: Record<string, unknown>): [SeriesRecord, object] {
  const rec: SeriesRecord = { kind, options: { ...options }, data: [], setDataCalls: 0, updateCalls: 0 };
  const api = {
    setData(d: Array<Record<string, number>>) {
      rec.setDataCalls++;
      rec.data = [...d];
    },
    update(bar: Record<string, number>) {
      rec.updateCalls++;
      const last = rec.data.at(-1);
      if (last && last.time === bar.time) rec.data[rec.data.length - 1] = bar;
      else if (!last || bar.time > last.time) rec.data.push(bar);
      else throw new Error(`update older than the last bar (${bar.time} < ${last.time})`);
    },
    applyOptions(o: Record<string, unknown>) {
      Object.assign(rec.options, o);
    },
  };
  return [rec, api];
}

export function lightweightChartsMock() {
  return {
    ColorType: { Solid: 'solid' },
    CrosshairMode: { Normal: 0 },
    LineSeries: { type: 'Line' },
    CandlestickSeries: { type: 'Candlestick' },
    createChart: vi.fn((_host: HTMLElement, options: unknown) => {
      const c = { removed: false, options, series: [] as SeriesRecord[], fits: [] as string[] };
      charts.push(c);
      return {
        addSeries(def: { type: SeriesRecord['kind'] }, o: Record<string, unknown> = {}) {
          const [rec, api] = series(def.type, o);
          c.series.push(rec);
          return api;
        },
        remove() {
          c.removed = true;
        },
        timeScale: () => ({
          fitContent: () => c.fits.push('fit'),
          scrollToRealTime: () => c.fits.push('real-time'),
        }),
      };
    }),
  };
}
