// A TCP fault proxy between a client and a server, driven from code.
//
// Why our own: the failover scorecard needs faults a real network produces —
// a reset, a socket that stays open but delivers nothing (a dead NAT entry, a
// sleeping laptop), latency, a slow link, a refused port — on demand, at a known
// instant, on loopback, with no root and no tc/iptables.
import net from 'node:net';

/// Modes the proxy can be in. `pass` forwards bytes; `blackhole` accepts
/// connections and swallows every byte in both directions; `refuse` stops
/// listening so a connect gets ECONNREFUSED, as from a server that is down.
export const MODES = Object.freeze(['pass', 'blackhole', 'refuse']);

/// Starts a proxy on 127.0.0.1 that forwards to `targetHost:targetPort`.
/// `port` 0 (the default) takes any free port; the proxy keeps that port across
/// `refuse()` / `restore()` so clients keep dialling the same address.
export async function startFaultProxy({ targetPort, targetHost = '127.0.0.1', port = 0, host = '127.0.0.1' }) {
  if (!Number.isInteger(targetPort) || targetPort <= 0) throw new TypeError('startFaultProxy: targetPort must be a positive integer');
  const conns = new Set();
  const stats = { accepted: 0, resets: 0, forwardedBytes: 0, droppedBytes: 0 };
  let mode = 'pass';
  let delayMs = 0;
  let throttleBps = 0; // 0 = unlimited
  let server = null;
  let listenPort = port;

  function listen() {
    return new Promise((resolve, reject) => {
      server = net.createServer(onConnection);
      server.once('error', reject);
      server.listen(listenPort, host, () => {
        server.off('error', reject);
        listenPort = server.address().port;
        resolve();
      });
    });
  }

  function onConnection(client) {
    stats.accepted++;
    const conn = { client, upstream: null, dead: mode === 'blackhole', toServer: pacer(), toClient: pacer() };
    conns.add(conn);
    client.setNoDelay(true);
    const forget = () => {
      if (!conns.has(conn)) return;
      conns.delete(conn);
      // Why destroy instead of end: either side going away is abrupt in a
      // proxy; half-open states would hide faults from the scenarios.
      client.destroy();
      conn.upstream?.destroy();
    };
    client.on('error', forget);
    client.on('close', forget);
    // A black-holed connection never reaches the server: the client sees an
    // accepted TCP connection that answers nothing, exactly like a dead path.
    if (conn.dead) {
      client.on('data', (b) => { stats.droppedBytes += b.length; });
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    conn.upstream = upstream;
    upstream.setNoDelay(true);
    upstream.on('error', forget);
    upstream.on('close', forget);
    client.on('data', (b) => relay(conn, conn.toServer, upstream, b));
    upstream.on('data', (b) => relay(conn, conn.toClient, client, b));
  }

  // One ordered schedule per direction: a chunk leaves at
  // max(now + delay, previous departure) + its size at the throttle rate, so
  // delay and throttle combine and bytes never overtake each other.
  function pacer() { return { lastAt: 0 }; }
  function relay(conn, p, dest, buf) {
    if (conn.dead || mode === 'blackhole') {
      conn.dead = true; // bytes were lost: this stream can never be whole again
      stats.droppedBytes += buf.length;
      return;
    }
    if (delayMs === 0 && throttleBps === 0 && p.lastAt <= Date.now()) {
      stats.forwardedBytes += buf.length;
      dest.write(buf);
      return;
    }
    const now = Date.now();
    let at = Math.max(now + delayMs, p.lastAt);
    if (throttleBps > 0) at += (buf.length * 1000) / throttleBps;
    p.lastAt = at;
    setTimeout(() => {
      if (conn.dead || dest.destroyed) return;
      stats.forwardedBytes += buf.length;
      dest.write(buf);
    }, Math.max(0, Math.round(at - now)));
  }

  function resetAll() {
    for (const conn of conns) {
      stats.resets++;
      // resetAndDestroy sends an RST, as a middlebox or a crashed host does.
      conn.client.resetAndDestroy();
      conn.upstream?.resetAndDestroy();
    }
    conns.clear();
  }

  await listen();

  const proxy = {
    get port() { return listenPort; },
    get host() { return host; },
    get mode() { return mode; },
    get connections() { return conns.size; },
    stats,
    /// Destroys every open connection with a TCP RST; new ones pass.
    reset() { resetAll(); return proxy; },
    /// From now on every open and new connection delivers nothing either way.
    blackhole() { mode = 'blackhole'; return proxy; },
    /// Adds `ms` of one-way latency to each chunk, both directions.
    delay(ms) { delayMs = Math.max(0, ms | 0); return proxy; },
    /// Caps each direction of each connection at `bytesPerSecond` (0 = no cap).
    throttle(bytesPerSecond) { throttleBps = Math.max(0, +bytesPerSecond || 0); return proxy; },
    /// Stops listening (new connects get ECONNREFUSED) and, with
    /// `{ reset: true }`, also resets open connections, as a host that went down.
    async refuse({ reset = false } = {}) {
      if (reset) resetAll();
      if (mode === 'refuse') return proxy;
      mode = 'refuse';
      // close() stops accepting at once; its callback would wait for the
      // open connections, which a refusing host may keep.
      server.close();
      return proxy;
    },
    /// Back to pass-through, no delay, no throttle. Connections that were
    /// black-holed stay dead (their bytes are gone); new ones pass.
    async restore() {
      const wasRefusing = mode === 'refuse';
      mode = 'pass';
      delayMs = 0;
      throttleBps = 0;
      if (wasRefusing) await listen();
      return proxy;
    },
    /// Closes the listener and destroys every connection.
    async close() {
      for (const conn of conns) { conn.client.destroy(); conn.upstream?.destroy(); }
      conns.clear();
      if (mode !== 'refuse') await new Promise((r) => server.close(() => r()));
      mode = 'refuse';
    },
  };
  return proxy;
}
