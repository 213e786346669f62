// The failover scenarios. Each takes a side (sides.mjs) and a config, runs on
// real sockets through the fault proxy or the chaos controls, and returns
// numbers in ms (null = did not happen within the scenario's window).
import { waitUntil, sleep } from './clients.mjs';
import { median } from '../lib/stats.mjs';

const isPoll = (p) => p.source === 'poll';

async function liveClient(side, cfg) {
  const env = await side.setup();
  const c = await env.client();
  if ((await waitUntil(c.isLive, cfg.connectWaitMs)) === null) {
    c.close(); await env.close();
    throw new Error(`${env.name}: not live within ${cfg.connectWaitMs} ms of start`);
  }
  await sleep(cfg.settleMs); // a little steady streaming before the fault
  return { env, c };
}

/// The WebSocket path fails while HTTP works (chaos: drop + refuse upgrades),
/// stays down `faultMs`, then is restored.
export async function wsPathDown(side, cfg) {
  const { env, c } = await liveClient(side, cfg);
  try {
    const okPolls = () => { const k = c.counters?.() ?? {}; return (k.polls ?? 0) - (k.pollFailures ?? 0); };
    const polls0 = okPolls();
    const t0 = performance.now();
    env.wsDown();
    // Ours: a poll that only repeats prices the book already holds is applied
    // as nothing, so the first answered poll is timed apart from the first
    // fresh polled price. socket.io's first polled message is always fresh.
    const pollOk = c.counters ? await waitUntil(() => okPolls() > polls0, cfg.faultMs) : null;
    await waitUntil(() => c.rec.firstPriceAfter(t0, isPoll), cfg.faultMs);
    const first = c.rec.firstPriceAfter(t0, isPoll);
    await sleep(Math.max(0, t0 + cfg.faultMs - performance.now()));
    const tR = performance.now();
    env.restore();
    const live = await waitUntil(c.isLive, cfg.liveWaitMs);
    const end = live ?? performance.now();
    return {
      firstPollOkMs: c.counters ? (pollOk === null ? null : pollOk - t0) : (first ? first.t - t0 : null),
      firstPolledMs: first ? first.t - t0 : null,
      gapMs: c.rec.longestGap(t0, end),
      backToLiveMs: live === null ? null : live - tR,
    };
  } finally { c.close(); await env.close(); }
}

/// The path goes silent both ways (proxy black hole): how long until the
/// client notices. Ours reports a state change; socket.io a 'disconnect'.
export async function blackhole(side, cfg) {
  const { env, c } = await liveClient(side, cfg);
  try {
    const t0 = performance.now();
    env.proxy.blackhole();
    const noticed = () => c.rec.status.find((s) => s.t > t0 && s.state !== 'connected' && s.state !== 'connect' && s.state !== 'upgrade');
    await waitUntil(noticed, cfg.detectWaitMs);
    const ev = noticed();
    return { detectMs: ev ? ev.t - t0 : null, reason: ev?.reason ?? null };
  } finally { c.close(); await env.close(); }
}

/// Every connection is reset (proxy RST); the server stays up.
export async function reset(side, cfg) {
  const { env, c } = await liveClient(side, cfg);
  try {
    const t0 = performance.now();
    env.proxy.reset();
    await waitUntil(() => c.rec.firstPriceAfter(t0), cfg.liveWaitMs);
    const first = c.rec.firstPriceAfter(t0);
    const live = await waitUntil(c.isLive, cfg.liveWaitMs);
    return { firstPriceMs: first ? first.t - t0 : null, backToLiveMs: live === null ? null : live - t0 };
  } finally { c.close(); await env.close(); }
}

/// The server is unreachable for `outageMs` (proxy refuses and resets): what
/// each client prints, how often it knocks, and how fast it is back after.
/// `outageClients` clients ride out the same outage: when the server comes
/// back, each is at a random point of its own retry schedule, so one client
/// is one draw of that phase (the 15 s cap makes it anything from 0 to ~15 s
/// for ours, 0 to ~7.5 s for socket.io); the medians over the clients are
/// the comparison.
export async function outage(side, cfg) {
  const env = await side.setup();
  const clients = [];
  try {
    for (let i = 0; i < cfg.outageClients; i++) clients.push(await env.client());
    if ((await waitUntil(() => clients.every((c) => c.isLive()), cfg.connectWaitMs)) === null) {
      throw new Error(`${env.name}: not all ${cfg.outageClients} clients live within ${cfg.connectWaitMs} ms of start`);
    }
    await sleep(cfg.settleMs);
    const before = clients.map((c) => attempts(side, c));
    const t0 = performance.now();
    await env.proxy.refuse({ reset: true });
    await sleep(cfg.outageMs);
    const tR = performance.now();
    const knocks = clients.map((c, i) => attempts(side, c) - before[i]);
    const lines = clients.map((c) => c.rec.lines.filter((l) => l.t >= t0 && l.t < tR).length);
    await env.proxy.restore();
    await waitUntil(() => clients.every((c) => c.rec.firstPriceAfter(tR)), cfg.liveWaitMs);
    await waitUntil(() => clients.every((c) => c.isLive()), cfg.liveWaitMs);
    const firsts = clients.map((c) => c.rec.firstPriceAfter(tR)?.t);
    // Live again: the first status that says so after the server came back.
    const isLive = side.name === 'ours' ? (s) => s.state === 'connected' : (s) => s.state === 'upgrade';
    const lives = clients.map((c) => c.rec.status.find((s) => s.t > tR && isLive(s))?.t);
    const after = (ts) => (ts.some((t) => t === undefined) ? null : ts.map((t) => t - tR));
    return {
      clients: clients.length,
      ownLines: median(lines),
      maxOwnLines: Math.max(...lines),
      // A browser prints one console error per failed WebSocket or HTTP
      // attempt on its own; these are the failed attempts in the outage.
      failedAttempts: median(knocks),
      firstPriceAfterMs: after(firsts) && median(after(firsts)),
      firstPriceAfterMaxMs: after(firsts) && Math.max(...after(firsts)),
      backToLiveMs: after(lives) && median(after(lives)),
      backToLiveMaxMs: after(lives) && Math.max(...after(lives)),
      sampleLines: clients[0].rec.lines.filter((l) => l.t >= t0 && l.t < tR).slice(0, 3).map((l) => l.text),
    };
  } finally {
    for (const c of clients) c.close();
    await env.close();
  }
}

function attempts(side, c) {
  if (side.name === 'ours') {
    const k = c.counters();
    return (k.wsAttempts ?? 0) + (k.pollFailures ?? 0);
  }
  return c.rec.attempts; // each socket.io attempt is one failed polling request
}
