/// One terminal window on its own, full size, in a browser window of its own
/// (a second monitor): the window's body under a bar with its title and the
/// connection indicator. It shows the feed of its own page; the terminal
/// that popped it out hears that it is up and closes its copy.
import { useEffect } from 'react';
import { ChartHistoryProvider } from '../chart/ChartHistory';
import { PriceChart } from '../chart/PriceChart';
import { QuoteMonitor } from '../quotes/QuoteMonitor';
import { ConnectionIndicator } from '../status/ConnectionIndicator';
import type { Layout } from './popout';
import { announcePoppedOut } from './popoutChannel';
import { windowTitle } from './windows';

export function PoppedOutWindow({ layout }: { layout: Extract<Layout, { type: 'single' }> }) {
  const title = windowTitle(layout);
  useEffect(() => {
    document.title = `${title} · QuantDesk Pro`;
  }, [title]);
  useEffect(() => {
    if (layout.token) announcePoppedOut(layout.token);
  }, [layout.token]);

  return (
    <ChartHistoryProvider>
      <div className="app">
        <header className="cmdbar">
          <span className="brand">
            QUANTDESK<span className="accent"> PRO</span>
          </span>
          <h1 className="popout-title">{title}</h1>
          <ConnectionIndicator />
        </header>
        <main className="popout-body" aria-label={title}>
          {layout.kind === 'quotes' ? <QuoteMonitor /> : <PriceChart symbol={layout.symbol} />}
        </main>
      </div>
    </ChartHistoryProvider>
  );
}
