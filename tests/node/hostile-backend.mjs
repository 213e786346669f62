// A small market-data backend written from the wire contract (docs/protocol.md,
// contract §4 and §5), not from the reference server, that misbehaves on
// request the way real deployments do. Real sockets on 127.0.0.1.
//
// WebSocket modes (backend.ws = ...):
//   'healthy'          snapshot after each subscribe, updates, heartbeats
//   'flapping'         accepts, sends the snapshot, drops the connection at once
//   'refuse-subscribe' answers each subscribe with an `error` frame, keeps beating
//   'no-snapshot'      accepts and beats, never answers a subscribe
//   'silent'           sends the snapshot, then nothing at all
//   'unauthorized'     `error` frame, then close 4401
//   'refused'          the upgrade is answered 503
// REST modes (backend.rest = ...):
//   'ok'               the reference shape with `meta`
//   'no-meta'          the existing QuantDesk shape: `data` and `timestamp` only
//   'down'             503
//   'retry-after'      503 with `Retry-After: backend.retryAfterS`
import http from 'node:http';
import { WebSocketServer } from 'ws';

export async function startHostileBackend({ symbols = ['BTC', 'ETH', 'SOL'], heartbeatMs = 100, tickMs = 25 } = {}) {
  const market = new Map(symbols.map((s, i) => [s, { symbol: s, price: 100 * (i + 1), confidence: 0.5, publishTime: Date.now(), seq: 1 }]));
  const state = {
    ws: 'healthy',
    rest: 'ok',
    retryAfterS: 1,
    /// The REST `timestamp` runs this far ahead of the prices' publishTime
    /// (the API server's clock is not the source's).
    restClockSkewMs: 0,
    connections: 0,
    polls: [],
    received: [],
  };
  const clients = new Set();

  const tick = setInterval(() => {
    const now = Date.now();
    for (const p of market.values()) {
      p.seq += 1;
      p.price = Math.round((p.price + (Math.random() - 0.5)) * 100) / 100;
      p.publishTime = now;
    }
    if (state.ws !== 'healthy') return;
    const frame = JSON.stringify({ type: 'market_data_update', data: [...market.values()], timestamp: now });
    for (const c of clients) if (c.subscribed) c.ws.send(frame);
  }, tickMs);

  const server = http.createServer((req, res) => {
    if (!req.url.startsWith('/api/oracle/prices')) {
      res.writeHead(404).end();
      return;
    }
    state.polls.push(Date.now());
    if (state.rest === 'down') {
      res.writeHead(503).end('down');
      return;
    }
    if (state.rest === 'retry-after') {
      res.writeHead(503, { 'Retry-After': String(state.retryAfterS) }).end('later');
      return;
    }
    const now = Date.now();
    const body = { success: true, data: Object.fromEntries([...market.values()].map((p) => [p.symbol, p.price])), timestamp: now + state.restClockSkewMs };
    if (state.rest === 'ok') {
      body.meta = Object.fromEntries([...market.values()].map((p) => [p.symbol, { publishTime: p.publishTime, seq: p.seq, confidence: p.confidence }]));
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
  });

  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, socket, head) => {
    if (state.ws === 'refused') {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => accept(ws));
  });

  function accept(ws) {
    state.connections++;
    const c = { ws, subscribed: false };
    clients.add(c);
    const mode = state.ws;
    const beat = setInterval(() => {
      if (mode !== 'silent' && mode !== 'flapping') ws.send(JSON.stringify({ type: 'heartbeat', timestamp: Date.now() }));
    }, heartbeatMs);
    ws.on('close', () => {
      clearInterval(beat);
      clients.delete(c);
    });
    ws.on('error', () => {});
    if (mode === 'unauthorized') {
      ws.send(JSON.stringify({ type: 'error', code: 'unauthorized', message: 'no session' }));
      ws.close(4401, 'unauthorized');
      return;
    }
    ws.on('message', (data) => {
      const text = String(data);
      state.received.push(text);
      let msg;
      try {
        msg = JSON.parse(text);
      } catch {
        return;
      }
      if (msg.type !== 'subscribe') return;
      if (mode === 'refuse-subscribe') {
        ws.send(JSON.stringify({ type: 'error', code: 'bad_request', message: 'subscribe refused' }));
        return;
      }
      if (mode === 'no-snapshot') return;
      const wanted = msg.symbols ? [...market.values()].filter((p) => msg.symbols.includes(p.symbol)) : [...market.values()];
      ws.send(JSON.stringify({ type: 'snapshot', channel: 'market_data', data: wanted, timestamp: Date.now() }));
      if (mode === 'flapping') {
        ws.terminate();
        return;
      }
      c.subscribed = mode === 'healthy';
    });
  }

  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return {
    state,
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    pollUrl: `http://127.0.0.1:${port}/api/oracle/prices`,
    /// Every open socket dropped at once (a deploy, a crash).
    dropAll() {
      for (const c of clients) c.ws.terminate();
    },
    /// Sends `text` on every open socket.
    sendAll(text) {
      for (const c of clients) c.ws.send(text);
    },
    async close() {
      clearInterval(tick);
      for (const c of clients) c.ws.terminate();
      wss.close();
      server.closeAllConnections?.();
      await new Promise((r) => server.close(r));
    },
  };
}
