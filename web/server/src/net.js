/// Client address helpers.

/// True for 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 forms.
export function isLoopback(addr) {
  if (!addr) return false;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return a === '::1' || a.startsWith('127.');
}

/// The client IP; with trustProxy, the left-most X-Forwarded-For entry (set by our own proxy).
export function clientIp(req, trustProxy) {
  if (trustProxy) {
    const xff = req.headers['x-forwarded-for'];
    if (typeof xff === 'string' && xff) return xff.split(',')[0].trim();
  }
  return req.socket.remoteAddress ?? '';
}
