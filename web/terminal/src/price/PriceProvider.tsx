/// Owns one price store (and through it one feed) for the React tree below.
import { useEffect, useMemo, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { FeedFactory, FeedOptions } from './feedTypes';
import { PriceContext, PriceStoreContext, type PriceContextValue } from './PriceContext';
import { createPriceStore, type PriceStore } from './priceStore';
import { defaultFeedFactory } from './defaultFeedFactory';
import { resolvePollUrl, resolveWsUrl } from './feedUrls';
import type { RequestFrame } from './frameScheduler';
import { useCredentialsOnFocus } from '../session/useCredentialsOnFocus';
import { isSignedOut } from '../status/statusLabels';

export interface PriceProviderProps {
  children?: ReactNode;
  /** Injectable for tests; defaults to `@quantdesk/pricefeed`. */
  feedFactory?: FeedFactory;
  /** Extra feed options; wsUrl and pollUrl default per contract §2. */
  feedOptions?: FeedOptions;
  /** Explicit symbols, or omitted for all. */
  symbols?: string[];
  requestFrame?: RequestFrame;
  /** A store made elsewhere (tests, the e2e hook); the provider then only
   *  holds a reference on it. */
  store?: PriceStore;
}

/// The feed's URLs per contract §2: VITE_WEBSOCKET_URL, else this page's origin.
export function defaultFeedOptions(): FeedOptions {
  const page = globalThis.location ?? { protocol: 'http:', host: 'localhost:3002' };
  return {
    wsUrl: resolveWsUrl(import.meta.env?.VITE_WEBSOCKET_URL as string | undefined, page),
    pollUrl: resolvePollUrl(page),
  };
}

export function PriceProvider(props: PriceProviderProps) {
  // Created once: StrictMode's second initializer call is discarded and costs
  // nothing, because the store opens its feed only on acquire().
  const [store] = useState<PriceStore>(
    () =>
      props.store ??
      createPriceStore({
        feedFactory: props.feedFactory ?? defaultFeedFactory,
        feedOptions: { ...defaultFeedOptions(), ...props.feedOptions },
        symbols: props.symbols,
        requestFrame: props.requestFrame,
      }),
  );

  // One reference per mount; StrictMode's unmount/remount returns and retakes
  // it within the same tick, so the feed is neither disposed nor duplicated.
  useEffect(() => store.acquire(), [store]);

  // Later props apply too (a store passed in was configured by its maker).
  const { symbols, feedOptions } = props;
  const own = !props.store;
  useEffect(() => {
    if (own) store.configure({ symbols, feedOptions: { ...defaultFeedOptions(), ...feedOptions } });
  }, [store, own, symbols, feedOptions]);

  const snap = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
  useCredentialsOnFocus(store, isSignedOut(snap.status.reason));
  const value = useMemo<PriceContextValue>(
    () => ({
      prices: snap.prices,
      isConnected: snap.status.state === 'connected',
      lastUpdate: snap.lastUpdate,
      connectionStatus: snap.status.state,
      getPrice: store.getPrice,
      subscribeToSymbol: store.subscribeToSymbol,
      unsubscribeFromSymbol: store.unsubscribeFromSymbol,
    }),
    [store, snap.prices, snap.status.state, snap.lastUpdate],
  );

  return (
    <PriceStoreContext.Provider value={store}>
      <PriceContext.Provider value={value}>{props.children}</PriceContext.Provider>
    </PriceStoreContext.Provider>
  );
}
