/// The one interface every price source implements.
///
///   const feed = createFeed(options, { log, now })
///   feed.name                      'simulated' | 'pyth'; REST reports it as `source`
///   feed.start(emit)               emit({ symbol, price, confidence, publishTime }) per raw update
///   feed.stop()                    no emit after this returns
///
/// A feed only reports what its source said. It never invents a tick: when the
/// source stops, emit stops and the prices go stale with their old publishTime.
/// Sequencing and per-tick conflation happen downstream (../publisher.js).

import { createSimulatedFeed } from './simulated.js';
import { createPythFeed } from './pyth.js';

/**
 * @param {object} opts  parsed server options
 * @param {{ log: Function, now?: () => number }} deps
 * @returns {null | { name: string, start(emit: Function): void, stop(): void }}
 */
export function createFeed(opts, deps) {
  switch (opts.feed) {
    case 'simulated':
      return createSimulatedFeed({ rate: opts.rate, seed: opts.seed, symbols: opts.symbols, now: deps.now });
    case 'pyth':
      return createPythFeed({ hermesUrl: opts.hermesUrl, ids: opts.pythIds, log: deps.log, now: deps.now });
    case 'none':
      return null;
    default:
      throw new Error(`unknown feed ${JSON.stringify(opts.feed)}`);
  }
}
