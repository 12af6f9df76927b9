/**
 * The kernel's trace event stream: what happens between processes (messages, calls and their
 * replies, casts, spawns, links, monitors, exits, crashes, timers, state changes, names) as
 * typed {@link TraceEvent}s, each with a sequence number and the runtime clock's time, for the
 * shell's `trace`, `seq` and `observer` and the projector page.
 *
 * **No cost when nothing is watched.** The send path is not touched: every message goes through
 * the runtime's `deliver` method (and every reply through `replyTo`); while at least one
 * watcher is on, the runtime's instance gets its own (tracing versions that report, then call
 * the class's method); when the last watcher leaves they are removed again, newest first, so
 * the instance is back to its class's shape. Spawns, links, monitors, exits, names and timers
 * (off the send path) ask `rt.trace.on` where they happen. A GenServer reports its state
 * changes through the flag it already checks for `sys.trace` (`Handler.setTraced`).
 *
 * @example
 * const off = rt.trace.watch('all', (e) => console.log(e.seq, e.kind));
 * rt.send(pid, 'hello'); // 1 send
 * off();
 */
import { Pid, Ref } from './pid.js';
import type { Mfa, Proc } from './process.js';
import type { Runtime } from './runtime.js';
import type { KernelEvent } from './events.js';

/** What every event carries: its place in the stream and the runtime clock's time (ms). */
export interface Stamp {
  /** 1, 2, 3, … per runtime, in the order things happened. */
  seq: number;
  /** `rt.clock.now()` when it happened (simulated, so deterministic, in `--deterministic`). */
  time: number;
}

/** One thing that happened, by `kind` (without its stamp). */
export type TraceBody =
  /** `msg` was put in `to`'s mailbox; `from` is the sender (null: no process sent it). */
  | { kind: 'send'; from: Pid | null; to: Pid; msg: unknown }
  /** A `GenServer.call` (or a system call) from `from` reached server `to`. */
  | { kind: 'call'; from: Pid; to: Pid; request: unknown }
  /** Server `from` answered the call of `to` with `reply`. */
  | { kind: 'reply'; from: Pid; to: Pid; reply: unknown }
  /** A `GenServer.cast` from `from` reached server `to`. */
  | { kind: 'cast'; from: Pid | null; to: Pid; request: unknown }
  /** `parent` started `child` (its initial call, as `Process.info`'s). */
  | { kind: 'spawn'; parent: Pid; child: Pid; mfa: Mfa }
  /** `from` and `to` are linked now (or no longer). */
  | { kind: 'link' | 'unlink'; from: Pid; to: Pid }
  /** `from` monitors `to` under `ref`. */
  | { kind: 'monitor'; from: Pid; to: Pid; ref: Ref }
  /** `to`'s monitor `ref` on `from` fired: `['DOWN', ref, 'process', from, reason]` is in `to`'s mailbox. */
  | { kind: 'down'; from: Pid; to: Pid; ref: Ref; reason: unknown }
  /** `pid` exited with `reason`. */
  | { kind: 'exit'; pid: Pid; reason: unknown }
  /** `pid` crashed: its report (`error` the exception, or a GenServer's stop reason). */
  | { kind: 'crash'; pid: Pid; error: unknown }
  /** A `send_after` timer fired: `msg` is in `to`'s mailbox. */
  | { kind: 'timer'; to: Pid; msg: unknown }
  /** GenServer `pid` handled a message; `state` is its state now. */
  | { kind: 'state'; pid: Pid; state: unknown }
  /** `pid` was registered under `name` (or unregistered from it). */
  | { kind: 'register' | 'unregister'; pid: Pid; name: string };

/** One event of the stream: a {@link TraceBody} with its {@link Stamp}. */
export type TraceEvent = TraceBody & Stamp;

/** The kinds of trace event. */
export type TraceKind = TraceEvent['kind'];

/** What to watch: one process (by pid), every process registered under a name (now or later), or all. */
export type TraceTarget = Pid | string;

/** Receives events; it must not throw (if it does, the event is dropped for it alone). */
export type TraceSink = (e: TraceEvent) => void;

/**
 * Marks a behaviour's message envelope so the stream can report it as what it is: a call
 * (`{ from: { pid }, req }`) or a cast (`{ req }`). Set on the envelope class's prototype.
 * @example (GenCast.prototype as any)[ENVELOPE] = 'cast'
 */
export const ENVELOPE: unique symbol = Symbol('genrepl.envelope');

interface Watch {
  target: TraceTarget;
  sink: TraceSink;
}

/** The send path's methods a tracing runtime overrides on its instance, in the order they are put on. */
const HOOKED = ['deliver', 'replyTo'] as const;

/** The stream of one runtime (`rt.trace`). */
export class Trace {
  /** True while anyone watches. */
  on = false;
  private seq = 0;
  private watches: Watch[] = [];
  private all = 0;
  private pids = new Map<Pid, number>();
  private names = new Map<string, number>();
  private offLogger: (() => void) | null = null;
  /** While a timer delivers its message: the delivery is reported as `timer`, not `send`. */
  private quiet = false;
  /** The names of processes that exited named (a crash report comes after the name is freed). */
  private readonly gone = new WeakMap<Pid, string>();

  constructor(private readonly rt: Runtime) {}

  /**
   * Calls `sink` with every event about `target` (a pid, a registered name, or `'all'`) from
   * now on; returns the function that stops it. An event is about a process when that process
   * sends, receives, spawns or is spawned, links, monitors, exits, or changes state.
   * @example
   * const events: TraceEvent[] = [];
   * const off = rt.trace.watch(pid, (e) => events.push(e));
   * await GenServer.call(pid, 'get'); // call, reply, state
   * off();
   */
  watch(target: TraceTarget | 'all', sink: TraceSink): () => void {
    if (!(target instanceof Pid) && typeof target !== 'string') throw new TypeError('trace target must be a pid, a registered name or \'all\'');
    const w: Watch = { target, sink };
    this.watches.push(w);
    if (target === 'all') this.all++;
    else if (target instanceof Pid) this.pids.set(target, (this.pids.get(target) ?? 0) + 1);
    else this.names.set(target, (this.names.get(target) ?? 0) + 1);
    if (!this.on) this.install();
    this.retrace();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.watches.splice(this.watches.indexOf(w), 1);
      if (target === 'all') this.all--;
      else {
        const m: Map<TraceTarget, number> = target instanceof Pid ? this.pids : this.names;
        const n = m.get(target)! - 1;
        if (n === 0) m.delete(target);
        else m.set(target, n);
      }
      this.retrace();
      if (this.watches.length === 0) this.uninstall();
    };
  }

  /** True when events about process `p` are watched. @example rt.trace.watched(p) */
  watched(p: Proc): boolean {
    return this.all > 0 || this.pids.has(p.pid) || (p.name !== null && this.names.has(p.name));
  }

  /** As {@link watched}, for a pid (a dead process's too); false for null. */
  private watchedPid(pid: Pid | null): boolean {
    if (pid === null) return false;
    if (this.all > 0 || this.pids.has(pid)) return true;
    if (this.names.size === 0) return false;
    const p = pid.proc as Proc | null;
    const name = p !== null ? p.name : this.gone.get(pid);
    return name !== null && name !== undefined && this.names.has(name);
  }

  /**
   * Reports an event (a behaviour's: a GenServer's new state); stamps it and hands it to every
   * watcher it is about. Nothing happens while no one watches.
   * @example if (rt.trace.on) rt.trace.emit({ kind: 'state', pid, state })
   */
  emit(body: TraceBody): void {
    if (!this.on) return;
    const e = body as TraceEvent;
    e.seq = ++this.seq;
    e.time = this.rt.clock.now();
    for (const w of this.watches.slice()) {
      if (w.target !== 'all' && !this.about(e, w.target)) continue;
      try {
        w.sink(e);
      } catch {
        // A broken sink loses this event; the runtime goes on.
      }
    }
  }

  /** @internal a `send_after` timer fired: reports it and delivers its message. */
  timerFired(p: Proc, msg: unknown): void {
    this.emit({ kind: 'timer', to: p.pid, msg });
    this.quiet = true;
    try {
      p.rt.deliver(p, msg);
    } finally {
      this.quiet = false;
    }
  }

  /** True when `e` is about `target`. */
  private about(e: TraceEvent, target: TraceTarget): boolean {
    const hit = (pid: Pid | null): boolean => {
      if (pid === null) return false;
      if (target instanceof Pid) return pid === target;
      const p = pid.proc as Proc | null;
      return (p !== null ? p.name : this.gone.get(pid)) === target;
    };
    switch (e.kind) {
      case 'spawn':
        return hit(e.parent) || hit(e.child);
      case 'exit':
      case 'crash':
      case 'state':
        return hit(e.pid);
      case 'register':
      case 'unregister':
        return hit(e.pid) || e.name === target;
      case 'timer':
        return hit(e.to);
      default:
        return hit(e.from) || hit(e.to);
    }
  }

  /** Tells every live behaviour whether it is watched now (GenServers report state changes then). */
  private retrace(): void {
    for (const p of this.rt.table.procs.values()) this.mark(p);
  }

  private mark(p: Proc): void {
    const h = p.handler;
    if (h !== null && h.setTraced !== undefined) h.setTraced(this.on && this.watched(p));
  }

  /** Puts the tracing methods on the runtime's instance (see the module doc). */
  private install(): void {
    this.on = true;
    const rt = this.rt as any;
    const proto = Object.getPrototypeOf(rt);
    const self = this;
    const hooks: Record<(typeof HOOKED)[number], (...a: any[]) => any> = {
      deliver(p: Proc, msg: unknown) {
        if (!p.dead && !self.quiet && (self.all > 0 || self.watched(p) || self.watchedPid(self.sender()))) self.delivered(p, msg);
        return proto.deliver.call(rt, p, msg);
      },
      replyTo(call: any, value: unknown) {
        if (!call.done) self.emit({ kind: 'reply', from: rt.current().pid, to: call.watcher.pid, reply: value });
        return proto.replyTo.call(rt, call, value);
      },
    };
    for (const k of HOOKED) rt[k] = hooks[k];
    this.offLogger = this.rt.logger.subscribe((e) => this.logged(e));
  }

  /** @internal (the kernel's, while `on`) process `p` was just started by the running process. */
  spawned(p: Proc): void {
    this.emit({ kind: 'spawn', parent: this.rt.current().pid, child: p.pid, mfa: p.mfa() });
    this.mark(p);
  }

  /** @internal (the kernel's, while `on`) `p` is exiting with `reason`. */
  exiting(p: Proc, reason: unknown): void {
    if (p.name !== null) this.gone.set(p.pid, p.name);
    this.emit({ kind: 'exit', pid: p.pid, reason });
  }

  /** @internal (the kernel's, while `on`) `p` was registered under `name` (or unregistered). */
  named(p: Proc, name: string, on: boolean): void {
    this.emit({ kind: on ? 'register' : 'unregister', pid: p.pid, name });
    this.mark(p);
  }

  /** Takes the tracing methods off again, newest first (the instance gets its class's shape back). */
  private uninstall(): void {
    this.on = false;
    const rt = this.rt as any;
    for (let i = HOOKED.length - 1; i >= 0; i--) delete rt[HOOKED[i]!];
    this.offLogger?.();
    this.offLogger = null;
    this.retrace();
  }

  /** A delivery: a call, a cast, a DOWN, an EXIT or a plain message. */
  private delivered(p: Proc, msg: unknown): void {
    const env = typeof msg === 'object' && msg !== null ? (msg as any)[ENVELOPE] : undefined;
    if (env === 'call') {
      this.emit({ kind: 'call', from: (msg as any).from.pid, to: p.pid, request: (msg as any).req });
      return;
    }
    if (env === 'cast') {
      this.emit({ kind: 'cast', from: this.sender(), to: p.pid, request: (msg as any).req });
      return;
    }
    if (Array.isArray(msg)) {
      if (msg.length === 5 && msg[0] === 'DOWN' && msg[1] instanceof Ref && msg[3] instanceof Pid) {
        this.emit({ kind: 'down', from: msg[3], to: p.pid, ref: msg[1], reason: msg[4] });
        return;
      }
      if (msg.length === 3 && msg[0] === '$system' && typeof msg[1]?.pid === 'object') {
        this.emit({ kind: 'call', from: msg[1].pid, to: p.pid, request: msg[2] });
        return;
      }
      if (msg.length === 3 && msg[0] === 'EXIT' && msg[1] instanceof Pid) {
        this.emit({ kind: 'send', from: msg[1], to: p.pid, msg });
        return;
      }
    }
    this.emit({ kind: 'send', from: this.sender(), to: p.pid, msg });
  }

  /** The process sending now. */
  private sender(): Pid | null {
    return this.rt.current().pid;
  }

  /** Crash reports of the logger, as `crash` events. */
  private logged(e: KernelEvent): void {
    if (e.kind === 'process_crashed') this.emit({ kind: 'crash', pid: e.pid, error: e.error });
    else if (e.kind === 'gen_server_terminating') this.emit({ kind: 'crash', pid: e.pid, error: e.reason });
  }
}
