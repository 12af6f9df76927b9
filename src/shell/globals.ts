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
import { DOCS } from './docs.js';
import { ShellHooks, shellHelpers } from './helpers.js';

/** The API's namespaces whose functions have docs as `Namespace.name`. */
const NAMESPACES = [['GenServer', api.GenServer], ['Process', api.Process], ['sys', api.sys], ['Supervisor', api.Supervisor], ['DynamicSupervisor', api.DynamicSupervisor], ['Agent', api.Agent], ['Task', api.Task], ['Node', api.Node]] as const;

/** Globals that point at a namespace's function but have short docs of their own. */
const SHORT = ['start', 'start_link', 'call', 'cast', 'send', 'spawn', 'link', 'monitor'];

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
  const byValue = new Map<unknown, string>();
  Object.assign(g, shellHelpers(hooks, (v) => byValue.get(v)), clockGlobals(hooks.runtime, hooks.random));
  for (const [name, value] of Object.entries(g)) if (typeof value === 'function' || (typeof value === 'object' && value !== null)) byValue.set(value, name);
  for (const [ns, obj] of NAMESPACES) {
    for (const [k, f] of Object.entries(obj)) if (!byValue.has(f) || DOCS[`${ns}.${k}`]) byValue.set(f, `${ns}.${k}`);
  }
  // The short globals point at the GenServer functions: prefer their short docs.
  for (const k of SHORT) byValue.set(g[k], k);
  return g;
}

/** `advance`, `now` and `rand` on a runtime's clock and a source of randomness. @example clockGlobals(rt, Math.random).now() */
function clockGlobals(rt: Runtime, random: () => number): Record<string, unknown> {
  return {
    /** Moves simulated time forward (deterministic mode). */
    advance: (ms: number) => rt.advance(ms),
    /** The clock's time in ms (simulated time in deterministic mode). */
    now: () => rt.clock.now(),
    /** Erlang's :rand: uniform(n) is a whole number from 1 to n (seeded in deterministic mode). */
    rand: { uniform: (n: number) => 1 + Math.floor(random() * n) },
  };
}
