// The package ships hand-written types; this fallback keeps the terminal
// type-checking against contract §7 when they are absent or differ.
declare module '@quantdesk/pricefeed' {
  import type { FeedOptions, PriceFeed } from './feedTypes';
  export function createPriceFeed(options?: FeedOptions): Promise<PriceFeed>;
  const create: typeof createPriceFeed;
  export default create;
}
