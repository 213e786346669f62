// Who may use the developer routes (src/http/local-only.js): each refusal
// reason on its own, on request objects shaped like node:http's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localOnlyRefusal, LOCAL_HEADER } from '../../web/server/src/http/local-only.js';

const req = (headers, remoteAddress = '127.0.0.1') => ({ headers: { host: '127.0.0.1:3002', ...headers }, socket: { remoteAddress } });

test('a direct local request passes; each thing that betrays a proxy or another site refuses it', () => {
  assert.equal(localOnlyRefusal(req({})), null, 'curl on this machine');
  assert.equal(localOnlyRefusal(req({ origin: 'http://127.0.0.1:3002', 'sec-fetch-site': 'same-origin' })), null, 'the page itself');
  assert.equal(localOnlyRefusal(req({ host: 'localhost:3002', origin: 'http://localhost:3002' })), null);
  assert.equal(localOnlyRefusal(req({}, '192.168.1.5')), 'not_loopback');
  assert.equal(localOnlyRefusal(req({ 'x-forwarded-for': '127.0.0.1' })), 'proxied');
  assert.equal(localOnlyRefusal(req({ forwarded: 'for=127.0.0.1' })), 'proxied');
  assert.equal(localOnlyRefusal(req({ host: 'terminal.example.com' })), 'host_not_loopback');
  assert.equal(localOnlyRefusal(req({ host: undefined })), 'host_not_loopback');
  assert.equal(localOnlyRefusal(req({ origin: 'https://evil.example' })), 'cross_site');
  assert.equal(localOnlyRefusal(req({ origin: 'http://127.0.0.1:9999' })), 'cross_site', 'another local port is another site');
  assert.equal(localOnlyRefusal(req({ origin: 'null' })), 'cross_site');
  assert.equal(localOnlyRefusal(req({ 'sec-fetch-site': 'cross-site' })), 'cross_site');
  assert.equal(localOnlyRefusal(req({ 'sec-fetch-site': 'same-site' })), 'cross_site');
});

test('chaos also demands the local header, which no cross-site page can send without a preflight', () => {
  assert.equal(localOnlyRefusal(req({}), { requireHeader: true }), 'missing_header');
  assert.equal(localOnlyRefusal(req({ [LOCAL_HEADER]: '1' }), { requireHeader: true }), null);
});
