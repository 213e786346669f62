// The Origin policy and CORS headers (src/auth/origin.js), on request objects
// shaped like node:http's.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { originPolicy } from '../../web/server/src/auth/origin.js';

const req = (headers) => ({ headers: { host: 'terminal.example.com', ...headers }, socket: { remoteAddress: '127.0.0.1' } });

test('auth on, no list: only the page\'s own origin; no Origin (Node, curl) is allowed', () => {
  const p = originPolicy({ allowed: [], auth: 'jwt', trustProxy: 0 });
  assert.equal(p.allows(req({ origin: 'http://terminal.example.com' })), true);
  assert.equal(p.allows(req({ origin: 'https://terminal.example.com' })), false, 'another scheme is another origin');
  assert.equal(p.allows(req({ origin: 'https://evil.example' })), false);
  assert.equal(p.allows(req({})), true);
  assert.deepEqual(p.corsHeaders(req({ origin: 'https://evil.example' })), {}, 'no CORS headers for a refused origin');
  assert.deepEqual(p.corsHeaders(req({ origin: 'http://terminal.example.com' })), {
    'access-control-allow-origin': 'http://terminal.example.com', vary: 'Origin',
    'access-control-expose-headers': 'Retry-After', 'access-control-allow-credentials': 'true',
  });
});

test('behind a trusted proxy the own origin is X-Forwarded-Proto://X-Forwarded-Host; untrusted, those headers are ignored', () => {
  const proxied = (origin) => req({ host: '127.0.0.1:3002', 'x-forwarded-host': 'terminal.example.com', 'x-forwarded-proto': 'https', origin });
  const trusted = originPolicy({ allowed: [], auth: 'jwt', trustProxy: 1 });
  assert.equal(trusted.allows(proxied('https://terminal.example.com')), true);
  assert.equal(trusted.allows(proxied('https://evil.example')), false);
  const untrusted = originPolicy({ allowed: [], auth: 'jwt', trustProxy: 0 });
  assert.equal(untrusted.allows(proxied('https://terminal.example.com')), false);
  assert.equal(untrusted.allows(proxied('http://127.0.0.1:3002')), true);
});

test('a list allows exactly its origins; auth off and no list allows all, without credentials', () => {
  const listed = originPolicy({ allowed: ['https://a.example/', 'https://B.example'], auth: 'jwt', trustProxy: 0 });
  assert.equal(listed.allows(req({ origin: 'https://a.example' })), true);
  assert.equal(listed.allows(req({ origin: 'https://b.example' })), true);
  assert.equal(listed.allows(req({ origin: 'http://terminal.example.com' })), false, 'the list replaces the own-origin default');
  const open = originPolicy({ allowed: [], auth: 'none', trustProxy: 0 });
  assert.equal(open.allows(req({ origin: 'https://anyone.example' })), true);
  assert.equal(open.corsHeaders(req({ origin: 'https://anyone.example' }))['access-control-allow-credentials'], undefined);
});
