// The logger (src/log.js): one JSON line per event through pino, its level
// from the event's name, lines under the chosen level dropped.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createLogger } from '../../web/server/src/log.js';

const sink = () => {
  const lines = [];
  return { lines, write: (s) => { lines.push(s); } };
};

test('one JSON line per event: level, ISO time, event, then the fields', () => {
  const out = sink();
  const log = createLogger(out);
  log('client_connected', { id: 7, ip: '127.0.0.1' });
  log('http_error', { path: '/x', error: 'boom' });
  assert.equal(out.lines.length, 2);
  for (const l of out.lines) assert.ok(l.endsWith('\n') && !l.slice(0, -1).includes('\n'));
  const [a, b] = out.lines.map((l) => JSON.parse(l));
  assert.deepEqual(Object.keys(a), ['level', 'time', 'event', 'id', 'ip']);
  assert.equal(a.level, 'info');
  assert.equal(new Date(a.time).toISOString(), a.time);
  assert.deepEqual([a.event, a.id, a.ip], ['client_connected', 7, '127.0.0.1']);
  assert.equal(b.level, 'error');
});

test('a level drops the routine lines and keeps the rest; null is silent', () => {
  const out = sink();
  const log = createLogger(out, { level: 'warn' });
  log('client_connected', { id: 1 });
  log('client_dropped', { id: 1, reason: 'slow_consumer' });
  log('publisher_lease_lost', { id: 'x' });
  assert.deepEqual(out.lines.map((l) => [JSON.parse(l).event, JSON.parse(l).level]),
    [['client_dropped', 'warn'], ['publisher_lease_lost', 'warn']]);
  const quiet = createLogger(null);
  quiet('client_connected');
  quiet.flush();
  assert.equal(quiet.dropped(), 0);
});
