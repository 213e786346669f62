/// Client address, proxy headers and the page's own origin.
///
/// Behind `--trust-proxy N` only the last N hops of a forwarded header were
/// written by proxies we trust (nginx appends the peer it saw to
/// X-Forwarded-For); whatever a client wrote itself sits further left and is
/// never read.

/// True for 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 forms.
export function isLoopback(addr) {
  if (!addr) return false;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return a === '::1' || a.startsWith('127.');
}

/// True when a Host header names this machine's loopback: localhost,
/// 127.x.y.z or [::1], with or without a port. A DNS-rebinding page or a
/// proxy for a public name never sends one of these.
export function isLoopbackHost(host) {
  if (typeof host !== 'string' || !host) return false;
  let name;
  try {
    name = new URL(`http://${host}`).hostname;
  } catch {
    return false;
  }
  if (`${name}` !== host.replace(/:\d+$/, '').toLowerCase()) return false; // userinfo, paths: not a plain host
  return name === 'localhost' || name === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/// True when any proxy touched the request: a direct loopback client sends none of these.
export function hasProxyHeaders(req) {
  for (const name of Object.keys(req.headers)) {
    if (name === 'forwarded' || name.startsWith('x-forwarded-')) return true;
  }
  return false;
}

/// The entry `hops` from the right of a comma-separated forwarded header (the
/// one the outermost trusted proxy wrote), or the left-most when the list is
/// shorter; undefined when the header is absent.
export function forwardedValue(req, header, hops) {
  const raw = req.headers[header];
  if (!hops || typeof raw !== 'string' || !raw.trim()) return undefined;
  const list = raw.split(',').map((s) => s.trim());
  return list[Math.max(0, list.length - hops)] || undefined;
}

/// The client IP: the TCP peer, or behind `hops` trusted proxies the entry
/// `hops` from the right of X-Forwarded-For.
export function clientIp(req, hops) {
  return forwardedValue(req, 'x-forwarded-for', hops) ?? req.socket.remoteAddress ?? '';
}

/// The origin the page was loaded from, as this request names it: scheme and
/// Host, or X-Forwarded-Proto/-Host behind trusted proxies. null when unknown.
export function requestOrigin(req, hops) {
  const host = forwardedValue(req, 'x-forwarded-host', hops) ?? req.headers.host;
  const proto = forwardedValue(req, 'x-forwarded-proto', hops) ?? (req.socket.encrypted ? 'https' : 'http');
  if (!host || (proto !== 'http' && proto !== 'https')) return null;
  return normalOrigin(`${proto}://${host}`);
}

/// An Origin header in the form URL.origin gives (default port dropped,
/// lower case), or null when it is not an http(s) origin.
export function normalOrigin(s) {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}
