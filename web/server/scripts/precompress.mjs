#!/usr/bin/env node
/// node web/server/scripts/precompress.mjs DIR
///
/// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip -9) beside every
/// .wasm, .js and .css under DIR, once, at build time: the server then sends
/// the smallest variant a browser accepts without compressing per request
/// (sirv picks them by Accept-Encoding). A variant that is not smaller than
/// the original is not written.

import { readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join, extname } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { pathToFileURL } from 'node:url';

/// The files worth it: text-like code and the wasm binary, which is most of the page's bytes.
export const COMPRESSED_EXTENSIONS = new Set(['.wasm', '.js', '.css']);

const VARIANTS = [
  ['.br', (buf) => brotliCompressSync(buf, {
    params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
  })],
  ['.gz', (buf) => gzipSync(buf, { level: constants.Z_BEST_COMPRESSION })],
];

/**
 * @param {string} dir
 * @returns {Array<{ file: string, bytes: number, br?: number, gz?: number }>}  relative paths and sizes
 */
export function precompress(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !COMPRESSED_EXTENSIONS.has(extname(entry.name))) continue;
    const abs = join(entry.parentPath ?? entry.path, entry.name);
    const buf = readFileSync(abs);
    const row = { file: abs.slice(dir.length + 1), bytes: buf.length };
    for (const [suffix, compress] of VARIANTS) {
      const z = compress(buf);
      if (z.length < buf.length) {
        writeFileSync(abs + suffix, z);
        row[suffix.slice(1)] = z.length;
      } else {
        rmSync(abs + suffix, { force: true }); // a stale variant from an earlier build must not be served
      }
    }
    out.push(row);
  }
  return out;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: node web/server/scripts/precompress.mjs DIR\n');
    process.exit(2);
  }
  const rows = precompress(dir.replace(/\/+$/, ''));
  const sum = (k) => rows.reduce((a, r) => a + (r[k] ?? r.bytes), 0);
  process.stdout.write(`precompress ${dir}: ${rows.length} files, ${sum('bytes')} bytes -> br ${sum('br')}, gzip ${sum('gz')}\n`);
}
