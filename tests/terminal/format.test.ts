import { describe, expect, it } from 'vitest';
import { formatAgeShort, formatPercent, formatPrice, formatSigned } from '../../web/terminal/src/quotes/format';

describe('format', () => {
  it('picks decimals by the magnitude of the price', () => {
    expect(formatPrice(67012.345)).toBe('67,012.35');
    expect(formatPrice(2.34567)).toBe('2.3457');
    expect(formatPrice(0.0123456)).toBe('0.012346');
    expect(formatPrice(0.000025123)).toBe('0.00002512');
  });
  it('formats a change in its price scale, signed', () => {
    expect(formatSigned(0.5, 67000)).toBe('+0.50');
    expect(formatSigned(-0.5, 67000)).toBe('-0.50');
    expect(formatSigned(0, 67000)).toBe('0.00');
    expect(formatPercent(1.234)).toBe('+1.23%');
    expect(formatPercent(-10)).toBe('-10.00%');
    expect(formatPercent(-0.001)).toBe('0.00%');
    expect(formatPercent(0.004)).toBe('0.00%');
  });
  it('shows ages in whole seconds, minutes, hours', () => {
    expect(formatAgeShort(0, 59_999)).toBe('59s');
    expect(formatAgeShort(0, 60_000)).toBe('1m');
    expect(formatAgeShort(0, 3_600_000)).toBe('1h');
    expect(formatAgeShort(1000, 0)).toBe('0s');
  });
});
