/**
 * The scheduler: the only part of the kernel that calls user code. It knows which process is
 * running (synchronously: the handler or body it called; after an `await`: the async context),
 * keeps the run queue, and runs turns of up to `budget` messages, each process up to `slice`
 * at a time, then yields to the event loop (`setImmediate`) so I/O, timers and the shell stay
 * responsive. Everything user code throws or rejects is caught here and handed to the rest of
 * the kernel through {@link TurnEnds}; the scheduler itself signals no one.
 *
 * Two kinds of process share it: a **body** (`spawn(async () => { … await receive() … })`) and
 * a **handler** process (a callback per message, which GenServer runs on): handler dispatch
 * allocates no Promise and no closure per message.
 *
 * @example
 * const sched = new Scheduler(clock, rt, {});
 * sched.enqueue(p); // p runs on the next turn (a microtask away)
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import vm from 'node:vm';
import type { Clock } from './clock.js';
import { Mailbox } from './mailbox.js';
import { F, FN_HANDLER, Proc, type Settle } from './process.js';
import { exitReason } from './errors.js';

/** What the scheduler hands to the rest of the kernel: the ends of user code. */
export interface TurnEnds {
  /** User code of `p` threw or rejected `e`. */
  crash(p: Proc, e: unknown): void;
  /** `p`'s body returned (reason `'normal'`). */
  exit_proc(p: Proc, reason: unknown): void;
  /** A Ctrl-C stopped `p`'s turn. */
  interrupt(p: Proc): void;
  /** `p`'s receive was deferred past the budget: hand it the first matching message of `mb`. */
  takeDeferred(p: Proc, mb: Mailbox): void;
}

/** Options of a {@link Scheduler}. */
export interface SchedulerOptions {
  /** Messages run per turn before yielding to the event loop (default 4096). */
  budget?: number;
  /** Messages one process runs before the next process gets its turn (default 64). */
  slice?: number;
}

// ---- the current process, across runtimes ----

/** The process whose handler or body is running synchronously right now. */
let active: Proc | null = null;
/** Async context for bodies and async callbacks, enabled on first need (it taxes every Promise). */
let als: AsyncLocalStorage<Proc> | null = null;

/**
 * Turns async context on, once per program: from then on a process's promises and timers
 * carry it, so `self()` is right after an `await` and what escapes them ends that process
 * (see strays.ts). @example enableAls()
 */
export function enableAls(): void {
  als ??= new AsyncLocalStorage<Proc>();
}

/** The process running now (handler turn or async context), or null outside every process. @example running() */
export function running(): Proc | null {
  if (active !== null) return active;
  if (als !== null) {
    const p = als.getStore();
    if (p !== undefined) return p;
  }
  return null;
}

/** The process whose async context this is (a continuation, a timer, a promise), or undefined. @example asyncOwner() */
export function asyncOwner(): Proc | undefined {
  return als?.getStore();
}

/**
 * True when the code sending is the continuation of a dead process (its message is dropped).
 * A handler turn (`active` set) is alive by construction, and with no async context there is
 * no continuation to ask about: the common paths pay one comparison. @example deadSender()
 */
export function deadSender(): boolean {
  if (active !== null || als === null) return false;
  const me = als.getStore();
  return me !== undefined && me.dead;
}

/** Runs `fn(arg)` as process `p` with async context, so `self()` stays `p` after awaits. @example runInProcess(p, init, args) */
export function runInProcess<A, R>(p: Proc, fn: (arg: A) => R, arg: A): R {
  const prev = active;
  active = p;
  try {
    enableAls();
    return als!.run(p, fn, arg);
  } finally {
    active = prev;
  }
}

/** Runs `fn(arg)` synchronously as process `p` (no async context: for sync callbacks). @example runAs(p, match, msg) */
export function runAs<A, R>(p: Proc, fn: (arg: A) => R, arg: A): R {
  const prev = active;
  active = p;
  try {
    return fn(arg);
  } finally {
    active = prev;
  }
}

/** A system message (`['$system', from, request]`): handled even while a process is suspended. @example isSystem(['$system', from, 'get_state']) */
export function isSystem(msg: unknown): boolean {
  return Array.isArray(msg) && msg[0] === '$system';
}

/** True for a thenable (a Promise or alike). @example hasThen(Promise.resolve()) // true */
export function hasThen(r: unknown): r is PromiseLike<unknown> {
  return typeof r === 'object' && r !== null && typeof (r as any).then === 'function';
}

const INTERRUPTED = 'ERR_SCRIPT_EXECUTION_INTERRUPTED';

/**
 * Thrown out of an interrupted turn to Node's uncaught-exception handling (which repairs the
 * async context stack), where strays.ts catches it and calls `afterInterrupt`.
 */
export class Interruption {
  constructor(
    readonly sched: Scheduler,
    /** The process whose code was stopped, or null (code of no process). */
    readonly p: Proc | null,
  ) {}
}

let interruptionsEscape = false;
/** Says that an uncaught {@link Interruption} is caught (strays.ts listens). @example catchInterruptions() */
export function catchInterruptions(): void {
  interruptionsEscape = true;
}
/** The interruption on its way through Node's uncaught-exception handling, if any. */
let escaping: Interruption | null = null;

/** True while an interruption is on its way to be handled (see strays.ts). @example interruptionEscaping() */
export function interruptionEscaping(): boolean {
  return escaping !== null;
}

/**
 * Finishes an interruption that reached Node's uncaught-exception handling (the stopped
 * process ends, the rest runs on); false for any other error. @example if (handleInterruption(e)) return
 */
export function handleInterruption(e: unknown): boolean {
  if (!(e instanceof Interruption)) return false;
  if (escaping === e) escaping = null;
  e.sched.afterInterrupt(e.p);
  return true;
}
const AsyncFunction = (async () => {}).constructor;
/** Whether `fn` is an `async` function. @example isAsyncFunction(async () => 1) // true */
export function isAsyncFunction(fn: Function): boolean {
  return fn.constructor === AsyncFunction;
}

/** What {@link startInProcess} returns for a body whose end it watches itself. */
const WATCHED = Symbol('watched');
/**
 * Starts a body inside its process's async context. The native promise an async body returns
 * is watched from there by two shared functions, which find their process in that context: no
 * closure pair and no context object per process (~160 B each of an idle body's memory).
 */
function startInProcess(fn: () => unknown): unknown {
  const r = fn();
  if (!(r instanceof Promise)) return r;
  r.then(bodyReturned, bodyThrew);
  return WATCHED;
}
function bodyReturned(): void {
  const p = als!.getStore()!;
  p.rt.exit_proc(p, 'normal');
}
function bodyThrew(e: unknown): void {
  failed(als!.getStore()!, e);
}

/**
 * User code of `p` threw or rejected `e`: `p` ends with it, or, when `p` has already exited (a
 * killed body's continuation that resumed and threw), its exit stands and the error is
 * reported as its own. @example failed(p, new Error('boom'))
 */
export function failed(p: Proc, e: unknown): void {
  if (p.dead) reportAfterExit(p, e);
  else p.rt.crash(p, e);
}

/**
 * Reports `e`, raised by `p` after it had exited, as iex does ("raised an exception after it had
 * exited with reason: …"); an exit signal stays quiet. @example reportAfterExit(p, e)
 */
export function reportAfterExit(p: Proc, e: unknown): void {
  if (exitReason(e) === e) p.rt.logger.emit({ kind: 'error_after_exit', pid: p.pid, error: e, reason: p.exitReason });
}
const DRAIN_KEY = Symbol.for('genrepl.drain');
let drainScript: vm.Script | null = null;
const RESOLVED = Promise.resolve();

/** A runtime's run queue and turns (see the module doc). */
export class Scheduler {
  /** With `interruptible`: called before and after each turn (the shell leaves raw mode). */
  onDrain: [() => void, () => void] | null = null;
  /** Messages run in this turn so far (a receive served at once counts too). */
  turnOps = 0;
  readonly budget: number;
  /**
   * Up to how many messages this turn may hand a waiting receive at once, outside a turn: the
   * budget, or 0 with `interruptResumed` (then every resumption happens inside a guarded turn).
   */
  direct: number;
  private guarded = false;
  private resumed = false;
  /** Settlements (a sleep's wake-up, a receive's timeout) kept for the next turn with `interruptResumed`. */
  private settles: { fn: (v: unknown) => void; v: unknown }[] | null = null;
  private readonly slice: number;
  private readonly runQ = new Mailbox<Proc>();
  private drainScheduled = false;
  private draining = false;
  private mainWaits = 0;
  /** main started or stopped waiting since the last turn: the clock's keep-alive is synced at the turn's end. */
  private keepDirty = false;
  /**
   * The turn a microtask away, or past the turn's budget (always, with interruptResumed: direct
   * is 0) one after I/O. Decided here, not in scheduleDrain: that one is inlined into every send
   * and call, and its rare branch, first taken after 4,096 messages, had no type feedback there,
   * so each function it was inlined into was deoptimised and compiled again.
   */
  private readonly drainMicro = () => {
    if (this.turnOps < this.direct) this.runDrain();
    else setImmediate(this.drainMacro);
  };
  private readonly drainMacro = () => {
    this.turnOps = 0;
    this.runDrain();
  };
  private readonly runHandlerBound = (p: Proc, mb: Mailbox) => this.runHandler(p, mb);
  private readonly afterInterruptBound = (p: Proc | null) => this.afterInterrupt(p);

  constructor(
    private readonly clock: Clock,
    private readonly ends: TurnEnds,
    opts: SchedulerOptions,
  ) {
    this.budget = opts.budget ?? 4096;
    this.slice = opts.slice ?? 64;
    this.direct = this.budget;
  }

  /**
   * When true, a Ctrl-C (SIGINT) during a turn kills the process whose handler or body runs
   * (the shell sets this): each turn runs inside a guarded call (see runDrain). Off, it costs
   * nothing. @example rt.sched.interruptible = true
   */
  get interruptible(): boolean {
    return this.guarded;
  }
  set interruptible(on: boolean) {
    this.guarded = on;
  }

  /**
   * When true, the code a turn resumes after an `await` (the continuation of a body or of an
   * async callback) runs inside the turn's guarded call too, so a Ctrl-C stops a loop there.
   * Turns then run as macrotasks: what a turn prints comes after the current macrotask's
   * output (see the README's Interrupting code). Off, it costs nothing.
   * @example rt.sched.interruptResumed = true
   */
  get interruptResumed(): boolean {
    return this.resumed;
  }
  set interruptResumed(on: boolean) {
    this.resumed = on;
    this.direct = on ? 0 : this.budget;
  }

  /**
   * Calls `fn(v)` now, or, with `interruptResumed`, in the next turn, so the code it resumes
   * runs guarded. For settlements that come from outside a turn (timers). @example sched.settle(resolve, 'ok')
   */
  settle(fn: (v: unknown) => void, v: unknown): void {
    if (!this.resumed) return fn(v);
    (this.settles ??= []).push({ fn, v });
    this.scheduleDrain();
  }

  /** Puts `p` on the run queue and makes sure a turn is coming. @example sched.enqueue(p) */
  enqueue(p: Proc): void {
    if ((p.flags & F.QUEUED) !== 0) return;
    p.flags |= F.QUEUED;
    this.runQ.push(p);
    this.scheduleDrain();
  }

  /**
   * Counts main's waits (`delta` is +1 or -1); while main waits, pending timers keep Node
   * alive. @example sched.mainWait(1)
   */
  mainWait(delta: number): void {
    const before = this.mainWaits;
    this.mainWaits += delta;
    // Synced once per turn, not per wait: a call from main starts and ends a wait within one
    // turn, and toggling the timer handle each time cost ~5% of a call. A turn is always
    // coming (a microtask), so Node cannot go idle with a stale keep-alive.
    if ((before === 0) !== (this.mainWaits === 0) && !this.keepDirty) {
      this.keepDirty = true;
      this.scheduleDrain();
    }
  }

  /**
   * Resolves once no process is runnable (the run queue is empty after a turn of the event
   * loop), however many turns that takes. @example await sched.idle()
   */
  async idle(): Promise<void> {
    for (;;) {
      await new Promise<void>((r) => setImmediate(r));
      if (this.runQ.length === 0 && !this.drainScheduled && !this.draining) {
        await new Promise<void>((r) => setImmediate(r));
        if (this.runQ.length === 0 && !this.drainScheduled) return;
      }
    }
  }

  /**
   * Resolves once the turns due now have run: the one scheduled (or running) and those it
   * chains without waiting for a timer or I/O (the runnable processes, wake-ups handed over),
   * at most `maxTurns` of them. Unlike {@link idle} it never waits for the runtime to be idle:
   * a process that keeps waking itself (a timer loop, two processes playing ping-pong) does not
   * hold it. Costs nothing while no one waits. @example send(pid, 'go'); await sched.afterTurns()
   */
  async afterTurns(maxTurns = 64): Promise<void> {
    // Turns are reactions or setImmediate callbacks queued before this one: one round of the
    // event loop's check phase runs them first.
    for (let n = 0; n < maxTurns; n++) {
      await new Promise<void>((r) => setImmediate(r));
      if (this.runQ.length === 0 && !this.drainScheduled && !this.draining && this.settles === null) return;
    }
  }

  /** Makes sure a turn is coming: a microtask while the budget lasts, else after I/O. */
  private scheduleDrain(): void {
    if (this.drainScheduled || this.draining) return;
    this.drainScheduled = true;
    // A reaction on a settled promise, not queueMicrotask: Node wraps each queueMicrotask
    // callback in an AsyncResource (~85 ns more per message round trip). drainMicro moves the
    // turn to a macrotask past the budget, and always with interruptResumed (a macrotask's
    // uncaught exception Node can repair the async context after, see runDrain).
    RESOLVED.then(this.drainMicro);
  }

  private runDrain(): void {
    this.drainScheduled = false;
    if (!this.guarded && !this.resumed) {
      this.drain();
      return;
    }
    drainScript ??= new vm.Script(`globalThis[Symbol.for('genrepl.drain')]()`, { filename: 'genrepl:scheduler' });
    (globalThis as any)[DRAIN_KEY] = this.resumed ? this.drainResumed : this.drainPlain;
    const hooks = this.onDrain;
    hooks?.[0]();
    let culprit: Proc | null | undefined;
    try {
      drainScript.runInThisContext({ breakOnSigint: true });
    } catch (e) {
      if ((e as any)?.code !== INTERRUPTED) throw e;
      // Stopped in a turn (`active`) or in code a turn resumed (its async context is still the
      // one entered, as the stop skipped every way out).
      culprit = active ?? (this.resumed ? asyncOwner() : undefined) ?? null;
      active = null;
      this.draining = false;
    } finally {
      hooks?.[1]();
    }
    if (culprit === undefined) return;
    // Stopping resumed code mid-way leaves Node's async context stack unbalanced; Node
    // rebalances it after an uncaught exception someone handles (strays.ts does, and calls
    // afterInterrupt). A turn is a macrotask then, so the exception leaves it at once.
    if (this.resumed && interruptionsEscape) throw (escaping = new Interruption(this, culprit));
    this.afterInterrupt(culprit);
  }

  private readonly drainPlain = (): void => this.drain();

  /** One guarded turn: the runnable processes, then the code they resumed (microtasks), until both are done or the budget is. */
  private readonly drainResumed = (): void => {
    // Node's own tick processing, called early: it runs the microtasks now, inside the guard
    // (the continuations of bodies and async callbacks a run resumed). After each run, alone:
    // when V8 stops code it drops every microtask still queued, so only the stopped process's
    // own are lost. Without it (a later Node), resumed code runs unguarded, as before.
    const tick = (process as any)._tickCallback as (() => void) | undefined;
    const after = tick === undefined ? null : () => tick.call(process);
    do {
      if (this.settles !== null) this.runSettles(after);
      this.drain(after);
    } while (this.runQ.length + (this.settles?.length ?? 0) > 0 && this.turnOps < this.budget && after !== null);
  };

  private runSettles(after: (() => void) | null): void {
    const list = this.settles!;
    this.settles = null;
    for (const { fn, v } of list) {
      fn(v);
      after?.();
    }
  }

  /**
   * After a Ctrl-C stopped a turn: the process it stopped (if any) ends with `'interrupted'`,
   * and the rest runs on. @example sched.afterInterrupt(p)
   */
  afterInterrupt(p: Proc | null): void {
    // Called where the stopped code's async context is still the current one: what happens
    // now must not inherit it.
    if (als !== null && als.getStore() !== undefined) return als.exit(this.afterInterruptBound, p);
    if (p !== null && !p.dead) this.ends.interrupt(p);
    if ((this.runQ.length > 0 || this.settles !== null) && !this.drainScheduled) {
      this.drainScheduled = true;
      setImmediate(this.drainMacro);
    }
  }

  /** Runs the run queue within the budget; `after` (guarded turns only) runs after each process's run. */
  private drain(after: (() => void) | null = null): void {
    this.draining = true;
    const q = this.runQ;
    let ops = 0;
    try {
      while (q.length > 0 && this.turnOps + ops < this.budget) {
        const p = q.shift() as Proc;
        if (((p.flags &= ~F.QUEUED) & F.DEAD) !== 0) continue;
        ops += this.run(p);
        if (after !== null) after();
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
    }
  }

  /** Runs one process's turn; returns how many messages it took. */
  private run(p: Proc): number {
    if ((p.flags & F.UNSTARTED) !== 0) {
      p.flags &= ~F.UNSTARTED;
      this.startBody(p, p.fn as () => unknown);
      return 1;
    }
    const mb = p.mailbox;
    if (mb === null) return 0;
    if (p.handler === null) {
      // A body or main whose receive was deferred past the budget.
      if (p.waitResolve !== null && mb.length > 0) this.ends.takeDeferred(p, mb);
      return 1;
    }
    // With async context on, what this slice starts (a floating promise, a timer) belongs to p:
    // one context switch per slice of up to `slice` messages, none while it is off (an async
    // function handler turned it on when it was spawned, see spawn.ts).
    return als === null ? this.runHandler(p, mb) : als.run(p, this.runHandlerBound, p, mb);
  }

  /** Runs up to `slice` messages of handler process `p`; returns how many it took. */
  private runHandler(p: Proc, mb: Mailbox): number {
    const h = p.handler!;
    const fn = h === FN_HANDLER ? p.fn : null;
    let n = 0;
    while (n < this.slice && mb.length > 0 && (p.flags & (F.BUSY | F.DEAD)) === 0) {
      let msg: unknown;
      if ((p.flags & F.SUSPENDED) === 0) msg = mb.shift();
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
        this.ends.crash(p, e);
      }
    }
    active = null;
    if (mb.length > 0 && (p.flags & (F.BUSY | F.DEAD)) === 0 && ((p.flags & F.SUSPENDED) === 0 || mb.findIndex(isSystem) >= 0)) this.enqueue(p);
    return n;
  }

  private awaitHandler(p: Proc, r: PromiseLike<unknown>): void {
    p.flags |= F.BUSY;
    // A handler that went async (a plain function returning a promise): its next turns run with
    // async context, so their continuations name it.
    enableAls();
    const s = p.settle ?? this.settlers(p);
    r.then(s.ok, s.err);
  }

  /** Makes `p`'s two settle functions, once (a closure here, not in awaitHandler, which would allocate its context on every async turn). */
  private settlers(p: Proc): Settle {
    return (p.settle = {
      ok: () => {
        p.busy = false;
        if (!p.dead && p.mailbox !== null && p.mailbox.length > 0 && !p.suspended) this.enqueue(p);
      },
      err: (e) => {
        p.busy = false;
        failed(p, e);
      },
    });
  }

  private startBody(p: Proc, fn: () => unknown): void {
    let r: unknown;
    try {
      // An async body needs async context (self() after an await); a plain function does not,
      // and async context taxes every Promise in the program once it is on.
      // With async context on, a plain body runs in it too: what it starts belongs to it.
      r = isAsyncFunction(fn) || als !== null ? runInProcess(p, startInProcess, fn) : runAs(p, fn, undefined);
    } catch (e) {
      this.ends.crash(p, e);
      return;
    }
    if (r === WATCHED) return;
    if (hasThen(r)) this.watchEnd(p, r);
    else this.ends.exit_proc(p, 'normal');
  }

  /** Ends `p` when the thenable its body returned settles (closures here, not in startBody, which would allocate their context on every start). */
  private watchEnd(p: Proc, r: PromiseLike<unknown>): void {
    r.then(
      () => this.ends.exit_proc(p, 'normal'),
      (e) => failed(p, e),
    );
  }

}
