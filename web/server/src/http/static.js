/// Serves the built terminal (--static DIR). Paths without a file extension
/// fall back to index.html so the SPA's client-side routes load.

import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { resolve, join, extname, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** @param {string} dir */
export function createStaticHandler(dir) {
  const root = resolve(dir);
  return async function handleStatic(req, res, url) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    let rel;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      return false;
    }
    let file = resolve(join(root, rel));
    // Traversal guard: anything resolving outside the root is not ours.
    if (file !== root && !file.startsWith(root + sep)) return false;
    let st = await stat(file).catch(() => null);
    if (st?.isDirectory()) {
      file = join(file, 'index.html');
      st = await stat(file).catch(() => null);
    }
    if (!st?.isFile()) {
      if (extname(rel)) return false; // a missing asset is a 404, not the app
      file = join(root, 'index.html');
      st = await stat(file).catch(() => null);
      if (!st?.isFile()) return false;
    }
    const ext = extname(file);
    // Vite's hashed assets never change; index.html must always be revalidated.
    const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'content-length': st.size,
      'cache-control': cache,
    });
    if (req.method === 'HEAD') return res.end(), true;
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
    return true;
  };
}
