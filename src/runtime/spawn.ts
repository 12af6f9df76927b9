/**
 * Starting processes: a body (`spawn(fn)`, run on the scheduler's next turn) or a handler
 * process (a callback per message, what behaviours run on), linked to the caller or named on
 * request. Nothing here runs user code.
 *
 * @example
 * const pid = spawn(rt, async () => console.log(await receive()));
 * const p = startHandler(rt, (m) => console.log(m), { name: 'echo' });
 */
import { ArgumentError } from './errors.js';
import type { Pid } from './pid.js';
import { FN_HANDLER, Handler, Mfa, Proc } from './process.js';
import { show } from './present.js';
import { register } from './registry.js';
import { enableAls, isAsyncFunction } from './scheduler.js';
import { linkProcs } from './signals.js';
import type { KernelState } from './state.js';

/** Options for spawning a handler process. */
export interface SpawnOptions {
  link?: boolean;
  /** Registers the new process under this name. */
  name?: string;
  /** Shown by `Process.info` as `initial_call`. */
  initialCall?: Mfa;
}

/**
 * Starts a process running `fn` (usually async), linked to the caller when `link`. Returning
 * ends it with `'normal'`; throwing ends it with the thrown value. Called from a dead process
 * (a killed body resuming), it throws that process's exit instead. @example spawn(rt, async () => {}, false)
 */
export function spawn(k: KernelState, fn: () => unknown, link: boolean): Pid {
  if (typeof fn !== 'function') throw new ArgumentError(`spawn expects a function, got: ${show(fn)}`);
  // A dead process starts nothing (linked or not): it stops here with its exit reason.
  const me = k.table.acting();
  const parent = link ? me : null;
  const p = k.table.add(null);
  p.body = fn;
  p.fn = fn;
  if (p.rt.trace.on) p.rt.trace.spawned(p);
  if (parent !== null) linkProcs(parent, p);
  k.sched.enqueue(p);
  return p.pid;
}

/**
 * Starts a handler process: `handler` runs once per message, in order; an async handler holds
 * the next message until it settles. Returns the record; as `spawn`, a dead process starts
 * nothing. @example startHandler(rt, (m) => console.log(m), {})
 */
export function startHandler(k: KernelState, handler: Handler | ((msg: unknown) => unknown), opts: SpawnOptions): Proc {
  if (typeof handler !== 'function' && (typeof handler !== 'object' || handler === null || typeof handler.handle !== 'function')) {
    throw new ArgumentError(`spawn_handler expects a function or a handler (an object with a handle method), got: ${show(handler)}`);
  }
  const me = k.table.acting();
  const parent = opts.link === true ? me : null;
  const p = k.table.add(opts.initialCall ?? null);
  if (typeof handler === 'function') {
    // No wrapper object per process: the function is called directly.
    p.handler = FN_HANDLER;
    p.fn = handler;
    // An async function handler turns async context on, as an async body does: what its
    // continuations leave floating names it. Asked once here, not per turn.
    if (isAsyncFunction(handler)) enableAls();
  } else p.handler = handler;
  if (p.rt.trace.on) p.rt.trace.spawned(p);
  if (parent !== null) linkProcs(parent, p);
  if (opts.name !== undefined) register(k.names, p, p.pid, opts.name);
  return p;
}
