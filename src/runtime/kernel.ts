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
 * | other nodes | `rt.setRemote(r)` with a `Remote` (remote.ts), `isRemoteName`, `rt.beginRemoteCall(call, to)`, `rt.remoteDown(watcher, ref, what, reason)` |
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
export { isRemoteName, nodeOf } from './remote.js';
export type { Remote, RemoteName } from './remote.js';
export { ArgumentError, ExitError, ExitSignal, exitReason } from './errors.js';
export type { Timer } from './timers.js';
export type { KernelEvent, LastMessage, TraceStep } from './events.js';
