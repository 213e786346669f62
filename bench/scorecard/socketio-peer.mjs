// The peer for the scorecard: a socket.io server (npm, default options) that
// emits the same simulated prices as the reference backend (its own feed
// module, same seed and rate), with the same chaos controls for the WebSocket
// path (drop, refuse, restore).
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Server } from 'socket.io';
import { ROOT } from '../lib/paths.mjs';

const { createSimulatedFeed } = await import(pathToFileURL(path.join(ROOT, 'web/server/src/feeds/simulated.js')).href);

/// Starts the peer on 127.0.0.1. `rate` updates/s in total, sent every `tickMs`
/// as one `market_data_update` event, as the reference backend batches them.
/// `serverOptions` go to socket.io unchanged (the scorecard passes none, except
/// shorter ping timings in quick mode).
export async function startSocketIoPeer({ port = 0, rate = 20, tickMs = 100, seed = 1, serverOptions = {} } = {}) {
  const httpServer = http.createServer((req, res) => {
    if (req.url === '/health') { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"ok":true}'); return; }
    // socket.io answers its own /socket.io/ path before this handler runs.
    if (!res.headersSent) { res.writeHead(404); res.end(); }
  });
  const io = new Server(httpServer, { serveClient: false, ...serverOptions });

  // Chaos on the WebSocket path only: wrap engine.io's upgrade listeners so a
  // refusal happens before socket.io sees the request, and remember upgraded
  // raw sockets so a drop can destroy them without a close frame.
  const chaos = { refuseWs: false };
  const upgraded = new Set();
  const ioUpgrade = httpServer.listeners('upgrade');
  httpServer.removeAllListeners('upgrade');
  httpServer.on('upgrade', (req, socket, head) => {
    if (chaos.refuseWs) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.destroy();
      return;
    }
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
    for (const l of ioUpgrade) l.call(httpServer, req, socket, head);
  });
  const raw = new Set();
  httpServer.on('connection', (s) => { raw.add(s); s.once('close', () => raw.delete(s)); });

  // The backend's own simulated feed; seq added per symbol as its book does.
  const feed = createSimulatedFeed({ rate, seed });
  const seqs = new Map();
  let pending = [];
  feed.start((q) => {
    const seq = (seqs.get(q.symbol) ?? 0) + 1;
    seqs.set(q.symbol, seq);
    pending.push({ ...q, seq });
  });
  const timer = setInterval(() => {
    if (pending.length === 0) return;
    const data = pending;
    pending = [];
    io.emit('market_data_update', { type: 'market_data_update', data, timestamp: Date.now() });
  }, tickMs);

  await new Promise((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(port, '127.0.0.1', resolve);
  });
  const actualPort = httpServer.address().port;

  return {
    port: actualPort,
    url: `http://127.0.0.1:${actualPort}`,
    io,
    get clients() { return io.engine.clientsCount; },
    chaos: {
      /// Destroys every upgraded (WebSocket) TCP connection, no close frame.
      dropWs() { for (const s of upgraded) s.destroy(); upgraded.clear(); },
      /// Answers new WebSocket upgrades with 503; long-polling still works.
      refuseWs() { chaos.refuseWs = true; },
      restore() { chaos.refuseWs = false; },
    },
    /// Stops the server and destroys every connection (a crash or a deploy).
    async close() {
      clearInterval(timer);
      feed.stop();
      for (const s of raw) s.destroy();
      io.close();
      await new Promise((r) => httpServer.close(() => r()));
    },
  };
}
