/**
 * The process runtime: the part of the BEAM the article is about. Processes hold data, talk
 * only by messages (copied on send), live over time, and fail alone; links and monitors carry
 * failures exactly as far as they were asked to.
 *
 * `Runtime` is a thin facade: it holds one runtime's state, piece by piece (see state.ts: the
 * process table, the scheduler, the names, the exit queue, the timers, the logger), and its
 * methods delegate to the kernel's functions over those pieces (spawn.ts, receive.ts,
 * signals.ts, calls.ts, time.ts, registry.ts, info.ts). The package root's functions (api.ts)
 * call these methods on the runtime of the calling process.
 *
 * @example
 * const rt = new Runtime();
 * const echo = rt.spawn(async () => {
 *   const [from, text] = (await receive()) as [Pid, string];
 *   send(from, text.toUpperCase());
 * });
 * rt.send(echo, [rt.main.pid, 'hi']);
 * await rt.receive(); // 'HI'
 */
import { Clock, RealClock } from './clock.js';
import { Logger } from './logger.js';
import type { Mailbox } from './mailbox.js';
import { Pid, Ref } from './pid.js';
import type { Call, Handler, Proc } from './process.js';
import { Timers } from './timers.js';
import { checkInfo, details, processInfo } from './info.js';
import type { InfoItem, ProcessDetails, ProcessInfo, ProcessItems } from './info.js';
import { checkPid } from './args.js';
import { Names, register, registered, unregister, whereis } from './registry.js';
import { Scheduler, TurnEnds, running } from './scheduler.js';
import { ProcTable } from './table.js';
import type { KernelState } from './state.js';
import * as receive from './receive.js';
import * as signals from './signals.js';
import * as calls from './calls.js';
import * as time from './time.js';
import { spawn, SpawnOptions, startHandler } from './spawn.js';
import { installStrayHandlers } from './strays.js';
import { Trace } from './trace.js';
import type { Match } from './receive.js';
import type { MainExitListener } from './signals.js';
import type { TimerRef } from './time.js';
import { nodeOf, type Remote, type RemoteName } from './remote.js';

export type { InfoItem, ProcessDetails, ProcessInfo, ProcessItems } from './info.js';
export type { Match } from './receive.js';
export type { SpawnOptions } from './spawn.js';
export { TimerRef } from './time.js';
export { hasThen, isSystem, runAs, runInProcess } from './scheduler.js';

/** Options for a new {@link Runtime}. */
export interface RuntimeOptions {
  /** Time source (default: the real clock). */
  clock?: Clock;
  /** Pid number of the main process; later processes count up from it (default 108, iex's shell). */
  firstPid?: number;
  /** Messages run per scheduler turn before yielding to the event loop (default 4096). */
  budget?: number;
  /** Messages one process runs before the next process gets its turn (default 64). */
  slice?: number;
}

let defaultRuntime: Runtime | null = null;

/** The current process: the running handler, the running body, or the default runtime's main. @example currentProc().pid === self() // true */
export function currentProc(): Proc {
  return running() ?? getRuntime().main;
}

/** The runtime the package root's functions use (created on first use). @example getRuntime().main */
export function getRuntime(): Runtime {
  return (defaultRuntime ??= new Runtime());
}

/** Makes `rt` the runtime behind the package root's functions (tests use a fresh one each). @example setRuntime(new Runtime()) */
export function setRuntime(rt: Runtime): Runtime {
  defaultRuntime = rt;
  return rt;
}

/**
 * A process runtime: its own pids, clock, scheduler, registry and logger.
 * @example
 * const rt = new Runtime({ clock: new SimulatedClock() });
 * setRuntime(rt); // the package root's functions now act in rt
 */
export class Runtime implements KernelState, TurnEnds {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;
  /** The trace event stream: `rt.trace.watch(target, sink)` (see trace.ts). */
  readonly trace: Trace;
  /** @internal the process table (live processes, pids, refs, main). */
  readonly table: ProcTable;
  /** @internal the run queue and turns. */
  readonly sched: Scheduler;
  /** @internal registered names (see registry.ts). */
  readonly names: Names = new Map();
  /** @internal exits still to be signalled. */
  readonly exits = new signals.ExitQueue();
  /** The port to other nodes (see remote.ts), or null while this runtime is no node. */
  remote: Remote | null = null;
  private readonly steps = new time.Steps();

  constructor(opts: RuntimeOptions = {}) {
    this.clock = opts.clock ?? new RealClock();
    this.timers = new Timers(this.clock);
    this.logger = new Logger(this.clock);
    this.trace = new Trace(this);
    this.sched = new Scheduler(this.clock, this, opts);
    installStrayHandlers();
    this.table = new ProcTable(this, opts.firstPid ?? 108);
  }

  /** The implicit process for code outside any process (the shell's process). @example rt.main.pid // #PID<0.108.0> */
  get main(): Proc {
    return this.table.main;
  }
  /** When true, a Ctrl-C (SIGINT) during a scheduler turn kills the process running it (the shell sets this). @example rt.interruptible = true */
  get interruptible(): boolean {
    return this.sched.interruptible;
  }
  set interruptible(on: boolean) {
    this.sched.interruptible = on;
  }
  /**
   * When true, code a turn resumes after an `await` is interruptible too (turns then run as
   * macrotasks; see the README's Interrupting code). @example rt.interruptResumed = true
   */
  get interruptResumed(): boolean {
    return this.sched.interruptResumed;
  }
  set interruptResumed(on: boolean) {
    this.sched.interruptResumed = on;
  }
  /** With `interruptible`: called before and after each scheduler turn (the shell leaves raw mode). @example rt.onDrain = [dog.enter, dog.leave] */
  get onDrain(): [() => void, () => void] | null {
    return this.sched.onDrain;
  }
  set onDrain(hooks: [() => void, () => void] | null) {
    this.sched.onDrain = hooks;
  }
  /** Called when the main process exits; the runtime has already put a new main in its place. @example rt.onMainExit.push((old, reason, next) => …) */
  get onMainExit(): MainExitListener[] {
    return this.exits.onMainExit;
  }
  /** How many `advance` calls are moving simulated time now (auto-advance waits for them). @example rt.advancing // 0 */
  get advancing(): number {
    return this.steps.advancing;
  }
  /** Number of live processes. @example rt.count */
  get count(): number {
    return this.table.procs.size;
  }

  // ---------------------------------------------------------------- processes

  /** The live process record behind a pid or name, or null. @example rt.procOf(pid) */
  procOf(dest: Pid | string): Proc | null {
    if (typeof dest === 'string') return this.names.get(dest) ?? null;
    const p = dest.proc as Proc | null;
    return p !== null && !p.dead ? p : null;
  }

  /** The current process of this runtime (its main when called from outside any of its processes). @example rt.current().pid */
  current(): Proc {
    return this.table.current();
  }

  /**
   * Starts a process running `fn` (usually async). Returning ends it with `'normal'`; throwing
   * ends it with the thrown value. @example rt.spawn(async () => console.log(await receive()))
   */
  spawn(fn: () => unknown, link = false): Pid {
    return spawn(this, fn, link);
  }

  /** `spawn` and `link` in one step. @example rt.spawn_link(async () => { throw new Error('x') }) */
  spawn_link(fn: () => unknown): Pid {
    return spawn(this, fn, true);
  }

  /** `spawn` and `monitor` in one step: `[pid, ref]`. @example const [p, ref] = rt.spawn_monitor(fn) */
  spawn_monitor(fn: () => unknown): [Pid, Ref] {
    const pid = spawn(this, fn, false);
    return [pid, signals.monitor(this, pid)];
  }

  /**
   * Starts a handler process: `handler` runs once per message, in order; an async handler
   * holds the next message until it settles. @example rt.spawn_handler((m) => console.log(m))
   */
  spawn_handler(handler: Handler | ((msg: unknown) => unknown), opts: SpawnOptions = {}): Pid {
    return startHandler(this, handler, opts).pid;
  }

  /** @internal as spawn_handler, returning the record (behaviours use it). @example rt.startHandler(h, { link: true }) */
  startHandler(handler: Handler | ((msg: unknown) => unknown), opts: SpawnOptions = {}): Proc {
    return startHandler(this, handler, opts);
  }

  /** The pid of the current process. @example rt.self() // #PID<0.108.0> */
  self(): Pid {
    return this.table.current().pid;
  }

  /** True while the process lives. @example rt.alive(pid) */
  alive(pid: Pid): boolean {
    checkPid('Process.alive', pid, [pid]);
    const p = pid.proc as Proc | null;
    return p !== null && !p.dead;
  }

  /** Every live process, in pid order. @example rt.list().length */
  list(): Pid[] {
    return this.table.list();
  }

  /**
   * The interned pid for `(0, id, 0)`, `'0.id.0'` or `'#PID<0.id.0>'`: the same object the
   * runtime handed out, so `===` works. @example rt.pid(0, 108, 0) === rt.main.pid
   */
  pid(a: number | string, b?: number, c?: number): Pid {
    return this.table.intern(a, b, c);
  }

  /**
   * Makes this runtime a node (or no node again, with null): signals to pids of other nodes go
   * through `remote`. @example rt.setRemote(bridge)
   */
  setRemote(remote: Remote | null): void {
    this.remote = remote;
  }

  /** The node `pid` lives on (Elixir's `node/1`); this node's name without a pid. @example rt.node() // 'nonode@nohost' */
  node(pid?: Pid): string {
    if (pid === undefined) return this.remote?.self ?? 'nonode@nohost';
    checkPid('node', pid, [pid]);
    return nodeOf(this.remote, pid);
  }

  /** A new unique reference. @example rt.make_ref() // #Reference<0.0.0.1000> */
  make_ref(): Ref {
    return this.table.makeRef();
  }

  // ---------------------------------------------------------------- messages

  /**
   * Sends `msg` (copied) to a pid or registered name and returns `msg`. To a dead pid it is
   * dropped; to an unknown name it throws. @example rt.send(pid, ['put', 'a', 1])
   */
  send<T>(dest: Pid | string | RemoteName, msg: T): T {
    return receive.send(this, dest, msg);
  }

  /** @internal `send` from `me`, the current process as the caller found it. @example rt.sendAs(me, pid, 'hi') */
  sendAs<T>(me: Proc, dest: Pid | string | RemoteName, msg: T): T {
    return receive.sendAs(this, me.dead, dest, msg);
  }

  /** @internal puts an already-copied message into `p`'s mailbox (or straight into its receive). @example rt.deliver(p, msg) */
  deliver(p: Proc, msg: unknown): void {
    receive.deliver(this, p, msg);
  }

  /**
   * Waits for a message in the current process: the first for which `match` is true (or the
   * first of all), leaving the others queued in order. Resolves `undefined` after `timeout` ms;
   * `0` polls. `receive(500)` is short for `receive(undefined, 500)`.
   * @example const [tag, value] = await rt.receive((m) => Array.isArray(m) && m[0] === 'result', 1000)
   */
  receive(match?: Match | number | null, timeout = Infinity): Promise<unknown> {
    return receive.receive(this, match, timeout);
  }

  /** @internal `receive` in `me`, the current process as the caller found it. @example rt.receiveAs(me, undefined, 100) */
  receiveAs(me: Proc, match?: Match | number | null, timeout = Infinity): Promise<unknown> {
    return receive.receiveAs(this, me, match, timeout);
  }

  /**
   * Disarms `p`'s pending receive, if any: the code that waited was abandoned (Ctrl-C at the
   * shell), so the next message stays in the mailbox instead of going to a wait no one reads.
   * The abandoned wait never settles. @example rt.cancelReceive(rt.main)
   */
  cancelReceive(p: Proc): void {
    receive.clearWait(this, p);
  }


  /** @internal puts `msgs` at the front of `p`'s mailbox, in order, and makes `p` runnable. @example rt.pushFront(p, msgs) */
  pushFront(p: Proc, msgs: unknown[]): void {
    receive.pushFront(this, p, msgs);
  }

  /** @internal stops (true) or resumes (false) handling messages in a handler process. @example rt.setSuspended(p, true) */
  setSuspended(p: Proc, on: boolean): void {
    receive.setSuspended(this, p, on);
  }



  /** @internal (the scheduler's) hands a deferred receive its message. */
  takeDeferred(p: Proc, mb: Mailbox): void {
    receive.takeDeferred(this, p, mb);
  }

  /**
   * Resolves once no process is runnable (the run queue is empty after a turn of the event
   * loop). For tests and replays. @example rt.send(pid, 'go'); await rt.idle()
   */
  idle(): Promise<void> {
    return this.sched.idle();
  }

  /**
   * Resolves once the turns due now have run, not when the runtime is idle (a process that
   * keeps waking itself does not hold it): what a shell input set going prints before the next
   * input is read. @example rt.send(pid, 'go'); await rt.afterTurns()
   */
  afterTurns(): Promise<void> {
    return this.sched.afterTurns();
  }

  // ---------------------------------------------------------------- exits, links, monitors

  /**
   * Sends an exit signal to `pid`, as Elixir's `Process.exit/2`: `'kill'` always kills (reason
   * `'killed'`); a trapping process gets `['EXIT', from, reason]`; `'normal'` is ignored unless
   * sent to oneself. @example rt.exit(pid, 'shutdown')
   */
  exit(pid: Pid, reason: unknown): true {
    return signals.exit(this, pid, reason);
  }

  /** @internal delivers an exit signal from `from` to `p`. @example rt.signal(p, me.pid, 'shutdown', false) */
  signal(p: Proc, from: Pid, reason: unknown, viaLink: boolean): void {
    signals.signal(this, p, from, reason, viaLink);
  }

  /**
   * Ends process `p` with `reason` now: its links get exit signals, its monitors `DOWN`, its
   * pending calls fail, its name is freed. @internal (users call `exit`). @example rt.exit_proc(p, 'normal')
   */
  exit_proc(p: Proc, reason: unknown): void {
    signals.exitProc(this, p, reason);
  }

  /** @internal a process threw `e`: it exits with `e` (or an ExitSignal's reason); exceptions are logged. @example rt.crash(p, e) */
  crash(p: Proc, e: unknown): void {
    signals.crash(this, p, e);
  }

  /** @internal (the scheduler's) a Ctrl-C stopped `p`. */
  interrupt(p: Proc): void {
    signals.interrupt(this, p);
  }

  /**
   * Links the current process with `pid`: when either exits abnormally, the other gets the
   * signal. Linking to a dead pid kills the caller with `'noproc'` (or, trapping, sends it
   * `['EXIT', pid, 'noproc']`). @example rt.link(pid)
   */
  link(pid: Pid): true {
    return signals.link(this, pid);
  }

  /** Removes a link (both directions). @example rt.unlink(pid) */
  unlink(pid: Pid): true {
    return signals.unlink(this, pid);
  }

  /**
   * Monitors `pid`: when it exits, the current process gets `['DOWN', ref, 'process', pid,
   * reason]`, exactly once (`'noproc'` at once if it is already dead). @example const ref = rt.monitor(pid)
   */
  monitor(pid: Pid | string | RemoteName): Ref {
    return signals.monitor(this, pid);
  }

  /**
   * Removes a monitor; with `['flush']` also removes its `DOWN` message if one is queued.
   * Returns true; with `['info']`, whether the monitor was still there. @example rt.demonitor(ref, ['flush'])
   */
  demonitor(ref: Ref, opts: string[] = []): boolean {
    return signals.demonitor(this, ref, opts);
  }


  /**
   * @internal resolves true once `p` has exited, or false after `ms` (Infinity: no limit).
   * Used by supervisors to wait for a child that traps exits. @example await rt.awaitExit(p, 5000)
   */
  awaitExit(p: Proc, ms: number): Promise<boolean> {
    return signals.awaitExit(this, p, ms);
  }

  /**
   * Sets a process flag on the current process and returns its previous value. Supported:
   * `'trap_exit'`. @example rt.flag('trap_exit', true) // false
   */
  flag(name: 'trap_exit', value: boolean): boolean {
    return signals.flag(this, name, value);
  }

  // ---------------------------------------------------------------- calls

  /**
   * @internal starts `call` (a synchronous request from `call.watcher`) to `target` (null: no
   * such process) and returns the promise its caller awaits; `replyTo` / `failCall` settle it.
   * @example const reply = await rt.beginCall(call, rt.procOf(server))
   */
  beginCall(call: Call, target: Proc | null): Promise<unknown> {
    return calls.beginCall(this, call, target);
  }

  /**
   * @internal as `beginCall`, to a server on another node (a remote pid or `[name, node]`).
   * @example rt.beginRemoteCall(call, ['shop', 'b@127.0.0.1'])
   */
  beginRemoteCall(call: Call, to: Pid | RemoteName): Promise<unknown> {
    return calls.beginRemoteCall(this, call, to);
  }

  /**
   * @internal the `DOWN` of a monitor `watcher` holds on another node (from the port).
   * @example rt.remoteDown(me, ref, ['shop', 'b@127.0.0.1'], 'noconnection')
   */
  remoteDown(watcher: Pid, ref: Ref, what: unknown, reason: unknown): void {
    signals.remoteDown(this, watcher, ref, what, reason);
  }

  /** @internal answers a pending call; a reply to a call that already ended is dropped. @example rt.replyTo(call, 'ok') */
  replyTo(call: Call, value: unknown): void {
    calls.replyTo(call, value);
  }

  /** @internal fails a pending call with `reason` (the target died, or the call timed out). @example rt.failCall(call, 'timeout') */
  failCall(call: Call, reason: unknown): void {
    calls.failCall(call, reason);
  }

  /**
   * Abandons every pending call `p` made (Ctrl-C at the shell while it waited for a reply), as
   * OTP deactivates a call's alias: a late reply is dropped, and no timeout or exit of the
   * server fails the call later. Returns how many calls it ended.
   * @example rt.cancelCalls(rt.main) // 1 after Ctrl-C on `await GenServer.call(slow, 'x')`
   */
  cancelCalls(p: Proc): number {
    return calls.cancelCalls(this, p);
  }

  // ---------------------------------------------------------------- timers

  /**
   * Sends `msg` to `dest` (a pid or a name, looked up when the timer fires) after `ms`
   * milliseconds. Returns a timer ref for `cancel_timer` / `read_timer`.
   * @example const t = rt.send_after(rt.self(), 'tick', 100)
   */
  send_after(dest: Pid | string, msg: unknown, ms: number): TimerRef {
    return time.sendAfter(this, dest, msg, ms);
  }

  /** Cancels a timer: the ms it had left, or false if it already fired or was cancelled. @example rt.cancel_timer(t) */
  cancel_timer(ref: Ref): number | false {
    return time.cancelTimer(this, ref);
  }

  /** The ms left on a timer, or false. @example rt.read_timer(t) // 73 */
  read_timer(ref: Ref): number | false {
    return time.readTimer(this, ref);
  }

  /** Resolves 'ok' after `ms` milliseconds; messages stay queued. @example await rt.sleep(100) */
  sleep(ms: number): Promise<'ok'> {
    return time.sleep(this, ms);
  }

  /**
   * Stops every `advance` in progress where the simulated clock is now (Ctrl-C at the shell):
   * the clock does not run on behind the prompt. @example rt.stopAdvance()
   */
  stopAdvance(): void {
    this.steps.stop();
  }

  /**
   * On a simulated clock: moves time forward `ms`, firing timers in order and letting every
   * process run after each, so chains of timers behave as in real time.
   * @example await rt.advance(250) // ChangingNumber has changed twice
   */
  advance(ms: number): Promise<number> {
    return time.advance(this, this.steps, ms);
  }

  // ---------------------------------------------------------------- names

  /**
   * Registers `pid` under `name`. Throws iex's ArgumentError if the pid is dead, the name is
   * taken, or the pid already has a name. @example rt.register(pid, 'store')
   */
  register(pid: Pid, name: string): true {
    return register(this.names, pid instanceof Pid ? this.procOf(pid) : null, pid, name);
  }

  /** Removes a registered name. @example rt.unregister('store') */
  unregister(name: string): true {
    return unregister(this.names, name);
  }

  /** The pid registered under `name`, or null (Elixir's nil). @example rt.whereis('store') */
  whereis(name: string): Pid | null {
    return whereis(this.names, name);
  }

  /** All registered names. @example rt.registered() // ['store'] */
  registered(): string[] {
    return registered(this.names);
  }

  // ---------------------------------------------------------------- info

  /**
   * Elixir's `Process.info`: for a live process its default keys (see {@link ProcessInfo}); with
   * an item, `[item, value]`; with a list of items, a list of those pairs. A dead process gives
   * null; an unknown item raises ArgumentError, as in Elixir.
   * @example rt.info(pid, 'message_queue_len') // ['message_queue_len', 0]
   * @example rt.info(pid, ['status', 'links'])  // [['status', 'waiting'], ['links', []]]
   */
  info(pid: Pid): ProcessInfo | null;
  info<K extends InfoItem>(pid: Pid, item: K): [K, ProcessItems[K]] | null;
  info<K extends InfoItem>(pid: Pid, items: K[]): [K, ProcessItems[K]][] | null;
  info(pid: Pid, item?: InfoItem | InfoItem[]): unknown {
    checkInfo(pid, item);
    const p = this.procOf(pid);
    return p === null ? null : processInfo(details(p, currentProc()), item);
  }

  /** @internal every item of a live process and its behaviour (the shell's `i()`, `ps()`), or null. @example rt.details(pid) */
  details(pid: Pid): ProcessDetails | null {
    const p = this.procOf(pid);
    return p === null ? null : details(p, currentProc());
  }
}
