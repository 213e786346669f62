// An HTTP reverse proxy that treats headers the way the nginx configuration in
// docs/server.md does, for the security tests: it keeps Host, appends the
// peer it saw to X-Forwarded-For ($proxy_add_x_forwarded_for), sets
// X-Forwarded-Proto ($scheme) and X-Forwarded-Host ($http_host), and passes
// WebSocket upgrades through. Everything a client wrote itself (a forged
// X-Forwarded-For included) reaches the backend, as through nginx.

import http from 'node:http';
import net from 'node:net';

/// Hop-by-hop headers nginx does not pass on (RFC 9110 §7.6.1).
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'];

/**
 * @param {{ upstreamPort: number, scheme?: 'http' | 'https' }} o
 *   scheme: what X-Forwarded-Proto says; 'https' plays a TLS-terminating front
 * @returns {Promise<{ port: number, url: string, wsUrl: string, close(): Promise<void> }>}
 */
export async function startNginxLikeProxy({ upstreamPort, scheme = 'http' }) {
  const sockets = new Set();
  const forwarded = (req) => {
    const h = { ...req.headers };
    const peer = req.socket.remoteAddress.replace(/^::ffff:/, '');
    h['x-forwarded-for'] = h['x-forwarded-for'] ? `${h['x-forwarded-for']}, ${peer}` : peer;
    h['x-forwarded-proto'] = scheme;
    h['x-forwarded-host'] = req.headers.host;
    for (const k of HOP_BY_HOP) delete h[k];
    return h;
  };

  const server = http.createServer((req, res) => {
    const up = http.request({
      host: '127.0.0.1', port: upstreamPort, method: req.method, path: req.url,
      headers: { ...forwarded(req), connection: 'close' }, agent: false,
    }, (ur) => {
      res.writeHead(ur.statusCode, ur.headers);
      ur.pipe(res);
    });
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(up);
  });

  server.on('upgrade', (req, socket, head) => {
    const up = net.connect(upstreamPort, '127.0.0.1');
    sockets.add(up).add(socket);
    const cut = () => { socket.destroy(); up.destroy(); };
    up.on('error', cut);
    socket.on('error', cut);
    up.on('close', () => { sockets.delete(up); socket.end(); });
    socket.on('close', () => { sockets.delete(socket); up.end(); });
    up.on('connect', () => {
      const h = { ...forwarded(req), upgrade: req.headers.upgrade, connection: 'upgrade' };
      const lines = Object.entries(h).map(([k, v]) => `${k}: ${v}`);
      up.write(`${req.method} ${req.url} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) up.write(head);
      socket.pipe(up);
      up.pipe(socket);
    });
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    async close() {
      for (const s of sockets) s.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
