/// Number formats for prices; the formatters are built once because
/// Intl.NumberFormat construction is the slow part.

const fmt = (digits: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const F2 = fmt(2);
const F4 = fmt(4);
const F6 = fmt(6);

/// 2 decimals from 100 up (BTC 67,012.34), 4 from 1 (2.3456), 6 below.
/// `scale` picks the decimals, so a change or a confidence reads in its
/// price's units (BTC +670.00, not +670.000000 for a small move).
export function formatPrice(p: number, scale: number = p): string {
  const a = Math.abs(scale);
  return (a >= 100 ? F2 : a >= 1 ? F4 : F6).format(p);
}

/// A change with its sign; no sign for exactly zero.
export function formatSigned(p: number, scale: number = p): string {
  return (p > 0 ? '+' : '') + formatPrice(p, scale);
}

export function formatPercent(p: number): string {
  return (p > 0 ? '+' : '') + F2.format(p) + '%';
}

/// Whole seconds since `at`, for the age column.
export function formatAgeShort(at: number, now: number): string {
  const s = Math.max(0, Math.floor((now - at) / 1000));
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m` : `${Math.floor(s / 3600)}h`;
}
