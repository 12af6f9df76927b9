/**
 * The kernel's seam: everything code outside `src/runtime/` may use of the kernel, in one
 * place. The behaviours (GenServer, Supervisor, Agent, Task), the shell, the evaluator, the
 * replayer and the printer import from here (or, as any user, from the package root: `api.ts`
 * through `src/index.ts`); nothing else under `src/runtime/` is for them (a test holds every
 * import to this rule).
 *
 * What a behaviour does through it:
 *
 * | need | use |
 * |---|---|
 * | who is running | `currentProc()` (its `rt` is the runtime), `runAs(p, fn, arg)` / `runInProcess(p, fn, arg)` to run user code as `p` (sync / async context) |
 * | start a handler process | `rt.startHandler(handler, { link, name, initialCall })` → `Proc`; a `Handler` has `handle(msg)`, optional `describe()` and `abort(e)` |
 * | find a process | `rt.procOf(pid or name)` → live `Proc` or null; `rt.names` |
 * | deliver, requeue, suspend | `rt.deliver(p, msg)` (already copied), `rt.pushFront(p, msgs)`, `rt.setSuspended(p, on)` |
 * | end a process | `rt.exit_proc(p, reason)` (signals through the exit queue); `rt.signal(p, from, reason, viaLink)`; `rt.crash(p, e)` |
 * | the call protocol (OTP's `gen`) | `new Call(caller, fail, server, request, timeout)`, `rt.beginCall(call, target)` → Promise, `rt.replyTo(call, v)`, `rt.failCall(call, reason)` |
 * | wait for an exit | `rt.awaitExit(p, ms)` |
 * | timers | `rt.timers.add(ms, fire, a, b, c)` / `remove` (a `Timer`'s fields a, b, c carry the fire function's arguments: no closure per timer) |
 * | report | `rt.logger.emit(event)` with a `KernelEvent` |
 * | trace | `rt.trace.watch(target, sink)` → unsubscribe: every {@link TraceEvent} about a pid, a registered name or `'all'`, stamped (`seq`, `time`); `rt.trace.emit(body)` reports a behaviour's event (a GenServer's new state, while its `Handler.setTraced(true)` holds); `ENVELOPE` marks a call or cast envelope. Costs nothing while no one watches |
 * | other nodes | `rt.setRemote(r)` with a `Remote` (remote.ts), `isRemoteName`, `rt.beginRemoteCall(call, to)`, `rt.remoteDown(watcher, ref, what, reason)` |
 * | values | `copyMessage`, `OPAQUE` (copy-on-send), `Pid`, `Ref`, errors (`ArgumentError`, `ExitError`, `ExitSignal`, `exitReason`), `hasThen` |
 *
 * The shell adds: `getRuntime` / `setRuntime`, `SimulatedClock` (`--deterministic`),
 * `rt.interruptible` and `rt.onDrain` (Ctrl-C stops a runaway turn; `rt.interruptResumed` also
 * a loop after an `await`, see the README's Interrupting code; `rt.afterTurns()` lets the turns
 * an input started run before the next input), `rt.cancelReceive`,
 * `rt.stopAdvance`, `rt.onMainExit`, `rt.details` (`i()`, `ps()`), `enableAls()` (async context
 * from the start, so every process's timers name it); the printer installs
 * itself with `setPresenter` (the kernel formats no text of its own).
 *
 * The kernel's files, one job each (state is passed in explicitly; `Runtime` only holds it):
 *
 * | file | job |
 * |---|---|
 * | `kernel.ts` | this seam |
 * | `api.ts` | the package root's functions (`spawn`, `send`, `receive`, `Process.*`), acting in the caller's runtime |
 * | `runtime.ts` | `Runtime`: a thin facade holding one runtime's state and delegating; the default runtime |
 * | `state.ts` | the pieces of a runtime's state, as the kernel's functions take them |
 * | `table.ts` | the process table: live records, interned pids of dead ones, ref numbers, main |
 * | `scheduler.ts` | the run queue and turns, the current process, and every call into user code (inside try/catch) |
 * | `spawn.ts` | starting bodies and handler processes |
 * | `receive.ts` | send, deliver, selective receive with timeout, requeue and suspension |
 * | `signals.ts` | exits (a work queue), links, monitors, watchers, trap_exit, the release of dead records |
 * | `calls.ts` | the call protocol's kernel half: a pending call watches its target, times out, is answered once |
 * | `remote.ts` | the port to other nodes: the `Remote` a distribution layer installs (asked only for pids with no local process) |
 * | `time.ts` | `send_after`, `cancel_timer`, `read_timer`, `sleep`, stepping a simulated clock |
 * | `timers.ts` | timers over a clock: one list per duration, the lists in a heap, no closure per timer |
 * | `clock.ts` | real and simulated time sources |
 * | `registry.ts` | registered names |
 * | `info.ts` | `Process.info` items, Elixir's defaults and validation |
 * | `strays.ts` | rejections and exceptions that escape process code end that process, not Node |
 * | `process.ts` | the process record, monitors and calls (watchers in an intrusive list) |
 * | `mailbox.ts` | the queue behind mailboxes and the run queue (O(1) push and shift, removal from the middle) |
 * | `pid.ts` | pids and refs as values |
 * | `copy.ts` | copy-on-send, refusing what cannot be copied faithfully |
 * | `errors.ts` | `ArgumentError`, `ExitSignal`, `ExitError`, exit reasons of thrown values |
 * | `args.ts` | the bad-argument wording every runtime function shares |
 * | `events.ts` | the typed events the kernel emits |
 * | `logger.ts` | routes events by kind to the sink and to subscribers |
 * | `present.ts` | the window through which the printer (installed from `inspect/`) turns values into text |
 *
 * @example
 * import { currentProc, Call } from '../runtime/kernel.js';
 * const me = currentProc();
 * const call = new Call(me, fail, server, request, 5000);
 * const reply = me.rt.beginCall(call, me.rt.procOf(server));
 */
export { currentProc, getRuntime, hasThen, isSystem, runAs, runInProcess, Runtime, setRuntime } from './runtime.js';
export { enableAls } from './scheduler.js';
export { Call, Proc, Watcher } from './process.js';
export type { Handler, HandlerInfo, Mfa } from './process.js';
export { Pid, Ref } from './pid.js';
export { copyMessage, OPAQUE } from './copy.js';
export { isRemoteName, nodeOf } from './remote.js';
export type { Remote, RemoteName, RemoteRelations } from './remote.js';
export { ArgumentError, ExitError, ExitSignal, exitReason } from './errors.js';
export { SimulatedClock } from './clock.js';
export { setPresenter } from './present.js';
export type { Presenter } from './present.js';
export type { Timer } from './timers.js';
export type { KernelEvent, LastMessage, TraceStep } from './events.js';
export { ENVELOPE, Trace } from './trace.js';
export type { Stamp, TraceBody, TraceEvent, TraceKind, TraceSink, TraceTarget } from './trace.js';
