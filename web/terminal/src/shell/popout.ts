/// Pop-out windows: the URL that shows one terminal window on its own, full
/// size, in a browser window of its own (for a second monitor), and reading
/// that URL back. No React and no DOM here.
import { SYMBOL } from './commands';
import type { WindowKind, WindowSpec } from './windows';

export type PopOutKind = Extract<WindowKind, 'quotes' | 'chart'>;

/// What a page shows: the whole desktop, or one window. `token` is what the
/// terminal that popped the window out waits to hear (popOutChannel.ts).
export type Layout =
  | { type: 'desktop' }
  | { type: 'single'; kind: 'quotes'; token: string | null }
  | { type: 'single'; kind: 'chart'; symbol: string; token: string | null };

const WINDOW_PARAM = 'window';
const SYMBOL_PARAM = 'symbol';
const TOKEN_PARAM = 'popout';
/// A chart URL without a (valid) symbol charts BTC, like the start-up chart.
const DEFAULT_CHART_SYMBOL = 'BTC';

/// The Quote Monitor and the chart can be popped out; help is one line away
/// on any screen.
export function canPopOut(kind: WindowKind): kind is PopOutKind {
  return kind === 'quotes' || kind === 'chart';
}

export function parseLayout(search: string): Layout {
  const q = new URLSearchParams(search);
  const token = q.get(TOKEN_PARAM);
  switch (q.get(WINDOW_PARAM)) {
    case 'quotes':
      return { type: 'single', kind: 'quotes', token };
    case 'chart': {
      const symbol = (q.get(SYMBOL_PARAM) ?? '').toUpperCase();
      return { type: 'single', kind: 'chart', symbol: SYMBOL.test(symbol) ? symbol : DEFAULT_CHART_SYMBOL, token };
    }
    default:
      return { type: 'desktop' };
  }
}

/// The page's own URL (same origin, same path: the same build and the same
/// feed), its other parameters kept, showing `spec` alone.
export function popOutUrl(spec: Pick<WindowSpec, 'kind' | 'symbol'>, token: string, current: string): string {
  const url = new URL(current);
  url.hash = '';
  url.searchParams.set(WINDOW_PARAM, spec.kind);
  if (spec.kind === 'chart' && spec.symbol) url.searchParams.set(SYMBOL_PARAM, spec.symbol);
  else url.searchParams.delete(SYMBOL_PARAM);
  url.searchParams.set(TOKEN_PARAM, token);
  return url.href;
}

/// A popup the size of the window it replaces. `noopener` puts it in a
/// browsing context group of its own, so Chromium may give it its own
/// renderer process: the two windows then render on two main threads.
export function popOutFeatures(spec: Pick<WindowSpec, 'w' | 'h'>): string {
  return `popup,width=${spec.w},height=${spec.h},noopener`;
}
