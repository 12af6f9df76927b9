/**
 * The GenServer server loop: the handler the runtime calls for each message of a server — its
 * callbacks, their results, timeouts and continues, `terminate`, crash reports and `sys`
 * requests. The client API is in `gen-server.ts`.
 *
 * @example
 * const server = new Server(Module, rt, caller); // then rt.startHandler(server, …) and server.init(arg)
 */
import { ArgumentError, Call, copyMessage, ENVELOPE, exitReason, hasThen, OPAQUE, Proc, runAs, runInProcess, Runtime } from '../runtime/kernel.js';
import type { Handler, HandlerInfo, KernelEvent, LastMessage, Timer, TraceStep } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';
import type { OnStart } from './gen-server-contract.js';

const CALL = 0, CAST = 1, INFO = 2, CONT = 3;

/**
 * A call or cast on its way to a server: one small object instead of the tuple
 * `['$gen_call', from, request]` / `['$gen_cast', request]` (it prints as that tuple, in
 * `mailbox(pid)` and `Process.info`). Sent by reference: the request inside is already a copy.
 * Both kinds share this base and its layout, so the server tells a request from any other
 * message with one `instanceof`, and a call from a cast by `from`.
 */
export abstract class GenRequest {
  constructor(
    /** The pending call (a `GenCall`), or null (a `GenCast`). */
    readonly from: Call | null,
    readonly req: unknown,
  ) {}
  /** The tuple it stands for. */
  abstract toJSON(): unknown[];
  // It reads as that tuple too, so a plain process that receives a call can take it apart as
  // Elixir's `{:"$gen_call", from, request}` and answer with `GenServer.reply(from, …)`.
  get 0(): unknown {
    return this.toJSON()[0];
  }
  get 1(): unknown {
    return this.toJSON()[1];
  }
  get 2(): unknown {
    return this.toJSON()[2];
  }
  get length(): number {
    return this.toJSON().length;
  }
  [Symbol.iterator](): Iterator<unknown> {
    return this.toJSON()[Symbol.iterator]();
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return inspect(this.toJSON());
  }
}
/** See {@link GenRequest}. */
export class GenCast extends GenRequest {
  constructor(req: unknown) {
    super(null, req);
  }
  toJSON(): unknown[] {
    return ['$gen_cast', this.req];
  }
}
/** See {@link GenRequest}. */
export class GenCall extends GenRequest {
  declare readonly from: Call;
  constructor(from: Call, req: unknown) {
    super(from, req);
  }
  toJSON(): unknown[] {
    return ['$gen_call', this.from, this.req];
  }
}
(GenCast.prototype as any)[OPAQUE] = true;
(GenCall.prototype as any)[OPAQUE] = true;
// The trace stream reports these as the casts and calls they are.
(GenCast.prototype as any)[ENVELOPE] = 'cast';
(GenCall.prototype as any)[ENVELOPE] = 'call';
/**
 * Envelopes for atom-like (string) cast requests, shared: an envelope is immutable, so a
 * million `GenServer.cast(pid, 'inc')` queue one object a million times instead of a million
 * objects (the allocation and its garbage were ~40% of a 10 × 100k cast fan-in).
 */
const castBoxes = new Map<string, GenCast>();
export function castEnvelope(req: unknown): GenCast {
  if (typeof req !== 'string') return new GenCast(copyMessage(req));
  let box = castBoxes.get(req);
  if (box === undefined) {
    box = new GenCast(req);
    if (castBoxes.size < 1024 && req.length <= 64) castBoxes.set(req, box);
  }
  return box;
}
/** See `Server.fns`. */
interface AsyncFns {
  invoke: () => unknown;
  after: (r: unknown) => unknown;
  fail: (e: unknown) => unknown;
}
const SYS_TRACE = 1, STREAMED = 2;
const CALLBACK = ['handle_call', 'handle_cast', 'handle_info', 'handle_continue'] as const;
const CONTINUE = { continue: true };
const NONE = Symbol('none');
/** What an async `init` stands for: it is refused uncalled. */
const ASYNC_INIT = Symbol('async init');

/** The module's name for reports: a class's name, or a `name` property. @example moduleName(MyKeyStore) // 'MyKeyStore' */
export function moduleName(mod: any): string {
  if (typeof mod === 'function') return mod.name || 'anonymous';
  if (typeof mod?.name === 'string' && mod.name) return mod.name;
  const ctor = Object.getPrototypeOf(mod)?.constructor;
  return ctor && ctor !== Object ? ctor.name : 'anonymous';
}

/** Refuses what cannot be a callback module (an object or a class). */
export function checkModule(mod: unknown): void {
  if (typeof mod !== 'function' && (typeof mod !== 'object' || mod === null)) {
    throw new ArgumentError(`a GenServer module must be an object or a class, got: ${inspect(mod)}`);
  }
}

/**
 * The callbacks object for `mod`: a class is instantiated (in the new server's process, by
 * `Server.init`), unless its callbacks are static.
 */
function callbacks(mod: any): any {
  if (typeof mod === 'function') {
    const proto = mod.prototype;
    const hasInstance = proto && ['init', ...CALLBACK].some((k) => typeof proto[k] === 'function');
    return hasInstance ? new mod() : mod;
  }
  return mod;
}

function isAsync(f: unknown): boolean {
  return typeof f === 'function' && f.constructor?.name === 'AsyncFunction';
}

/** One running server: the handler the runtime calls for each message. @example GenServer.start(MyKeyStore, []) // runs a Server */
export class Server implements Handler {
  proc!: Proc;
  state: unknown = undefined;
  parent: Proc;
  /** The server's runtime (its process's). */
  get rt(): Runtime {
    return this.proc.rt;
  }
  /** The callbacks (a class instance once `init` has made it). */
  mod: any;
  readonly modName: string;
  /** Bit `1 << kind` set: that callback is `async` (a number, not an array per server). */
  private asyncCb = 0;
  /** What is being handled (for the callback invoker and crash reports). */
  private kind = INFO;
  private msg: unknown = undefined;
  private from: Call | null = null;
  private cont: unknown = NONE;
  private idleTimer: Timer | null = null;
  private idleMarker: object | null = null;
  private stopFrom: Call | null = null;
  /**
   * Which traces are on: SYS_TRACE (`sys.trace`: `*DBG*` lines), STREAMED (the kernel's trace
   * stream watches this server: its state changes are reported). Not 0: the one check the loop makes.
   */
  private traces = 0;
  // Made on the first async callback: a server whose callbacks are all synchronous never
  // needs them (three closures and their context, ~200 B of every idle GenServer).
  private asyncFns: AsyncFns | null = null;

  /** `rt` is the runtime the server starts in: its process's, which `rt` reads from then on (not kept twice). */
  constructor(mod: any, rt: Runtime, parent: Proc) {
    void rt;
    this.mod = mod;
    this.modName = moduleName(mod);
    this.parent = parent;
  }

  describe(): HandlerInfo {
    return { behaviour: 'GenServer', module: this.modName, state: this.state };
  }

  /**
   * Makes the callbacks (`new mod()` for a class) and runs `init(arg)`, both in the new
   * process; returns the start result. A throwing constructor fails the start as `init` would.
   */
  init(arg: unknown): OnStart {
    let r: unknown;
    try {
      r = runAs(this.proc, (a: unknown) => {
        const mod = (this.mod = callbacks(this.mod));
        this.asyncCb = CALLBACK.reduce((bits, k, kind) => (isAsync(mod[k]) ? bits | (1 << kind) : bits), 0);
        // An async init is refused before it runs: called, its code after the first `await`
        // would run later on its own, outside any process and any turn (no Ctrl-C reaches it).
        if (isAsync(mod.init)) return ASYNC_INIT;
        return typeof mod.init === 'function' ? mod.init(a) : ['ok', a];
      }, arg);
    } catch (e) {
      const reason = exitReason(e);
      this.exitAfterStart(reason);
      return ['error', reason];
    }
    if (r === ASYNC_INIT || hasThen(r)) {
      if (r !== ASYNC_INIT) (r as Promise<unknown>).then(undefined, () => {});
      this.rt.exit_proc(this.proc, 'normal');
      throw new ArgumentError(
        `${this.modName}.init must be synchronous, as in Elixir, but it returned a Promise. ` +
          "Return ['ok', state, ['continue', arg]] and do the async work in handle_continue(arg, state).",
        'genrepl.async_init',
      );
    }
    if (r === 'ignore') {
      this.exitAfterStart('normal');
      return 'ignore';
    }
    if (Array.isArray(r) && r[0] === 'ok' && (r.length === 2 || r.length === 3)) {
      this.state = r[1];
      if (r.length === 3 && !this.extra(r[2])) return this.badInit(r);
      return ['ok', this.proc.pid];
    }
    if (Array.isArray(r) && r[0] === 'stop' && r.length === 2) {
      this.exitAfterStart(r[1]);
      return ['error', r[1]];
    }
    return this.badInit(r);
  }

  private badInit(r: unknown): OnStart {
    const reason = ['bad_return_value', r];
    this.exitAfterStart(reason);
    return ['error', reason];
  }

  /**
   * A failed start: the server exits now, but a linked caller gets the exit signal only after
   * `start_link` has returned `['error', reason]` to it — as on the BEAM, where the caller sees
   * the return value first and then dies of the link.
   */
  private exitAfterStart(reason: unknown): void {
    const parent = this.parent;
    const linked = parent.links?.has(this.proc) === true;
    if (linked) this.rt.unlink(this.proc.pid);
    this.rt.exit_proc(this.proc, reason);
    if (linked && reason !== 'normal') {
      const from = this.proc.pid;
      queueMicrotask(() => this.rt.signal(parent, from, reason, true));
    }
  }

  handle(msg: unknown): unknown {
    // The common cases first: one instanceof for both kinds of request.
    if (msg instanceof GenRequest) {
      if (this.idleTimer !== null || this.idleMarker !== null) this.clearIdle();
      const from = msg.from;
      return from === null ? this.dispatch(CAST, msg.req, null) : this.dispatch(CALL, msg.req, from);
    }
    const marker = this.idleMarker;
    if (marker !== null) {
      // The idle timeout fired (its timer is already gone): the marker becomes 'timeout'.
      if (msg === marker) {
        this.idleMarker = null;
        return this.dispatch(INFO, 'timeout', null);
      }
      this.clearIdle();
    } else if (this.idleTimer !== null) this.clearIdle();
    if (msg === CONTINUE) {
      const x = this.cont;
      this.cont = NONE;
      return this.dispatch(CONT, x, null);
    }
    if (Array.isArray(msg)) {
      const tag = msg[0];
      // A user may still send the tuples by hand, as in Elixir.
      if (tag === '$gen_call' && msg.length === 3 && msg[1] instanceof Call) return this.dispatch(CALL, msg[2], msg[1]);
      if (tag === '$gen_cast' && msg.length === 2) return this.dispatch(CAST, msg[1], null);
      if (tag === '$system' && msg.length === 3) return this.systemRequest(msg[1] as Call, msg[2] as unknown[]);
      if (tag === 'EXIT' && msg[1] === this.parent.pid && this.proc.trapExit) {
        this.kind = INFO;
        this.msg = msg;
        this.from = null;
        return this.terminate(msg[2]);
      }
    }
    return this.dispatch(INFO, msg, null);
  }

  /** Any message but the idle marker cancels the idle timeout. */
  private clearIdle(): void {
    if (this.idleTimer !== null) {
      this.rt.timers.remove(this.idleTimer);
      this.idleTimer = null;
    }
    this.idleMarker = null;
  }

  private dispatch(kind: number, msg: unknown, from: Call | null): unknown {
    this.kind = kind;
    this.msg = msg;
    this.from = from;
    if (this.traces !== 0) this.traceIn();
    let r: unknown;
    try {
      r = (this.asyncCb & (1 << kind)) !== 0 ? runInProcess(this.proc, this.fns().invoke, undefined) : this.invoke();
    } catch (e) {
      return this.fail(e);
    }
    if (r === NONE) return undefined;
    if (hasThen(r)) {
      const fns = this.fns();
      return r.then(fns.after, fns.fail);
    }
    return this.after(r);
  }

  /** The functions an async callback's turn needs, bound to this server on first use. */
  private fns(): AsyncFns {
    return (this.asyncFns ??= { invoke: () => this.invoke(), after: (v) => this.after(v), fail: (e) => this.fail(e) });
  }

  /** Calls the callback for the current message; NONE when a default handled it. */
  private invoke(): unknown {
    const mod = this.mod;
    switch (this.kind) {
      case CALL:
        if (typeof mod.handle_call !== 'function') {
          throw runtimeError(`attempted to call GenServer ${this.who()} but no handle_call/3 clause was provided`);
        }
        return mod.handle_call(this.msg, this.from, this.state);
      case CAST:
        if (typeof mod.handle_cast !== 'function') {
          throw runtimeError(`attempted to cast GenServer ${this.who()} but no handle_cast/2 clause was provided`);
        }
        return mod.handle_cast(this.msg, this.state);
      case INFO:
        if (typeof mod.handle_info !== 'function') {
          const p = this.proc;
          this.rt.logger.emit({ kind: 'unexpected_message', pid: p.pid, name: p.name, module: this.modName, msg: this.msg });
          return NONE;
        }
        return mod.handle_info(this.msg, this.state);
      default:
        if (typeof mod.handle_continue !== 'function') {
          throw runtimeError(`attempted to continue GenServer ${this.who()} but no handle_continue/2 clause was provided`);
        }
        return mod.handle_continue(this.msg, this.state);
    }
  }

  /** Applies a callback's return value. */
  private after(r: unknown): unknown {
    if (this.proc.dead) return undefined;
    if (Array.isArray(r)) {
      const tag = r[0], n = r.length;
      if (this.kind === CALL) {
        if (tag === 'reply' && (n === 3 || n === 4)) {
          try {
            this.rt.replyTo(this.from!, r[1]);
          } catch (e) {
            return this.fail(e); // copy-on-send refused the reply: the server's error
          }
          if (this.traces !== 0) this.trace({ kind: 'reply', value: r[1], to: this.from!.pid, state: r[2] });
          this.state = r[2];
          return n === 4 && !this.extra(r[3]) ? this.badReturn(r) : undefined;
        }
        if (tag === 'stop' && n === 4) {
          try {
            this.rt.replyTo(this.from!, r[2]);
          } catch (e) {
            return this.fail(e);
          }
          this.state = r[3];
          return this.terminate(r[1]);
        }
      }
      if (tag === 'noreply' && (n === 2 || n === 3)) {
        if (this.traces !== 0) this.trace({ kind: 'state', state: r[1] });
        this.state = r[1];
        return n === 3 && !this.extra(r[2]) ? this.badReturn(r) : undefined;
      }
      if (tag === 'stop' && n === 3) {
        this.state = r[2];
        return this.terminate(r[1]);
      }
    }
    return this.badReturn(r);
  }

  private badReturn(r: unknown): unknown {
    return this.terminate(['bad_return_value', r]);
  }

  /** Applies a timeout / continue / hibernate; false if `x` is none of those. */
  private extra(x: unknown): boolean {
    if (typeof x === 'number' && x >= 0) {
      if (x !== Infinity) this.idleTimer = this.rt.timers.add(x, fireIdle, this);
      return true;
    }
    if (x === 'hibernate' || x === 'infinity') return true;
    if (Array.isArray(x) && x[0] === 'continue' && x.length === 2) {
      this.cont = x[1];
      this.rt.pushFront(this.proc, [CONTINUE]);
      return true;
    }
    return false;
  }

  /** @internal the idle timeout fired: queue a marker that becomes `'timeout'`. */
  idle(t: Timer): void {
    if (this.idleTimer !== t) return;
    this.idleTimer = null;
    this.idleMarker = {};
    this.rt.deliver(this.proc, this.idleMarker);
  }

  /** The trace stream watches this server (or no longer): see `Handler.setTraced`. @example server.setTraced(true) */
  setTraced(on: boolean): void {
    this.traces = on ? this.traces | STREAMED : this.traces & ~STREAMED;
  }

  /** An error escaped the server outside a callback turn (a floating rejection): as a throw. */
  abort(e: unknown): void {
    this.fail(e);
  }

  /** A callback threw (or rejected): terminate with the error (or an exit(reason)'s reason). */
  private fail(e: unknown): unknown {
    if (this.proc.dead) return undefined;
    return this.terminate(exitReason(e));
  }

  /** Runs `terminate(reason, state)`, reports an abnormal stop, and exits. */
  private terminate(reason: unknown): unknown {
    const mod = this.mod;
    if (typeof mod.terminate === 'function') {
      let r: unknown;
      try {
        const call = (s: unknown) => mod.terminate(reason, s);
        r = isAsync(mod.terminate) ? runInProcess(this.proc, call, this.state) : runAs(this.proc, call, this.state);
      } catch (e) {
        return this.finish(exitReason(e));
      }
      if (hasThen(r)) {
        return r.then(
          () => this.finish(reason),
          (e) => this.finish(exitReason(e)),
        );
      }
    }
    return this.finish(reason);
  }

  private finish(reason: unknown): undefined {
    if (this.proc.dead) return undefined;
    // The report is gathered now (what was handled, the state) and written after the exit is
    // signalled: nothing about the exit depends on printing.
    const report = isNormal(reason) ? null : this.report(reason);
    // GenServer.stop answers once terminate is done, just before the exit.
    if (this.stopFrom !== null) this.rt.replyTo(this.stopFrom, 'ok');
    this.rt.exit_proc(this.proc, reason);
    this.clearIdle();
    if (report !== null) this.rt.logger.emit(report);
    this.state = undefined;
    return undefined;
  }

  /** iex's crash report, as an event: reason, last message, state, client. */
  private report(reason: unknown): KernelEvent {
    const from = this.kind === CALL ? this.from : null;
    const p = this.proc;
    return {
      kind: 'gen_server_terminating',
      pid: p.pid,
      name: p.name,
      module: this.modName,
      reason,
      last: this.last(),
      state: this.state,
      client: from === null ? null : { pid: from.pid, alive: this.rt.alive(from.pid) },
    };
  }

  /** What is being handled, for reports and traces. */
  private last(): LastMessage {
    switch (this.kind) {
      case CALL:
        return this.from !== null ? { kind: 'call', request: this.msg, from: this.from.pid } : { kind: 'info', msg: this.msg };
      case CAST:
        return { kind: 'cast', request: this.msg };
      case CONT:
        return { kind: 'continue', value: this.msg };
      default:
        return { kind: 'info', msg: this.msg };
    }
  }

  /** How reports name this server: its registered name, or its pid. */
  who(): string {
    return this.proc.name !== null ? inspect(this.proc.name) : String(this.proc.pid);
  }

  private trace(step: TraceStep): void {
    if ((this.traces & SYS_TRACE) !== 0) this.rt.logger.emit({ kind: 'trace', pid: this.proc.pid, name: this.proc.name, step });
    if ((this.traces & STREAMED) !== 0 && (step.kind === 'reply' || step.kind === 'state')) this.rt.trace.emit({ kind: 'state', pid: this.proc.pid, state: step.state });
  }

  private traceIn(): void {
    if ((this.traces & SYS_TRACE) !== 0) this.trace(this.last());
  }

  /**
   * A system request; a reply copy-on-send refuses (a state holding a class instance with
   * private fields) fails that call with the ArgumentError as its reason and leaves the server
   * running, as a failing `replace_state` function does.
   */
  private systemRequest(from: Call, req: unknown[]): unknown {
    try {
      return this.system(from, req);
    } catch (e) {
      if (from.done) throw e;
      this.rt.failCall(from, exitReason(e));
      return undefined;
    }
  }

  /** System requests (sys.*, GenServer.stop): answered even while suspended. */
  private system(from: Call, req: unknown[]): unknown {
    switch (req[0]) {
      case 'get_state':
        this.rt.replyTo(from, this.state);
        return undefined;
      case 'replace_state': {
        let s: unknown;
        try {
          s = runAs(this.proc, req[1] as (x: unknown) => unknown, this.state);
        } catch (e) {
          this.rt.failCall(from, ['callback_failed', e]);
          return undefined;
        }
        this.state = s;
        this.rt.replyTo(from, s);
        return undefined;
      }
      case 'get_status': {
        const status = this.proc.suspended ? 'suspended' : 'running';
        this.rt.replyTo(from, [
          'status', this.proc.pid, ['module', 'gen_server'],
          [{}, status, this.parent.pid, [], [
            ['header', `Status for generic server ${this.who()}`],
            ['data', [['Status', status], ['Parent', this.parent.pid], ['Logged events', []]]],
            ['data', [['State', this.state]]],
          ]],
        ]);
        return undefined;
      }
      case 'suspend':
        this.rt.setSuspended(this.proc, true);
        this.rt.replyTo(from, 'ok');
        return undefined;
      case 'resume':
        this.rt.setSuspended(this.proc, false);
        this.rt.replyTo(from, 'ok');
        return undefined;
      case 'trace':
        this.traces = req[1] === true ? this.traces | SYS_TRACE : this.traces & ~SYS_TRACE;
        this.rt.replyTo(from, 'ok');
        return undefined;
      case 'terminate':
        this.kind = INFO;
        this.msg = ['$system', 'terminate', req[1]];
        this.from = null;
        this.stopFrom = from;
        return this.terminate(req[1]);
    }
    this.rt.failCall(from, ['unknown_system_message', req[0]]);
    return undefined;
  }
}

function fireIdle(t: Timer): void {
  (t.a as Server).idle(t);
}

/** Reasons that end a process quietly: normal, shutdown, ['shutdown', x]. @example isNormal(['shutdown', 'bye']) // true */
export function isNormal(reason: unknown): boolean {
  return reason === 'normal' || reason === 'shutdown' || (Array.isArray(reason) && reason.length === 2 && reason[0] === 'shutdown');
}

function runtimeError(message: string): Error {
  const e = new Error(message);
  e.name = 'RuntimeError';
  return e;
}
