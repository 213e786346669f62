/// Brings a chart series up to date with a BarRing in as few calls as
/// possible: nothing when nothing changed, `update()` for the newest bars,
/// `setData()` only for a new ring (another symbol or resolution) or after
/// more bars than are worth sending one by one.
import type { Bar, BarRing } from './barRing';

export interface SeriesTarget {
  setData(bars: Bar[]): void;
  update(bar: Bar): void;
}

/// What the series shows, as of the last sync.
export interface SyncState {
  readonly ring: BarRing | null;
  readonly appended: number;
  readonly revision: number;
}

export const EMPTY_SYNC: SyncState = { ring: null, appended: 0, revision: -1 };

/// 32 bars: beyond that one setData (a sorted copy) is cheaper than as many
/// updates, each of which re-validates and re-indexes.
const MAX_INCREMENTAL = 32;

export function syncBars(ring: BarRing | null, state: SyncState, target: SeriesTarget): SyncState {
  if (!ring) {
    if (state.ring !== null || state.revision === -1) target.setData([]);
    return { ring: null, appended: 0, revision: 0 };
  }
  const next = { ring, appended: ring.appended, revision: ring.revision };
  if (ring === state.ring && ring.revision === state.revision) return state;
  const fresh = ring.appended - state.appended;
  if (ring !== state.ring || fresh >= ring.size || fresh > MAX_INCREMENTAL) {
    target.setData(ring.toArray());
    return next;
  }
  // The bar that was newest may have changed too, then come the new ones.
  for (let k = ring.size - 1 - fresh; k < ring.size; k++) target.update(ring.at(k));
  return next;
}
