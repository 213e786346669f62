// Repository paths the benchmarks read, resolved from this file (never from the
// working directory or an absolute path of one machine).
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const PRICEFEED_DIR = path.join(ROOT, 'web/pricefeed');
/// The package's built files. QD_PRICEFEED_DIST points the benchmarks at
/// another build (e.g. a saved copy of main's, for a before/after in one run).
export const PRICEFEED_DIST = process.env.QD_PRICEFEED_DIST
  ? path.resolve(process.env.QD_PRICEFEED_DIST)
  : path.join(PRICEFEED_DIR, 'dist');
export const SERVER_MODULE = path.join(ROOT, 'web/server/src/server.js');
export const TERMINAL_DIST = path.join(ROOT, 'web/terminal/dist');
export const NODE_MODULES = path.join(ROOT, 'node_modules');
