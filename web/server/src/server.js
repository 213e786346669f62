/// The reference market-data backend in one call: startServer(options).
/// Wires feed -> publisher -> bus -> book -> hub (WebSocket clients) and the
/// HTTP routes. docs/server.md describes the options, docs/protocol.md the wire.

import http from 'node:http';
import { stat } from 'node:fs/promises';
import { WebSocketServer } from 'ws';
import { DEFAULTS } from './options.js';
import { createLogger } from './log.js';
import { createBook } from './book.js';
import { createPublisher } from './publisher.js';
import { createFeed } from './feeds/feed.js';
import { createMemoryBus } from './bus/memory.js';
import { createRedisBus } from './bus/redis.js';
import { acquirePublisherLease } from './bus/lease.js';
import { createHub } from './ws/hub.js';
import { CLOSE } from './ws/close-codes.js';
import { refuseUpgrade } from './ws/refuse-upgrade.js';
import { errorFrame } from './ws/protocol.js';
import { createChaos, handleChaos } from './http/chaos.js';
import { createRestHandler } from './http/rest.js';
import { createStaticHandler } from './http/static.js';
import { createHealthHandler } from './http/health.js';
import { createDevLoginHandler } from './http/dev-login.js';
import { createRateLimiter } from './http/rate-limit.js';
import { securityHeaders } from './http/security-headers.js';
import { sendJson } from './http/reply.js';
import { originPolicy } from './auth/origin.js';
import { verifySessionJwt, readCookie, SESSION_COOKIE } from './auth/jwt.js';
import { clientIp } from './net.js';

/// 4 KB: the largest legitimate client frame (a subscribe to 100 symbols) is
/// well under it; anything bigger is closed with 1009 before it is parsed.
const MAX_INBOUND_BYTES = 4096;
/// 250 ms for clients to answer our 1001 close on shutdown before we cut them.
const SHUTDOWN_GRACE_MS = 250;
/// Node checks header and request time-outs on this interval (its default,
/// 30 s, would let a slowloris connection live 30 s past its time-out).
const TIMEOUT_CHECK_MS = 1000;

/// Refuses option combinations that would expose what must stay local.
function checkOptions(opts) {
  if (opts.auth === 'jwt' && !opts.jwtSecret) throw new Error("auth 'jwt' needs jwtSecret (env QD_JWT_SECRET)");
  if (opts.devLogin && opts.auth !== 'jwt') throw new Error('--dev-login needs --auth jwt (without auth there is no session to mint)');
  if (process.env.NODE_ENV === 'production') {
    for (const [on, flag] of [[opts.devLogin, '--dev-login'], [opts.chaos, '--chaos']]) {
      if (on) throw new Error(`${flag} is refused under NODE_ENV=production`);
    }
  }
  if (opts.headersTimeoutMs > opts.requestTimeoutMs) {
    throw new Error(`--headers-timeout-ms (${opts.headersTimeoutMs}) must not exceed --request-timeout-ms (${opts.requestTimeoutMs})`);
  }
}

/**
 * Starts one server instance.
 * @param {Partial<typeof DEFAULTS> & { jwtSecret?: string, log?: Function, symbols?: Record<string, number>,
 *   leaseWaitMs?: number }} options
 *   The keys of DEFAULTS (options.js), plus: `jwtSecret` (with auth 'jwt'), `log` (a createLogger()
 *   function; default silent), `symbols` (simulated feed's start prices), `leaseWaitMs` (how long a
 *   publisher waits for the Redis lease).
 * @returns {Promise<{ port: number, url: string, wsUrl: string, close(): Promise<void>, chaos: object,
 *   stats(): object, hub: object, book: object }>}
 */
export async function startServer(options = {}) {
  const opts = { ...DEFAULTS, ...options };
  checkOptions(opts);
  if (opts.staticDir && !(await stat(opts.staticDir).catch(() => null))?.isDirectory()) {
    throw new Error(`--static ${opts.staticDir}: not a directory (build the terminal first: npm run build)`);
  }
  const log = opts.log ?? createLogger(null);
  const trustProxy = opts.trustProxy === true ? 1 : Number(opts.trustProxy) || 0;
  const startedAt = Date.now();
  const counters = { restRequests: 0, restLimited: 0, restForbidden: 0, restUnauthorized: 0, wsRefused: 0 };
  const tcp = { connections: 0, dropped: 0 };

  const bus = opts.redisUrl ? await createRedisBus({ url: opts.redisUrl, log }) : createMemoryBus();
  const feed = createFeed({ ...opts }, { log });
  // Take the publisher lease before anything with a timer exists, so a refusal leaks nothing.
  let lease = null;
  if (feed && bus.kind === 'redis') {
    try {
      lease = await acquirePublisherLease({ client: bus.client, log, ttlMs: opts.leaseTtlMs, waitMs: opts.leaseWaitMs });
    } catch (err) {
      await bus.close();
      throw err;
    }
  }
  const book = createBook();
  book.apply(await bus.loadBook());
  let source = opts.feed === 'none' ? 'relay' : opts.feed;

  let hub = null;
  const chaos = opts.chaos ? createChaos({ hub: () => hub, log }) : null;
  // Without --chaos the hub still asks for the state: a frozen "normal" one.
  hub = createHub({
    book, log,
    chaos: chaos ?? { state: Object.freeze({ ws: 'normal', poll: 'normal' }) },
    heartbeatMs: opts.heartbeatMs,
    idleTimeoutMs: opts.idleTimeoutMs,
    slowClientBytes: opts.slowClientBytes,
    slowClientMs: opts.slowClientMs,
    maxBacklogBytes: opts.maxBacklogBytes,
    maxFrames: opts.maxFrames,
  });
  bus.onBatch((updates, from) => {
    if (from) source = from;
    hub.broadcast(book.apply(updates));
  });

  let publisher = null;
  if (feed) {
    const lastSeqs = new Map(book.all().map((u) => [u.symbol, u.seq]));
    publisher = createPublisher({ feed, bus, tickMs: opts.tickMs, lastSeqs, lease });
    // Another instance holds the lease now: stop at once and only relay.
    lease?.onLost((reason) => {
      publisher.stop();
      log('publisher_stopped', { reason: `lease_${reason}`, id: lease.id });
    });
  }

  const origins = originPolicy({ allowed: opts.allowedOrigins, auth: opts.auth, trustProxy });
  const authorize = (req) =>
    opts.auth === 'jwt' ? verifySessionJwt(opts.jwtSecret, readCookie(req.headers.cookie, SESSION_COOKIE)) : { ok: true };
  const ip = (req) => clientIp(req, trustProxy);
  const rateLimiter = createRateLimiter({ limit: opts.rateLimit, redis: bus.kind === 'redis' ? bus.client : undefined });
  const secure = securityHeaders({ trustProxy, connectSrc: opts.connectSrc });

  const stats = () => ({
    uptimeS: Math.round((Date.now() - startedAt) / 1000),
    feed: opts.feed, source, bus: bus.kind, auth: opts.auth, chaos: !!chaos, rateLimit: rateLimiter.kind,
    symbols: book.size, ws: hub.stats(), rest: { ...counters }, tcp: { ...tcp }, publisher: publisher?.stats() ?? null,
    memory: { rss: process.memoryUsage().rss },
  });

  const handlers = [
    createHealthHandler(stats),
    (req, res, url) => handleChaos(req, res, url, chaos, log),
    createDevLoginHandler({ secret: opts.devLogin ? opts.jwtSecret : undefined, log }),
    createRestHandler({ book, source: () => source, chaos, rateLimiter, origins, authorize, ip, counters }),
    ...(opts.staticDir ? [createStaticHandler(opts.staticDir, { sourceMaps: opts.sourceMaps })] : []),
  ];

  const server = http.createServer({
    headersTimeout: opts.headersTimeoutMs,
    requestTimeout: opts.requestTimeoutMs,
    connectionsCheckingInterval: Math.min(TIMEOUT_CHECK_MS, opts.headersTimeoutMs),
  }, async (req, res) => {
    secure(req, res);
    let url;
    try {
      url = new URL(req.url, 'http://localhost');
    } catch {
      return sendJson(res, 400, { ok: false, error: 'bad_url' });
    }
    try {
      for (const h of handlers) if (await h(req, res, url)) return;
      sendJson(res, 404, { ok: false, error: 'not_found' });
    } catch (err) {
      log('http_error', { path: url.pathname, error: err.message });
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'internal' });
      else res.destroy();
    }
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_INBOUND_BYTES,
    perMessageDeflate: false, // price frames are small; deflate costs CPU and memory per client
    autoPong: false, // the hub answers pings itself so `silence-ws` can withhold them
  });

  server.keepAliveTimeout = opts.keepAliveTimeoutMs;
  server.maxConnections = opts.maxConnections ?? opts.maxClients + 1000;
  server.on('connection', (socket) => {
    tcp.connections++;
    socket.once('close', () => tcp.connections--);
  });
  server.on('drop', () => { tcp.dropped++; }); // refused by maxConnections

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => {}); // a reset during the handshake is not our crash
    const path = req.url.split('?')[0];
    if (path !== '/ws') return refuseUpgrade(socket, 404, 'Not Found');
    if (chaos?.state.ws === 'refuse') {
      counters.wsRefused++;
      return refuseUpgrade(socket, 503, 'Service Unavailable');
    }
    wss.handleUpgrade(req, socket, head, (ws) => admit(ws, req));
  });

  /// The upgrade is accepted first so the client learns why in an error frame
  /// and a close code (CONTRACT §4), which a bare HTTP 401 cannot carry to a browser.
  function admit(ws, req) {
    const origin = req.headers.origin;
    const who = { ip: ip(req), origin };
    const refuse = (code, errCode, message) => {
      counters.wsRefused++;
      ws.on('error', () => {});
      log('client_refused', { ...who, reason: errCode, code });
      ws.send(errorFrame(errCode, message, Date.now()));
      ws.close(code, errCode);
    };
    if (!origins.allows(req)) return refuse(CLOSE.FORBIDDEN_ORIGIN, 'forbidden_origin', 'origin not allowed');
    const auth = authorize(req);
    if (!auth.ok) return refuse(CLOSE.UNAUTHORIZED, 'unauthorized', `session ${auth.reason}`);
    if (hub.size >= opts.maxClients) return refuse(CLOSE.TRY_AGAIN_LATER, 'server_overloaded', 'too many clients');
    if (hub.countFrom(who.ip) >= opts.maxClientsPerIp) {
      return refuse(CLOSE.TRY_AGAIN_LATER, 'too_many_connections', `at most ${opts.maxClientsPerIp} connections per address`);
    }
    hub.add(ws, { ...who, wallet: auth.payload?.wallet_pubkey });
  }

  try {
    await new Promise((resolve, reject) => {
      server.once('error', (err) =>
        reject(err.code === 'EADDRINUSE' ? new Error(`port ${opts.port} on ${opts.host} is already in use (try --port 0)`) : err));
      server.listen(opts.port, opts.host, resolve);
    });
  } catch (err) {
    // Nothing may outlive a failed start: timers would keep the process alive.
    hub.stop();
    await lease?.release();
    await bus.close();
    throw err;
  }
  publisher?.start();

  if (!feed && bus.kind === 'memory') log('no_source', { warning: '--feed none without --redis: nothing will ever publish prices' });
  const port = server.address().port;
  const host = opts.host;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  log('listening', {
    port, host, feed: opts.feed, bus: bus.kind, auth: opts.auth, chaos: !!chaos,
    static: opts.staticDir ?? null, tickMs: opts.tickMs, heartbeatMs: opts.heartbeatMs,
  });

  let closing = null;
  return {
    port,
    url: `http://${urlHost}:${port}`,
    wsUrl: `ws://${urlHost}:${port}/ws`,
    chaos,
    hub,
    book,
    publisher,
    stats,
    close() {
      closing ??= (async () => {
        publisher?.stop();
        hub.stop();
        for (const ws of wss.clients) ws.close(CLOSE.GOING_AWAY, 'server shutting down');
        await new Promise((r) => setTimeout(r, wss.clients.size ? SHUTDOWN_GRACE_MS : 0));
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        await lease?.release();
        await bus.close();
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
        log('closed', { port });
      })();
      return closing;
    },
  };
}
