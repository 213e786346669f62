// Small statistics helpers shared by the benchmarks.

/// Median of a list of numbers (NaN for an empty list). Why the median: one
/// slow repetition from a neighbour's build on this 2-core box must not move it.
export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

/// The p-th percentile (0..100) by nearest rank.
export function percentile(xs, p) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const i = Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1));
  return v[i];
}

/// ours / peer as a printable ratio; '-' when either side is missing.
export function ratio(ours, peer) {
  if (!Number.isFinite(ours) || !Number.isFinite(peer) || peer === 0) return '-';
  return (ours / peer).toFixed(2) + 'x';
}
