/// The terminal's names for the types of `@quantdesk/pricefeed`
/// (docs/contract.md §7). The package's hand-written .d.ts is the one source.
import type { PriceFeed, PriceFeedOptions } from '@quantdesk/pricefeed';

export type {
  ConnectionInfo,
  ConnectionState,
  PriceFeed,
  PriceSource,
  StatusEvent,
  PriceUpdate as PriceData,
  PriceFeedOptions as FeedOptions,
} from '@quantdesk/pricefeed';

/// Creates a feed; the real one is the package's `createPriceFeed`, tests
/// inject a fake with the same surface.
export type FeedFactory = (options: PriceFeedOptions) => PriceFeed | Promise<PriceFeed>;
