// A load server for the terminal benchmark: serves the built terminal and
// streams the backend's simulated feed over /ws at an exact rate, NOT
// conflated. (The reference backend conflates per symbol per tick, so a client
// never sees more than 12 updates per tick from it whatever --rate says, and
// --rate stops at 10,000.) Same wire protocol, same prices, any rate.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { ROOT } from '../lib/paths.mjs';

const { createSimulatedFeed } = await import(pathToFileURL(path.join(ROOT, 'web/server/src/feeds/simulated.js')).href);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml' };

/// Frames every `frameMs` (20 ms: 50 frames/s, a busy but real feed), each
/// carrying every update of that slice; a heartbeat every 5 s.
export async function startStreamServer({ staticDir, rate, frameMs = 20, seed = 3 }) {
  // The backend's feed runs its own 20 ms timer at exactly `rate` steps/s;
  // every step is kept (no conflation) and flushed each `frameMs`.
  const feed = createSimulatedFeed({ rate, seed });
  const seqs = new Map();
  const book = new Map();
  let pending = [];
  feed.start((q) => {
    const seq = (seqs.get(q.symbol) ?? 0) + 1;
    seqs.set(q.symbol, seq);
    const u = { ...q, seq };
    book.set(q.symbol, u);
    pending.push(u);
  });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (url.pathname === '/api/oracle/prices') {
      const data = {}; const meta = {};
      for (const [s, u] of book) { data[s] = u.price; meta[s] = { publishTime: u.publishTime, seq: u.seq, confidence: u.confidence }; }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ success: true, data, meta, timestamp: Date.now(), source: 'simulated' }));
      return;
    }
    let file = path.join(staticDir, url.pathname);
    if (!file.startsWith(staticDir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) file = path.join(staticDir, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url, 'http://x').pathname !== '/ws') { socket.destroy(); return; }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (m) => {
        const msg = JSON.parse(m.toString());
        if (msg.type === 'subscribe') ws.send(JSON.stringify({ type: 'snapshot', channel: 'market_data', data: [...book.values()], timestamp: Date.now() }));
        if (msg.type === 'ping') ws.send(JSON.stringify({ type: 'pong', timestamp: msg.timestamp }));
      });
    });
  });
  let sent = 0;
  const tick = setInterval(() => {
    sent += pending.length;
    if (pending.length === 0) return;
    const frame = JSON.stringify({ type: 'market_data_update', data: pending, timestamp: Date.now() });
    pending = [];
    for (const ws of wss.clients) if (ws.readyState === 1) ws.send(frame);
  }, frameMs);
  const beat = setInterval(() => {
    const f = JSON.stringify({ type: 'heartbeat', timestamp: Date.now() });
    for (const ws of wss.clients) if (ws.readyState === 1) ws.send(f);
  }, 5000);
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    /// Updates sent so far (per client).
    get sent() { return sent; },
    async close() {
      clearInterval(tick); clearInterval(beat); feed.stop();
      for (const ws of wss.clients) ws.terminate();
      server.closeAllConnections();
      await new Promise((r) => server.close(() => r()));
    },
  };
}
