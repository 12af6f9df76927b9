/**
 * What a shell's evaluation context holds: the package's API, the short names iex users type
 * (`start`, `call`, `cast`), the helpers (helpers.ts), and the clock's (`advance`, `now`,
 * `rand`), all for the shell's own runtime.
 *
 * @example
 * const globals = shellGlobals(hooks);
 * Object.keys(globals).includes('flush'); // true
 */
import * as api from '../index.js';
import { GenServer } from '../behaviours/gen-server.js';
import type { Runtime } from '../runtime/kernel.js';
import { ShellHooks, shellHelpers } from './helpers.js';

/** Builds the globals of one shell: the API, the helpers, the examples. @example shellGlobals(hooks).h() */
export function shellGlobals(hooks: ShellHooks): Record<string, unknown> {
  const g: Record<string, unknown> = {
    ...api,
    start: GenServer.start,
    start_link: GenServer.start_link,
    call: GenServer.call,
    cast: GenServer.cast,
  };
  delete g.runtime;
  Object.assign(g, shellHelpers(hooks, g), clockGlobals(hooks.runtime, hooks.random));
  return g;
}

/** `advance`, `now` and `rand` on a runtime's clock and a source of randomness. @example clockGlobals(rt, Math.random).now() */
function clockGlobals(rt: Runtime, random: () => number): Record<string, unknown> {
  /**
   * The helpers that act on the shell's runtime: its clock, and Erlang's `:rand`.
   * @globals helpers
   */
  const clock = {
    /**
     * Moves simulated time forward by `ms`, firing the timers that fall due in order and
     * running every process after each (deterministic mode); resolves the clock's new time.
     * @example await advance(100)
     */
    advance: (ms: number) => rt.advance(ms),
    /** The clock's time in ms (simulated time in deterministic mode). @example now() // 10250 */
    now: () => rt.clock.now(),
    /** Erlang's `:rand`. @example rand.uniform(6) */
    rand: {
      /** A whole number from 1 to n, as Erlang's `:rand.uniform(n)` (seeded in deterministic mode). @example rand.uniform(9999) */
      uniform: (n: number) => 1 + Math.floor(random() * n),
    },
  };
  return clock;
}
