/// The context the existing front end reads prices from, and the hooks on it.
import { createContext, useCallback, useContext, useMemo, useRef, useSyncExternalStore } from 'react';
import { useSyncExternalStoreWithSelector } from 'use-sync-external-store/with-selector';
import type { ConnectionState, PriceData } from './feedTypes';
import type { PriceSnapshot, PriceStore, StatusView } from './priceStore';

/// The value the existing front end expects from `PriceContext`.
export interface PriceContextValue {
  prices: ReadonlyMap<string, PriceData>;
  /** True while the WebSocket delivers data (state `connected`). */
  isConnected: boolean;
  /** Epoch ms of the last batch received; null before any. */
  lastUpdate: number | null;
  connectionStatus: ConnectionState;
  getPrice(symbol: string): PriceData | undefined;
  subscribeToSymbol(symbol: string): void;
  unsubscribeFromSymbol(symbol: string): void;
}

export const PriceContext = createContext<PriceContextValue | null>(null);
export const PriceStoreContext = createContext<PriceStore | null>(null);

/// The store under the nearest PriceProvider; throws when there is none, so a
/// misplaced component fails loudly instead of showing empty prices forever.
export function usePriceStore(): PriceStore {
  const store = useContext(PriceStoreContext);
  if (!store) throw new Error('Price hooks must be used inside <PriceProvider> (none found above this component).');
  return store;
}

/// Reads a slice of the store; the component re-renders only when `isEqual`
/// says the slice changed (default: identity). React's own selector hook
/// memoizes on the snapshot *and* the selector, so a selector over new
/// arguments (a re-targeted chart) is right on its first render.
export function useStoreSelector<T>(
  selector: (s: PriceSnapshot) => T,
  isEqual: (a: T, b: T) => boolean = Object.is,
): T {
  const store = usePriceStore();
  return useSyncExternalStoreWithSelector(store.subscribe, store.getSnapshot, store.getSnapshot, selector, isEqual);
}

/// The store's snapshot as shown at most once per `ms`: the first change
/// after a quiet `ms` shows at once, later ones together at the end of the
/// window (the latest of them), on an animation frame, so the grid renders
/// in the frame the rest of the page renders in rather than in a frame of
/// its own. The store itself stays per frame: only the component that asks
/// for this renders less often. `ms` <= 0 = every change.
export function useThrottledSnapshot(ms: number): PriceSnapshot {
  const store = usePriceStore();
  const shown = useRef<PriceSnapshot | null>(null);
  const subscribe = useCallback(
    (notify: () => void) => {
      let last = -Infinity;
      let cancel: (() => void) | null = null;
      // The monotonic clock: a wall clock set back (NTP, a time zone
      // change) would hold the grid for as long as it jumped.
      const show = () => {
        cancel = null;
        last = performance.now();
        shown.current = store.getSnapshot();
        notify();
      };
      const changed = () => {
        if (cancel) return;
        const wait = last + ms - performance.now();
        if (wait <= 0) {
          show(); // the store notifies on a frame already
          return;
        }
        const timer = setTimeout(() => {
          cancel = store.requestFrame(show);
        }, wait);
        cancel = () => clearTimeout(timer);
      };
      const unsubscribe = store.subscribe(changed);
      // A change between the render and this subscription is not missed.
      if (shown.current !== store.getSnapshot()) changed();
      return () => {
        unsubscribe();
        cancel?.();
      };
    },
    [store, ms],
  );
  const getSnapshot = useCallback(() => {
    if (ms <= 0) return store.getSnapshot();
    shown.current ??= store.getSnapshot();
    return shown.current;
  }, [store, ms]);
  return useSyncExternalStore(ms <= 0 ? store.subscribe : subscribe, getSnapshot, getSnapshot);
}

/// The whole context value; re-renders on every displayed change.
export function usePrice(): PriceContextValue {
  const value = useContext(PriceContext);
  if (!value) throw new Error('usePrice() must be used inside <PriceProvider> (none found above this component).');
  return value;
}

/// One symbol's latest price; re-renders only when that symbol changes.
export function usePriceData(symbol: string): PriceData | undefined {
  usePriceStore(); // the clear error outside a provider
  const selector = useCallback((s: PriceSnapshot) => s.prices.get(symbol), [symbol]);
  return useStoreSelector(selector);
}

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/// Several symbols' prices in the order asked; re-renders only when one of
/// them changes.
export function usePrices(symbols: readonly string[]): Array<PriceData | undefined> {
  // The key, not the array identity, decides: callers pass inline arrays.
  const key = symbols.join('\u0000');
  const selector = useMemo(() => {
    const list = key === '' ? [] : key.split('\u0000');
    return (s: PriceSnapshot) => list.map((sym) => s.prices.get(sym));
  }, [key]);
  return useStoreSelector(selector, sameItems);
}

/// The connection state and its details; re-renders only on a change of
/// state, attempt or retry schedule, not on every price.
export function useConnectionStatus(): StatusView {
  return useStoreSelector(selectStatus);
}

/// Epoch ms of the last batch received (null before any).
export function useLastUpdate(): number | null {
  return useStoreSelector(selectLastUpdate);
}

const selectStatus = (s: PriceSnapshot) => s.status;
const selectLastUpdate = (s: PriceSnapshot) => s.lastUpdate;
