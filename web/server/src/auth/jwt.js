/// HS256 JSON Web Tokens with node:crypto only (RFC 7519 subset): enough to
/// check the `qd_session` cookie; no other algorithm is ever accepted.

import { createHmac, timingSafeEqual } from 'node:crypto';

const b64url = (buf) => Buffer.from(buf).toString('base64url');
const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/**
 * @param {string} secret
 * @param {object} payload  e.g. { wallet_pubkey, exp } (exp in seconds since the epoch)
 * @returns {string}
 */
export function signSessionJwt(secret, payload) {
  const body = b64url(JSON.stringify(payload));
  const sig = createHmac('sha256', secret).update(`${HEADER}.${body}`).digest('base64url');
  return `${HEADER}.${body}.${sig}`;
}

/**
 * @param {string} secret
 * @param {string | undefined} token
 * @param {number} nowMs
 * @returns {{ ok: true, payload: object } | { ok: false, reason: string }}
 */
export function verifySessionJwt(secret, token, nowMs = Date.now()) {
  if (!token) return { ok: false, reason: 'missing' };
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  let header, payload;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  // Only HS256: "alg: none" and algorithm-confusion tokens fail here.
  if (header?.alg !== 'HS256') return { ok: false, reason: 'bad_alg' };
  const want = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const got = Buffer.from(parts[2], 'base64url');
  if (got.length !== want.length || !timingSafeEqual(got, want)) return { ok: false, reason: 'bad_signature' };
  if (!payload || typeof payload !== 'object') return { ok: false, reason: 'malformed' };
  if (typeof payload.exp !== 'number' || payload.exp * 1000 <= nowMs) return { ok: false, reason: 'expired' };
  if (typeof payload.wallet_pubkey !== 'string' || !payload.wallet_pubkey) return { ok: false, reason: 'no_wallet' };
  return { ok: true, payload };
}

/** The value of one cookie from a Cookie header, or undefined. A value that
 *  is not valid percent-encoding comes back as it is (then fails verification):
 *  decodeURIComponent would throw, on the upgrade path outside any handler. */
export function readCookie(header, name) {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      const raw = part.slice(i + 1).trim();
      try {
        return decodeURIComponent(raw);
      } catch {
        return raw;
      }
    }
  }
  return undefined;
}

export const SESSION_COOKIE = 'qd_session';
