// runIn 'worker' (and 'auto' where SharedWorker is missing, e.g. Chrome on
// Android): the tabs of an origin still share one feed. They elect a leader
// with the Web Locks API (the lock is freed the moment its tab closes or
// crashes, and the next tab in the queue gets it); the leader runs the hub in
// a dedicated Worker and relays each other tab over a BroadcastChannel of its
// own. Without Web Locks or BroadcastChannel every tab has a worker of its
// own (privateWorkerTransport).
import { FORGET_AFTER_MS } from './protocol.js';

/// Control messages on `${name} control` and on a follower's channel.
const JOIN = 'qd-join'; // follower -> leader: { id }
const JOINED = 'qd-joined'; // leader -> follower, on the follower's channel
const LEADER = 'qd-leader'; // a new leader: followers join again
/// A follower repeats its join this often until a leader answers.
const JOIN_RETRY_MS = 250;

export function canElect() {
  return typeof navigator === 'object' && !!navigator.locks && typeof BroadcastChannel === 'function';
}

function tabId() {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * A transport (see proxy_feed.js) whose links reach the leader's worker.
 * Resolves once this tab knows whether it leads.
 * @param {string} name  the worker's name (protocol.js workerName)
 * @param {(name: string) => { port(): { link, port }, terminate(): void }} spawn  workers.js spawnWorker
 */
export async function leaderTransport(name, spawn) {
  const id = tabId();
  const lockName = `${name} leader`;
  const control = new BroadcastChannel(`${name} control`);
  const abort = new AbortController();
  const bridges = new Map(); // follower id -> bridge
  let leading = false;
  let release = null;
  let worker = null;
  let follower = null; // this tab's follower link, when it follows
  let closed = false;

  const transport = {
    onTakeover: null,
    open,
    close,
    get leading() {
      return leading;
    },
  };

  /// Held until close() (or until the tab goes, when the browser frees it).
  const lead = () =>
    new Promise((resolve) => {
      release = resolve;
      leading = true;
      control.postMessage({ t: LEADER });
    });

  const first = await new Promise((resolve) => {
    navigator.locks
      .request(lockName, { ifAvailable: true }, (lock) => {
        resolve(!!lock);
        return lock ? lead() : undefined;
      })
      .catch(() => resolve(false));
  });
  if (!first) {
    // Wait in line: when the leader goes, one follower takes over.
    navigator.locks
      .request(lockName, { signal: abort.signal }, () => {
        if (closed) return undefined;
        const held = lead();
        transport.onTakeover?.();
        return held;
      })
      .catch(() => {});
  }

  control.onmessage = (e) => {
    const m = e.data;
    if (m?.t === JOIN && leading && worker) bridge(m.id);
    else if (m?.t === LEADER && !leading) follower?.onfail?.('a new leader');
  };
  const sweep = setInterval(() => {
    const t = Date.now();
    for (const b of bridges.values()) if (t - b.heardAt > FORGET_AFTER_MS) b.close();
  }, FORGET_AFTER_MS);

  function open() {
    if (leading) {
      // A new link while leading: the first, or the worker before went
      // silent. A fresh worker; the followers notice and join it.
      for (const b of [...bridges.values()]) b.close();
      worker?.terminate();
      worker = spawn(name);
      return worker.port().link;
    }
    return followerLink();
  }

  function bridge(fid) {
    bridges.get(fid)?.close();
    const bc = new BroadcastChannel(`${name} tab ${fid}`);
    const { port } = worker.port();
    const b = {
      heardAt: Date.now(),
      close() {
        bc.close();
        port.close();
        if (bridges.get(fid) === b) bridges.delete(fid);
      },
    };
    port.onmessage = (e) => bc.postMessage(e.data);
    bc.onmessage = (e) => {
      b.heardAt = Date.now();
      port.postMessage(e.data);
      if (e.data?.t === 'bye') b.close();
    };
    bridges.set(fid, b);
    bc.postMessage({ t: JOINED });
  }

  function followerLink() {
    const bc = new BroadcastChannel(`${name} tab ${id}`);
    let joined = false;
    let handler = null;
    const queue = [];
    const join = () => control.postMessage({ t: JOIN, id });
    const retry = setInterval(() => {
      if (!joined) join();
    }, JOIN_RETRY_MS);
    const link = {
      post(msg) {
        if (joined) bc.postMessage(msg);
        else queue.push(msg);
      },
      set onmessage(fn) {
        handler = fn;
      },
      onfail: null,
      close() {
        clearInterval(retry);
        bc.close();
        if (follower === link) follower = null;
      },
    };
    bc.onmessage = (e) => {
      if (e.data?.t === JOINED && !joined) {
        joined = true;
        for (const m of queue.splice(0)) bc.postMessage(m);
      }
      handler?.(e.data);
    };
    follower = link;
    join();
    return link;
  }

  function close() {
    if (closed) return;
    closed = true;
    abort.abort();
    clearInterval(sweep);
    for (const b of [...bridges.values()]) b.close();
    worker?.terminate();
    worker = null;
    follower?.close();
    control.close();
    leading = false;
    release?.();
  }

  return transport;
}

/** Where tabs cannot elect: a dedicated Worker per tab (shared by nobody). */
export function privateWorkerTransport(name, spawn) {
  let worker = null;
  return {
    onTakeover: null,
    open() {
      worker?.terminate();
      worker = spawn(name);
      return worker.port().link;
    },
    close() {
      worker?.terminate();
      worker = null;
    },
  };
}
