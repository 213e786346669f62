/// Where the feed connects (docs/contract.md §2): a terminal deployed on any
/// host must dial its own origin, never localhost.

interface PageLocation {
  protocol: string;
  host: string;
}

/// The WebSocket URL: the build-time `VITE_WEBSOCKET_URL` when set, else `/ws`
/// on the page's origin with `wss:` on https pages and `ws:` otherwise.
export function resolveWsUrl(configured: string | undefined, page: PageLocation): string {
  if (configured && configured.trim() !== '') return configured.trim();
  const scheme = page.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${page.host}/ws`;
}

/// The REST fallback URL: `/api/oracle/prices` on the page's origin.
export function resolvePollUrl(page: PageLocation): string {
  return `${page.protocol}//${page.host}/api/oracle/prices`;
}
