/// Answers an upgrade request with a plain HTTP status instead of a WebSocket.

/// 1 s: how long a refused upgrade's socket may stay half-closed waiting for
/// the client to read the status line and close its side.
export const REFUSE_LINGER_MS = 1000;

/// end() sends the response and a FIN; reading on (and discarding) lets the
/// client's own FIN close the socket. Destroying at once would drop a response
/// still queued behind a full send buffer and, with unread request bytes in
/// the kernel, reset the connection before the client reads the status. A
/// client that never closes is cut after REFUSE_LINGER_MS.
/**
 * @param {import('node:net').Socket} socket  the upgrade's socket
 * @param {number} status
 * @param {string} text  the reason phrase
 */
export function refuseUpgrade(socket, status, text) {
  socket.resume();
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  const t = setTimeout(() => socket.destroy(), REFUSE_LINGER_MS);
  t.unref?.();
  socket.once('close', () => clearTimeout(t));
}
