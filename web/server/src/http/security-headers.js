/// Headers every HTTP answer carries. The CSP allows what the terminal needs
/// and nothing else: its own scripts and styles, WebAssembly compilation, and
/// the price feed on its own origin (http(s) for polls, ws(s) for the stream).

import { requestOrigin } from '../net.js';

const BASE = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' permits WebAssembly.instantiate and nothing else (no eval, no Function).
  "script-src 'self' 'wasm-unsafe-eval'",
  // The terminal needs no inline style today (React sets styles through the
  // CSSOM), but a chart library that injects a <style> element would break
  // without it, and an inline style cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
];
const FIXED = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // For browsers older than CSP's frame-ancestors.
  'x-frame-options': 'DENY',
};
/// A host a header may name in the CSP: a DNS name or IP literal and a port,
/// nothing that could end the directive or start another.
const PLAIN_HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * @param {{ trustProxy: number, connectSrc?: string[] }} o  connectSrc: extra sources (a feed on another origin)
 * @returns {(req, res) => void}
 */
export function securityHeaders({ trustProxy, connectSrc = [] }) {
  const extra = connectSrc.filter((s) => /^[^\s;,]+$/.test(s));
  return function apply(req, res) {
    // 'self' covers the same-origin ws:/wss: in CSP Level 3; naming the socket keeps older browsers working.
    const own = requestOrigin(req, trustProxy);
    const host = own && new URL(own).host;
    const sockets = host && PLAIN_HOST.test(host) ? [`${own.startsWith('https:') ? 'wss' : 'ws'}://${host}`] : [];
    const csp = [...BASE, ['connect-src', "'self'", ...sockets, ...extra].join(' ')].join('; ');
    res.setHeader('content-security-policy', csp);
    for (const [k, v] of Object.entries(FIXED)) res.setHeader(k, v);
  };
}
