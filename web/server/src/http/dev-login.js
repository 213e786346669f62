/// POST /auth/dev-login: sets a valid qd_session cookie so the terminal can be
/// tried with --auth jwt. Exists only with --dev-login, and answers only a
/// direct local request (./local-only.js); a real deployment signs in elsewhere.

import { signSessionJwt, SESSION_COOKIE } from '../auth/jwt.js';
import { refuseUnlessLocal } from './local-only.js';
import { sendJson } from './reply.js';

/// 12 h: one trading day.
const DEV_SESSION_S = 12 * 3600;
const DEV_WALLET = 'DevWa11et1111111111111111111111111111111111';

/** @param {{ secret: string | undefined, log: Function }} o  secret undefined = the route does not exist */
export function createDevLoginHandler({ secret, log }) {
  return function handleDevLogin(req, res, url) {
    if (url.pathname !== '/auth/dev-login') return false;
    if (!secret) {
      sendJson(res, 404, { ok: false, error: 'not_found' });
      return true;
    }
    if (refuseUnlessLocal(req, res, { route: 'dev_login', log })) return true;
    if (req.method !== 'POST') {
      sendJson(res, 405, { ok: false, error: 'method_not_allowed' }, { allow: 'POST' });
      return true;
    }
    const wallet = url.searchParams.get('wallet') || DEV_WALLET;
    const exp = Math.floor(Date.now() / 1000) + DEV_SESSION_S;
    const token = signSessionJwt(secret, { wallet_pubkey: wallet, exp });
    sendJson(res, 200, { ok: true, wallet_pubkey: wallet, exp }, {
      'set-cookie': `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${DEV_SESSION_S}`,
    });
    return true;
  };
}
