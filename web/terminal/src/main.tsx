import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { PriceProvider, defaultFeedOptions } from './price/PriceProvider';
import { createPriceStore } from './price/priceStore';
import { defaultFeedFactory } from './price/defaultFeedFactory';
import { parseLayout } from './shell/popout';
import { PoppedOutWindow } from './shell/PoppedOutWindow';
import { installTestHooks } from './testHooks';
import './styles.css';

// `?window=quotes` or `?window=chart&symbol=SOL`: one window, popped out.
const layout = parseLayout(window.location.search);
const store = createPriceStore({ feedFactory: defaultFeedFactory, feedOptions: defaultFeedOptions() });
if (new URLSearchParams(window.location.search).has('e2e')) installTestHooks(store);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PriceProvider store={store}>{layout.type === 'single' ? <PoppedOutWindow layout={layout} /> : <App />}</PriceProvider>
  </StrictMode>,
);
