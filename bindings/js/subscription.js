// One tab's subscription (contract §6: all, a named set, or all except a
// named set) and the union the shared engine subscribes to (contract §8).
// The rules are those of wasm/engine/subscription.cc, which each tab had when
// it ran its own engine; in a worker the tab keeps them here, and the worker
// narrows the engine's prices to each tab with wants().
import { MAX_NAMED_SYMBOLS } from './options.js';

export class TabSubscription {
  /** No list = all; a list = exactly those (an empty one = nothing). */
  constructor(symbols, mode = symbols === undefined || symbols === null ? 'all' : 'only') {
    /** 'all' | 'only' | 'except' */
    this.mode = mode;
    /** The named set ('only') or the exclusions ('except'). */
    this.names = new Set(symbols ?? []);
  }

  static from({ mode, names }) {
    return new TabSubscription(names, mode);
  }

  toJSON() {
    return { mode: this.mode, names: [...this.names] };
  }

  wants(symbol) {
    if (this.mode === 'all') return true;
    return this.mode === 'only' ? this.names.has(symbol) : !this.names.has(symbol);
  }

  /** Adds symbols; 'applied', 'unchanged' or 'too_many' (nothing changed). */
  add(symbols) {
    const changed = [...new Set(symbols)].filter((s) => (this.mode === 'only' ? !this.names.has(s) : this.mode === 'except' && this.names.has(s)));
    if (changed.length === 0) return { result: 'unchanged', changed };
    if (this.mode === 'only') {
      if (this.names.size + changed.length > MAX_NAMED_SYMBOLS) return { result: 'too_many', changed: [] };
      for (const s of changed) this.names.add(s);
    } else {
      for (const s of changed) this.names.delete(s);
      if (this.names.size === 0) this.mode = 'all';
    }
    return { result: 'applied', changed };
  }

  /** Removes symbols; `changed` lists the symbols that left (their prices leave the tab's book). */
  remove(symbols) {
    const changed = [...new Set(symbols)].filter((s) => (this.mode === 'only' ? this.names.has(s) : !this.names.has(s)));
    if (changed.length === 0) return { result: 'unchanged', changed };
    if (this.mode === 'only') {
      for (const s of changed) this.names.delete(s);
    } else {
      if (this.names.size + changed.length > MAX_NAMED_SYMBOLS) return { result: 'too_many', changed: [] };
      for (const s of changed) this.names.add(s);
      this.mode = 'except';
    }
    return { result: 'applied', changed };
  }
}

/**
 * The one subscription that serves every tab: named sets alone give their
 * union (all, when it would name more than the server takes); any tab on
 * all gives all except the symbols every such tab excludes and no named tab
 * wants.
 */
export function unionOf(subs) {
  const named = new Set();
  let excluded = null;
  for (const s of subs) {
    if (s.mode === 'only') {
      for (const n of s.names) named.add(n);
    } else {
      const mine = s.mode === 'except' ? s.names : new Set();
      excluded = excluded === null ? new Set(mine) : new Set([...excluded].filter((n) => mine.has(n)));
    }
  }
  if (excluded === null) {
    return named.size > MAX_NAMED_SYMBOLS ? new TabSubscription(undefined) : new TabSubscription([...named]);
  }
  for (const n of named) excluded.delete(n);
  return new TabSubscription([...excluded], excluded.size ? 'except' : 'all');
}

/**
 * The calls that take an engine subscribed to `from` to `to`, or null when
 * they cannot (between a named set and all: the engine is made anew).
 */
export function transition(from, to) {
  const fromNamed = from.mode === 'only';
  if (fromNamed !== (to.mode === 'only')) return null;
  const plus = [...to.names].filter((n) => !from.names.has(n));
  const minus = [...from.names].filter((n) => !to.names.has(n));
  // A named set grows by subscribe; exclusions grow by unsubscribe.
  return fromNamed ? { subscribe: plus, unsubscribe: minus } : { subscribe: minus, unsubscribe: plus };
}
