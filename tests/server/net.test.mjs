// Client address and page origin behind trusted proxies (src/net.js), on
// request objects shaped like node:http's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isLoopback, isLoopbackHost, hasProxyHeaders, forwardedValue, clientIp, requestOrigin, normalOrigin,
} from '../../web/server/src/net.js';

const req = (headers = {}, remoteAddress = '127.0.0.1') => ({ headers, socket: { remoteAddress } });

test('only loopback addresses count as loopback', () => {
  for (const a of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1']) assert.equal(isLoopback(a), true, a);
  for (const a of ['10.0.0.1', '::ffff:192.168.1.2', '128.0.0.1', '', undefined, '::2']) assert.equal(isLoopback(a), false, String(a));
});

test('only loopback names count as a loopback Host', () => {
  for (const h of ['localhost', 'localhost:3002', 'LOCALHOST:1', '127.0.0.1', '127.0.0.1:80', '127.9.9.9:3002', '[::1]', '[::1]:3002']) {
    assert.equal(isLoopbackHost(h), true, h);
  }
  for (const h of ['terminal.example.com', 'localhost.evil.com', '127.0.0.1.nip.io', 'evil@127.0.0.1', '127.0.0.1/x', '127.1', '[::2]', '', undefined]) {
    assert.equal(isLoopbackHost(h), false, String(h));
  }
});

test('any X-Forwarded-* or Forwarded header marks a proxied request', () => {
  assert.equal(hasProxyHeaders(req({ host: 'localhost' })), false);
  for (const h of ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-proto', 'x-forwarded-port', 'forwarded']) {
    assert.equal(hasProxyHeaders(req({ [h]: 'x' })), true, h);
  }
});

test('the client address is the entry N from the right of X-Forwarded-For; what the client wrote changes nothing', () => {
  const spoofed = req({ 'x-forwarded-for': '6.6.6.6, 1.2.3.4' }, '127.0.0.1'); // the client wrote 6.6.6.6, nginx appended 1.2.3.4
  assert.equal(clientIp(spoofed, 0), '127.0.0.1', 'no trusted proxy: the TCP peer');
  assert.equal(clientIp(spoofed, 1), '1.2.3.4');
  assert.equal(clientIp(req({ 'x-forwarded-for': '6.6.6.6, 1.2.3.4, 10.0.0.2' }), 2), '1.2.3.4', 'two hops: CDN then nginx');
  assert.equal(clientIp(req({ 'x-forwarded-for': '1.2.3.4' }), 3), '1.2.3.4', 'a shorter list: its left-most');
  assert.equal(clientIp(req({}, '10.1.1.1'), 1), '10.1.1.1', 'no header: the TCP peer');
  assert.equal(forwardedValue(req({ 'x-forwarded-for': ' ' }), 'x-forwarded-for', 1), undefined);
});

test('the page origin comes from Host, or from X-Forwarded-Host/-Proto only behind a trusted proxy', () => {
  const r = req({ host: '127.0.0.1:8080', 'x-forwarded-host': 'terminal.example.com', 'x-forwarded-proto': 'https' });
  assert.equal(requestOrigin(r, 0), 'http://127.0.0.1:8080');
  assert.equal(requestOrigin(r, 1), 'https://terminal.example.com');
  assert.equal(requestOrigin(req({ host: 'a.example:443', 'x-forwarded-proto': 'https' }), 1), 'https://a.example', 'default port dropped');
  assert.equal(requestOrigin(req({ host: 'a.example', 'x-forwarded-proto': 'gopher' }), 1), null);
  assert.equal(requestOrigin(req({}), 0), null);
  assert.equal(normalOrigin('HTTPS://Terminal.Example.com:443'), 'https://terminal.example.com');
  assert.equal(normalOrigin('null'), null);
});
