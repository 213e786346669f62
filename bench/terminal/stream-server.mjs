// A load server for the terminal benchmark: serves the built terminal and
// streams the backend's simulated feed over /ws at an exact rate, NOT
// conflated. (The reference backend conflates per symbol per tick, so a client
// never sees more than 12 updates per tick from it whatever --rate says, and
// --rate stops at 10,000.) Same wire protocol — the frames are built and the
// client's frames parsed by the backend's own protocol module — same prices,
// any rate.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { WebSocketServer } from 'ws';
import { ROOT } from '../lib/paths.mjs';
import { startStaticServer } from '../../tests/lib/static-server.mjs';

const serverModule = (p) => import(pathToFileURL(path.join(ROOT, 'web/server/src', p)).href);
const { createSimulatedFeed } = await serverModule('feeds/simulated.js');
const { parseClientFrame, snapshotFrame, updateFrame, heartbeatFrame, pongFrame } = await serverModule('ws/protocol.js');

/// Frames every `frameMs` (20 ms: 50 frames/s, a busy but real feed), each
/// carrying every update of that slice; a heartbeat every 5 s (contract §2).
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

  const pricesBody = () => {
    const data = {};
    const meta = {};
    for (const [s, u] of book) {
      data[s] = u.price;
      meta[s] = { publishTime: u.publishTime, seq: u.seq, confidence: u.confidence };
    }
    return JSON.stringify({ success: true, data, meta, timestamp: Date.now(), source: 'simulated' });
  };
  const http = await startStaticServer({
    spa: staticDir,
    handle(req, res, url) {
      if (url.pathname !== '/api/oracle/prices') return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(pricesBody());
      return true;
    },
  });
  const wss = new WebSocketServer({ noServer: true });
  http.server.on('upgrade', (req, socket, head) => {
    if (new URL(req.url, 'http://x').pathname !== '/ws') {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.on('message', (m) => {
        const r = parseClientFrame(m.toString());
        if (!r.ok) return;
        if (r.msg.type === 'subscribe') ws.send(snapshotFrame([...book.values()], Date.now()));
        if (r.msg.type === 'ping') ws.send(pongFrame(r.msg.timestamp));
      });
    });
  });
  let sent = 0;
  const tick = setInterval(() => {
    sent += pending.length;
    if (pending.length === 0) return;
    const frame = updateFrame(pending, Date.now());
    pending = [];
    for (const ws of wss.clients) if (ws.readyState === 1) ws.send(frame);
  }, frameMs);
  const beat = setInterval(() => {
    const f = heartbeatFrame(Date.now());
    for (const ws of wss.clients) if (ws.readyState === 1) ws.send(f);
  }, 5000);
  return {
    url: http.url,
    /// Updates sent so far (per client).
    get sent() {
      return sent;
    },
    async close() {
      clearInterval(tick);
      clearInterval(beat);
      feed.stop();
      for (const ws of wss.clients) ws.terminate();
      await http.close();
    },
  };
}
