/**
 * A FIFO message queue with removal from the middle, for selective receive.
 *
 * Messages are kept in an array with a moving head, so `shift` is O(1) and allocation-free;
 * the array is compacted when its dead prefix grows large. No imports: the scheduler owns
 * everything else.
 *
 * @example
 * const q = new Mailbox();
 * q.push('a'); q.push('b');
 * q.removeAt(1); // 'b'
 * q.shift();     // 'a'
 */
export class Mailbox<T = unknown> {
  private items: (T | undefined)[] = [];
  private head = 0;

  /** Number of queued messages. */
  get length(): number {
    return this.items.length - this.head;
  }

  /** Appends a message. */
  push(msg: T): void {
    this.items.push(msg);
  }

  /** Puts a message at the front (it will be taken next). */
  unshift(msg: T): void {
    if (this.head > 0) this.items[--this.head] = msg;
    else this.items.unshift(msg);
  }

  /** Removes and returns the oldest message (undefined when empty). */
  shift(): T | undefined {
    const items = this.items;
    const h = this.head;
    if (h >= items.length) return undefined;
    const msg = items[h];
    items[h] = undefined;
    if (h + 1 === items.length) {
      items.length = 0;
      this.head = 0;
    } else {
      this.head = h + 1;
      if (h >= 1024 && h * 2 >= items.length) {
        items.splice(0, h + 1);
        this.head = 0;
      }
    }
    return msg;
  }

  /** The message at position `i` from the front, without removing it. */
  at(i: number): T | undefined {
    return this.items[this.head + i];
  }

  /** Removes and returns the message at position `i` from the front. */
  removeAt(i: number): T | undefined {
    if (i === 0) return this.shift();
    return this.items.splice(this.head + i, 1)[0];
  }

  /** Index of the first message satisfying `pred`, or -1. */
  findIndex(pred: (m: T) => unknown): number {
    const items = this.items;
    for (let i = this.head; i < items.length; i++) if (pred(items[i] as T)) return i - this.head;
    return -1;
  }

  /** A copy of the queued messages, oldest first. */
  toArray(): T[] {
    return this.items.slice(this.head) as T[];
  }

  /** Drops every message. */
  clear(): void {
    this.items.length = 0;
    this.head = 0;
  }
}
