// @quantdesk/pricefeed: the JavaScript surface of docs/contract.md §7.
//   local_feed.js  the engine in this realm (a page, Node, or a worker)
import { createLocalFeed } from './local_feed.js';
import { resolveOptions } from './options.js';

export { DEFAULT_WS_URL, DEFAULT_POLL_URL, MAX_NAMED_SYMBOLS, resolveWsUrl, resolvePollUrl } from './options.js';
export { loadPriceFeedModule, memoryStats } from './local_feed.js';

/**
 * Creates a price feed (not connected yet: call connect()).
 * @param {import('./index.js').PriceFeedOptions} [options]
 * @returns {Promise<import('./index.js').PriceFeed>}
 */
export async function createPriceFeed(options = {}) {
  return createLocalFeed(resolveOptions(options));
}

export default createPriceFeed;
