/// The gate in front of the developer routes (/auth/dev-login, /chaos): only a
/// browser or tool on this machine talking to the server directly.
///
/// A reverse proxy on the same machine connects from loopback too, so the peer
/// address alone proves nothing: any proxy header (nginx adds X-Forwarded-For)
/// or a Host that is not a loopback name (the public name a proxy keeps, a
/// DNS-rebinding page) refuses the request. A page of another site can still
/// make the user's browser send a simple POST to localhost, so a request whose
/// Origin is not the server's own, or that a browser marks cross-site, is
/// refused as well.

import { isLoopback, isLoopbackHost, hasProxyHeaders, normalOrigin } from '../net.js';
import { sendJson } from './reply.js';

/// A header no page can add to a cross-site request without a CORS preflight,
/// which this server never grants: its presence proves a same-origin page or a
/// non-browser client.
export const LOCAL_HEADER = 'x-qd-local';

/**
 * Why `req` may not use a developer route, or null when it may.
 * @param {import('node:http').IncomingMessage} req
 * @param {{ requireHeader?: boolean }} o  requireHeader: also demand LOCAL_HEADER (chaos)
 * @returns {null | 'not_loopback' | 'proxied' | 'host_not_loopback' | 'cross_site' | 'missing_header'}
 */
export function localOnlyRefusal(req, { requireHeader = false } = {}) {
  if (!isLoopback(req.socket.remoteAddress)) return 'not_loopback';
  if (hasProxyHeaders(req)) return 'proxied';
  const host = req.headers.host;
  if (!isLoopbackHost(host)) return 'host_not_loopback';
  const origin = req.headers.origin;
  if (origin !== undefined && normalOrigin(origin) !== normalOrigin(`http://${host}`)) return 'cross_site';
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return 'cross_site';
  if (requireHeader && req.headers[LOCAL_HEADER] === undefined) return 'missing_header';
  return null;
}

const MESSAGE = {
  not_loopback: 'only clients on this machine may use this route',
  proxied: 'this route is refused through a proxy (X-Forwarded-* / Forwarded present)',
  host_not_loopback: 'this route answers only requests for localhost, 127.0.0.1 or [::1]',
  cross_site: 'this route is refused for cross-site requests',
  missing_header: `send the header ${LOCAL_HEADER}: 1 (a page of another site cannot)`,
};

/**
 * Answers 403 (with the reason, logged as `<route>_refused`) and returns true
 * when `req` may not use the route; returns false and sends nothing otherwise.
 * @param {{ route: string, log: Function, requireHeader?: boolean }} o
 */
export function refuseUnlessLocal(req, res, { route, log, requireHeader = false }) {
  const reason = localOnlyRefusal(req, { requireHeader });
  if (!reason) return false;
  log(`${route}_refused`, { reason, peer: req.socket.remoteAddress, host: req.headers.host, origin: req.headers.origin });
  sendJson(res, 403, { ok: false, error: 'forbidden', reason, message: MESSAGE[reason] });
  return true;
}
