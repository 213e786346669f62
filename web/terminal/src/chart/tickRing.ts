/// A fixed-size ring of (time, price) points for the chart. Ticks within one
/// bucket overwrite the bucket's last point, so memory stays bounded and the
/// covered time stays the same however fast the feed runs.

/// 250 ms buckets: four points a second is finer than a chart pixel at any
/// sensible width for a few minutes of data.
export const DEFAULT_BUCKET_MS = 250;
/// 1,200 buckets of 250 ms = the last 5 minutes.
export const DEFAULT_CAPACITY = 1200;

export class TickRing {
  readonly capacity: number;
  readonly bucketMs: number;
  private readonly t: Float64Array;
  private readonly p: Float64Array;
  private head = 0; // index of the oldest point
  private count = 0;

  constructor(capacity = DEFAULT_CAPACITY, bucketMs = DEFAULT_BUCKET_MS) {
    if (!(capacity >= 1)) throw new RangeError('TickRing capacity must be at least 1');
    this.capacity = Math.floor(capacity);
    this.bucketMs = Math.max(1, bucketMs);
    this.t = new Float64Array(this.capacity);
    this.p = new Float64Array(this.capacity);
  }

  get size(): number {
    return this.count;
  }

  push(time: number, price: number): void {
    if (!Number.isFinite(time) || !Number.isFinite(price)) return;
    if (this.count > 0) {
      const last = (this.head + this.count - 1) % this.capacity;
      if (time < this.t[last]) return; // never draw a line backwards in time
      if (Math.floor(time / this.bucketMs) === Math.floor(this.t[last] / this.bucketMs)) {
        this.t[last] = time;
        this.p[last] = price;
        return;
      }
    }
    if (this.count < this.capacity) {
      const i = (this.head + this.count) % this.capacity;
      this.t[i] = time;
      this.p[i] = price;
      this.count++;
    } else {
      this.t[this.head] = time;
      this.p[this.head] = price;
      this.head = (this.head + 1) % this.capacity;
    }
  }

  /// Visits points from oldest to newest.
  forEach(cb: (time: number, price: number) => void): void {
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) % this.capacity;
      cb(this.t[i], this.p[i]);
    }
  }

  /// Time of the oldest point, or null when empty: points never go back in
  /// time, so this is also the earliest.
  firstTime(): number | null {
    return this.count === 0 ? null : this.t[this.head];
  }

  last(): { time: number; price: number } | null {
    if (this.count === 0) return null;
    const i = (this.head + this.count - 1) % this.capacity;
    return { time: this.t[i], price: this.p[i] };
  }

  clear(): void {
    this.head = 0;
    this.count = 0;
  }
}
