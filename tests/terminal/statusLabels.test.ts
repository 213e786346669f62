import { describe, expect, it } from 'vitest';
import { formatAge, formatCountdown, lookOf, sourceName } from '../../web/terminal/src/status/statusLabels';

describe('statusLabels', () => {
  it('maps each state to the label and colour of contract §3', () => {
    expect(lookOf('connected')).toEqual({ label: 'Live', tone: 'live', colour: '#22c55e' });
    expect(lookOf('polling')).toEqual({ label: 'Polling', tone: 'polling', colour: '#f59e0b' });
    expect(lookOf('disconnected').label).toBe('Disconnected');
    expect(lookOf('error')).toEqual(lookOf('disconnected'));
    expect(lookOf('connecting').label).toBe('Connecting');
    expect(lookOf('something-new').label).toBe('Connecting');
  });
  it('rounds the countdown up so it shows 0 exactly when due', () => {
    expect(formatCountdown(null, 0)).toBe('—');
    expect(formatCountdown(5000, 0)).toBe('in 5 s');
    expect(formatCountdown(5000, 1)).toBe('in 5 s');
    expect(formatCountdown(5000, 4001)).toBe('in 1 s');
    expect(formatCountdown(5000, 9000)).toBe('in 0 s');
  });
  it('formats ages and sources', () => {
    expect(formatAge(null, 0)).toBe('never');
    expect(formatAge(0, 119_999)).toBe('119 s ago');
    expect(formatAge(0, 120_000)).toBe('2 min ago');
    expect(formatAge(0, 7_200_000)).toBe('2 h ago');
    expect(sourceName('ws')).toBe('WebSocket');
    expect(sourceName('poll')).toBe('REST polling');
    expect(sourceName('none')).toBe('none');
  });
});
