// Many clients, one server restart: how the reconnects spread out (the jitter
// at work) and whether the server holds them all afterwards.
import { waitUntil, sleep } from './clients.mjs';
import { percentile } from '../lib/stats.mjs';

// When a client counts as Live again: ours reports state 'connected'; a
// socket.io client is Live once its transport upgraded to WebSocket.
const liveEvent = (name) => (name === 'ours' ? (s) => s.state === 'connected' : (s) => s.state === 'upgrade');

export async function crowd(side, cfg) {
  const env = await side.setup({ proxied: false });
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
