// Test helpers: a fresh runtime per test (simulated clock unless asked otherwise), and a
// collector for what the logger writes.
import { Runtime, SimulatedClock, setRuntime } from '../../dist/index.js';

/** A fresh runtime as the default one; its log lines are collected in `rt.logged`. */
export function fresh(opts = {}) {
  const rt = new Runtime({ clock: opts.real ? undefined : new SimulatedClock(), ...opts });
  rt.logged = [];
  rt.logger.timestamps = false;
  rt.logger.sink = (text) => rt.logged.push(text);
  return setRuntime(rt);
}

/** Lets every runnable process run (several event-loop turns). */
export const settle = (rt) => rt.idle();
