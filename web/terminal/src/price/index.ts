export { PriceProvider, defaultFeedOptions } from './PriceProvider';
export {
  PriceContext,
  usePrice,
  usePriceData,
  usePrices,
  useConnectionStatus,
  useLastUpdate,
  usePriceStore,
  useStoreSelector,
} from './PriceContext';
export type { PriceContextValue } from './PriceContext';
export { createPriceStore } from './priceStore';
export type { PriceStore, PriceSnapshot, QuoteMeta, StatusView } from './priceStore';
export type * from './feedTypes';
