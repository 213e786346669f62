/// Fault injection for demos and end-to-end tests (docs/protocol.md "Chaos").
/// Off unless --chaos; only a direct local request carrying the local header
/// may use it (./local-only.js).

import { refuseUnlessLocal } from './local-only.js';
import { sendJson } from './reply.js';

/// 2 s: short enough for a test to watch the client wait it out.
const DEFAULT_RETRY_AFTER_S = 2;

/**
 * The chaos controller: state read by the hub, the upgrade handler and REST.
 * @param {{ hub: () => object, log: Function }} deps  hub is late-bound (created after)
 */
export function createChaos({ hub, log }) {
  const state = { ws: 'normal', poll: 'normal', retryAfterS: DEFAULT_RETRY_AFTER_S };
  const set = (name, patch) => {
    Object.assign(state, patch);
    log('chaos', { action: name, state: { ...state } });
    return { ...state };
  };
  return {
    state,
    /// Terminates every open socket: no close frame, like a pulled cable.
    dropWs() { hub().dropAll(); log('chaos', { action: 'drop-ws' }); return { ...state }; },
    closeWs(code = 1012) {
      if (!validCloseCode(code)) throw new Error(`invalid close code ${code}`);
      hub().closeAll(code, 'chaos');
      log('chaos', { action: 'close-ws', code });
      return { ...state };
    },
    refuseWs: () => set('refuse-ws', { ws: 'refuse' }),
    silenceWs: () => set('silence-ws', { ws: 'silence' }),
    poll500: () => set('poll-500', { poll: '500' }),
    poll429: (retryAfterS = DEFAULT_RETRY_AFTER_S) => set('poll-429', { poll: '429', retryAfterS }),
    pollHang: () => set('poll-hang', { poll: 'hang' }),
    pollGarbage: () => set('poll-garbage', { poll: 'garbage' }),
    restore: () => set('restore', { ws: 'normal', poll: 'normal', retryAfterS: DEFAULT_RETRY_AFTER_S }),
  };
}

/// Codes an endpoint may send (RFC 6455 §7.4; 1005/1006/1015 are never sent on the wire).
function validCloseCode(c) {
  return Number.isInteger(c) && ((c >= 1000 && c <= 1014 && c !== 1004 && c !== 1005 && c !== 1006) || (c >= 3000 && c <= 4999));
}

/**
 * Handles /chaos and /chaos/<action>. Returns false when the path is not ours.
 * @param {object | null} chaos  null when --chaos is off
 * @param {Function} log
 */
export function handleChaos(req, res, url, chaos, log) {
  if (url.pathname !== '/chaos' && !url.pathname.startsWith('/chaos/')) return false;
  // Without --chaos the routes do not exist.
  if (!chaos) {
    sendJson(res, 404, { ok: false, error: 'not_found' });
    return true;
  }
  if (refuseUnlessLocal(req, res, { route: 'chaos', log, requireHeader: true })) return true;
  if (url.pathname === '/chaos') {
    if (req.method !== 'GET') return sendJson(res, 405, { ok: false, error: 'method_not_allowed' }), true;
    sendJson(res, 200, { ok: true, state: { ...chaos.state } });
    return true;
  }
  if (req.method !== 'POST') {
    sendJson(res, 405, { ok: false, error: 'method_not_allowed' }, { allow: 'POST' });
    return true;
  }
  const action = url.pathname.slice('/chaos/'.length);
  const num = (name, def) => {
    const v = url.searchParams.get(name);
    return v === null ? def : Number(v);
  };
  const actions = {
    'drop-ws': () => chaos.dropWs(),
    'close-ws': () => chaos.closeWs(num('code', 1012)),
    'refuse-ws': () => chaos.refuseWs(),
    'silence-ws': () => chaos.silenceWs(),
    'poll-500': () => chaos.poll500(),
    'poll-429': () => {
      const s = num('retryAfter', DEFAULT_RETRY_AFTER_S);
      if (!Number.isInteger(s) || s < 0 || s > 3600) throw new Error('retryAfter must be an integer 0..3600');
      return chaos.poll429(s);
    },
    'poll-hang': () => chaos.pollHang(),
    'poll-garbage': () => chaos.pollGarbage(),
    restore: () => chaos.restore(),
  };
  const fn = actions[action];
  if (!fn) {
    sendJson(res, 404, { ok: false, error: 'unknown_action', actions: Object.keys(actions) });
    return true;
  }
  try {
    sendJson(res, 200, { ok: true, state: fn() });
  } catch (err) {
    sendJson(res, 400, { ok: false, error: 'bad_request', message: err.message });
  }
  return true;
}
