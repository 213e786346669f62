/// Serves the built terminal (--static DIR) through sirv: precompressed
/// `.br`/`.gz` files (made at build time by scripts/precompress.mjs) when the
/// browser accepts them, ETag/304, and an SPA fallback to index.html for paths
/// without a file extension. Dotfiles are never served, source maps only with
/// --source-maps.
///
/// sirv reads the directory's file list once, at start: restart the server
/// after rebuilding the terminal in place.

import sirv from 'sirv';

/// Vite's hashed assets (`/assets/<name>-<8-character hash>.<ext>`) never
/// change under the same name, so browsers may keep them for a year without
/// asking. Everything else, index.html above all, is revalidated every time.
const HASHED_ASSET = /^\/assets\/[^/]+-[A-Za-z0-9_-]{8}\.[A-Za-z0-9]+$/;
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SOURCE_MAP = /\.map$/i;

/**
 * @param {string} dir
 * @param {{ sourceMaps?: boolean }} o
 */
export function createStaticHandler(dir, { sourceMaps = false } = {}) {
  const serve = sirv(dir, { etag: true, brotli: true, gzip: true, single: true, dotfiles: false });
  return function handleStatic(req, res, url) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    if (!sourceMaps && SOURCE_MAP.test(url.pathname)) return false;
    // Set before sirv answers so that a 304 carries it too.
    res.setHeader('cache-control', HASHED_ASSET.test(url.pathname) ? IMMUTABLE : 'no-cache');
    // sirv pipes a file stream with no error listener: a file removed since
    // start (a rebuild in place) must cut this response, not crash the process.
    const onPipe = (src) => src.once('error', () => res.destroy());
    res.once('pipe', onPipe);
    let missed = false;
    serve(req, res, () => { missed = true; });
    if (missed) {
      res.removeListener('pipe', onPipe);
      res.removeHeader('cache-control');
    }
    return !missed;
  };
}
