// Resolves and checks createPriceFeed() options (docs/contract.md §2, §7).
// Wrong types are programming errors and throw a TypeError at once; every
// value the engine accepts is passed through unchanged.

/// Outside a page there is no origin to be relative to: the reference
/// backend's default port on this machine.
export const DEFAULT_WS_URL = 'ws://localhost:3002/ws';
export const DEFAULT_POLL_URL = 'http://localhost:3002/api/oracle/prices';
export const WS_PATH = '/ws';
export const POLL_PATH = '/api/oracle/prices';

/// setTimeout fires at once for delays above 2^31 - 1 ms; no option may
/// schedule anything that far out.
const MAX_MS = 2 ** 31 - 1;

/// Node by its version string: a `window` may exist there too (jsdom in
/// Vitest or Jest, Electron), and the .wasm must still be read from disk.
export function isNode() {
  return typeof process === 'object' && typeof process.versions?.node === 'string';
}

/** The page's location when there is a page served over http(s); else null. */
export function pageLocation() {
  const loc = globalThis.location;
  return loc && (loc.protocol === 'http:' || loc.protocol === 'https:') ? loc : null;
}

function fail(message) {
  throw new TypeError(`@quantdesk/pricefeed: ${message}`);
}

/** `url` absolute with a scheme in `schemes`, resolved against the page. */
function resolveUrl(name, url, loc, schemes, swap) {
  if (typeof url !== 'string') fail(`${name} must be a string`);
  if (url === '') return ''; // the engine reads '' as: this transport is off
  let u;
  try {
    u = new URL(url, loc ? loc.href : undefined);
  } catch {
    fail(`${name} ${JSON.stringify(url)} is not a valid URL${loc ? '' : ' (relative URLs need a page)'}`);
  }
  if (swap[u.protocol]) u = new URL(swap[u.protocol] + u.href.slice(u.protocol.length));
  if (!schemes.includes(u.protocol)) fail(`${name} must use ${schemes.join(' or ')}, got ${u.protocol}`);
  return u.href;
}

/** The WebSocket URL: explicit (relative ones resolved against the page; '' = polling only), else `/ws` on the page's origin with ws:/wss: matching, else the local default. */
export function resolveWsUrl(url, loc = pageLocation()) {
  if (url === undefined || url === null) {
    if (!loc) return DEFAULT_WS_URL;
    return `${loc.protocol === 'https:' ? 'wss:' : 'ws:'}//${loc.host}${WS_PATH}`;
  }
  return resolveUrl('wsUrl', url, loc, ['ws:', 'wss:'], { 'http:': 'ws:', 'https:': 'wss:' });
}

/** The polling URL: explicit ('' = no fallback), else `/api/oracle/prices` on the page's origin, else the local default. */
export function resolvePollUrl(url, loc = pageLocation(), name = 'pollUrl') {
  if (url === undefined || url === null) return loc ? `${loc.origin}${POLL_PATH}` : DEFAULT_POLL_URL;
  return resolveUrl(name, url, loc, ['http:', 'https:'], {});
}

function checkMs(name, v, min) {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${name} must be a finite number of milliseconds`);
  if (v < min || v > MAX_MS) fail(`${name} must be between ${min} and ${MAX_MS} ms, got ${v}`);
  return Math.round(v);
}

/// Options the engine reads, with the smallest value each accepts: a timer of
/// 0 ms would spin, a count of 0 attempts would never fall back.
const MS_OPTIONS = {
  pollIntervalMs: 1,
  hiddenPollIntervalMs: 1,
  pollTimeoutMs: 1,
  fallbackAfterMs: 0,
  connectTimeoutMs: 1,
  snapshotTimeoutMs: 1,
  reconnectSpreadMs: 0,
  maxRetryAfterMs: 0,
  heartbeatTimeoutMs: 1,
  staleAfterMs: 1,
  healthyAfterMs: 0,
  authRetryAfterMs: 1,
  flushIntervalMs: 0,
  logWindowMs: 1,
};

/// The reference server's rules (wasm/engine/subscription.h): a symbol is 1-32
/// of [A-Za-z0-9._/-], and one connection names at most 1,000. The client
/// refuses what the server would refuse, at the call that asks for it.
export const SYMBOL_PATTERN = /^[A-Za-z0-9._/-]{1,32}$/;
export const MAX_NAMED_SYMBOLS = 1000;

export function checkSymbols(symbols, name = 'symbols') {
  if (!Array.isArray(symbols)) fail(`${name} must be an array of symbols`);
  const bad = symbols.find((s) => typeof s !== 'string' || !SYMBOL_PATTERN.test(s));
  if (bad !== undefined) fail(`${name}: ${JSON.stringify(bad)} is not a symbol (1-32 of A-Z a-z 0-9 . _ / -)`);
  if (new Set(symbols).size > MAX_NAMED_SYMBOLS) {
    throw new RangeError(`@quantdesk/pricefeed: ${name} names more than ${MAX_NAMED_SYMBOLS} symbols (the server's limit); subscribe to all instead`);
  }
  return symbols.slice();
}

/// Where the engine runs (contract §8): 'auto' picks the first that works
/// of shared-worker, worker, page; Node is always in-process.
export const RUN_IN = Object.freeze(['auto', 'shared-worker', 'worker', 'page']);

/**
 * Checks `options` and returns `{ engine, logger, WebSocket, XMLHttpRequest, pageEvents, runIn }`:
 * `engine` is the plain object handed to the wasm side (it crosses into a
 * worker as is: strings, numbers and arrays only).
 */
export function resolveOptions(options = {}, loc = pageLocation()) {
  if (options === null || typeof options !== 'object') fail('options must be an object');
  const engine = {
    wsUrl: resolveWsUrl(options.wsUrl, loc),
    pollUrl: resolvePollUrl(options.pollUrl, loc),
  };
  if (options.symbols !== undefined && options.symbols !== null) engine.symbols = checkSymbols(options.symbols);
  for (const [name, min] of Object.entries(MS_OPTIONS)) {
    const v = checkMs(name, options[name], min);
    if (v !== undefined) engine[name] = v;
  }
  if (options.maxMessageBytes !== undefined) {
    const v = options.maxMessageBytes;
    if (!Number.isInteger(v) || v < 1 || v > MAX_MS) fail('maxMessageBytes must be a positive integer');
    engine.maxMessageBytes = v;
  }
  if (options.fallbackAfterAttempts !== undefined) {
    const v = options.fallbackAfterAttempts;
    if (!Number.isInteger(v) || v < 1 || v > 1000) fail('fallbackAfterAttempts must be an integer from 1 to 1000');
    engine.fallbackAfterAttempts = v;
  }
  if (options.backoff !== undefined && options.backoff !== null) {
    const b = options.backoff;
    if (typeof b !== 'object') fail('backoff must be an object');
    const backoff = {};
    const initialMs = checkMs('backoff.initialMs', b.initialMs, 1);
    const maxMs = checkMs('backoff.maxMs', b.maxMs, 1);
    if (initialMs !== undefined) backoff.initialMs = initialMs;
    if (maxMs !== undefined) backoff.maxMs = maxMs;
    if (b.multiplier !== undefined) {
      if (typeof b.multiplier !== 'number' || !(b.multiplier >= 1 && b.multiplier <= 100)) fail('backoff.multiplier must be a number from 1 to 100');
      backoff.multiplier = b.multiplier;
    }
    if (b.jitter !== undefined) {
      if (typeof b.jitter !== 'number' || !(b.jitter >= 0 && b.jitter <= 1)) fail('backoff.jitter must be a number from 0 to 1');
      backoff.jitter = b.jitter;
    }
    engine.backoff = backoff;
  }
  const logger = options.logger ?? globalThis.console;
  if (!logger || typeof logger !== 'object' && typeof logger !== 'function') fail('logger must be an object with info/warn/error methods');
  for (const impl of ['WebSocket', 'XMLHttpRequest']) {
    if (options[impl] !== undefined && typeof options[impl] !== 'function') fail(`${impl} must be a constructor`);
  }
  const runIn = options.runIn ?? 'auto';
  if (!RUN_IN.includes(runIn)) fail(`runIn must be one of ${RUN_IN.map((r) => `'${r}'`).join(', ')}, got ${JSON.stringify(runIn)}`);
  return {
    engine,
    logger,
    WebSocket: options.WebSocket,
    XMLHttpRequest: options.XMLHttpRequest,
    pageEvents: options.pageEvents,
    runIn,
  };
}
