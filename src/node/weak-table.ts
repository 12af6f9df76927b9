/**
 * A map whose values are held weakly: an entry lives while something else holds its value, and
 * the dead entries are swept once the map has doubled since the last sweep, so a long-lived node
 * that has seen millions of pids or references keeps only those still in use.
 *
 * @example
 * const pids = new WeakTable<string, Pid>();
 * pids.set('1.110.0', pid);
 * pids.get('1.110.0') === pid // true while pid is held elsewhere
 */
export class WeakTable<K, V extends object> {
  private readonly map = new Map<K, WeakRef<V>>();
  private sweepAt = 1024;

  /** The value under `key`, if it is still alive. @example table.get('1.110.0') */
  get(key: K): V | undefined {
    return this.map.get(key)?.deref();
  }

  /** Holds `value` weakly under `key`. @example table.set('1.110.0', pid) */
  set(key: K, value: V): void {
    this.map.set(key, new WeakRef(value));
    if (this.map.size >= this.sweepAt) {
      for (const [k, w] of this.map) if (w.deref() === undefined) this.map.delete(k);
      this.sweepAt = Math.max(1024, this.map.size * 2);
    }
  }

  /** Entries, dead ones included until the next sweep. @example table.size */
  get size(): number {
    return this.map.size;
  }
}
