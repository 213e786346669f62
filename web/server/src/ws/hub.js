/// All WebSocket clients of one instance: fans each bus batch out to them,
/// sends heartbeats, answers client frames, and keeps slow clients from
/// growing memory (hold back and conflate, then drop if stuck).
///
/// Memory bound: a client is held back once its own backlog passes
/// slowClientBytes, or once the backlog of all clients together passes
/// maxBacklogBytes and it has any backlog at all; so what the server holds for
/// unread sockets stays under min(clients x slowClientBytes, maxBacklogBytes)
/// plus about one frame per client.

import { WebSocket } from 'ws';
import { Session, MAX_SESSION_SYMBOLS } from './session.js';
import { CLOSE } from './close-codes.js';
import { parseClientFrame, snapshotFrame, updateFrame, heartbeatFrame, pongFrame, errorFrame } from './protocol.js';

/// 50 ms: how often a held-back client is checked for having drained; short
/// enough that a recovered client catches up within a tick or two.
const SWEEP_MS = 50;

/**
 * @param {{ book: object, chaos: object, log: Function, heartbeatMs: number, idleTimeoutMs: number,
 *           slowClientBytes: number, slowClientMs: number, maxBacklogBytes?: number, maxFrames?: number,
 *           now?: () => number }} o
 */
export function createHub({
  book, chaos, log, heartbeatMs, idleTimeoutMs, slowClientBytes, slowClientMs,
  maxBacklogBytes = Infinity, maxFrames = Infinity, now = Date.now,
}) {
  /** @type {Map<WebSocket, Session>} */
  const sessions = new Map();
  /** @type {Map<string, number>} open sessions per client address */
  const perIp = new Map();
  const counters = {
    connections: 0, badFrames: 0, slowDropped: 0, idleDropped: 0, updatesSent: 0, framesSent: 0, frameLimited: 0,
  };
  let nextId = 1;
  /// Set at each broadcast and sweep from the sum of every client's backlog.
  let overBudget = false;

  const open = (ws) => ws.readyState === WebSocket.OPEN;
  const silent = () => chaos.state.ws === 'silence';
  const blocked = (ws) => ws.bufferedAmount > slowClientBytes || (overBudget && ws.bufferedAmount > 0);

  function measureBacklog() {
    let total = 0;
    for (const ws of sessions.keys()) total += ws.bufferedAmount;
    overBudget = total > maxBacklogBytes;
    return total;
  }

  function write(ws, s, frame, updates = 0) {
    if (!open(ws) || silent()) return;
    ws.send(frame);
    s.counters.framesSent++;
    s.counters.updatesSent += updates;
    counters.framesSent++;
    counters.updatesSent += updates;
    const b = ws.bufferedAmount;
    if (b > s.counters.maxBuffered) s.counters.maxBuffered = b;
  }

  function sendSnapshot(ws, s) {
    s.needSnapshot = false;
    s.pending = null; // the snapshot carries the latest of everything held back
    const data = book.all().filter((u) => s.wants(u.symbol));
    write(ws, s, snapshotFrame(data, now()), data.length);
  }

  /// Writes what a held-back client owes, if its backlog has drained.
  function catchUp(ws, s) {
    if (blocked(ws) || silent()) return false;
    if (s.blockedSince) {
      log('client_drained', { id: s.id, heldMs: now() - s.blockedSince });
      s.blockedSince = 0;
    }
    if (s.needSnapshot) sendSnapshot(ws, s);
    else if (s.pending) {
      const owed = s.takePending();
      if (owed.length) write(ws, s, updateFrame(owed, now()), owed.length);
    }
    return true;
  }

  function markBlocked(s) {
    if (s.blockedSince) return;
    s.blockedSince = now();
    log('client_slow', { id: s.id, ip: s.ip, thresholdBytes: slowClientBytes });
  }

  function broadcast(updates) {
    if (!updates.length || silent()) return;
    measureBacklog();
    const frames = new Map(); // subKey -> [frame, count]; one serialisation per subscription shape
    const t = now();
    for (const [ws, s] of sessions) {
      if (!s.sub || !open(ws)) continue;
      if (blocked(ws)) {
        markBlocked(s);
        s.hold(updates.filter((u) => s.wants(u.symbol)));
        continue;
      }
      if (s.pending || s.needSnapshot || s.blockedSince) {
        s.hold(updates.filter((u) => s.wants(u.symbol)));
        catchUp(ws, s);
        continue;
      }
      let f = frames.get(s.subKey);
      if (!f) {
        const mine = updates.filter((u) => s.wants(u.symbol));
        f = [mine.length ? updateFrame(mine, t) : null, mine.length];
        frames.set(s.subKey, f);
      }
      if (f[0]) write(ws, s, f[0], f[1]);
    }
  }

  /// Counts an inbound frame (a message or a WebSocket ping: both cost a
  /// write); past --max-frames in the window, an error frame and close 1008.
  function admit(ws, s) {
    s.lastSeen = now();
    if (!open(ws)) return false; // closing: what is still in flight is not read
    if (s.admitFrame(s.lastSeen, maxFrames)) return true;
    counters.frameLimited++;
    log('client_rate_limited', { id: s.id, ip: s.ip, limit: maxFrames });
    write(ws, s, errorFrame('rate_limited', `at most ${maxFrames} frames per 10 s per connection`, now()));
    ws.close(CLOSE.POLICY_VIOLATION, 'rate_limited');
    return false;
  }

  function onMessage(ws, s, data, isBinary) {
    if (!admit(ws, s)) return;
    const reject = (code, message) => {
      s.counters.badFrames++;
      counters.badFrames++;
      if (!blocked(ws)) write(ws, s, errorFrame(code, message, now()));
    };
    if (isBinary) return reject('bad_request', 'binary frames are not part of the protocol');
    const r = parseClientFrame(data.toString());
    if (!r.ok) return reject(r.code, r.message);
    const m = r.msg;
    if (m.type !== 'ping' && s.wouldExceedCap(m.type, m.symbols)) {
      return reject('too_many_symbols', `at most ${MAX_SESSION_SYMBOLS} symbols per connection; subscribe to all instead`);
    }
    if (m.type === 'ping') {
      if (!blocked(ws)) write(ws, s, pongFrame(m.timestamp ?? now()));
    } else if (m.type === 'subscribe') {
      s.subscribe(m.symbols);
      s.needSnapshot = true; // a snapshot follows every subscribe
      catchUp(ws, s);
    } else if (m.type === 'unsubscribe') {
      s.unsubscribe(m.symbols);
    }
  }

  /// Heartbeat to everyone, and a ws ping to learn who is still there.
  function heartbeat() {
    if (silent()) return;
    const t = now();
    const frame = heartbeatFrame(t);
    for (const [ws, s] of sessions) {
      if (t - s.lastSeen > idleTimeoutMs) {
        counters.idleDropped++;
        drop(ws, s, 'idle_timeout', { idleMs: t - s.lastSeen });
        continue;
      }
      if (blocked(ws)) continue;
      write(ws, s, frame);
      if (open(ws)) ws.ping();
    }
  }

  function sweep() {
    const t = now();
    measureBacklog();
    for (const [ws, s] of sessions) {
      if (!s.blockedSince && !s.pending && !s.needSnapshot) continue;
      if (catchUp(ws, s)) continue;
      if (blocked(ws)) markBlocked(s);
      if (s.blockedSince && t - s.blockedSince > slowClientMs) {
        counters.slowDropped++;
        drop(ws, s, 'slow_consumer', { bufferedBytes: ws.bufferedAmount, stuckMs: t - s.blockedSince });
      }
    }
  }

  /// Terminate, not close: a stuck or vanished client would never read a close frame.
  function drop(ws, s, reason, fields) {
    log('client_dropped', { id: s.id, ip: s.ip, reason, ...fields });
    s.dropReason = reason;
    ws.terminate();
  }

  const hbTimer = setInterval(heartbeat, heartbeatMs);
  const sweepTimer = setInterval(sweep, SWEEP_MS);

  return {
    sessions,
    counters,
    broadcast,
    /// Open sessions from one client address (the per-address cap).
    countFrom: (ip) => perIp.get(ip) ?? 0,
    /** Adopts an accepted, authorised socket. */
    add(ws, { ip, origin, wallet }) {
      const s = new Session({ id: nextId++, ip, origin, wallet, now: now() });
      sessions.set(ws, s);
      perIp.set(ip, (perIp.get(ip) ?? 0) + 1);
      counters.connections++;
      log('client_connected', { id: s.id, ip, origin, wallet, clients: sessions.size });
      ws.on('message', (data, isBinary) => onMessage(ws, s, data, isBinary));
      ws.on('pong', () => { s.lastSeen = now(); });
      // A ping from the client is answered by hand so that `silence` can withhold it too.
      ws.on('ping', (d) => { if (admit(ws, s) && !silent()) ws.pong(d); });
      ws.on('error', (err) => log('client_error', { id: s.id, error: err.message, code: err.code }));
      ws.on('close', (code, reason) => {
        sessions.delete(ws);
        const n = perIp.get(ip) - 1;
        if (n) perIp.set(ip, n);
        else perIp.delete(ip);
        log('client_disconnected', {
          id: s.id, code, reason: s.dropReason ?? reason.toString(), durationMs: now() - s.connectedAt,
          updatesSent: s.counters.updatesSent, conflated: s.counters.conflated, clients: sessions.size,
        });
      });
      return s;
    },
    get size() { return sessions.size; },
    /// Chaos: cut every socket without a close frame.
    dropAll() {
      for (const ws of sessions.keys()) ws.terminate();
    },
    closeAll(code, reason = '') {
      for (const ws of sessions.keys()) ws.close(code, reason);
    },
    stop() {
      clearInterval(hbTimer);
      clearInterval(sweepTimer);
    },
    stats() {
      let maxBuffered = 0;
      let held = 0;
      for (const [ws, s] of sessions) {
        maxBuffered = Math.max(maxBuffered, ws.bufferedAmount);
        if (s.blockedSince) held++;
      }
      return { clients: sessions.size, addresses: perIp.size, held, maxBuffered, totalBuffered: measureBacklog(), ...counters };
    },
  };
}
