/// GET /health: liveness for load balancers and tests, plus the counters an
/// operator looks at first.
import { sendJson } from './reply.js';

/** @param {() => object} status */
export function createHealthHandler(status) {
  return function handleHealth(req, res, url) {
    if (url.pathname !== '/health') return false;
    sendJson(res, 200, { ok: true, ...status() });
    return true;
  };
}
