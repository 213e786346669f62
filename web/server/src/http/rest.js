/// GET /api/oracle/prices (CONTRACT §5): the polling fallback.

import { sendJson } from './reply.js';

/**
 * @param {{ book: object, source: () => string, chaos: object | null, rateLimiter: object,
 *           origins: ReturnType<typeof import('../auth/origin.js').originPolicy>,
 *           authorize: (req) => { ok: boolean }, ip: (req) => string, counters: object }} deps
 */
export function createRestHandler({ book, source, chaos, rateLimiter, origins, authorize, ip, counters }) {
  return async function handleRest(req, res, url) {
    if (url.pathname !== '/api/oracle/prices') {
      if (!url.pathname.startsWith('/api/')) return false;
      sendJson(res, 404, { success: false, error: 'not_found' });
      return true;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      sendJson(res, 405, { success: false, error: 'method_not_allowed' }, { allow: 'GET, HEAD' });
      return true;
    }
    counters.restRequests++;
    const poll = chaos?.state.poll ?? 'normal';
    if (poll === 'hang') return true; // never answered; the client abandons it after 5 s
    if (poll === '500') return sendJson(res, 500, { success: false, error: 'chaos' }), true;
    if (poll === '429') {
      sendJson(res, 429, { success: false, error: 'rate_limited' }, { 'retry-after': String(chaos.state.retryAfterS) });
      return true;
    }
    if (poll === 'garbage') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end('<html>502 Bad Gateway</html>{"success":tru');
      return true;
    }

    if (!origins.allows(req)) {
      counters.restForbidden++;
      sendJson(res, 403, { success: false, error: 'forbidden_origin' });
      return true;
    }
    const limited = await rateLimiter.check(ip(req));
    if (!limited.ok) {
      counters.restLimited++;
      sendJson(res, 429, { success: false, error: 'rate_limited' }, { 'retry-after': String(limited.retryAfterS), ...origins.corsHeaders(req) });
      return true;
    }
    if (!authorize(req).ok) {
      counters.restUnauthorized++;
      sendJson(res, 401, { success: false, error: 'unauthorized' }, origins.corsHeaders(req));
      return true;
    }

    const only = url.searchParams.get('symbols');
    const want = only ? new Set(only.split(',')) : null;
    const data = {};
    const meta = {};
    for (const u of book.all()) {
      if (want && !want.has(u.symbol)) continue;
      data[u.symbol] = u.price;
      meta[u.symbol] = { publishTime: u.publishTime, seq: u.seq, confidence: u.confidence };
    }
    sendJson(res, 200, { success: true, data, meta, timestamp: Date.now(), source: source() }, origins.corsHeaders(req));
    return true;
  };
}
