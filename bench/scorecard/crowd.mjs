// Many clients, one server restart: how the reconnects spread out (the jitter
// at work) and whether the server holds them all afterwards.
import { waitUntil, sleep } from './clients.mjs';
import { percentile } from '../lib/stats.mjs';
import { printTable } from '../lib/table.mjs';

// When a client counts as Live again: ours reports state 'connected'; a
// socket.io client is Live once its transport upgraded to WebSocket.
const liveEvent = (name) => (name === 'ours' ? (s) => s.state === 'connected' : (s) => s.state === 'upgrade');

/// Options of our server that lift its per-address limits.
const PER_ADDRESS_LIMITS_OFF = Object.freeze({ rateLimit: 0, maxClientsPerIp: 100_000 });

export async function crowd(side, cfg) {
  // A fleet of terminals comes from as many addresses; here all share
  // 127.0.0.1, so the per-address limits of our server (REST requests,
  // WebSockets) are lifted for this scenario: they would measure the limiter,
  // not the reconnect wave. socket.io's server has no such limits. The server
  // runs in its own process: a fleet does not share its backend's event loop.
  const env = await side.setup({ proxied: false, ownProcess: true, server: PER_ADDRESS_LIMITS_OFF });
  const clients = [];
  try {
    for (let i = 0; i < cfg.clients; i++) {
      clients.push(await env.client());
      if (i % 100 === 99) await sleep(20); // let the handshakes drain a little
    }
    const allLive = () => clients.every((c) => c.isLive());
    if ((await waitUntil(allLive, cfg.crowdWaitMs)) === null) {
      throw new Error(`${env.name}: only ${clients.filter((c) => c.isLive()).length}/${cfg.clients} live before the restart`);
    }
    await sleep(cfg.settleMs); // healthy connections, as before a real deploy
    const t0 = performance.now();
    await env.stopServer();
    await sleep(cfg.downMs);
    const tUp = performance.now();
    await env.startServer();
    await waitUntil(allLive, cfg.crowdWaitMs);
    await sleep(cfg.holdMs); // still live a while later = the server holds them
    const isLive = liveEvent(env.name);
    const back = clients.map((c) => c.rec.status.find((s) => s.t > tUp && isLive(s))?.t).filter((t) => t !== undefined).map((t) => t - tUp);
    const firstData = clients.map((c) => c.rec.firstPriceAfter(tUp)?.t).filter((t) => t !== undefined).map((t) => t - tUp);
    const end = performance.now();
    const held = clients.filter((c) => c.isLive() && (c.rec.prices.at(-1)?.t ?? 0) > end - 2000).length;
    // Peak arrivals in any 100 ms window: what the jitter spares the server.
    const sorted = [...back].sort((a, b) => a - b);
    let peak = 0;
    for (let i = 0, j = 0; i < sorted.length; i++) {
      while (sorted[i] - sorted[j] >= 100) j++;
      peak = Math.max(peak, i - j + 1);
    }
    return {
      clients: cfg.clients,
      downMs: Math.round(tUp - t0),
      live: back.length,
      held,
      p5: percentile(back, 5), p50: percentile(back, 50), p95: percentile(back, 95), max: percentile(back, 100),
      spread: percentile(back, 95) - percentile(back, 5),
      peakPer100ms: peak,
      firstDataP50: percentile(firstData, 50),
    };
  } finally {
    for (const c of clients) c.close();
    await env.close();
  }
}

/// The side-by-side table of one crowd run per side.
export function printCrowd(cfg, crowdRun) {
  const c = crowdRun.ours[0]; const d = crowdRun['socket.io'][0];
  printTable(`${cfg.clients} clients, server restart (down ${Math.round(c.downMs)} / ${Math.round(d.downMs)} ms); ms after the server is back`, ['metric', 'ours', 'socket.io'], [
    ['Live again', `${c.live}/${c.clients}`, `${d.live}/${d.clients}`],
    ['held (Live, fresh price in the last 2 s, at the end)', `${c.held}/${c.clients}`, `${d.held}/${d.clients}`],
    ['first fresh price, p50', c.firstDataP50, d.firstDataP50],
    ['back to Live p5', c.p5, d.p5], ['back to Live p50', c.p50, d.p50], ['back to Live p95', c.p95, d.p95], ['back to Live max', c.max, d.max],
    ['spread p95 - p5', c.spread, d.spread],
    ['peak reconnects in any 100 ms', c.peakPer100ms, d.peakPer100ms],
  ]);
}
