import { afterEach, describe, expect, it, vi } from 'vitest';
import { requestFrame } from '../../web/terminal/src/price/frameScheduler';

describe('requestFrame', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });
  it('uses requestAnimationFrame when present, and cancels it', () => {
    const raf = vi.fn(() => 7);
    const caf = vi.fn();
    vi.stubGlobal('requestAnimationFrame', raf);
    vi.stubGlobal('cancelAnimationFrame', caf);
    const cancel = requestFrame(() => {});
    expect(raf).toHaveBeenCalledTimes(1);
    cancel();
    expect(caf).toHaveBeenCalledWith(7);
  });
  it('falls back to a 16 ms timer without it', () => {
    vi.useFakeTimers();
    vi.stubGlobal('requestAnimationFrame', undefined);
    const cb = vi.fn();
    requestFrame(cb);
    vi.advanceTimersByTime(15);
    expect(cb).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(cb).toHaveBeenCalledTimes(1);
    const cb2 = vi.fn();
    requestFrame(cb2)();
    vi.advanceTimersByTime(100);
    expect(cb2).not.toHaveBeenCalled();
  });
});
