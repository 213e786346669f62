// A link: what the proxy (proxy_feed.js) and the hub (hub.js) talk through.
// `post(msg, transfer?)`, `onmessage = (msg) => ...`, `onfail = (why) => ...`
// (the other side is gone for sure; silence is the watchdog's business) and
// `close()`. A MessagePort, a relay over BroadcastChannel (leader.js) and a
// worker's port all look alike through it.

/** A link over a MessagePort (browser or Node). */
export function portLink(port, { onClose } = {}) {
  const link = {
    post: (msg, transfer) => port.postMessage(msg, transfer ?? []),
    set onmessage(fn) {
      port.onmessage = (e) => fn(e.data);
    },
    onfail: null,
    close() {
      port.onmessage = null;
      port.close();
      onClose?.();
    },
  };
  return link;
}
