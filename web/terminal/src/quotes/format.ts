/// Number formats for prices; the formatters are built once because
/// Intl.NumberFormat construction is the slow part.

const fmt = (digits: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const F2 = fmt(2);
const F4 = fmt(4);
const F6 = fmt(6);
const F8 = fmt(8);

/// 2 decimals from 100 up (BTC 67,012.34), 4 from 1 (2.3456), 6 from 0.01,
/// 8 below (BONK 0.00002512): always four or more significant digits.
/// `scale` picks the decimals, so a change or a confidence reads in its
/// price's units (BTC +670.00, not +670.000000 for a small move).
export function formatPrice(p: number, scale: number = p): string {
  const a = Math.abs(scale);
  return (a >= 100 ? F2 : a >= 1 ? F4 : a >= 0.01 ? F6 : F8).format(p);
}

/// A change with its sign; no sign for exactly zero.
export function formatSigned(p: number, scale: number = p): string {
  return (p > 0 ? '+' : '') + formatPrice(p, scale);
}

/// A signed percentage; a move that rounds to 0.00 shows no sign, never "-0.00%".
export function formatPercent(p: number): string {
  const text = F2.format(Math.abs(p));
  if (text === '0.00') return '0.00%';
  return (p > 0 ? '+' : '-') + text + '%';
}

/// Whole seconds since `at`, for the age column.
export function formatAgeShort(at: number, now: number): string {
  const s = Math.max(0, Math.floor((now - at) / 1000));
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m` : `${Math.floor(s / 3600)}h`;
}
