/**
 * The process runtime: the part of the BEAM the article is about. Processes hold data, talk
 * only by messages (copied on send), live over time, and fail alone; links and monitors carry
 * failures exactly as far as they were asked to.
 *
 * Two kinds of process share one scheduler:
 * - a **body**: `spawn(async () => { const m = await receive(); … })`;
 * - a **handler** process: `spawn_handler(msg => …)`, a callback per message, which is what
 *   GenServer runs on. Handler dispatch allocates no Promise and no closure per message.
 *
 * The scheduler runs up to `budget` messages per turn from a run queue, then yields to the
 * event loop (`setImmediate`), so I/O, timers and the shell stay responsive under load. User
 * code runs only inside try/catch here: whatever it throws or rejects ends that one process.
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
import { AsyncLocalStorage } from 'node:async_hooks';
import vm from 'node:vm';
import { Clock, RealClock, SimulatedClock } from './clock.js';
import { copyMessage } from './copy.js';
import { ArgumentError, ExitError, ExitSignal, exitReason } from './errors.js';
import { Logger } from './logger.js';
import { Mailbox } from './mailbox.js';
import { Pid, Ref, parsePid } from './pid.js';
import { Call, FN_HANDLER, Handler, Mfa, Monitor, Proc, Watcher } from './process.js';
import { Timer, Timers } from './timers.js';
import { show, showExit } from './present.js';
import { checkInfo, details, processInfo } from './info.js';
import type { InfoItem, ProcessDetails, ProcessInfo, ProcessItems } from './info.js';
export type { InfoItem, ProcessDetails, ProcessInfo, ProcessItems } from './info.js';
import { badArg, checkPid } from './args.js';
import { forget, Names, register, unregister } from './registry.js';
import { isRemoteName, nodeOf, type Remote, type RemoteName } from './remote.js';

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

/** Options for spawning a handler process. */
export interface SpawnOptions {
  link?: boolean;
  /** Registers the new process under this name. */
  name?: string;
  /** Shown by `Process.info` as `initial_call`. */
  initialCall?: Mfa;
}

/** A `receive` predicate: true for the message to take. */
export type Match = (msg: unknown) => unknown;


/** A timer reference from `send_after`: a Ref that knows its timer. */
export class TimerRef extends Ref {
  /** @internal */
  constructor(
    n: number,
    readonly timer: Timer,
  ) {
    super(n);
  }
}

// ---- the current process, across runtimes ----

/** The process whose handler or body is running synchronously right now. */
let active: Proc | null = null;
/** Async context for bodies and async callbacks, enabled on first need (it taxes every Promise). */
let als: AsyncLocalStorage<Proc> | null = null;
let defaultRuntime: Runtime | null = null;

function enableAls(): AsyncLocalStorage<Proc> {
  // From now on a process's floating promises and timers carry it as their async context:
  // what escapes them ends that process instead of reaching Node (see strayRejection).
  return (als ??= new AsyncLocalStorage<Proc>());
}

let strayInstalled = false;
/**
 * Listens for what escapes process code, once per program (with the first runtime: node:repl
 * refuses an `uncaughtException` listener added later, from code it evaluates).
 */
function installStrayHandlers(): void {
  if (strayInstalled) return;
  strayInstalled = true;
  try {
    process.on('unhandledRejection', strayRejection);
    process.on('uncaughtException', strayException);
  } catch {
    // Refused (inside a REPL's domain): errors stay Node's.
  }
}

/**
 * A rejection no one handled: Node runs this in the async context of the promise, so a
 * promise made by a process names it. That process ends with the error as a throw would end
 * it (a dead one's is dropped); a rejection from outside any process goes on as Node's own.
 */
function strayRejection(reason: unknown): void {
  const p = als?.getStore();
  if (p !== undefined) stray(p, reason);
  else if (process.listenerCount('unhandledRejection') === 1) process.nextTick(rethrow, reason);
}

/** An exception thrown from a process's own timer or callback: as {@link strayRejection}. */
function strayException(e: unknown): void {
  const p = als?.getStore();
  if (p !== undefined) stray(p, e);
  else if (process.listenerCount('uncaughtException') === 1) {
    // What Node does with an uncaught exception when no one listens.
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  }
}

/**
 * True when the code sending is the continuation of a dead process (its message is dropped).
 * A handler turn (`active` set) is alive by construction, and with no async context there is
 * no continuation to ask about: the common paths pay one comparison.
 */
function deadSender(): boolean {
  if (active !== null || als === null) return false;
  const me = als.getStore();
  return me !== undefined && me.dead;
}

/** True for the record of a runtime's main process (even after it was replaced). */
function isMain(p: Proc): boolean {
  return p.initialCall === MAIN_MFA;
}
const MAIN_MFA: Mfa = ['genrepl', 'main', 0];

/** Ends `p` for an error that escaped it outside a turn; a dead process's errors are dropped. */
function stray(p: Proc, e: unknown): void {
  if (p.dead) return;
  const h = p.handler;
  if (h !== null && h.abort !== undefined) h.abort(e);
  else p.rt.crash(p, e);
}

function rethrow(e: unknown): never {
  throw e;
}

/** The current process: the running handler, the running body, or the default runtime's main. */
export function currentProc(): Proc {
  if (active !== null) return active;
  if (als !== null) {
    const p = als.getStore();
    if (p !== undefined) return p;
  }
  return getRuntime().main;
}

/** The runtime the package root's functions use (created on first use). @example getRuntime().main */
export function getRuntime(): Runtime {
  return (defaultRuntime ??= new Runtime());
}

/** Makes `rt` the runtime behind the package root's functions (tests use a fresh one each). */
export function setRuntime(rt: Runtime): Runtime {
  defaultRuntime = rt;
  return rt;
}

/** Runs `fn(arg)` as process `p` with async context, so `self()` stays `p` after awaits. */
export function runInProcess<A, R>(p: Proc, fn: (arg: A) => R, arg: A): R {
  const prev = active;
  active = p;
  try {
    return enableAls().run(p, fn, arg);
  } finally {
    active = prev;
  }
}

/** Runs `fn(arg)` synchronously as process `p` (no async context: for sync callbacks). */
export function runAs<A, R>(p: Proc, fn: (arg: A) => R, arg: A): R {
  const prev = active;
  active = p;
  try {
    return fn(arg);
  } finally {
    active = prev;
  }
}

const INTERRUPTED = 'ERR_SCRIPT_EXECUTION_INTERRUPTED';
const AsyncFunction = (async () => {}).constructor;
const DRAIN_KEY = Symbol.for('genrepl.drain');
let drainScript: vm.Script | null = null;

// Shared functions for timers and receive promises: no closure per use.
let captured: ((v: unknown) => void) | null = null;
let capturedReject: ((e: unknown) => void) | null = null;
function capture(res: (v: unknown) => void, rej: (e: unknown) => void): void {
  captured = res;
  capturedReject = rej;
}
function fireSendAfter(t: Timer): void {
  const rt = t.c as Runtime;
  const dest = t.a as Pid | string;
  const p = typeof dest === 'string' ? (rt.names.get(dest) ?? null) : (dest.proc as Proc | null);
  if (p !== null) p.rt.deliver(p, t.b);
}
function fireReceiveTimeout(t: Timer): void {
  const p = t.a as Proc;
  if (p.waitTimer === t) p.rt.resumeWaiter(p, undefined);
}
function fireSleep(t: Timer): void {
  const rt = t.c as Runtime;
  const p = t.b as Proc;
  if (p === rt.main) rt.mainWait(-1);
  // A process killed while sleeping never wakes.
  if (!p.dead || isMain(p)) (t.a as (v: unknown) => void)('ok');
}
function fireCallTimeout(t: Timer): void {
  const call = t.a as Call;
  call.timer = null;
  call.watcher.rt.failCall(call, 'timeout');
}
function fireExitWaiter(t: Timer): void {
  const w = t.a as ExitWaiter;
  w.timer = null;
  (t.b as Runtime).unwatch(w);
  w.settle(false);
}
/** Resolves a promise when the watched process exits (no message is sent). */
class ExitWaiter extends Watcher {
  timer: Timer | null = null;
  constructor(
    watcher: Proc,
    readonly settle: (exited: boolean) => void,
  ) {
    super(watcher);
  }
  down(): void {
    if (this.timer !== null) this.watcher.rt.timers.remove(this.timer);
    this.settle(true);
  }
}
/**
 * A dead process keeps only what a late reader may ask (its pid, name, reason): its pid no
 * longer reaches the record, and the record drops its handler, body and state, so whoever
 * still holds the pid (a shell variable, `v(n)`) pins nothing but the small pid.
 */
function release(p: Proc): void {
  p.pid.proc = null;
  p.handler = null;
  p.body = null;
  p.fn = null;
  p.settleOk = p.settleErr = null;
}

/** A system message (`['$system', from, request]`): handled even while a process is suspended. */
export function isSystem(msg: unknown): boolean {
  return Array.isArray(msg) && msg[0] === '$system';
}
/** True for a thenable (a Promise or alike). @example hasThen(Promise.resolve()) // true */
export function hasThen(r: unknown): r is PromiseLike<unknown> {
  return typeof r === 'object' && r !== null && typeof (r as any).then === 'function';
}
const RESOLVED = Promise.resolve();
function never(): Promise<never> {
  return new Promise<never>(() => {});
}

/** A process runtime: its own pids, clock, scheduler, registry and logger. */
export class Runtime {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;
  /** @internal live processes by pid number. */
  readonly procs = new Map<number, Proc>();
  /** @internal registered names (see registry.ts). */
  readonly names: Names = new Map();
  /** The implicit process for code outside any process (the shell's process). */
  main: Proc;
  /** When true, a Ctrl-C (SIGINT) during a handler kills that process (the shell sets this). */
  interruptible = false;
  /** How many `advance` calls are moving simulated time now (auto-advance waits for them). */
  advancing = 0;
  /** With `interruptible`: called before and after each scheduler turn (the shell leaves raw mode). */
  onDrain: [() => void, () => void] | null = null;
  /** Called when the main process exits; the runtime has already put a new main in its place. */
  readonly onMainExit: ((oldPid: Pid, reason: unknown, newPid: Pid) => void)[] = [];
  /** The port to other nodes (see remote.ts), or null while this runtime is no node. */
  remote: Remote | null = null;

  private nextId: number;
  private nextRef = 1000;
  private readonly runQ = new Mailbox<Proc>();
  private drainScheduled = false;
  private draining = false;
  private turnOps = 0;
  private readonly budget: number;
  private readonly slice: number;
  private mainWaits = 0;
  /** main started or stopped waiting since the last turn: the clock's keep-alive is synced at the turn's end. */
  private keepDirty = false;
  private readonly deadPids = new Map<number, WeakRef<Pid>>();
  /** Processes marked dead whose links and monitors are still to be signalled (see exit_proc). */
  private readonly exitQ = new Mailbox<Proc>();
  private exiting = false;
  private deadSweepAt = 1024;
  private idleWaiters: (() => void)[] = [];
  private readonly drainMicro = () => this.runDrain();
  private readonly drainMacro = () => {
    this.turnOps = 0;
    this.runDrain();
  };

  constructor(opts: RuntimeOptions = {}) {
    this.clock = opts.clock ?? new RealClock();
    this.timers = new Timers(this.clock);
    this.logger = new Logger(this.clock);
    this.budget = opts.budget ?? 4096;
    this.slice = opts.slice ?? 64;
    this.nextId = opts.firstPid ?? 108;
    installStrayHandlers();
    this.main = this.newProc(MAIN_MFA);
  }

  // ---------------------------------------------------------------- processes

  /** @internal allocates a process record with the next pid. */
  newProc(initialCall: Mfa | null): Proc {
    const id = this.nextId++;
    const p = new Proc(this, new Pid(0, id, 0), initialCall);
    this.procs.set(id, p);
    return p;
  }

  /** The live process record behind a pid or name, or null. */
  procOf(dest: Pid | string): Proc | null {
    if (typeof dest === 'string') return this.names.get(dest) ?? null;
    const p = dest.proc as Proc | null;
    return p !== null && !p.dead ? p : null;
  }

  /** The current process of this runtime (its main when called from outside any of its processes). */
  current(): Proc {
    const p = currentProc();
    return p.rt === this ? p : this.main;
  }

  /**
   * The current process, which must be alive: the continuation of a killed body (after an
   * `await`) stops here with its exit reason, as a dead process does nothing on the BEAM.
   */
  private acting(): Proc {
    const p = this.current();
    if (p.dead) throw new ExitSignal(p.exitReason, `${p.pid} is dead: a dead process can do nothing`);
    return p;
  }

  /**
   * Starts a process running `fn` (usually async). Returning ends it with `'normal'`; throwing
   * ends it with the thrown value. @example rt.spawn(async () => console.log(await receive()))
   */
  spawn(fn: () => unknown, link = false): Pid {
    if (typeof fn !== 'function') throw new ArgumentError(`spawn expects a function, got: ${show(fn)}`);
    const parent = link ? this.acting() : null;
    const p = this.newProc(null);
    p.body = fn;
    p.fn = fn;
    if (parent !== null) this.linkProcs(parent, p);
    this.enqueue(p);
    return p.pid;
  }

  /** `spawn` and `link` in one step. @example rt.spawn_link(async () => { throw new Error('x') }) */
  spawn_link(fn: () => unknown): Pid {
    return this.spawn(fn, true);
  }

  /** `spawn` and `monitor` in one step: `[pid, ref]`. @example const [p, ref] = rt.spawn_monitor(fn) */
  spawn_monitor(fn: () => unknown): [Pid, Ref] {
    const pid = this.spawn(fn);
    return [pid, this.monitor(pid)];
  }

  /**
   * Starts a handler process: `handler` runs once per message, in order; an async handler
   * holds the next message until it settles. @example rt.spawn_handler((m) => console.log(m))
   */
  spawn_handler(handler: Handler | ((msg: unknown) => unknown), opts: SpawnOptions = {}): Pid {
    return this.startHandler(handler, opts).pid;
  }

  /** @internal as spawn_handler, returning the record (behaviours use it). */
  startHandler(handler: Handler | ((msg: unknown) => unknown), opts: SpawnOptions = {}): Proc {
    const parent = opts.link ? this.acting() : null;
    const p = this.newProc(opts.initialCall ?? null);
    if (typeof handler === 'function') {
      // No wrapper object per process: the function is called directly.
      p.handler = FN_HANDLER;
      p.fn = handler;
    } else p.handler = handler;
    if (parent !== null) this.linkProcs(parent, p);
    if (opts.name !== undefined) this.register(p.pid, opts.name);
    return p;
  }

  /** The pid of the current process. @example rt.self() // #PID<0.108.0> */
  self(): Pid {
    return this.current().pid;
  }

  /** True while the process lives. @example rt.alive(pid) */
  alive(pid: Pid): boolean {
    checkPid('Process.alive', pid, [pid]);
    const p = pid.proc as Proc | null;
    return p !== null && !p.dead;
  }

  /** Every live process, in pid order. @example rt.list().length */
  list(): Pid[] {
    const out: Pid[] = [];
    for (const p of this.procs.values()) out.push(p.pid);
    return out;
  }

  /**
   * The interned pid for `(0, id, 0)`, `'0.id.0'` or `'#PID<0.id.0>'`: the same object the
   * runtime handed out, so `===` works. @example rt.pid(0, 108, 0) === rt.main.pid
   */
  pid(a: number | string, b?: number, c?: number): Pid {
    let n: [number, number, number] | null;
    if (typeof a === 'string') n = parsePid(a);
    else n = b === undefined || c === undefined ? null : [a, b, c];
    if (n === null || !n.every((x) => Number.isInteger(x) && x >= 0)) {
      throw new ArgumentError(`invalid pid: ${show(a)}${b === undefined ? '' : `, ${b}, ${c}`}`);
    }
    const [x, id, z] = n;
    if (x === 0 && z === 0) {
      const live = this.procs.get(id);
      if (live !== undefined) return live.pid;
      const dead = this.deadPids.get(id)?.deref();
      if (dead !== undefined) return dead;
      const made = new Pid(0, id, 0);
      this.rememberDead(made);
      return made;
    }
    if (x === 0) return new Pid(x, id, z);
    // A pid of another node: only of a node this one has met (as list_to_pid on the BEAM).
    const far = this.remote?.pid(x, id, z) ?? null;
    if (far === null) throw new ArgumentError(`invalid pid: ${show(a)}${b === undefined ? '' : `, ${b}, ${c}`} (no node is known by the number ${x})`);
    return far;
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

  // ---------------------------------------------------------------- messages

  /**
   * Sends `msg` (copied) to a pid or registered name and returns `msg`. To a dead pid it is
   * dropped; to an unknown name it throws. @example rt.send(pid, ['put', 'a', 1])
   */
  send<T>(dest: Pid | string | RemoteName, msg: T): T {
    if (msg === undefined) {
      throw new ArgumentError('undefined is not a message: send null (or an atom such as \'ok\') instead', 'genrepl.undefined_message');
    }
    let p: Proc | null;
    if (dest instanceof Pid) {
      p = dest.proc as Proc | null;
      // Only a pid with no local process asks whether it lives on another node.
      if (p === null && dest.node !== 0) return this.sendRemote(dest, msg);
    } else if (typeof dest === 'string') {
      p = this.names.get(dest) ?? null;
      if (p === null) {
        throw new ArgumentError(
          `errors were found at the given arguments:\n\n  * 1st argument: invalid destination\n\n    send(${show(dest)}, ${show(msg)})`,
          'genrepl.invalid_destination',
        );
      }
    } else if (isRemoteName(dest)) return this.sendRemote(dest, msg);
    else {
      throw new ArgumentError(
        `errors were found at the given arguments:\n\n  * 1st argument: not a pid or a registered name\n\n    send(${show(dest)}, ${show(msg)})`,
        'genrepl.invalid_destination',
      );
    }
    if (p !== null && !p.dead && !deadSender()) p.rt.deliver(p, typeof msg !== 'object' || msg === null ? msg : copyMessage(msg));
    return msg;
  }

  /** A send to another node: through the port (a node this runtime cannot reach drops it, as the BEAM does). */
  private sendRemote<T>(dest: Pid | RemoteName, msg: T): T {
    if (Array.isArray(dest) && dest[1] === this.remote?.self) return this.send(dest[0], msg);
    if (this.remote !== null && !deadSender()) this.remote.send(dest, msg, this.current().pid);
    return msg;
  }

  /** @internal puts an already-copied message into `p`'s mailbox (or straight into its receive). */
  deliver(p: Proc, msg: unknown): void {
    if (p.dead) return;
    const match = p.waitMatch;
    if (p.waitResolve !== null && !p.queued) {
      let take = true;
      if (match !== null) {
        try {
          take = !!runAs(p, match, msg);
        } catch (e) {
          this.rejectWaiter(p, e);
          take = false;
        }
      }
      if (take && this.turnOps < this.budget) {
        this.turnOps++;
        this.resumeWaiter(p, msg);
        return;
      }
      (p.mailbox ??= new Mailbox()).push(msg);
      if (take) this.enqueue(p);
      return;
    }
    (p.mailbox ??= new Mailbox()).push(msg);
    if (p.handler !== null && !p.busy && (!p.suspended || isSystem(msg))) this.enqueue(p);
  }

  /**
   * Waits for a message in the current process: the first for which `match` is true (or the
   * first of all), leaving the others queued in order. Resolves `undefined` after `timeout` ms;
   * `0` polls. `receive(500)` is short for `receive(undefined, 500)`.
   * @example const [tag, value] = await rt.receive((m) => Array.isArray(m) && m[0] === 'result', 1000)
   */
  receive(match?: Match | number | null, timeout = Infinity): Promise<unknown> {
    if (typeof match === 'number') {
      timeout = match;
      match = undefined;
    }
    if (match != null && typeof match !== 'function') {
      throw new ArgumentError(`receive expects a predicate function, got: ${show(match)}`);
    }
    if (typeof timeout !== 'number' || !(timeout >= 0)) {
      throw new ArgumentError(`receive expects a timeout in ms (a number >= 0 or Infinity), got: ${show(timeout)}`);
    }
    const p = this.current();
    if (p.dead) return never();
    if (p.waitResolve !== null) {
      throw new ArgumentError(`${p.pid} is already waiting in receive: a process takes one message at a time`, 'genrepl.receive_pending');
    }
    const mb = p.mailbox;
    if (mb !== null && mb.length > 0) {
      const i = match == null ? 0 : mb.findIndex(match);
      if (i >= 0) return Promise.resolve(mb.removeAt(i));
    }
    if (timeout === 0) return Promise.resolve(undefined);
    if (als === null && p !== this.main) enableAls();
    const promise = new Promise(capture);
    p.waitResolve = captured;
    p.waitReject = capturedReject;
    p.waitMatch = match ?? null;
    if (timeout !== Infinity) p.waitTimer = this.timers.add(timeout, fireReceiveTimeout, p);
    if (p === this.main) this.mainWait(1);
    return promise;
  }

  /**
   * Disarms `p`'s pending receive, if any: the code that waited was abandoned (Ctrl-C at the
   * shell), so the next message stays in the mailbox instead of going to a wait no one reads.
   * The abandoned wait never settles. @example rt.cancelReceive(rt.main)
   */
  cancelReceive(p: Proc): void {
    if (p.waitResolve !== null) this.clearWait(p);
  }

  /** @internal completes `p`'s pending receive with `msg`. */
  resumeWaiter(p: Proc, msg: unknown): void {
    const res = p.waitResolve!;
    this.clearWait(p);
    res(msg);
  }

  private rejectWaiter(p: Proc, e: unknown): void {
    const rej = p.waitReject!;
    this.clearWait(p);
    rej(e);
  }

  private clearWait(p: Proc): void {
    p.waitResolve = p.waitReject = p.waitMatch = null;
    if (p.waitTimer !== null) {
      this.timers.release(p.waitTimer);
      p.waitTimer = null;
    }
    if (p === this.main) this.mainWait(-1);
  }

  /** @internal counts main's waits; while main waits, pending timers keep Node alive. */
  mainWait(delta: number): void {
    const before = this.mainWaits;
    this.mainWaits += delta;
    // Synced once per scheduler turn, not per wait: a call from main starts and ends a wait
    // within one turn, and toggling the timer handle each time cost ~5% of a call. A turn is
    // always coming (a microtask), so Node cannot go idle with a stale keep-alive.
    if ((before === 0) !== (this.mainWaits === 0) && !this.keepDirty) {
      this.keepDirty = true;
      this.scheduleDrain();
    }
  }

  /** Resolves 'ok' after `ms` milliseconds; messages stay queued. @example await rt.sleep(100) */
  sleep(ms: number): Promise<'ok'> {
    if (typeof ms !== 'number' || !(ms >= 0)) throw new ArgumentError(`sleep expects a number of ms >= 0, got: ${show(ms)}`);
    const p = this.current();
    if (ms === Infinity) return never();
    const promise = new Promise(capture) as Promise<'ok'>;
    if (p === this.main) this.mainWait(1);
    this.timers.add(ms, fireSleep, captured, p, this);
    return promise;
  }

  // ---------------------------------------------------------------- scheduler

  /** @internal puts `p` on the run queue and makes sure a drain is coming. */
  enqueue(p: Proc): void {
    if (p.queued) return;
    p.queued = true;
    this.runQ.push(p);
    this.scheduleDrain();
  }

  /** Makes sure a turn is coming: a microtask while the budget lasts, else after I/O. */
  private scheduleDrain(): void {
    if (this.drainScheduled || this.draining) return;
    this.drainScheduled = true;
    // A reaction on a settled promise, not queueMicrotask: Node wraps each queueMicrotask
    // callback in an AsyncResource (~85 ns more per message round trip).
    if (this.turnOps < this.budget) RESOLVED.then(this.drainMicro);
    else setImmediate(this.drainMacro);
  }

  private runDrain(): void {
    this.drainScheduled = false;
    if (!this.interruptible) {
      this.drain();
      return;
    }
    drainScript ??= new vm.Script(`globalThis[Symbol.for('genrepl.drain')]()`, { filename: 'genrepl:scheduler' });
    (globalThis as any)[DRAIN_KEY] = () => this.drain();
    const hooks = this.onDrain;
    hooks?.[0]();
    let interrupted = false;
    try {
      drainScript.runInThisContext({ breakOnSigint: true });
    } catch (e) {
      if ((e as any)?.code !== INTERRUPTED) throw e;
      interrupted = true;
    } finally {
      hooks?.[1]();
    }
    // Reported after the terminal is back in raw mode, so what the user types next is not echoed twice.
    if (interrupted) this.interrupted();
  }

  private drain(): void {
    this.draining = true;
    const q = this.runQ;
    let ops = 0;
    try {
      while (q.length > 0 && this.turnOps + ops < this.budget) {
        const p = q.shift() as Proc;
        p.queued = false;
        if (p.dead) continue;
        ops += this.run(p);
      }
    } finally {
      active = null;
      this.draining = false;
      this.turnOps += ops;
      if (this.keepDirty) {
        this.keepDirty = false;
        this.clock.keepAlive(this.mainWaits > 0);
      }
    }
    if (q.length > 0) {
      this.drainScheduled = true;
      setImmediate(this.drainMacro);
    } else if (this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  /** Runs one process's turn; returns how many messages it took. */
  private run(p: Proc): number {
    if (p.body !== null) {
      const fn = p.body;
      p.body = null;
      this.startBody(p, fn);
      return 1;
    }
    const mb = p.mailbox;
    if (mb === null) return 0;
    if (p.handler === null) {
      // A body or main whose receive was deferred past the budget: hand it the first match.
      if (p.waitResolve !== null && mb.length > 0) {
        const i = p.waitMatch === null ? 0 : this.safeFind(p, mb);
        if (i >= 0) this.resumeWaiter(p, mb.removeAt(i));
      }
      return 1;
    }
    // With async context on, what this slice starts (a floating promise, a timer) belongs to p:
    // one context switch per slice of up to `slice` messages, none while it is off.
    return als === null ? this.runHandler(p, mb) : als.run(p, this.runHandlerBound, p, mb);
  }

  private readonly runHandlerBound = (p: Proc, mb: Mailbox) => this.runHandler(p, mb);

  /** Runs up to `slice` messages of handler process `p`; returns how many it took. */
  private runHandler(p: Proc, mb: Mailbox): number {
    const h = p.handler!;
    const fn = h === FN_HANDLER ? p.fn : null;
    let n = 0;
    while (n < this.slice && mb.length > 0 && !p.busy && !p.dead) {
      let msg: unknown;
      if (!p.suspended) msg = mb.shift();
      else {
        // Suspended (sys.suspend): only system messages are taken; the rest wait in order.
        const i = mb.findIndex(isSystem);
        if (i < 0) break;
        msg = mb.removeAt(i);
      }
      n++;
      p.reductions++;
      active = p;
      try {
        const r = fn !== null ? fn(msg) : h.handle(msg);
        if (r !== undefined && hasThen(r)) this.awaitHandler(p, r);
      } catch (e) {
        this.crash(p, e);
      }
    }
    active = null;
    if (mb.length > 0 && !p.busy && !p.dead && (!p.suspended || mb.findIndex(isSystem) >= 0)) this.enqueue(p);
    return n;
  }

  private safeFind(p: Proc, mb: Mailbox): number {
    const prev = active;
    active = p;
    try {
      return mb.findIndex(p.waitMatch!);
    } catch (e) {
      this.rejectWaiter(p, e);
      return -1;
    } finally {
      active = prev;
    }
  }

  private awaitHandler(p: Proc, r: PromiseLike<unknown>): void {
    p.busy = true;
    p.settleOk ??= () => {
      p.busy = false;
      if (!p.dead && p.mailbox !== null && p.mailbox.length > 0 && !p.suspended) this.enqueue(p);
    };
    p.settleErr ??= (e) => {
      p.busy = false;
      this.crash(p, e);
    };
    r.then(p.settleOk, p.settleErr);
  }

  private startBody(p: Proc, fn: () => unknown): void {
    let r: unknown;
    try {
      // An async body needs async context (self() after an await); a plain function does not,
      // and async context taxes every Promise in the program once it is on.
      // With async context on, a plain body runs in it too: what it starts belongs to it.
      r = fn.constructor === AsyncFunction || als !== null ? runInProcess(p, fn, undefined) : runAs(p, fn, undefined);
    } catch (e) {
      this.crash(p, e);
      return;
    }
    if (hasThen(r)) {
      r.then(
        () => this.exit_proc(p, 'normal'),
        (e) => this.crash(p, e),
      );
    } else this.exit_proc(p, 'normal');
  }

  /** @internal a process threw `e`: it exits with `e` (or an ExitSignal's reason); exceptions are logged. */
  crash(p: Proc, e: unknown): void {
    if (p.dead) return;
    const reason = exitReason(e);
    // Behaviours report their own crashes; a plain process is reported here, after the
    // bookkeeping, so nothing about its exit depends on printing the error. exit(reason) is quiet.
    const report = reason === e && p.handler?.describe === undefined;
    this.exit_proc(p, reason);
    if (report) this.logger.emit({ kind: 'process_crashed', pid: p.pid, error: e });
  }

  private interrupted(): void {
    const p = active;
    active = null;
    this.draining = false;
    if (p !== null && !p.dead) {
      this.exit_proc(p, 'interrupted');
      this.logger.emit({ kind: 'interrupted', pid: p.pid });
    }
    if (this.runQ.length > 0 && !this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(this.drainMacro);
    }
  }

  /**
   * Resolves once no process is runnable (the run queue is empty after a turn of the event
   * loop). For tests and replays. @example rt.send(pid, 'go'); await rt.idle()
   */
  async idle(): Promise<void> {
    // However long the queue: a turn runs up to `budget` messages, so this loops until none is left.
    for (;;) {
      await new Promise<void>((r) => setImmediate(r));
      if (this.runQ.length === 0 && !this.drainScheduled && !this.draining) {
        await new Promise<void>((r) => setImmediate(r));
        if (this.runQ.length === 0 && !this.drainScheduled) return;
      }
    }
  }

  private advanceEpoch = 0;

  /**
   * Stops every `advance` in progress where the simulated clock is now (Ctrl-C at the shell):
   * the clock does not run on behind the prompt. @example rt.stopAdvance()
   */
  stopAdvance(): void {
    this.advanceEpoch++;
  }

  /**
   * On a simulated clock: moves time forward `ms`, firing timers in order and letting every
   * process run after each, so chains of timers behave as in real time.
   * @example await rt.advance(250) // ChangingNumber has changed twice
   */
  async advance(ms: number): Promise<number> {
    const clock = this.clock;
    if (!(clock instanceof SimulatedClock)) throw new ArgumentError('advance(ms) needs a simulated clock (deterministic mode)');
    if (typeof ms !== 'number' || !(ms >= 0) || ms === Infinity) badArg('advance', 'not a time in ms (a finite number >= 0)', [ms]);
    const target = clock.now() + ms;
    const epoch = this.advanceEpoch;
    this.advancing++;
    try {
      await this.idle();
      for (;;) {
        if (this.advanceEpoch !== epoch) return clock.now();
        const next = clock.nextWake();
        if (next === undefined || next > target) break;
        clock.set(next);
        await this.idle();
      }
      if (this.advanceEpoch !== epoch) return clock.now();
      clock.set(target);
    } finally {
      this.advancing--;
    }
    return clock.now();
  }

  // ---------------------------------------------------------------- exits, links, monitors

  /**
   * Sends an exit signal to `pid`, as Elixir's `Process.exit/2`: `'kill'` always kills (reason
   * `'killed'`); a trapping process gets `['EXIT', from, reason]`; `'normal'` is ignored unless
   * sent to oneself. @example rt.exit(pid, 'shutdown')
   */
  exit(pid: Pid, reason: unknown): true {
    checkPid('Process.exit', pid, [pid, reason]);
    const me = this.current();
    const p = pid.proc as Proc | null;
    if (p === null && pid.node !== 0) this.remote?.exit(me.pid, pid, reason);
    else if (p !== null && !p.dead) {
      this.signal(p, me.pid, reason, false);
      // A process that signalled itself to death stops here, as on the BEAM.
      // Main (the shell's, or a script's top level) goes on: a new main has taken its place.
      if (p === me && p.dead && !isMain(p)) throw new ExitSignal(p.exitReason);
    }
    return true;
  }

  /** @internal delivers an exit signal from `from` to `p`. */
  signal(p: Proc, from: Pid, reason: unknown, viaLink: boolean): void {
    if (p.dead) return;
    if (!viaLink && reason === 'kill') this.exit_proc(p, 'killed');
    else if (p.trapExit) this.deliver(p, ['EXIT', from, reason]);
    else if (reason === 'normal') {
      if (!viaLink && from === p.pid) this.exit_proc(p, 'normal');
    } else this.exit_proc(p, reason);
  }

  /**
   * Ends process `p` with `reason` now: its links get exit signals, its monitors `DOWN`, its
   * pending calls fail, its name is freed. @internal (users call `exit`).
   */
  exit_proc(p: Proc, reason: unknown): void {
    if (p.dead) return;
    // Marked dead now (so the caller sees it at once); signalled from a work queue, in the
    // order the exits happened, so a chain or star of any length costs no stack.
    p.dead = true;
    p.exitReason = reason;
    this.exitQ.push(p);
    if (this.exiting) return;
    this.exiting = true;
    try {
      const q = this.exitQ;
      while (q.length > 0) this.signalExit(q.shift() as Proc);
    } finally {
      this.exiting = false;
    }
  }

  /** The bookkeeping of one exit: table, name, wait, links, monitors, pending calls, then release. */
  private signalExit(p: Proc): void {
    const reason = p.exitReason;
    this.procs.delete(p.pid.id);
    this.rememberDead(p.pid);
    forget(this.names, p);
    const reject = p.waitReject;
    if (p.waitResolve !== null) this.clearWait(p);
    p.mailbox = null;
    if (p.monitors !== null) {
      for (const m of p.monitors.values()) this.unwatch(m);
      p.monitors = null;
    }
    const links = p.links;
    p.links = null;
    if (this.remote !== null) this.remote.exited(p.pid, reason);
    // Detach every watcher first: a linked process dying in this cascade must not unhook (and so
    // skip) monitors on this list while it is walked below.
    let m = p.watchers;
    p.watchers = null;
    for (let w = m; w !== null; w = w.next) w.target = null;
    const wasMain = p === this.main;
    if (wasMain) this.main = this.newProc(MAIN_MFA);
    if (links !== null) {
      for (const l of links) {
        l.links?.delete(p);
        this.signal(l, p.pid, reason, true);
      }
    }
    while (m !== null) {
      const next = m.next;
      m.prev = m.next = null;
      m.down(p.pid, reason);
      m = next;
    }
    release(p);
    if (wasMain) {
      if (reject !== null) reject(new ExitError(reason, `process exited with reason: ${showExit(reason)}`));
      // Told a moment later, as the BEAM's shell learns of its exit by a signal: the report of
      // whatever took main down (written once its exit is signalled) comes first.
      const next = this.main.pid;
      queueMicrotask(() => this.mainExited(p.pid, reason, next));
    }
  }

  private mainExited(pid: Pid, reason: unknown, next: Pid): void {
    if (this.onMainExit.length === 0) this.logger.emit({ kind: 'main_exited', pid, reason, next });
    for (const f of this.onMainExit) {
      try {
        f(pid, reason, next);
      } catch {
        // A listener's failure changes nothing about the exit.
      }
    }
  }

  private rememberDead(pid: Pid): void {
    this.deadPids.set(pid.id, new WeakRef(pid));
    if (this.deadPids.size >= this.deadSweepAt) {
      for (const [id, w] of this.deadPids) if (w.deref() === undefined) this.deadPids.delete(id);
      this.deadSweepAt = Math.max(1024, this.deadPids.size * 2);
    }
  }

  private linkProcs(a: Proc, b: Proc): void {
    if (a === b) return;
    (a.links ??= new Set()).add(b);
    (b.links ??= new Set()).add(a);
  }

  /**
   * Links the current process with `pid`: when either exits abnormally, the other gets the
   * signal. Linking to a dead pid kills the caller with `'noproc'` (or, trapping, sends it
   * `['EXIT', pid, 'noproc']`). @example rt.link(pid)
   */
  link(pid: Pid): true {
    checkPid('link', pid, [pid]);
    const me = this.acting();
    const p = this.procOf(pid);
    if (p === null && pid.node !== 0 && this.remote !== null) this.remote.link(me.pid, pid);
    else if (p === null) {
      if (me.trapExit) this.deliver(me, ['EXIT', pid, 'noproc']);
      else throw new ExitSignal('noproc', `link(${pid}): noproc, the process is not alive`);
    } else this.linkProcs(me, p);
    return true;
  }

  /** Removes a link (both directions). @example rt.unlink(pid) */
  unlink(pid: Pid): true {
    checkPid('unlink', pid, [pid]);
    const me = this.current();
    const p = pid.proc as Proc | null;
    if (p !== null) {
      me.links?.delete(p);
      p.links?.delete(me);
    } else if (pid.node !== 0) this.remote?.unlink(me.pid, pid);
    return true;
  }

  /**
   * Monitors `pid`: when it exits, the current process gets `['DOWN', ref, 'process', pid,
   * reason]`, exactly once (`'noproc'` at once if it is already dead). @example const ref = rt.monitor(pid)
   */
  monitor(pid: Pid | string | RemoteName): Ref {
    if (isRemoteName(pid)) {
      if (pid[1] === this.remote?.self) pid = pid[0];
    } else if (typeof pid !== 'string') checkPid('monitor', pid, [pid]);
    const me = this.acting();
    const ref = this.make_ref();
    const m = new Monitor(ref, me);
    const p = Array.isArray(pid) ? null : this.procOf(pid);
    if (p === null && this.remote !== null && (Array.isArray(pid) || (pid instanceof Pid && pid.node !== 0))) {
      // Held with no target: the port brings its DOWN (remoteDown).
      (me.monitors ??= new Map()).set(ref, m);
      this.remote.monitor(me.pid, pid, ref);
      return ref;
    }
    if (p === null) {
      this.deliver(me, ['DOWN', ref, 'process', pid, 'noproc']);
      return ref;
    }
    (me.monitors ??= new Map()).set(ref, m);
    this.watch(p, m);
    return ref;
  }

  /**
   * Removes a monitor; with `['flush']` also removes its `DOWN` message if one is queued.
   * Returns true. @example rt.demonitor(ref, ['flush'])
   */
  demonitor(ref: Ref, opts: string[] = []): true {
    if (!(ref instanceof Ref)) badArg('demonitor', 'not a reference', [ref]);
    if (!Array.isArray(opts)) badArg('demonitor', 'not a list of options', [ref, opts], 2);
    const me = this.current();
    const m = me.monitors?.get(ref);
    if (m !== undefined) {
      me.monitors!.delete(ref);
      if (m.target === null) this.remote?.demonitor(me.pid, ref);
      else this.unwatch(m);
    }
    if (opts.includes('flush') && me.mailbox !== null) {
      const i = me.mailbox.findIndex((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === ref);
      if (i >= 0) me.mailbox.removeAt(i);
    }
    return true;
  }

  /**
   * @internal the `DOWN` of a monitor `watcher` holds on another node (from the port): delivered
   * once, as `['DOWN', ref, 'process', what, reason]`.
   */
  remoteDown(watcher: Pid, ref: Ref, what: unknown, reason: unknown): void {
    const p = watcher.proc as Proc | null;
    const m = p?.monitors?.get(ref);
    if (p == null || m === undefined || m.target !== null) return;
    p.monitors!.delete(ref);
    this.deliver(p, ['DOWN', ref, 'process', what, reason]);
  }

  private watch(p: Proc, m: Watcher): void {
    m.target = p;
    m.next = p.watchers;
    if (p.watchers !== null) p.watchers.prev = m;
    p.watchers = m;
  }

  /** @internal removes a watcher from its target. */
  unwatch(m: Watcher): void {
    const p = m.target;
    if (p === null) return;
    if (m.prev !== null) m.prev.next = m.next;
    else p.watchers = m.next;
    if (m.next !== null) m.next.prev = m.prev;
    m.prev = m.next = m.target = null;
  }

  /** A new unique reference. @example rt.make_ref() // #Reference<0.0.0.1000> */
  make_ref(): Ref {
    return new Ref(this.nextRef++);
  }

  // ---------------------------------------------------------------- calls

  /**
   * @internal starts `call` (a synchronous request from `call.watcher`) to `target` (null: no
   * such process) and returns the promise its caller awaits; `replyTo` / `failCall` settle it.
   */
  beginCall(call: Call, target: Proc | null): Promise<unknown> {
    const promise = new Promise(capture);
    call.resolve = captured!;
    call.reject = capturedReject!;
    if (target === null || target.dead) {
      call.done = true;
      call.reject(call.fail(call, 'noproc'));
      return promise;
    }
    this.watch(target, call);
    if (call.timeout !== Infinity) call.timer = this.timers.addLazy(call.timeout, fireCallTimeout, call);
    if (call.watcher === this.main) this.mainWait(1);
    return promise;
  }

  /**
   * @internal as `beginCall`, to a server on another node (a remote pid or `[name, node]`): the
   * port sends the request and answers with `replyTo` / `failCall`. With no port the call fails
   * with `['nodedown', node]`.
   */
  beginRemoteCall(call: Call, to: Pid | RemoteName): Promise<unknown> {
    const promise = new Promise(capture);
    call.resolve = captured!;
    call.reject = capturedReject!;
    if (this.remote === null) {
      call.done = true;
      call.reject(call.fail(call, ['nodedown', Array.isArray(to) ? to[1] : nodeOf(null, to)]));
      return promise;
    }
    if (call.timeout !== Infinity) call.timer = this.timers.addLazy(call.timeout, fireCallTimeout, call);
    if (call.watcher === this.main) this.mainWait(1);
    this.remote.call(call, to);
    return promise;
  }

  /** Answers a pending call; a reply to a call that already ended is dropped. @internal */
  replyTo(call: Call, value: unknown): void {
    if (call.done) return;
    // A call lives in its caller's runtime (its timeout is on that runtime's timers).
    const rt = call.watcher.rt;
    if (rt !== this) return rt.replyTo(call, value);
    this.endCall(call);
    // A caller that died meanwhile never resumes.
    if (call.watcher.dead && !isMain(call.watcher)) return;
    call.resolve(typeof value !== 'object' || value === null ? value : copyMessage(value));
  }

  /** @internal fails a pending call with `reason` (the target died, or the call timed out). */
  failCall(call: Call, reason: unknown): void {
    if (call.done) return;
    const rt = call.watcher.rt;
    if (rt !== this) return rt.failCall(call, reason);
    this.endCall(call);
    if (call.watcher.dead && !isMain(call.watcher)) return;
    call.reject(call.fail(call, reason));
  }

  private endCall(call: Call): void {
    call.done = true;
    this.unwatch(call);
    if (call.timer !== null) {
      this.timers.release(call.timer);
      call.timer = null;
    }
    if (call.watcher === this.main) this.mainWait(-1);
  }

  // ---------------------------------------------------------------- timers

  /**
   * Sends `msg` to `dest` (a pid or a name, looked up when the timer fires) after `ms`
   * milliseconds. Returns a timer ref for `cancel_timer` / `read_timer`.
   * @example const t = rt.send_after(rt.self(), 'tick', 100)
   */
  send_after(dest: Pid | string, msg: unknown, ms: number): TimerRef {
    if (!(dest instanceof Pid) && typeof dest !== 'string') throw new ArgumentError(`send_after expects a pid or a name, got: ${show(dest)}`);
    if (msg === undefined) throw new ArgumentError('undefined is not a message: send null (or an atom such as \'ok\') instead', 'genrepl.undefined_message');
    if (typeof ms !== 'number' || !(ms >= 0) || ms === Infinity) throw new ArgumentError(`send_after expects a time in ms >= 0, got: ${show(ms)}`);
    const t = this.timers.add(ms, fireSendAfter, dest, copyMessage(msg), this);
    return new TimerRef(this.nextRef++, t);
  }

  /** Cancels a timer: the ms it had left, or false if it already fired or was cancelled. @example rt.cancel_timer(t) */
  cancel_timer(ref: Ref): number | false {
    return ref instanceof TimerRef ? this.timers.cancel(ref.timer) : false;
  }

  /** The ms left on a timer, or false. @example rt.read_timer(t) // 73 */
  read_timer(ref: Ref): number | false {
    if (!(ref instanceof TimerRef)) return false;
    const left = this.timers.remaining(ref.timer);
    const dest = ref.timer.a;
    // A timer to a pid is cancelled when that process exits (as on the BEAM).
    if (left !== false && dest instanceof Pid && !this.alive(dest)) {
      this.timers.remove(ref.timer);
      return false;
    }
    return left;
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
    return this.names.get(name)?.pid ?? null;
  }

  /** All registered names. @example rt.registered() // ['store'] */
  registered(): string[] {
    return [...this.names.keys()];
  }

  // ---------------------------------------------------------------- flags and info

  /**
   * Sets a process flag on the current process and returns its previous value. Supported:
   * `'trap_exit'`. @example rt.flag('trap_exit', true) // false
   */
  flag(name: 'trap_exit', value: boolean): boolean {
    const me = this.current();
    if (name !== 'trap_exit' || typeof value !== 'boolean') {
      throw new ArgumentError(`unsupported process flag: ${show(name)} (supported: 'trap_exit' with true or false)`);
    }
    const prev = me.trapExit;
    me.trapExit = value;
    return prev;
  }

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

  /** @internal every item of a live process and its behaviour (the shell's `i()`, `ps()`), or null. */
  details(pid: Pid): ProcessDetails | null {
    const p = this.procOf(pid);
    return p === null ? null : details(p, currentProc());
  }

  /** @internal puts `msgs` at the front of `p`'s mailbox, in order, and makes `p` runnable. */
  pushFront(p: Proc, msgs: unknown[]): void {
    if (p.dead || msgs.length === 0) return;
    const mb = (p.mailbox ??= new Mailbox());
    for (let i = msgs.length - 1; i >= 0; i--) mb.unshift(msgs[i]);
    if (p.handler !== null && !p.busy && !p.suspended) this.enqueue(p);
  }

  /**
   * @internal resolves true once `p` has exited, or false after `ms` (Infinity: no limit).
   * Used by supervisors to wait for a child that traps exits.
   */
  awaitExit(p: Proc, ms: number): Promise<boolean> {
    if (p.dead) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const w = new ExitWaiter(this.current(), resolve);
      this.watch(p, w);
      if (ms !== Infinity) {
        w.timer = this.timers.add(ms, fireExitWaiter, w, this);
      }
    });
  }

  /** @internal stops (true) or resumes (false) handling messages in a handler process. */
  setSuspended(p: Proc, on: boolean): void {
    p.suspended = on;
    if (!on && !p.busy && p.mailbox !== null && p.mailbox.length > 0) this.enqueue(p);
  }

  /** Number of live processes. @example rt.count */
  get count(): number {
    return this.procs.size;
  }
}
