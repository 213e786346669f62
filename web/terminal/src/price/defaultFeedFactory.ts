/// The real feed: `@quantdesk/pricefeed`, loaded on demand so the shell
/// paints before the wasm module has downloaded.
import type { FeedFactory, PriceFeed } from './feedTypes';

export const defaultFeedFactory: FeedFactory = async (options) => {
  const mod = await import('@quantdesk/pricefeed');
  return (await mod.createPriceFeed(options)) as unknown as PriceFeed;
};
