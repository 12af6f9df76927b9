/**
 * The process record and the two kinds of watcher a process can have: a `Monitor` (delivers
 * `['DOWN', ref, 'process', pid, reason]`) and a `Call` (a pending synchronous request, which
 * fails when its target dies). Both sit in an intrusive doubly linked list on the watched
 * process, so adding and removing one is O(1) with no hashing — a `GenServer.call` adds and
 * removes one per request.
 *
 * Nothing here runs user code; the scheduler in `runtime.ts` does.
 *
 * @example
 * // Internal: the runtime creates records; users hold only the Pid.
 * const p = rt.procOf(self());
 */
import type { Mailbox } from './mailbox.js';
import type { Pid, Ref } from './pid.js';
import type { Timer } from './timers.js';
import type { Runtime } from './runtime.js';
import { OPAQUE } from './copy.js';

/** What a handler process runs for each message; may return a Promise (an async handler). */
export interface Handler {
  handle(msg: unknown): unknown;
  /** Module name, behaviour and state, for `Process.info`, `ps()` and `sys`. */
  describe?(): HandlerInfo;
  /**
   * An error escaped this process outside a turn (a floating rejection, a throw in its own
   * timer): the behaviour ends the process as if its callback had thrown `e`.
   */
  abort?(e: unknown): void;
  /** The trace stream watches this process now (`on`) or no longer: report state changes (`rt.trace.emit`) while on. */
  setTraced?(on: boolean): void;
}

/** What a behaviour reports about itself. */
export interface HandlerInfo {
  behaviour: string;
  module: string;
  state?: unknown;
}

/** `[module, function, arity]`, as Elixir's `initial_call`. */
export type Mfa = [string, string, number];

/**
 * The bits of `Proc.flags`. The kernel's hot paths (send, deliver, the scheduler) test them
 * directly: an accessor is a call until the function is optimised, and a process's first
 * thousands of messages run before that.
 */
export const enum F {
  DEAD = 1,
  BUSY = 2,
  QUEUED = 4,
  SUSPENDED = 8,
  TRAP_EXIT = 16,
  UNSTARTED = 32,
}

/**
 * One process. Fields are the runtime's; users see only `pid`. Its six yes/no states are bits
 * of one integer, read and written through accessors (inlined by the compiler): five booleans
 * and a field for the body not started yet cost 48 B of every process.
 */
export class Proc {
  mailbox: Mailbox | null = null;
  handler: Handler | null = null;
  /** A function handler (then `handler` is `FN_HANDLER`), or the body's function. */
  fn: ((msg: unknown) => unknown) | null = null;
  /** @internal the bits of {@link F} (the boolean accessors below the class read and write them). */
  flags = 0;
  /** A body not started yet (runs on the next scheduler turn): `fn` until then, else null. */
  get body(): (() => unknown) | null {
    return (this.flags & F.UNSTARTED) !== 0 ? (this.fn as () => unknown) : null;
  }
  set body(f: (() => unknown) | null) {
    if (f === null) this.flags &= ~F.UNSTARTED;
    else {
      this.fn = f as (msg: unknown) => unknown;
      this.flags |= F.UNSTARTED;
    }
  }
  declare dead: boolean;
  /** An async handler has not settled yet. */
  declare busy: boolean;
  /** In the run queue. */
  declare queued: boolean;
  declare suspended: boolean;
  declare trapExit: boolean;
  name: string | null = null;
  reductions = 0;
  exitReason: unknown = undefined;
  links: Set<Proc> | null = null;
  /** Monitors this process holds on others, by ref. */
  monitors: Map<Ref, Monitor> | null = null;
  /** Monitors and calls watching this process. */
  watchers: Watcher | null = null;
  waitResolve: ((m: unknown) => void) | null = null;
  waitMatch: ((m: unknown) => unknown) | null = null;
  waitTimer: Timer | null = null;
  /** Bound once per process, on its first async handler: what its turn's promise settles with. */
  settle: Settle | null = null;
  constructor(
    readonly rt: Runtime,
    readonly pid: Pid,
    /** Given by behaviours; otherwise derived from `fn` (see `mfa`). */
    readonly initialCall: Mfa | null,
  ) {
    pid.proc = this;
  }

  /** `[module, function, arity]`: Elixir's `initial_call` (a copy: a behaviour's is shared by its processes). */
  mfa(): Mfa {
    if (this.initialCall !== null) return [...this.initialCall];
    const name = this.fn?.name || 'anonymous';
    return this.handler !== null ? ['spawn_handler', name, 1] : ['spawn', name, 0];
  }
}

// The yes/no states as boolean properties over their bits (one getter and setter each, on the
// prototype: monomorphic, inlined where hot).
for (const [name, bit] of [['dead', F.DEAD], ['busy', F.BUSY], ['queued', F.QUEUED], ['suspended', F.SUSPENDED], ['trapExit', F.TRAP_EXIT]] as const) {
  Object.defineProperty(Proc.prototype, name, {
    get(this: Proc): boolean {
      return (this.flags & bit) !== 0;
    },
    set(this: Proc, on: boolean): void {
      this.flags = on ? this.flags | bit : this.flags & ~bit;
    },
  });
}

/** The two functions an async handler's turn settles with (see `Proc.settle`). */
export interface Settle {
  ok: (v: unknown) => void;
  err: (e: unknown) => void;
}

/** The handler of every process whose handler is a plain function (kept in `Proc.fn`). */
export const FN_HANDLER: Handler = {
  handle(): never {
    throw new Error('FN_HANDLER is a marker');
  },
};

/** Something `watcher` keeps on `target` (in the target's intrusive list); `down` runs once when the target exits. */
export abstract class Watcher {
  prev: Watcher | null = null;
  next: Watcher | null = null;
  target: Proc | null = null;
  constructor(readonly watcher: Proc) {}
  abstract down(pid: Pid, reason: unknown): void;
}

/** A monitor held by `watcher` on `target`: delivers `['DOWN', ref, 'process', pid, reason]` once. */
export class Monitor extends Watcher {
  constructor(
    readonly ref: Ref,
    watcher: Proc,
  ) {
    super(watcher);
  }
  /** Delivers `['DOWN', ref, 'process', pid, reason]` to the watcher. */
  down(pid: Pid, reason: unknown): void {
    this.watcher.monitors?.delete(this.ref);
    this.watcher.rt.deliver(this.watcher, ['DOWN', this.ref, 'process', pid, reason]);
  }
}

/**
 * A pending synchronous request (Elixir's `from`): the caller waits on `promise`; the server
 * answers through `GenServer.reply(from, value)`. It iterates as `[pid, tag]`, like Elixir's
 * `{pid, tag}`, and is sent by reference. A reply after the call ended is dropped.
 */
export class Call extends Watcher {
  done = false;
  timer: Timer | null = null;
  resolve: (v: unknown) => void = noop;
  reject: (e: unknown) => void = noop;
  /** Made on first use: most calls are answered without anyone looking at their tag. */
  private tagRef: Ref | null = null;
  /**
   * Whether Ctrl-C may abandon it while the shell waits (`cancelCalls`): true for a request
   * (GenServer.call, sys); false for a call whose result is kept to be awaited again (a Task's).
   * On the prototype, so a call pays nothing for it.
   */
  declare abandonable: boolean;
  /**
   * What the request is on the wire to another node: `'$gen_call'` (GenServer.call, Task), or
   * `'system'` for a system request (sys.*, GenServer.stop). On the prototype, as `abandonable`.
   */
  declare label: '$gen_call' | 'system';
  constructor(
    watcher: Proc,
    /** Builds the error for a failed call from its reason ('noproc', 'timeout', an exit reason). */
    readonly fail: (call: Call, reason: unknown) => Error,
    /** What the caller asked, for error texts: the server as given, the request, the timeout. */
    readonly server: unknown,
    readonly request: unknown,
    readonly timeout: number,
  ) {
    super(watcher);
  }
  /** The caller's pid. */
  get pid(): Pid {
    return this.watcher.pid;
  }
  /** The call's unique tag. */
  get tag(): Ref {
    return (this.tagRef ??= this.watcher.rt.make_ref());
  }
  override down(_pid: Pid, reason: unknown): void {
    this.watcher.rt.failCall(this, reason);
  }
  *[Symbol.iterator](): IterableIterator<Pid | Ref> {
    yield this.watcher.pid;
    yield this.tag;
  }
  override toString(): string {
    return `[${this.watcher.pid}, ${this.tag}]`;
  }
  /** As the pair it iterates as. */
  toJSON(): [Pid, Ref] {
    return [this.watcher.pid, this.tag];
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
(Call.prototype as any)[OPAQUE] = true;
Call.prototype.abandonable = true;
Call.prototype.label = '$gen_call';

function noop(): void {}

