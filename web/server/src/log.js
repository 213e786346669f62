/// Structured logs through pino: one JSON object per line, one line per
/// connection or lifecycle event, written asynchronously so a slow stdout
/// never stalls the event loop. Never called per message: at 10,000 updates/s
/// a per-message log would cost more than the stream itself.
///
/// Callers name the event; its level comes from LEVELS (info otherwise):
///   log('client_connected', { id, ip })  ->  {"level":"info","time":"...","event":"client_connected","id":1,"ip":"..."}

import pino from 'pino';

/// Events that are not routine. Anything not listed is info.
const LEVELS = {
  start_failed: 'fatal',
  http_error: 'error',
  redis_error: 'error',
  redis_publish_failed: 'error',
  publisher_lease_error: 'error',
  publisher_lease_lost: 'warn',
  publisher_stopped: 'warn',
  redis_bad_message: 'warn',
  pyth_latest_failed: 'warn',
  pyth_stream_closed: 'warn',
  no_source: 'warn',
  client_slow: 'warn',
  client_dropped: 'warn',
  client_rate_limited: 'warn',
  dev_login_refused: 'warn',
  chaos_refused: 'warn',
  client_error: 'debug',
};

/// 16 MiB of unwritten log lines at most: if stdout stops draining, later
/// lines are dropped (and counted) instead of growing the heap.
const MAX_BUFFERED = 16 * 1024 * 1024;

/**
 * @param {{ write(s: string): unknown } | null} stream  where lines go (default stdout); null = silent
 * @param {{ level?: string }} o  the least level written (pino's: trace debug info warn error fatal)
 * @returns {((event: string, fields?: object) => void) & { flush(): void, dropped(): number }}
 */
export function createLogger(stream = process.stdout, { level = 'info' } = {}) {
  if (!stream) return Object.assign(() => {}, { flush() {}, dropped: () => 0 });
  let dropped = 0;
  let dest = stream;
  if (stream === process.stdout) {
    dest = pino.destination({ dest: 1, sync: false, maxLength: MAX_BUFFERED });
    dest.on('drop', () => { dropped++; });
  }
  const logger = pino({
    level,
    base: null, // no pid/hostname on every line
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  }, dest);
  const log = (event, fields = {}) => logger[LEVELS[event] ?? 'info']({ event, ...fields });
  return Object.assign(log, {
    /// Writes what is still buffered; call before process.exit.
    flush() { if (typeof dest.flushSync === 'function') try { dest.flushSync(); } catch { /* still opening */ } },
    dropped: () => dropped,
  });
}
