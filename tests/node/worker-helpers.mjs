// The page-worker protocol in Node: the hub (the worker's side) and proxies
// (the tabs' side) over real MessageChannels, the real wasm engine inside the
// hub, the reference backend on 127.0.0.1. The hub and the proxy are their
// readable sources (dist bundles them into worker.js and page.js, with no
// entry of their own); the engine is the BUILT package's (dist/local_feed.js,
// the glue and the .wasm). What a browser adds (SharedWorker, leader
// election, the bundles themselves) is the e2e tests' business.
import { pathToFileURL, fileURLToPath } from 'node:url';
import path from 'node:path';
import { FAST, recordFeed, recordingLogger, WebSocket, XMLHttpRequest } from './helpers.mjs';

import { createHub } from '../../bindings/js/hub.js';
import { createProxyFeed, WorkerUnavailable } from '../../bindings/js/proxy_feed.js';
import { portLink } from '../../bindings/js/port_link.js';
import { resolveOptions } from '../../bindings/js/options.js';
import * as protocol from '../../bindings/js/protocol.js';

const DIST = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../web/pricefeed/dist');
export const { createLocalFeed } = await import(pathToFileURL(path.join(DIST, 'local_feed.js')).href);
export { createHub, createProxyFeed, WorkerUnavailable, portLink, resolveOptions, protocol };

/// A worker has WebSocket and XMLHttpRequest as globals; so does this
/// process for the hub's engine (`ws` throws on an unheard error event).
class QuietWebSocket extends WebSocket {
  constructor(...args) {
    super(...args);
    this.on('error', () => {});
  }
}
globalThis.WebSocket ??= QuietWebSocket;
globalThis.XMLHttpRequest ??= XMLHttpRequest;

/**
 * A hub as a worker would run it, with short heartbeat values. `kill()`
 * makes it what a dead worker is to its tabs: silent both ways, its socket
 * closed.
 */
export function startHub({ createFeed = createLocalFeed, pingMs = 25, forgetAfterMs = 300 } = {}) {
  const online = new EventTarget();
  const hub = createHub({ createFeed, onlineTarget: online, pingMs, forgetAfterMs });
  const ports = new Set();
  let dead = false;
  return {
    hub,
    online,
    /** A link for one tab; the hub gets the other end. */
    link() {
      const ch = new MessageChannel();
      ports.add(ch.port2);
      if (!dead) hub.attach(portLink(ch.port2));
      return portLink(ch.port1);
    },
    kill() {
      dead = true;
      for (const p of ports) p.close();
      hub.feed?.dispose();
    },
  };
}

/**
 * A transport (proxy_feed.js) whose links go to `hubs.current`: a test
 * replaces the hub as a browser replaces a dead worker.
 */
export function hubTransport(hubs) {
  return { onTakeover: null, open: () => hubs.current.link(), close() {} };
}

/** A tab's document: visibility the test sets. */
export function fakeDocument() {
  const doc = new EventTarget();
  doc.visibilityState = 'visible';
  doc.set = (state) => {
    doc.visibilityState = state;
    doc.dispatchEvent(new Event('visibilitychange'));
  };
  return doc;
}

/** A tab: a proxy on `transport` that records what it delivers, like helpers.recordedFeed. */
export async function recordedTab(srv, transport, options = {}) {
  const { lines, logger } = recordingLogger();
  const doc = fakeDocument();
  const resolved = resolveOptions({
    wsUrl: srv.wsUrl,
    pollUrl: `${srv.url}/api/oracle/prices`,
    logger,
    pageEvents: { document: doc },
    ...FAST,
    ...options,
  });
  const feed = await createProxyFeed(resolved, { transport, createLocal: createLocalFeed });
  return recordFeed(feed, { doc, lines });
}

/**
 * A tab without the proxy: the raw protocol, for what a proxy would never
 * do (stay silent, hold back its `ready`). `received` holds every message.
 */
export function rawTab(hubHandle, { options, sub = { mode: 'all', names: [] }, pong = true } = {}) {
  const link = hubHandle.link();
  const received = [];
  link.onmessage = (msg) => {
    received.push(msg);
    if (msg.t === protocol.TO_PAGE.ping && raw.pong) link.post({ t: protocol.TO_WORKER.pong });
  };
  const raw = {
    link,
    received,
    pong,
    hello(connected = true) {
      link.post({ t: protocol.TO_WORKER.hello, v: protocol.PROTOCOL_VERSION, options, sub, visible: true, connected });
    },
    of: (t) => received.filter((m) => m.t === t),
  };
  return raw;
}
