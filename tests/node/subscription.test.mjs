// A tab's subscription and the union the shared engine takes
// (bindings/js/subscription.js): contract §6's rules per tab, §8's union.
import { test } from 'node:test';
import assert from 'node:assert/strict';
// The readable source: dist bundles this module into page.js and worker.js.
import { TabSubscription, unionOf, transition } from '../../bindings/js/subscription.js';

const view = (s) => ({ mode: s.mode, names: [...s.names].sort() });
const range = (n, p = 'S') => Array.from({ length: n }, (_, i) => `${p}${i}`);

test('a tab: named sets grow and shrink, all becomes all-except and back', () => {
  const s = new TabSubscription(['BTC']);
  assert.deepEqual(s.add(['ETH', 'BTC']), { result: 'applied', changed: ['ETH'] });
  assert.deepEqual(s.remove(['BTC', 'ETH']), { result: 'applied', changed: ['BTC', 'ETH'] });
  assert.deepEqual(view(s), { mode: 'only', names: [] }, 'the last one gone: an empty set, not all');
  assert.equal(s.wants('BTC'), false);

  const all = new TabSubscription(undefined);
  assert.equal(all.add(['BTC']).result, 'unchanged');
  assert.deepEqual(all.remove(['BTC']).changed, ['BTC']);
  assert.deepEqual(view(all), { mode: 'except', names: ['BTC'] });
  assert.equal(all.wants('BTC'), false);
  assert.equal(all.wants('ETH'), true);
  all.add(['BTC']);
  assert.deepEqual(view(all), { mode: 'all', names: [] });
});

test('a tab may name 1,000 symbols; the change that would pass it changes nothing', () => {
  const s = new TabSubscription(range(999));
  assert.equal(s.add(['X', 'Y']).result, 'too_many');
  assert.equal(s.names.size, 999);
  assert.equal(s.add(['X']).result, 'applied');
  const e = new TabSubscription(undefined);
  e.remove(range(1000));
  assert.equal(e.remove(['X']).result, 'too_many');
});

test('the union: named sets add up; any tab on all gives all but what every such tab excludes and no tab names', () => {
  const only = (n) => new TabSubscription(n);
  const except = (n) => new TabSubscription(n, 'except');
  assert.deepEqual(view(unionOf([only(['BTC']), only(['ETH', 'SOL'])])), { mode: 'only', names: ['BTC', 'ETH', 'SOL'] });
  assert.deepEqual(view(unionOf([except(['BTC', 'ETH']), except(['ETH', 'SOL'])])), { mode: 'except', names: ['ETH'] });
  assert.deepEqual(view(unionOf([except(['ETH']), only(['ETH'])])), { mode: 'all', names: [] });
  assert.deepEqual(view(unionOf([except(['ETH']), new TabSubscription(undefined)])), { mode: 'all', names: [] });
  // More names than the server takes on one socket: all, narrowed per tab.
  assert.deepEqual(view(unionOf([only(range(600, 'A')), only(range(600, 'B'))])), { mode: 'all', names: [] });
});

test('the calls from one union to the next; none between a named set and all', () => {
  const only = (n) => new TabSubscription(n);
  const except = (n) => new TabSubscription(n, 'except');
  assert.deepEqual(transition(only(['A', 'B']), only(['B', 'C'])), { subscribe: ['C'], unsubscribe: ['A'] });
  assert.deepEqual(transition(except(['A']), except(['B'])), { subscribe: ['A'], unsubscribe: ['B'] });
  assert.deepEqual(transition(new TabSubscription(undefined), except(['B'])), { subscribe: [], unsubscribe: ['B'] });
  assert.equal(transition(only(['A']), new TabSubscription(undefined)), null);
  assert.equal(transition(except(['A']), only(['A'])), null);
});
