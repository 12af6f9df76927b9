/**
 * iex's result history behind `v()`: the last results of the shell's inputs, by input number.
 *
 * @example
 * const results = new ResultHistory(20);
 * results.add(1, 42);
 * results.get();   // 42 (the last)
 * results.get(-1); // 42 (one back)
 */
import { ArgumentError } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';

/** iex's result history: the last `size` results by input number. @example new ResultHistory(20).add(1, 'ok') */
export class ResultHistory {
  private readonly results = new Map<number, unknown>();
  constructor(readonly size = 20) {}
  /** Records the result of input `n`. @example results.add(3, 'ok') */
  add(n: number, value: unknown): void {
    this.results.set(n, value);
    for (const k of this.results.keys()) if (k <= n - this.size) this.results.delete(k);
  }
  /** Forgets everything (a new shell process). @example results.clear() */
  clear(): void {
    this.results.clear();
  }
  /** `v()`, `v(n)`, `v(-k)`, with iex's out-of-bounds error. @example results.get(-2) */
  get(n?: number): unknown {
    const keys = [...this.results.keys()];
    const last = keys.length ? Math.max(...keys) : 0;
    const want = n === undefined ? last : n < 0 ? last + 1 + n : n;
    if (n !== undefined && typeof n !== 'number') throw new ArgumentError(`v expects a number, got: ${inspect(n)}`);
    if (!this.results.has(want)) {
      const e = new Error(`v(${n ?? ''}) is out of bounds`);
      e.name = 'RuntimeError';
      throw e;
    }
    return this.results.get(want);
  }
}
