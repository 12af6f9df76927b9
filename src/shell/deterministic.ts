/**
 * Deterministic time and randomness for the shell (`--deterministic`): the runtime runs on a
 * simulated clock, `Math.random` is a seeded generator, and log lines carry no timestamps, so
 * the same input gives the same bytes on every run and every machine.
 *
 * Time moves with `advance(ms)` and, whenever an input waits for time to pass (a
 * `Process.sleep`, a `receive` with a timeout, a call waiting on a timer), by jumping straight
 * to the next timer.
 *
 * @example
 * const rand = seeded(42);
 * rand(); // always the same first number for seed 42
 */
import { SimulatedClock } from '../runtime/kernel.js';
import type { Runtime } from '../runtime/kernel.js';

/** A seeded generator of numbers in [0, 1) (mulberry32). @example seeded(1)() */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The default seed. */
export const DEFAULT_SEED = 1;

/** Simulated time an input may skip through while it waits, before the shell stops jumping. */
export const MAX_JUMP_MS = 3_600_000;

/**
 * While `pending()` holds: let every process run, then jump the clock to the next timer; stop
 * when nothing is scheduled or an hour of simulated time has passed (the input then waits, as
 * it would forever in real time). @example await drive(rt, () => !done)
 */
export async function drive(rt: Runtime, pending: () => boolean): Promise<void> {
  const clock = rt.clock;
  if (!(clock instanceof SimulatedClock)) return;
  const start = clock.now();
  while (pending()) {
    await rt.idle();
    if (!pending()) return;
    if (rt.advancing > 0) continue; // advance(ms) is moving time itself
    const next = clock.nextWake();
    if (next === undefined || next - start > MAX_JUMP_MS) return;
    clock.set(next);
  }
}
