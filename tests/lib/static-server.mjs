// The one static file server of tests/ and bench/ (sirv, on 127.0.0.1 and a
// free port): URL prefixes mapped to folders, inline pages, and an optional
// handler that sees every request first (an API route, a WebSocket upgrade
// goes to `server` itself).
import http from 'node:http';
import sirv from 'sirv';

/**
 * @param {{ mounts?: Record<string, string>, pages?: Record<string, string>, spa?: string,
 *   handle?: (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => boolean }} options
 *   mounts: { '/pricefeed/': '/abs/dir' }; pages: { '/': '<html>' }; spa: a folder served at '/'
 *   whose index.html answers every path without a file (a built single-page app).
 */
export async function startStaticServer({ mounts = {}, pages = {}, spa, handle } = {}) {
  // dev: re-read files on every request and never let the browser cache them.
  const serve = Object.entries(mounts).map(([prefix, dir]) => [prefix, sirv(dir, { dev: true })]);
  const app = spa ? sirv(spa, { dev: true, single: true }) : null;
  const notFound = (res) => {
    res.writeHead(404);
    res.end();
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    if (handle?.(req, res, url)) return;
    if (pages[url.pathname] !== undefined) {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(pages[url.pathname]);
      return;
    }
    for (const [prefix, handler] of serve) {
      if (!url.pathname.startsWith(prefix)) continue;
      req.url = '/' + req.url.slice(prefix.length);
      handler(req, res, () => notFound(res));
      return;
    }
    if (app) app(req, res, () => notFound(res));
    else notFound(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
