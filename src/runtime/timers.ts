/**
 * Timers on top of a `Clock`. Timers of the same duration are kept in one doubly linked list
 * (their deadlines arrive in creation order), and the lists sit in a small binary heap keyed by
 * their first deadline — the layout Node uses for its own timers. Adding and cancelling are
 * O(1) for a known duration; firing is O(log D) for D distinct durations. Timers due at the
 * same time fire in creation order.
 *
 * @example
 * const timers = new Timers(new RealClock());
 * const t = timers.add(100, (t) => console.log('fired', t.a), 'x');
 * timers.remaining(t); // about 100
 * timers.cancel(t);
 */
import type { Clock } from './clock.js';

/** One pending timer. `fn(timer)` runs when it is due; `a`, `b`, `c` are its arguments. */
export class Timer {
  prev: Timer | null = null;
  next: Timer | null = null;
  list: TimerList | null = null;
  constructor(
    public at: number,
    public seq: number,
    public fn: (t: Timer) => void,
    public a: unknown,
    public b: unknown,
    public c: unknown,
  ) {}
  /** False once fired or cancelled. */
  get live(): boolean {
    return this.list !== null;
  }
}

class TimerList {
  head: Timer | null = null;
  tail: Timer | null = null;
  heapIndex = -1;
  constructor(readonly duration: number) {}
}

function released(): void {}
/** See `Timers.addLazy`. */
const LAZY_MIN = 1000;
const STAMP_EVERY = 10;
function stampTimers(t: Timer): void {
  (t.a as Timers).stamp();
}

/** Heap order: earlier first deadline first; an empty list sorts after every other. */
function before(a: TimerList, b: TimerList): boolean {
  const x = a.head, y = b.head;
  if (y === null) return x !== null;
  if (x === null) return false;
  return x.at < y.at || (x.at === y.at && x.seq < y.seq);
}

/** The runtime's timer table. */
export class Timers {
  private lists = new Map<number, TimerList>();
  private heap: TimerList[] = [];
  private seq = 0;
  private armedAt = Infinity;
  private count = 0;
  private readonly onWake = () => this.fire();
  /** Released timers, reused by `add` (a call's timeout is one timer per call). */
  private readonly pool: Timer[] = [];
  /** Timers from `addLazy` not yet counted from a time (never in the heap), and the timer that will stamp them. */
  private readonly unstamped = new TimerList(-1);
  private stamper: Timer | null = null;

  constructor(private readonly clock: Clock) {}

  /** Number of pending timers. */
  get size(): number {
    return this.count;
  }

  /** Schedules `fn(timer)` in `delay` ms. */
  add(delay: number, fn: (t: Timer) => void, a?: unknown, b?: unknown, c?: unknown): Timer {
    const d = delay > 0 ? delay : 0;
    const t = this.make(this.clock.now() + d, fn, a, b, c);
    this.insert(t, d);
    return t;
  }

  /**
   * As `add`, for a long timeout that is usually cancelled within microseconds (a call's):
   * on the real clock, a delay of LAZY_MIN ms or more is only counted from the next stamp,
   * at most STAMP_EVERY ms later, so the timer fires between `delay` and `delay + STAMP_EVERY`
   * ms from now — never early — and one cancelled before the stamp costs no clock read. A
   * timer per call (a clock read, an insert, a removal) was a quarter of a call's cost.
   * Exact on a simulated clock.
   */
  addLazy(delay: number, fn: (t: Timer) => void, a?: unknown): Timer {
    if (delay < LAZY_MIN || this.clock.simulated) return this.add(delay, fn, a);
    // Until stamped, `at` holds the delay and the timer waits in the unstamped list (not in the heap).
    const t = this.make(delay, fn, a, undefined, undefined);
    const list = this.unstamped;
    t.list = list;
    t.prev = list.tail;
    if (list.tail !== null) list.tail.next = t;
    else list.head = t;
    list.tail = t;
    this.count++;
    this.stamper ??= this.add(STAMP_EVERY, stampTimers, this);
    return t;
  }

  /** @internal counts every unstamped timer's delay from now (see `addLazy`). */
  stamp(): void {
    this.stamper = null;
    const now = this.clock.now();
    const list = this.unstamped;
    let t = list.head;
    // Calls are still being made: the next stamp is armed now, so a stream of calls never takes
    // addLazy's arming branch again (a branch first taken 10 ms in had no type feedback, and
    // the call path it was inlined into was deoptimised and compiled again). A stamp that finds
    // nothing to count lets it lapse.
    if (t !== null) this.stamper = this.add(STAMP_EVERY, stampTimers, this);
    list.head = list.tail = null;
    while (t !== null) {
      const next: Timer | null = t.next;
      t.prev = t.next = null;
      const delay = t.at;
      t.at = now + delay;
      this.count--;
      this.insert(t, delay);
      t = next;
    }
  }

  /** A timer from the pool, or a new one. */
  private make(at: number, fn: (t: Timer) => void, a: unknown, b: unknown, c: unknown): Timer {
    const t = this.pool.pop();
    if (t === undefined) return new Timer(at, this.seq++, fn, a, b, c);
    t.at = at;
    t.seq = this.seq++;
    t.fn = fn;
    t.a = a;
    t.b = b;
    t.c = c;
    return t;
  }

  /** Links `t` (its `at` set) into the list for duration `d` and arms the clock if it is the earliest. */
  private insert(t: Timer, d: number): void {
    let list = this.lists.get(d);
    if (list === undefined) {
      list = new TimerList(d);
      this.lists.set(d, list);
    }
    t.list = list;
    if (list.tail === null) {
      list.head = list.tail = t;
      if (list.heapIndex < 0) this.heapPush(list);
      else this.heapUp(list.heapIndex);
    } else if (list.tail.at <= t.at) {
      t.prev = list.tail;
      list.tail.next = t;
      list.tail = t;
    } else {
      // Time went backwards relative to the list (cannot happen with a monotonic clock).
      this.insertSorted(list, t);
    }
    this.count++;
    if (t.at < this.armedAt) this.arm(t.at);
  }

  /** Milliseconds left for a pending timer, or false if it fired or was cancelled. */
  remaining(t: Timer): number | false {
    if (t.list === null) return false;
    if (t.list === this.unstamped) return t.at;
    return Math.max(0, Math.ceil(t.at - this.clock.now()));
  }

  /** Cancels a timer; returns the milliseconds it had left, or false if it was not pending. */
  cancel(t: Timer): number | false {
    const left = this.remaining(t);
    if (left !== false) this.unlink(t);
    return left;
  }

  /** Removes a pending timer without reading the clock (when the ms left do not matter). */
  remove(t: Timer): void {
    if (t.list !== null) this.unlink(t);
  }

  /**
   * Removes a timer (as `remove`) and gives it back for reuse. Only for a timer the caller
   * owns and forgets at once (never one handed out to user code).
   */
  release(t: Timer): void {
    if (t.fn === released) return;
    if (t.list !== null) this.unlink(t);
    t.fn = released;
    t.a = t.b = t.c = null;
    if (this.pool.length < 1024) this.pool.push(t);
  }

  /** Fires every due timer, in deadline order, then re-arms the clock. */
  fire(): void {
    this.armedAt = Infinity;
    for (;;) {
      const t = this.heap[0]?.head;
      if (t == null) return;
      if (t.at > this.clock.now()) {
        this.arm(t.at);
        return;
      }
      this.unlink(t);
      t.fn(t);
    }
  }

  private arm(at: number): void {
    this.armedAt = at;
    this.clock.wakeAt(at, this.onWake);
  }

  private unlink(t: Timer): void {
    const list = t.list!;
    const wasHead = list.head === t;
    if (t.prev !== null) t.prev.next = t.next;
    else list.head = t.next;
    if (t.next !== null) t.next.prev = t.prev;
    else list.tail = t.prev;
    t.prev = t.next = null;
    t.list = null;
    // On a simulated clock the wake-up is exact (time must never jump to a stale deadline). On
    // the real clock it stays armed: a call's 5 s timeout, cancelled by the reply, then costs no
    // setTimeout/clearTimeout pair; a wake-up that finds nothing due re-arms for the next.
    // `simulated` is asked first: asked only once a wake-up was armed, it had no type feedback
    // when the release path was compiled, and compiling it again cost more than the question.
    if (--this.count === 0 && this.clock.simulated && this.armedAt !== Infinity) {
      this.clock.cancelWake();
      this.armedAt = Infinity;
    }
    if (wasHead && list !== this.unstamped) {
      // An emptied list stays (at the heap's bottom) for its duration's next timer — a call's
      // 5 s timeout comes and goes once per call — unless many durations are in use.
      if (list.head === null && this.lists.size > 64) {
        this.heapRemove(list);
        this.lists.delete(list.duration);
      } else this.heapDown(list.heapIndex);
    }
  }

  private insertSorted(list: TimerList, t: Timer): void {
    let cur = list.tail;
    while (cur !== null && cur.at > t.at) cur = cur.prev;
    t.prev = cur;
    t.next = cur === null ? list.head : cur.next;
    if (t.next !== null) t.next.prev = t;
    else list.tail = t;
    if (cur === null) {
      list.head = t;
      this.heapUp(list.heapIndex);
    } else cur.next = t;
  }

  private heapPush(list: TimerList): void {
    list.heapIndex = this.heap.length;
    this.heap.push(list);
    this.heapUp(list.heapIndex);
  }

  private heapRemove(list: TimerList): void {
    const i = list.heapIndex;
    const last = this.heap.pop()!;
    list.heapIndex = -1;
    if (last !== list) {
      this.heap[i] = last;
      last.heapIndex = i;
      this.heapDown(i);
      this.heapUp(last.heapIndex);
    }
  }

  private heapUp(i: number): void {
    const h = this.heap;
    const x = h[i]!;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(x, h[p]!)) break;
      h[i] = h[p]!;
      h[i]!.heapIndex = i;
      i = p;
    }
    h[i] = x;
    x.heapIndex = i;
  }

  private heapDown(i: number): void {
    const h = this.heap;
    const n = h.length;
    const x = h[i]!;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && before(h[c + 1]!, h[c]!)) c++;
      if (!before(h[c]!, x)) break;
      h[i] = h[c]!;
      h[i]!.heapIndex = i;
      i = c;
    }
    h[i] = x;
    x.heapIndex = i;
  }
}
