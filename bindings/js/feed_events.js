// What every feed object has whichever realm its engine runs in
// (local_feed.js, proxy_feed.js): its subscribers (contract §7's
// subscribe), the promises connect() hands out, and how a throw in a
// subscriber or a logger is reported without stopping anything.
import { MAX_NAMED_SYMBOLS } from './options.js';

export const EVENTS = ['market_data_update', 'status'];

export function logTo(logger, level, text) {
  const fn = typeof logger[level] === 'function' ? logger[level] : logger.log;
  if (typeof fn === 'function') fn.call(logger, text);
}

/// The engine refuses a change that would name more symbols than the
/// server takes; nothing changed, and the caller hears why.
export function refuseTooMany(result) {
  if (result === 'too_many') {
    throw new RangeError(`@quantdesk/pricefeed: the subscription would name more than ${MAX_NAMED_SYMBOLS} symbols (the server's limit); nothing changed`);
  }
}

export function createFeedEvents(logger) {
  const listeners = { market_data_update: new Set(), status: new Set() };
  let waiters = [];
  let closed = false;

  /// Reported, never rethrown: the logger itself may be what threw.
  const report = (err, what) => {
    try {
      if (typeof globalThis.reportError === 'function') globalThis.reportError(err);
      else logTo(logger, 'error', `@quantdesk/pricefeed: ${what} threw: ${err?.stack ?? err}`);
    } catch {
      // Nowhere left to report to.
    }
  };

  return {
    report,
    emit(event, value) {
      for (const cb of [...listeners[event]]) {
        if (closed) return;
        try {
          cb(value);
        } catch (err) {
          report(err, 'a subscriber'); // the others still get the value
        }
      }
    },
    subscribe(event, cb) {
      if (!EVENTS.includes(event)) throw new TypeError(`@quantdesk/pricefeed: unknown event ${JSON.stringify(event)}; use ${EVENTS.join(' or ')}`);
      if (typeof cb !== 'function') throw new TypeError('@quantdesk/pricefeed: subscribe needs a callback');
      if (closed) return () => {};
      // Wrapped so the same function can be subscribed twice and unsubscribed once.
      const entry = (value) => cb(value);
      listeners[event].add(entry);
      return () => listeners[event].delete(entry);
    },
    /** A promise that settles with the state connect() waits for. */
    waitConnect() {
      return new Promise((resolve) => waiters.push(resolve));
    },
    settleConnect(state) {
      const now = waiters;
      waiters = [];
      now.forEach((resolve) => resolve(state));
    },
    /** No callback fires from here on; pending connect() calls settle 'disconnected'. */
    close() {
      closed = true;
      listeners.market_data_update.clear();
      listeners.status.clear();
      this.settleConnect('disconnected');
    },
  };
}
