/// Which browser origins may use /ws and /api, and the CORS headers they get.
///
/// - `--allowed-origins` given: exactly those.
/// - none given, auth on: only the page's own origin (Host, or
///   X-Forwarded-Host/-Proto behind a trusted proxy), so another site's page
///   cannot ride a signed-in user's cookie.
/// - none given, auth off: every origin (the prices are public; no cookie to ride).
///
/// A request without an Origin header is allowed: browsers always send one on
/// a WebSocket upgrade and on cross-origin fetches, so a missing Origin means a
/// same-origin GET or a non-browser client, which could forge any Origin anyway.

import { normalOrigin, requestOrigin } from '../net.js';

/**
 * @param {{ allowed: string[], auth: string, trustProxy: number }} o
 * @returns {{ allows(req): boolean, corsHeaders(req): Record<string, string> }}
 */
export function originPolicy({ allowed, auth, trustProxy }) {
  const list = new Set((allowed ?? []).map((o) => normalOrigin(o) ?? o));
  const credentials = auth !== 'none';
  const allows = (req) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (list.size) return list.has(normalOrigin(origin));
    if (!credentials) return true;
    const own = requestOrigin(req, trustProxy);
    return own !== null && normalOrigin(origin) === own;
  };
  return {
    allows,
    /// Only an allowed Origin is named back; credentials only when there is a cookie to send.
    corsHeaders(req) {
      const origin = req.headers.origin;
      if (origin === undefined || !allows(req)) return {};
      return {
        'access-control-allow-origin': origin,
        vary: 'Origin',
        // A page of an allowed origin must be able to read when to retry (CONTRACT §5).
        'access-control-expose-headers': 'Retry-After',
        ...(credentials ? { 'access-control-allow-credentials': 'true' } : {}),
      };
    },
  };
}
