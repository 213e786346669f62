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

const RUN_IN = ['auto', 'shared-worker', 'worker', 'page'] as const;
export type RunIn = (typeof RUN_IN)[number];

/// Where the engine runs, from the page's `?runIn=` (contract §8; default
/// `auto`, the SharedWorker): `page` keeps it on this tab's main thread, for
/// troubleshooting a worker or a Content-Security-Policy. Anything else is
/// ignored.
export function runInFromQuery(search: string): RunIn | undefined {
  const v = new URLSearchParams(search).get('runIn');
  return RUN_IN.find((r) => r === v);
}
