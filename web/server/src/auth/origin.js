/// The Origin allow-list. An empty list allows every origin.
///
/// A request without an Origin header is allowed: browsers always send one on a
/// WebSocket upgrade and on cross-origin fetches, so a missing Origin means a
/// same-origin GET or a non-browser client, which could forge any Origin anyway.
/// The list exists to stop other web pages from riding a user's cookie.

/**
 * @param {string[]} allowed  exact origins, e.g. https://terminal.example.com
 * @returns {(origin: string | undefined) => boolean}
 */
export function originChecker(allowed) {
  if (!allowed?.length) return () => true;
  const set = new Set(allowed.map((o) => o.replace(/\/$/, '')));
  return (origin) => origin === undefined || set.has(origin);
}
