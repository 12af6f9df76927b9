/**
 * GenServer: a process that holds state and answers requests, with Elixir's callbacks and
 * contracts. A callback module is a plain object with methods, a class (instantiated once per
 * server) or a class with static methods. Callbacks return Elixir's shapes as arrays; the tiny
 * constructors `reply`, `noreply` and `stop` build them.
 *
 * ```ts
 * const Stack: GenServerModule<number[]> = {
 *   init(items: number[]) { return ['ok', items]; },
 *   handle_call(req: 'pop', _from: From, [top, ...rest]: number[]) { return reply(top, rest); },
 *   handle_cast(req: ['push', number], items: number[]) { return noreply([req[1], ...items]); },
 * };
 * const [, pid] = GenServer.start(Stack, [1]);
 * GenServer.cast(pid, ['push', 2]);
 * await GenServer.call(pid, 'pop'); // 2
 * ```
 *
 * ## Callbacks and their return shapes
 *
 * - `init(arg)` → `['ok', state]`, `['ok', state, timeout | ['continue', x] | 'hibernate']`,
 *   `['stop', reason]`, `'ignore'`. Synchronous, as in Elixir: do slow work in
 *   `handle_continue`.
 * - `handle_call(request, from, state)` → `['reply', r, s]`, `['reply', r, s, extra]`,
 *   `['noreply', s]`, `['noreply', s, extra]` (answer later with `GenServer.reply(from, r)`),
 *   `['stop', reason, r, s]`, `['stop', reason, s]`.
 * - `handle_cast(request, state)`, `handle_info(msg, state)`, `handle_continue(x, state)` →
 *   `['noreply', s]`, `['noreply', s, extra]`, `['stop', reason, s]`.
 * - `terminate(reason, state)` runs when a callback returns stop or throws, and on an exit
 *   signal from the parent while trapping exits.
 * - Any other return ends the server with `['bad_return_value', value]`.
 * - Any callback but `init` may be `async`; the server takes no other message until it settles.
 *
 * ## Timeouts
 *
 * `extra` may be a number of ms: if no message arrives in that time the server gets `'timeout'`
 * in `handle_info`. `['continue', x]` runs `handle_continue(x, state)` before any other message.
 * `'hibernate'` is accepted and does nothing.
 *
 * ## Defaults
 *
 * No `handle_call` (or `handle_cast`): the server crashes with "attempted to call GenServer
 * #PID<…> but no handle_call/3 clause was provided". No `handle_info`: the message is logged as
 * unexpected and the server keeps running.
 *
 * ## Types
 *
 * `start` takes a {@link GenServerModuleLike}: TypeScript checks each callback's result against
 * {@link InitResult}, {@link CallResult} and {@link NoReplyResult}. A module object written
 * inline is checked as it stands; one declared apart needs its type
 * (`const M: GenServerModule<S> = …`) so its array literals read as tuples. A class is checked
 * through `implements GenServerModule<S>` with annotated results.
 */
import { ArgumentError, Call, copyMessage, currentProc, ExitError, exitReason, hasThen, OPAQUE, Pid, Proc, runAs, runInProcess, Runtime } from '../runtime/kernel.js';
import type { Handler, HandlerInfo, KernelEvent, LastMessage, Timer, TraceStep } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';
import { formatExit } from '../inspect/format-error.js';

/** Elixir's `from`: who called; iterates as `[pid, tag]`. */
export type From = Call;
/** A server: its pid or registered name. */
export type ServerRef = Pid | string;
/** What `start` returns. */
export type OnStart = ['ok', Pid] | ['error', unknown] | 'ignore';
/** What a timeout / continue / hibernate `extra` may be. */
export type Extra = number | ['continue', unknown] | 'hibernate';

/** What `init` may return (build them with `ok`/`stop`-like literals: `['ok', state]`). */
export type InitResult<S> = ['ok', S] | ['ok', S, Extra] | ['stop', unknown] | 'ignore';
/** What `handle_call` may return (`reply(…)`, `noreply(…)`, `stop(…)` build them). */
export type CallResult<S> = ['reply', unknown, S] | ['reply', unknown, S, Extra] | NoReplyResult<S> | ['stop', unknown, unknown, S];
/** What `handle_cast`, `handle_info` and `handle_continue` may return (`noreply(…)`, `stop(…)`). */
export type NoReplyResult<S> = ['noreply', S] | ['noreply', S, Extra] | ['stop', unknown, S];
/** A callback's result, or a Promise of it (an async callback). */
export type Async<T> = T | Promise<T>;

/**
 * A GenServer callback module over state `S`: every callback optional (`init`'s default is
 * `['ok', arg]`); TypeScript checks what each returns.
 * @example const Counter: GenServerModule<number> = { init: (n: number) => ['ok', n], handle_cast: (_m, n) => noreply(n + 1) }
 */
export interface GenServerModule<S = any> {
  init?(arg: any): InitResult<S>;
  handle_call?(request: any, from: From, state: S): Async<CallResult<S>>;
  handle_cast?(request: any, state: S): Async<NoReplyResult<S>>;
  handle_info?(msg: any, state: S): Async<NoReplyResult<S>>;
  handle_continue?(x: any, state: S): Async<NoReplyResult<S>>;
  terminate?(reason: unknown, state: S): unknown;
  name?: string;
}
/**
 * What `start` takes: a callback object (checked against {@link GenServerModule}), or a class
 * (instantiated in the server, or with static callbacks). TypeScript cannot read a class
 * method's array literal as a tuple, so a class is checked only through its own
 * `implements GenServerModule<S>` and annotated results.
 */
export type GenServerModuleLike<S = any> = GenServerModule<S> | (new () => unknown);

/** Options for `start` / `start_link`. */
export interface StartOptions {
  /** Registers the server under this name. */
  name?: string;
}

/** `['reply', r, s]` (or with an extra). @example return reply(value, state) */
export function reply<R, S>(r: R, s: S, extra?: Extra): ['reply', R, S] | ['reply', R, S, Extra] {
  return extra === undefined ? ['reply', r, s] : ['reply', r, s, extra];
}
/** `['noreply', s]` (or with an extra). @example return noreply(state + 1) */
export function noreply<S>(s: S, extra?: Extra): ['noreply', S] | ['noreply', S, Extra] {
  return extra === undefined ? ['noreply', s] : ['noreply', s, extra];
}
/** `['stop', reason, s]`. @example return stop('normal', state) */
export function stop<S>(reason: unknown, s: S): ['stop', unknown, S] {
  return ['stop', reason, s];
}

const CALL = 0, CAST = 1, INFO = 2, CONT = 3;

/**
 * A call or cast on its way to a server: one small object instead of the tuple
 * `['$gen_call', from, request]` / `['$gen_cast', request]` (it prints as that tuple, in
 * `mailbox(pid)` and `Process.info`). Sent by reference: the request inside is already a copy.
 */
export class GenCast {
  constructor(readonly req: unknown) {}
  toJSON(): unknown[] {
    return ['$gen_cast', this.req];
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return inspect(['$gen_cast', this.req]);
  }
}
/** See {@link GenCast}. */
export class GenCall {
  constructor(
    readonly from: Call,
    readonly req: unknown,
  ) {}
  toJSON(): unknown[] {
    return ['$gen_call', this.from, this.req];
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return inspect(['$gen_call', this.from, this.req]);
  }
}
(GenCast.prototype as any)[OPAQUE] = true;
(GenCall.prototype as any)[OPAQUE] = true;
/**
 * Envelopes for atom-like (string) cast requests, shared: an envelope is immutable, so a
 * million `GenServer.cast(pid, 'inc')` queue one object a million times instead of a million
 * objects (the allocation and its garbage were ~40% of a 10 × 100k cast fan-in).
 */
const castBoxes = new Map<string, GenCast>();
function castEnvelope(req: unknown): GenCast {
  if (typeof req !== 'string') return new GenCast(copyMessage(req));
  let box = castBoxes.get(req);
  if (box === undefined) {
    box = new GenCast(req);
    if (castBoxes.size < 1024 && req.length <= 64) castBoxes.set(req, box);
  }
  return box;
}
const CALLBACK = ['handle_call', 'handle_cast', 'handle_info', 'handle_continue'] as const;
const CONTINUE = { continue: true };
const NONE = Symbol('none');

/** The module's name for reports: a class's name, or a `name` property. */
export function moduleName(mod: any): string {
  if (typeof mod === 'function') return mod.name || 'anonymous';
  if (typeof mod?.name === 'string' && mod.name) return mod.name;
  const ctor = Object.getPrototypeOf(mod)?.constructor;
  return ctor && ctor !== Object ? ctor.name : 'anonymous';
}

/** Refuses what cannot be a callback module (an object or a class). */
function checkModule(mod: unknown): void {
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

/** One running server: the handler the runtime calls for each message. */
export class Server implements Handler {
  proc!: Proc;
  state: unknown = undefined;
  parent: Proc;
  readonly rt: Runtime;
  /** The callbacks (a class instance once `init` has made it). */
  mod: any;
  readonly modName: string;
  private asyncCb: boolean[] = [];
  /** What is being handled (for the callback invoker and crash reports). */
  private kind = INFO;
  private msg: unknown = undefined;
  private from: Call | null = null;
  private cont: unknown = NONE;
  private idleTimer: Timer | null = null;
  private idleMarker: object | null = null;
  private stopFrom: Call | null = null;
  tracing = false;
  private readonly invokeBound = () => this.invoke();
  private readonly afterBound = (r: unknown) => this.after(r);
  private readonly failBound = (e: unknown) => this.fail(e);

  constructor(mod: any, rt: Runtime, parent: Proc) {
    this.mod = mod;
    this.modName = moduleName(mod);
    this.rt = rt;
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
        this.asyncCb = CALLBACK.map((k) => isAsync(mod[k]));
        return typeof mod.init === 'function' ? mod.init(a) : ['ok', a];
      }, arg);
    } catch (e) {
      const reason = exitReason(e);
      this.exitAfterStart(reason);
      return ['error', reason];
    }
    if (hasThen(r)) {
      (r as Promise<unknown>).then(undefined, () => {});
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
    // The common cases first: one instanceof each.
    if (msg instanceof GenCast) {
      this.clearIdle();
      return this.dispatch(CAST, msg.req, null);
    }
    if (msg instanceof GenCall) {
      this.clearIdle();
      return this.dispatch(CALL, msg.req, msg.from);
    }
    // The idle timeout fired (its timer is already gone): the marker becomes 'timeout'.
    if (msg !== null && msg === this.idleMarker) {
      this.idleMarker = null;
      return this.dispatch(INFO, 'timeout', null);
    }
    this.clearIdle();
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
      if (tag === '$system' && msg.length === 3) return this.system(msg[1] as Call, msg[2] as unknown[]);
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
    if (this.tracing) this.traceIn();
    let r: unknown;
    try {
      r = this.asyncCb[kind] ? runInProcess(this.proc, this.invokeBound, undefined) : this.invoke();
    } catch (e) {
      return this.fail(e);
    }
    if (r === NONE) return undefined;
    if (hasThen(r)) return r.then(this.afterBound, this.failBound);
    return this.after(r);
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
          this.rt.replyTo(this.from!, r[1]);
          if (this.tracing) this.trace({ kind: 'reply', value: r[1], to: this.from!.pid, state: r[2] });
          this.state = r[2];
          return n === 4 && !this.extra(r[3]) ? this.badReturn(r) : undefined;
        }
        if (tag === 'stop' && n === 4) {
          this.rt.replyTo(this.from!, r[2]);
          this.state = r[3];
          return this.terminate(r[1]);
        }
      }
      if (tag === 'noreply' && (n === 2 || n === 3)) {
        if (this.tracing) this.trace({ kind: 'state', state: r[1] });
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
    this.rt.logger.emit({ kind: 'trace', pid: this.proc.pid, name: this.proc.name, step });
  }

  private traceIn(): void {
    this.trace(this.last());
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
        this.tracing = req[1] === true;
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

/** Reasons that end a process quietly: normal, shutdown, ['shutdown', x]. */
export function isNormal(reason: unknown): boolean {
  return reason === 'normal' || reason === 'shutdown' || (Array.isArray(reason) && reason.length === 2 && reason[0] === 'shutdown');
}

function runtimeError(message: string): Error {
  const e = new Error(message);
  e.name = 'RuntimeError';
  return e;
}

/** Builds the `fail` of a call: iex's `exited in: GenServer.call(…)` text. */
export function exitText(fn: string, args: unknown[], reason: unknown): string {
  const shown = args.map((a) => (a === Infinity ? 'Infinity' : inspect(a, { width: Infinity }))).join(', ');
  return `exited in: ${fn}(${shown})\n    ** (EXIT) ${formatExit(reason, '    ')}`;
}

const failCall = (call: Call, reason: unknown): Error =>
  new ExitError(reason, exitText('GenServer.call', [call.server, call.request, call.timeout], reason), `genrepl.${typeof reason === 'string' ? reason : 'exit'}`);

/** @internal the process record behind a server ref, or null. */
export function lookup(rt: Runtime, server: ServerRef): Proc | null {
  if (server instanceof Pid) return rt.procOf(server);
  if (typeof server === 'string') return rt.names.get(server) ?? null;
  throw new ArgumentError(`expected a pid or a registered name, got: ${inspect(server)}`);
}

/** @internal a system call (sys.*, GenServer.stop) with its own error text. */
export function systemCall(fn: string, server: ServerRef, req: unknown[], timeout: number, args: unknown[]): Promise<unknown> {
  const me = currentProc();
  const rt = me.rt;
  const target = lookup(rt, server);
  const fail = (call: Call, reason: unknown) => new ExitError(reason, exitText(fn, args, reason));
  const call = new Call(me, fail, server, req, timeout);
  const promise = rt.beginCall(call, target);
  if (target !== null) rt.deliver(target, ['$system', call, req]);
  return promise;
}

function startServer(mod: unknown, arg: unknown, opts: StartOptions, link: boolean): OnStart {
  const caller = currentProc();
  const rt = caller.rt;
  if (opts.name !== undefined) {
    const taken = rt.names.get(opts.name);
    if (taken !== undefined) return ['error', ['already_started', taken.pid]];
  }
  checkModule(mod);
  const server = new Server(mod, rt, caller);
  const p = rt.startHandler(server, { link, name: opts.name, initialCall: [server.modName, 'init', 1] });
  server.proc = p;
  return server.init(copyMessage(arg));
}

/** Elixir's `GenServer` client API. */
export const GenServer = {
  /**
   * Starts a server, unlinked. `init` runs in the new process before this returns:
   * `['ok', pid]`, `['error', reason]` or `'ignore'`. A taken `opts.name` gives
   * `['error', ['already_started', pid]]`.
   * @example const [ok, pid] = GenServer.start(MyKeyStore, [])
   */
  start<S>(mod: GenServerModuleLike<S>, arg?: unknown, opts: StartOptions = {}): OnStart {
    return startServer(mod, arg, opts, false);
  },

  /** As `start`, linked to the caller. @example GenServer.start_link(Counter, 0, { name: 'counter' }) */
  start_link<S>(mod: GenServerModuleLike<S>, arg?: unknown, opts: StartOptions = {}): OnStart {
    return startServer(mod, arg, opts, true);
  },

  /**
   * Sends a request and waits for the reply (default 5000 ms). Fails (rejects) with an
   * `ExitError` worded as iex's: `exited in: GenServer.call(#PID<0.127.0>, ['get', 'a'], 5000)`
   * then `** (EXIT) no process: …`, `time out`, or `an exception was raised: …`. A late reply
   * is dropped. @example await GenServer.call(pid, ['get', 'a'])
   */
  call(server: ServerRef, request: unknown, timeout: number = 5000): Promise<any> {
    const me = currentProc();
    const rt = me.rt;
    if (typeof timeout !== 'number' || !(timeout >= 0)) {
      throw new ArgumentError(`GenServer.call expects a timeout in ms (a number >= 0 or Infinity), got: ${inspect(timeout)}`);
    }
    const target = lookup(rt, server);
    if (target !== null && target === me) {
      const fail = () => new ExitError('calling_self', exitText('GenServer.call', [server, request, timeout], 'calling_self'), 'genrepl.calling_self');
      return rt.beginCall(new Call(me, fail, server, request, timeout), null);
    }
    const call = new Call(me, failCall, server, request, timeout);
    const promise = rt.beginCall(call, target);
    if (target !== null) rt.deliver(target, new GenCall(call, typeof request !== 'object' || request === null ? request : copyMessage(request)));
    return promise;
  },

  /** Sends a request without waiting; `'ok'` always, even to a dead server. @example GenServer.cast(pid, ['push', 1]) */
  cast(server: ServerRef, request: unknown): 'ok' {
    const rt = currentProc().rt;
    const target = server instanceof Pid ? rt.procOf(server) : typeof server === 'string' ? (rt.names.get(server) ?? null) : null;
    if (target !== null) rt.deliver(target, castEnvelope(request));
    return 'ok';
  },

  /** Answers a call later (after `['noreply', s]`); `'ok'`. @example GenServer.reply(from, 42) */
  reply(from: From, value: unknown): 'ok' {
    if (!(from instanceof Call)) throw new ArgumentError(`GenServer.reply expects the from of a handle_call, got: ${inspect(from)}`);
    from.watcher.rt.replyTo(from, value);
    return 'ok';
  },

  /**
   * Stops a server: runs its `terminate(reason, state)` and waits until it has exited.
   * @example await GenServer.stop(pid)
   */
  stop(server: ServerRef, reason: unknown = 'normal', timeout: number = Infinity): Promise<'ok'> {
    return systemCall('GenServer.stop', server, ['terminate', reason], timeout, [server, reason, timeout]) as Promise<'ok'>;
  },

  /** The pid of a server (a pid as it is; a name looked up), or null (Elixir's nil). @example GenServer.whereis('counter') */
  whereis(server: ServerRef): Pid | null {
    if (server instanceof Pid) return server;
    return currentProc().rt.whereis(server);
  },
};

/** Erlang's `:sys`, for GenServers. */
export const sys = {
  /** The server's state, in message order. @example await sys.get_state(pid) */
  get_state(server: ServerRef, timeout = 5000): Promise<any> {
    return systemCall('sys.get_state', server, ['get_state'], timeout, [server, timeout]);
  },
  /** Replaces the state with `fn(state)` and returns it. @example await sys.replace_state(pid, (s) => s * 100) */
  replace_state(server: ServerRef, fn: (state: any) => unknown, timeout = 5000): Promise<any> {
    return systemCall('sys.replace_state', server, ['replace_state', fn], timeout, [server, fn, timeout]);
  },
  /** `['status', pid, ['module', 'gen_server'], […]]`, as `:sys.get_status`. @example await sys.get_status(pid) */
  get_status(server: ServerRef, timeout = 5000): Promise<any> {
    return systemCall('sys.get_status', server, ['get_status'], timeout, [server, timeout]);
  },
  /** Stops handling calls, casts and infos (system requests still answered). @example await sys.suspend(pid) */
  suspend(server: ServerRef, timeout = 5000): Promise<'ok'> {
    return systemCall('sys.suspend', server, ['suspend'], timeout, [server, timeout]) as Promise<'ok'>;
  },
  /** Handles again, starting with what arrived while suspended. @example await sys.resume(pid) */
  resume(server: ServerRef, timeout = 5000): Promise<'ok'> {
    return systemCall('sys.resume', server, ['resume'], timeout, [server, timeout]) as Promise<'ok'>;
  },
  /**
   * Prints each event — call in, reply out, new state, cast, info — as `*DBG*` lines in
   * TypeScript syntax. @example await sys.trace(pid, true)
   */
  trace(server: ServerRef, on: boolean, timeout = 5000): Promise<'ok'> {
    return systemCall('sys.trace', server, ['trace', on], timeout, [server, on, timeout]) as Promise<'ok'>;
  },
};
