/// Structured logs: one JSON object per line, one line per connection or
/// lifecycle event. Never called per message: at 10,000 updates/s a per-message
/// log would cost more than the stream itself.

/**
 * @param {{ write(s: string): unknown } | null} stream  where lines go; null = silent
 * @returns {(event: string, fields?: object) => void}
 */
export function createLogger(stream = process.stdout) {
  if (!stream) return () => {};
  return (event, fields = {}) => {
    stream.write(JSON.stringify({ event, ...fields, time: new Date().toISOString() }) + '\n');
  };
}
