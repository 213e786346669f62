// @quantdesk/pricefeed: the JavaScript surface of docs/contract.md §7. In a
// browser the engine runs, by default, in a SharedWorker that every tab of
// the origin shares (contract §8); this file only picks where it runs.
//   local_feed.js  the engine in this realm (a page, Node, or the worker)
//   proxy_feed.js  the tab's side when the engine runs in a worker
//   hub.js         the worker's side; worker.js is its entry
// What only a fallback needs (the engine in this realm, leader election) is
// imported when that fallback is taken, so a tab in the default mode never
// downloads it (docs/package.md, "What a browser downloads").
import { createProxyFeed, WorkerUnavailable } from './proxy_feed.js';
import { isNode, pageLocation, resolveOptions } from './options.js';
import { workerName } from './protocol.js';
import { sharedWorkerLink, spawnWorker } from './workers.js';

export { DEFAULT_WS_URL, DEFAULT_POLL_URL, MAX_NAMED_SYMBOLS, resolveWsUrl, resolvePollUrl } from './options.js';

const localFeed = () => import('./local_feed.js');
const createLocalFeed = async (resolved) => (await localFeed()).createLocalFeed(resolved);

/** Loads and instantiates the wasm module once per JS realm. */
export async function loadPriceFeedModule() {
  return (await localFeed()).loadPriceFeedModule();
}

/** Wasm memory size, bytes malloc'd now, bytes malloc has reserved, abandoned polls still in flight (for leak checks). */
export async function memoryStats() {
  return (await localFeed()).memoryStats();
}

/**
 * Where the engine runs: 'shared-worker', 'worker' or 'page'. `runIn` is a
 * preference; each falls back down that list to what this browser has.
 * Node, a page that is not served over http(s), and WebSocket or
 * XMLHttpRequest implementations passed as options (they cannot cross into a
 * worker) keep the engine in this realm.
 */
function whereToRun(resolved) {
  if (isNode() || !pageLocation() || resolved.WebSocket || resolved.XMLHttpRequest) return 'page';
  const { runIn } = resolved;
  if (runIn === 'page') return 'page';
  if ((runIn === 'auto' || runIn === 'shared-worker') && typeof SharedWorker === 'function') return 'shared-worker';
  if (typeof Worker === 'function') return 'worker';
  return 'page';
}

async function transportFor(where, name) {
  if (where === 'shared-worker') return { onTakeover: null, open: () => sharedWorkerLink(name), close() {} };
  const { canElect, leaderTransport, privateWorkerTransport } = await import('./leader.js');
  return canElect() ? leaderTransport(name, spawnWorker) : privateWorkerTransport(name, spawnWorker);
}

/**
 * Creates a price feed (not connected yet: call connect()).
 * @param {import('./index.js').PriceFeedOptions} [options]
 * @returns {Promise<import('./index.js').PriceFeed>}
 */
export async function createPriceFeed(options = {}) {
  const resolved = resolveOptions(options);
  const where = whereToRun(resolved);
  if (where === 'page') return createLocalFeed(resolved);
  let transport = null;
  try {
    transport = await transportFor(where, workerName(resolved.engine));
    return await createProxyFeed(resolved, { transport, createLocal: createLocalFeed });
  } catch (err) {
    // A browser that refuses the worker (a CSP without worker-src, a
    // SecurityError) or a worker that cannot load the wasm: as before issue 12.
    transport?.close();
    if (!(err instanceof WorkerUnavailable) && !(err instanceof DOMException)) throw err;
    const line = `price feed: the engine runs in this page (${where}: ${err.message})`;
    try {
      resolved.logger.warn?.(line);
    } catch {
      // a throwing logger loses the line
    }
    return createLocalFeed(resolved);
  }
}

export default createPriceFeed;
