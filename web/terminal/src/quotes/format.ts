/// Number formats for prices; the formatters are built once because
/// Intl.NumberFormat construction is the slow part.

const fmt = (digits: number) =>
  new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const F2 = fmt(2);
const F4 = fmt(4);
const F6 = fmt(6);

/// 2 decimals from 100 up (BTC 67,012.34), 4 from 1 (2.3456), 6 below.
export function formatPrice(p: number): string {
  const a = Math.abs(p);
  return (a >= 100 ? F2 : a >= 1 ? F4 : F6).format(p);
}

export function formatSigned(p: number): string {
  return (p > 0 ? '+' : p < 0 ? '' : '±') + formatPrice(p);
}

export function formatPercent(p: number): string {
  return (p > 0 ? '+' : '') + F2.format(p) + '%';
}

/// Whole seconds since `at`, for the age column.
export function formatAgeShort(at: number, now: number): string {
  const s = Math.max(0, Math.floor((now - at) / 1000));
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m` : `${Math.floor(s / 3600)}h`;
}
