/**
 * A FIFO message queue with removal from the middle, for selective receive.
 *
 * Messages live in an array between a head and a tail index, so `push` and `shift` are O(1)
 * and never resize the array back down (setting an array's length is costly in V8, and a
 * process's queue empties after nearly every message); a dead prefix is compacted away when it
 * grows large. No imports: the scheduler owns everything else.
 *
 * @example
 * const q = new Mailbox();
 * q.push('a'); q.push('b');
 * q.removeAt(1); // 'b'
 * q.shift();     // 'a'
 */
export class Mailbox<T = unknown> {
  // Four slots to start: `[]` grows to 17 on its first push, ~100 B more per process holding one message.
  private items: (T | undefined)[] = new Array(4);
  private head = 0;
  private tail = 0;

  /** Number of queued messages. */
  get length(): number {
    return this.tail - this.head;
  }

  /** Appends a message. */
  push(msg: T): void {
    this.items[this.tail++] = msg;
  }

  /** Puts a message at the front (it will be taken next). */
  unshift(msg: T): void {
    if (this.head > 0) this.items[--this.head] = msg;
    else {
      this.items.unshift(msg);
      this.tail++;
    }
  }

  /** Removes and returns the oldest message (undefined when empty). */
  shift(): T | undefined {
    const h = this.head;
    if (h === this.tail) return undefined;
    const items = this.items;
    const msg = items[h];
    items[h] = undefined;
    if (h + 1 === this.tail) {
      this.head = this.tail = 0;
      // A burst left a large array behind: let it go (small ones are reused as they are).
      if (h >= 4096) this.items = [];
    } else this.dropFront(h);
    return msg;
  }

  /**
   * Removes and returns the message at position `i` from the front. The shorter side of the
   * queue moves over the gap (the messages before `i` move back one slot when they are fewer),
   * so taking the match just past a few rejected messages is O(1) however long the queue, and
   * no removal costs more than the scan that found `i`.
   */
  removeAt(i: number): T | undefined {
    if (i === 0) return this.shift();
    const items = this.items;
    const h = this.head;
    const at = h + i;
    const msg = items[at];
    if (i < this.tail - at) {
      for (let j = at; j > h; j--) items[j] = items[j - 1];
      items[h] = undefined;
      this.dropFront(h);
    } else {
      const last = --this.tail;
      for (let j = at; j < last; j++) items[j] = items[j + 1];
      items[last] = undefined;
    }
    return msg;
  }

  /** Index of the first message satisfying `pred`, or -1. */
  findIndex(pred: (m: T) => unknown): number {
    const items = this.items;
    for (let i = this.head; i < this.tail; i++) if (pred(items[i] as T)) return i - this.head;
    return -1;
  }

  /** A copy of the queued messages, oldest first. */
  toArray(): T[] {
    return this.items.slice(this.head, this.tail) as T[];
  }

  /** Drops every message. */
  clear(): void {
    this.items = [];
    this.head = this.tail = 0;
  }

  /** The slot at `h` (the head) is empty now: step past it, compacting a large dead prefix. */
  private dropFront(h: number): void {
    this.head = h + 1;
    // `h * 2` first: computed on every step, it has type feedback when a large dead prefix first
    // shows up (asked only then, it deoptimised every function this step is inlined into).
    if (h * 2 >= this.tail && h >= 65536) this.compact();
  }

  /** Moves the live part to the front, in place (no second array). */
  private compact(): void {
    this.items.copyWithin(0, this.head, this.tail);
    this.tail -= this.head;
    this.head = 0;
    this.items.length = this.tail;
  }
}
