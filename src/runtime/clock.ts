/**
 * Time for the runtime. Every timer, timeout and timestamp in genrepl reads a `Clock`; nothing
 * calls `Date.now()` or `setTimeout` behind its back, so a `SimulatedClock` makes a whole
 * session deterministic.
 *
 * The runtime asks its clock for one wake-up at a time (the earliest timer); the clock calls
 * back at or after that time.
 *
 * @example
 * const clock = new SimulatedClock();
 * const rt = new Runtime({ clock });
 * rt.send_after(rt.main.pid, 'tick', 100);
 * await rt.advance(100); // the 'tick' is now in main's mailbox
 */
export interface Clock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Wall-clock milliseconds since the epoch (for log timestamps). */
  wall(): number;
  /** Calls `cb` once at or after `at` (in `now()` time); replaces any earlier request. */
  wakeAt(at: number, cb: () => void): void;
  /** Cancels the pending wake-up, if any. */
  cancelWake(): void;
  /** Whether a pending wake-up keeps the host process alive (Node's ref/unref). */
  keepAlive(on: boolean): void;
  /** True for a simulated clock, whose time moves only when told. */
  readonly simulated: boolean;
}

/** The real clock: `performance.now()` and one `setTimeout` at a time. @example new RealClock().now() */
export class RealClock implements Clock {
  readonly simulated = false;
  private handle: ReturnType<typeof setTimeout> | null = null;
  private ref = false;
  now(): number {
    return performance.now();
  }
  wall(): number {
    return Date.now();
  }
  wakeAt(at: number, cb: () => void): void {
    if (this.handle !== null) clearTimeout(this.handle);
    const delay = Math.max(0, at - performance.now());
    // setTimeout fires up to 1 ms early relative to performance.now(); round up.
    this.handle = setTimeout(cb, Math.ceil(delay));
    if (!this.ref) this.handle.unref();
  }
  cancelWake(): void {
    if (this.handle !== null) clearTimeout(this.handle);
    this.handle = null;
  }
  keepAlive(on: boolean): void {
    this.ref = on;
    if (this.handle !== null) {
      if (on) this.handle.ref();
      else this.handle.unref();
    }
  }
}

/**
 * A clock whose time moves only when told (`Runtime.advance(ms)`), for tests and replays.
 * Starts at 0; `wall()` is a fixed epoch plus `now()`.
 *
 * @example
 * const clock = new SimulatedClock();
 * clock.now(); // 0
 */
export class SimulatedClock implements Clock {
  readonly simulated = true;
  private t = 0;
  /** @internal the pending wake-up. */
  wake: { at: number; cb: () => void } | null = null;
  constructor(private readonly epoch = Date.UTC(2024, 0, 1)) {}
  now(): number {
    return this.t;
  }
  wall(): number {
    return this.epoch + this.t;
  }
  wakeAt(at: number, cb: () => void): void {
    this.wake = { at, cb };
  }
  cancelWake(): void {
    this.wake = null;
  }
  keepAlive(): void {}
  /** The time of the pending wake-up, or undefined. */
  nextWake(): number | undefined {
    return this.wake?.at;
  }
  /** Moves time to `t` (never backwards) and fires the wake-up if it is due. */
  set(t: number): void {
    if (t > this.t) this.t = t;
    const w = this.wake;
    if (w !== null && w.at <= this.t) {
      this.wake = null;
      w.cb();
    }
  }
}
