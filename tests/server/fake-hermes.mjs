// A local stand-in for Pyth Hermes (API v2, parsed=true) with controls for
// tests: push an SSE event, cut the streams, count requests.

import http from 'node:http';

/** One `parsed[]` entry as Hermes sends it: integer strings scaled by 10^expo, seconds. */
export function hermesEntry(id, price, conf, expo, publishTimeS) {
  const p = { price: String(price), conf: String(conf), expo, publish_time: publishTimeS };
  return { id, price: p, ema_price: { ...p }, metadata: { slot: 1, proof_available_time: publishTimeS, prev_publish_time: publishTimeS - 1 } };
}

export async function startFakeHermes(latestEntries) {
  const streams = new Set();
  const requests = { latest: 0, stream: 0 };
  let latest = latestEntries;
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const ids = url.searchParams.getAll('ids[]');
    if (url.pathname === '/v2/updates/price/latest') {
      requests.latest++;
      const parsed = latest.filter((e) => ids.includes(e.id));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ binary: { encoding: 'hex', data: ['504e4155'] }, parsed }));
    } else if (url.pathname === '/v2/updates/price/stream') {
      requests.stream++;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      res.write(':ok\n\n');
      streams.add(res);
      res.on('close', () => streams.delete(res));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    get openStreams() { return streams.size; },
    setLatest(entries) { latest = entries; },
    /** Sends one SSE event carrying these parsed entries (or a raw string). */
    push(entriesOrRaw) {
      const data = typeof entriesOrRaw === 'string' ? entriesOrRaw
        : JSON.stringify({ binary: { encoding: 'hex', data: ['504e4155'] }, parsed: entriesOrRaw });
      for (const s of streams) s.write(`data: ${data}\n\n`);
    },
    cut() { for (const s of streams) s.destroy(); },
    async close() {
      for (const s of streams) s.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
