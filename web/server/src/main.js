#!/usr/bin/env node
/// CLI entry: node web/server/src/main.js [options]  (see --help, docs/server.md)

import { parseOptions, helpText } from './options.js';
import { startServer } from './server.js';
import { createLogger } from './log.js';

let opts;
try {
  opts = parseOptions(process.argv.slice(2), process.env);
} catch (err) {
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(2);
}
if (opts.help) {
  process.stdout.write(helpText());
  process.exit(0);
}

const log = createLogger(process.stdout, { level: opts.logLevel });
let srv;
try {
  srv = await startServer({ ...opts, log });
  // One human line beside the JSON logs (stderr keeps stdout pure JSON lines).
  const shown = ['127.0.0.1', '::1', '0.0.0.0', '::'].includes(opts.host) ? 'localhost' : opts.host;
  const what = opts.staticDir ? 'QuantDesk Pro Terminal' : 'QuantDesk market-data backend';
  process.stderr.write(`${what}: http://${shown.includes(':') ? `[${shown}]` : shown}:${srv.port}  (Ctrl-C stops)\n`);
} catch (err) {
  log('start_failed', { error: err.message });
  log.flush();
  process.stderr.write(`error: ${err.message}\n`);
  process.exit(1);
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, async () => {
    log('shutdown', { signal: sig });
    await srv.close();
    log.flush();
    process.exit(0);
  });
}
