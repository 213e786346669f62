/// A bounded ring of OHLC bars built from ticks: the memory of one symbol at
/// one resolution. Ticks that fall in the newest bar's bucket update it;
/// a later bucket opens a new bar, overwriting the oldest once full.

export interface Bar {
  /** Start of the bar, seconds since the epoch (lightweight-charts' time). */
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
}

/// Columns of one bar in the backing array.
const COLS = 5;
/// Backing arrays start this small and double up to the capacity, so memory
/// follows the data a symbol really has.
const INITIAL_SLOTS = 64;

export class BarRing {
  readonly capacity: number;
  /** Bucket width in ms; 0 = every distinct millisecond is a bar (the tick line). */
  readonly bucketMs: number;
  private data: Float64Array;
  private slots: number;
  private head = 0; // index of the oldest bar
  private count = 0;
  /** Bars ever opened: with `revision` it tells a chart what is new since it last looked. */
  appended = 0;
  /** Bumped by every change (new bar or an updated newest bar). */
  revision = 0;

  constructor(capacity: number, bucketMs: number) {
    if (!(capacity >= 1)) throw new RangeError('BarRing capacity must be at least 1');
    this.capacity = Math.floor(capacity);
    this.bucketMs = Math.max(0, bucketMs);
    this.slots = Math.min(this.capacity, INITIAL_SLOTS);
    this.data = new Float64Array(this.slots * COLS);
  }

  get size(): number {
    return this.count;
  }

  /// Adds a tick at `timeMs`. Returns false (and changes nothing) for a
  /// non-finite value or a tick older than the newest bar: a chart never
  /// draws backwards in time.
  push(timeMs: number, price: number): boolean {
    if (!Number.isFinite(timeMs) || !Number.isFinite(price)) return false;
    const start = this.bucketMs > 0 ? Math.floor(timeMs / this.bucketMs) * this.bucketMs : timeMs;
    const time = start / 1000;
    if (this.count > 0) {
      const i = this.slot(this.count - 1) * COLS;
      const last = this.data[i];
      if (time < last) return false;
      if (time === last) {
        if (price > this.data[i + 2]) this.data[i + 2] = price;
        if (price < this.data[i + 3]) this.data[i + 3] = price;
        this.data[i + 4] = price;
        this.revision++;
        return true;
      }
    }
    if (this.count === this.slots && this.slots < this.capacity) this.grow();
    let i: number;
    if (this.count < this.slots) {
      i = this.slot(this.count) * COLS;
      this.count++;
    } else {
      i = this.head * COLS;
      this.head = (this.head + 1) % this.slots;
    }
    this.data[i] = time;
    this.data[i + 1] = price;
    this.data[i + 2] = price;
    this.data[i + 3] = price;
    this.data[i + 4] = price;
    this.appended++;
    this.revision++;
    return true;
  }

  /// The k-th bar from the oldest (0) to the newest (size - 1).
  at(k: number): Bar {
    const i = this.slot(k) * COLS;
    const d = this.data;
    return { time: d[i], open: d[i + 1], high: d[i + 2], low: d[i + 3], close: d[i + 4] };
  }

  /// Every bar, oldest first.
  toArray(): Bar[] {
    const out = new Array<Bar>(this.count);
    for (let k = 0; k < this.count; k++) out[k] = this.at(k);
    return out;
  }

  /// Bytes held by the backing array.
  get bytes(): number {
    return this.data.byteLength;
  }

  private slot(k: number): number {
    return (this.head + k) % this.slots;
  }

  private grow() {
    const slots = Math.min(this.capacity, this.slots * 2);
    const next = new Float64Array(slots * COLS);
    // Unrolled oldest-first, so the ring restarts at 0.
    for (let k = 0; k < this.count; k++) next.set(this.data.subarray(this.slot(k) * COLS, this.slot(k) * COLS + COLS), k * COLS);
    this.data = next;
    this.slots = slots;
    this.head = 0;
  }
}
