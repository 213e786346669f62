// A refused upgrade (src/ws/refuse-upgrade.js) delivers its whole status line
// before the socket goes: never destroyed while the response may be queued.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { connect as tcp } from 'node:net';
import { refuseUpgrade, REFUSE_LINGER_MS } from '../../web/server/src/ws/refuse-upgrade.js';
import { startServer } from '../../web/server/src/server.js';

/// A socket whose write has not reached the kernel yet (a full send buffer).
class QueuedSocket extends EventEmitter {
  calls = [];
  resume() { this.calls.push('resume'); }
  end(data) { this.calls.push('end'); this.data = data; }
  destroy() { this.calls.push('destroy'); this.emit('close'); }
}

test('the socket is not destroyed while the response may still be queued; a client that never closes is cut after the linger', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const s = new QueuedSocket();
  refuseUpgrade(s, 404, 'Not Found');
  assert.equal(s.data, 'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  assert.deepEqual(s.calls, ['resume', 'end']);
  t.mock.timers.tick(REFUSE_LINGER_MS - 1);
  assert.deepEqual(s.calls, ['resume', 'end']);
  t.mock.timers.tick(1);
  assert.deepEqual(s.calls, ['resume', 'end', 'destroy']);
});

test('a client that closes first ends it without the linger timer firing', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const s = new QueuedSocket();
  refuseUpgrade(s, 503, 'Service Unavailable');
  s.emit('close');
  t.mock.timers.tick(REFUSE_LINGER_MS * 2);
  assert.deepEqual(s.calls, ['resume', 'end']);
});

test('over TCP: an upgrade on another path gets the full 404 while the client is still sending, then the connection ends', async () => {
  const srv = await startServer({ port: 0, rate: 1 });
  try {
    const reply = await new Promise((resolve, reject) => {
      const c = tcp(srv.port, '127.0.0.1');
      let got = '';
      c.on('data', (d) => { got += d; });
      c.on('error', reject);
      c.on('close', () => resolve(got));
      c.write('GET /nope HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
      c.end(Buffer.alloc(64 * 1024, 1)); // bytes the server never reads as a request
    });
    assert.equal(reply, 'HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  } finally {
    await srv.close();
  }
});
