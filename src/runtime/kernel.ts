/**
 * The kernel's seam: everything the behaviours (GenServer, Supervisor, Agent, Task) may use of
 * the runtime, in one place. Nothing else under `src/runtime/` is for them; the package root
 * (`src/index.ts`, through `api.ts`) is what users get.
 *
 * What a behaviour does through it:
 *
 * | need | use |
 * |---|---|
 * | who is running | `currentProc()` (its `rt` is the runtime), `runAs(p, fn, arg)` / `runInProcess(p, fn, arg)` to run user code as `p` (sync / async context) |
 * | start a handler process | `rt.startHandler(handler, { link, name, initialCall })` → `Proc`; a `Handler` has `handle(msg)`, optional `describe()` and `abort(e)` |
 * | find a process | `rt.procOf(pid or name)` → live `Proc` or null; `rt.names` |
 * | deliver, requeue, suspend | `rt.deliver(p, msg)` (already copied), `rt.pushFront(p, msgs)`, `rt.setSuspended(p, on)` |
 * | end a process | `rt.exit_proc(p, reason)` (signals through the exit queue); `rt.signal(p, from, reason, viaLink)` |
 * | the call protocol (OTP's `gen`) | `new Call(caller, fail, server, request, timeout)`, `rt.beginCall(call, target)` → Promise, `rt.replyTo(call, v)`, `rt.failCall(call, reason)` |
 * | wait for an exit | `rt.awaitExit(p, ms)` |
 * | timers | `rt.timers.add(ms, fire, a, b, c)` / `remove` (a `Timer`'s fields a, b, c carry the fire function's arguments: no closure per timer) |
 * | report | `rt.logger.emit(event)` with a `KernelEvent` |
 * | trace | `rt.trace.watch(target, sink)` → unsubscribe: every {@link TraceEvent} about a pid, a registered name or `'all'`, stamped (`seq`, `time`); `rt.trace.emit(body)` reports a behaviour's event (a GenServer's new state, while its `Handler.setTraced(true)` holds); `ENVELOPE` marks a call or cast envelope. Costs nothing while no one watches |
 * | values | `copyMessage`, `OPAQUE` (copy-on-send), `Pid`, `Ref`, errors (`ArgumentError`, `ExitError`, `ExitSignal`, `exitReason`), `hasThen` |
 *
 * @example
 * import { currentProc, Call } from '../runtime/kernel.js';
 * const me = currentProc();
 * const call = new Call(me, fail, server, request, 5000);
 * const reply = me.rt.beginCall(call, me.rt.procOf(server));
 */
export { currentProc, getRuntime, hasThen, isSystem, runAs, runInProcess, Runtime, setRuntime } from './runtime.js';
export { Call, Proc, Watcher } from './process.js';
export type { Handler, HandlerInfo, Mfa } from './process.js';
export { Pid, Ref } from './pid.js';
export { copyMessage, OPAQUE } from './copy.js';
export { ArgumentError, ExitError, ExitSignal, exitReason } from './errors.js';
export type { Timer } from './timers.js';
export type { KernelEvent, LastMessage, TraceStep } from './events.js';
export { ENVELOPE, Trace } from './trace.js';
export type { Stamp, TraceBody, TraceEvent, TraceKind, TraceSink, TraceTarget } from './trace.js';
