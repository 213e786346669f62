// Scale-out through a real Redis: one instance runs the feed, another only
// relays (--feed none); clients of both receive identical batches with
// identical seqs, and a restarted publisher continues above the shared seqs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { connect, subscribe, updatesOf, freePort, spawnServer, waitFor } from './helpers.mjs';
import { startServer } from '../../web/server/src/server.js';

let redis;
let redisUrl;
const servers = [];

before(async () => {
  const which = spawnSync('redis-server', ['--version']);
  if (which.error) {
    throw new Error('redis-server is not installed: apt-get install redis-server (scripts/install-deps.sh test does it)');
  }
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  redisUrl = `redis://127.0.0.1:${port}`;
  await waitFor(async () => {
    const ping = spawnSync('redis-cli', ['-p', String(port), 'ping'], { encoding: 'utf8' });
    return ping.stdout?.trim() === 'PONG';
  }, { timeoutMs: 5000, what: 'redis-server to answer PING' });
});

after(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  redis?.kill('SIGTERM');
});

const start = async (args) => {
  const s = await spawnServer(['--port', '0', '--redis', redisUrl, '--tick-ms', '20', '--heartbeat-ms', '1000', ...args]);
  servers.push(s);
  return s;
};

const strip = (f) => updatesOf(f).map(({ symbol, price, confidence, publishTime, seq }) => ({ symbol, price, confidence, publishTime, seq }));

test('two instances through Redis deliver identical update sequences', async () => {
  const pub = await start(['--feed', 'simulated', '--rate', '300', '--seed', '42']);
  const relay = await start(['--feed', 'none']);
  const a = await connect(pub.wsUrl);
  const b = await connect(relay.wsUrl);
  a.send(subscribe());
  b.send(subscribe());
  const snapB = await b.next((f) => f.type === 'snapshot');
  assert.equal(snapB.data.length, 12, 'the relay starts from the shared book in Redis');
  const updates = (c) => c.frames.filter((f) => f.type === 'market_data_update');
  await waitFor(() => updates(a).length >= 40 && updates(b).length >= 40, { timeoutMs: 8000, what: '40 update frames on each' });
  // Align on the relay's first update frame, then compare 25 frames exactly.
  const ub = updates(b);
  const ua = updates(a);
  const first = strip(ub[0])[0];
  const i = ua.findIndex((f) => strip(f).some((u) => u.symbol === first.symbol && u.seq === first.seq));
  assert.ok(i >= 0, 'the relay\'s first batch was published by the feed instance');
  await waitFor(() => updates(a).length >= i + 25 && updates(b).length >= 25, { timeoutMs: 5000 });
  for (let k = 0; k < 25; k++) assert.deepEqual(strip(updates(b)[k]), strip(updates(a)[i + k]), `frame ${k}`);
  // And REST on both answers from the same book.
  await waitFor(async () => {
    const [ra, rb] = await Promise.all([pub, relay].map(async (s) => (await fetch(`${s.url}/api/oracle/prices`)).json()));
    return ra.meta.BTC.seq === rb.meta.BTC.seq || null;
  }, { timeoutMs: 3000, what: 'REST books to agree' });
  const rb = await (await fetch(`${relay.url}/api/oracle/prices`)).json();
  assert.equal(rb.source, 'simulated', 'the relay reports the publisher\'s source');
  a.close();

  // Restart the publisher: the relay's client keeps its socket and seqs keep rising.
  const lastSeq = (c, sym) => c.frames.flatMap((f) => (f.type === 'market_data_update' ? strip(f) : [])).filter((u) => u.symbol === sym).at(-1).seq;
  assert.equal(await pub.stop(), 0, 'publisher exits cleanly on SIGTERM');
  const before = lastSeq(b, 'BTC');
  const n = updates(b).length;
  await start(['--feed', 'simulated', '--rate', '300', '--seed', '43']);
  await waitFor(() => updates(b).slice(n).some((f) => strip(f).some((u) => u.symbol === 'BTC')), { timeoutMs: 5000, what: 'BTC from the new publisher' });
  const after = updates(b).slice(n).flatMap(strip).find((u) => u.symbol === 'BTC');
  assert.ok(after.seq > before, `seq after restart ${after.seq} must exceed ${before}`);
  assert.equal(b.closeInfo, null);
  b.close();
  await Promise.all(servers.splice(0).map((x) => x.stop()));
});

test('a second publisher on the same Redis refuses to start; after the holder is killed, a new one takes over', async () => {
  const holder = await start(['--feed', 'simulated', '--rate', '50', '--seed', '1']);
  await assert.rejects(
    startServer({ port: 0, redisUrl, feed: 'simulated', rate: 50, leaseWaitMs: 300 }),
    /another instance .* publishes on this Redis; run this one with --feed none/);
  // A relay is always welcome.
  const relay = await startServer({ port: 0, redisUrl, feed: 'none' });
  await relay.close();
  // kill -9: no release; the lease expires (5 s TTL) and the waiting publisher takes over.
  holder.proc.kill('SIGKILL');
  await holder.exited;
  const next = await startServer({ port: 0, redisUrl, feed: 'simulated', rate: 50, leaseWaitMs: 7000, tickMs: 20 });
  try {
    const c = await connect(next.wsUrl);
    c.send(subscribe(['BTC']));
    await c.next((f) => f.type === 'market_data_update', 'updates from the new publisher');
    c.close();
  } finally {
    await next.close();
  }
});

test('a malformed batch on the Redis channel is dropped entry by entry; the relay stays up', async () => {
  const relay = await start(['--feed', 'none']);
  const c = await connect(relay.wsUrl);
  c.send(subscribe(['ZZZ']));
  await c.next((f) => f.type === 'snapshot');
  const good = { symbol: 'ZZZ', price: 5, confidence: 0.1, publishTime: 1730340000000, seq: 7 };
  const updates = [null, 3, { symbol: 'ZZZ', price: 'NaN', seq: 9 }, { price: 1, seq: 1 }, { symbol: 'ZZZ', price: 2, seq: 'x' }, good];
  const port = new URL(redisUrl).port;
  spawnSync('redis-cli', ['-p', port, 'publish', 'qd:prices', JSON.stringify({ source: 'test', updates })]);
  const f = await c.next((x) => x.type === 'market_data_update', 'the one valid update');
  assert.deepEqual(strip(f), [good]);
  const rest = await (await fetch(`${relay.url}/api/oracle/prices?symbols=ZZZ`)).json();
  assert.deepEqual(rest.data, { ZZZ: 5 });
  assert.equal(c.closeInfo, null);
  c.close();
  assert.equal(await relay.stop(), 0, 'the relay is still running and exits cleanly');
  servers.splice(servers.indexOf(relay), 1);
  spawnSync('redis-cli', ['-p', port, 'hdel', 'qd:book', 'ZZZ']);
});

test('the REST limit holds across instances sharing Redis: 4 per address in all, not 4 per instance', async () => {
  const port = new URL(redisUrl).port;
  spawnSync('redis-cli', ['-p', port, 'del', 'qd:rl:127.0.0.1']); // earlier tests polled from this address too
  const a = await startServer({ port: 0, redisUrl, feed: 'none', rateLimit: 4 });
  const b = await startServer({ port: 0, redisUrl, feed: 'none', rateLimit: 4 });
  try {
    assert.equal(a.stats().rateLimit, 'redis');
    const status = async (s) => (await fetch(`${s.url}/api/oracle/prices`)).status;
    assert.deepEqual([await status(a), await status(b), await status(a), await status(b)], [200, 200, 200, 200]);
    const limited = await fetch(`${b.url}/api/oracle/prices`);
    assert.equal(limited.status, 429);
    const ra = Number(limited.headers.get('retry-after'));
    assert.ok(ra >= 1 && ra <= 10, `Retry-After ${ra}`);
    assert.equal(await status(a), 429, 'the other instance counts the same window');
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('lease loss stops the publisher at once: a leader paused past its lease (SIGSTOP) and resumed never publishes after the new one; no client sees a seq go backwards', async () => {
  const port = new URL(redisUrl).port;
  const TTL = ['--lease-ttl-ms', '1000'];
  // Who publishes each batch on the channel, in Redis's order.
  const channel = [];
  const watcher = spawn('redis-cli', ['-p', port, '--no-raw', 'subscribe', 'qd:prices'], { stdio: ['ignore', 'pipe', 'ignore'] });
  watcher.stdout.on('data', (d) => {
    for (const m of d.toString().matchAll(/\\"by\\":\\"([0-9a-f-]{36})\\"/g)) channel.push(m[1]);
  });
  try {
    const leader = await start(['--feed', 'simulated', '--rate', '300', '--seed', '5', ...TTL]);
    const leaderId = leader.lines.find((l) => l.event === 'publisher_lease').id;
    const relay = await start(['--feed', 'none']);
    const clients = [await connect(leader.wsUrl), await connect(relay.wsUrl)];
    for (const c of clients) c.send(subscribe());
    await waitFor(() => channel.filter((id) => id === leaderId).length >= 10, { timeoutMs: 5000, what: 'the leader publishing' });

    leader.proc.kill('SIGSTOP');
    const next = await start(['--feed', 'simulated', '--rate', '300', '--seed', '6', ...TTL]);
    const nextId = next.lines.find((l) => l.event === 'publisher_lease').id;
    clients.push(await connect(next.wsUrl));
    clients.at(-1).send(subscribe());
    await waitFor(() => channel.filter((id) => id === nextId).length >= 10, { timeoutMs: 5000, what: 'the new publisher publishing' });

    leader.proc.kill('SIGCONT');
    await waitFor(() => leader.lines.some((l) => l.event === 'publisher_stopped'), { timeoutMs: 5000, what: 'the woken leader to stop' });
    const lost = leader.lines.find((l) => l.event === 'publisher_lease_lost');
    // It learns either from its renewal (another id holds the lease) or from
    // Redis refusing a fenced publish it had sent just before the pause and
    // whose answer reached it on waking: a race, both are the lease lost.
    assert.ok(['taken_over', 'fenced'].includes(lost.reason), `lost: ${lost.reason}`);
    const after = channel.length;
    await waitFor(() => channel.length >= after + 20, { timeoutMs: 5000, what: '20 more batches' });

    // One publisher at a time: the leader's batches, then only the new one's.
    const switchAt = channel.indexOf(nextId);
    assert.ok(channel.slice(0, switchAt).every((id) => id === leaderId));
    assert.deepEqual([...new Set(channel.slice(switchAt))], [nextId], 'no batch from the woken leader after the takeover');
    // Every client, the woken leader's included, saw each symbol's seq only rise.
    await waitFor(() => clients[0].frames.some((f) => f.type === 'market_data_update' && f.timestamp > Date.now() - 500), { timeoutMs: 5000, what: 'the woken leader\'s client to get prices again' });
    for (const [i, c] of clients.entries()) {
      const last = {};
      for (const f of c.frames) {
        if (f.type !== 'snapshot' && f.type !== 'market_data_update') continue;
        for (const u of updatesOf(f)) {
          if (f.type === 'snapshot') assert.ok(u.seq >= (last[u.symbol] ?? 0), `client ${i} ${u.symbol}: snapshot went back`);
          else assert.ok(u.seq > (last[u.symbol] ?? 0), `client ${i} ${u.symbol}: seq ${u.seq} after ${last[u.symbol]}`);
          last[u.symbol] = u.seq;
        }
      }
      assert.equal(c.closeInfo, null, `client ${i} still connected`);
      c.close();
    }
    const health = await (await fetch(`${leader.url}/health`)).json();
    assert.equal(health.publisher.stopped, true);
  } finally {
    watcher.kill();
    await Promise.all(servers.splice(0).map((x) => x.stop()));
  }
});
