/**
 * Exits, links and monitors: how a process ends and who hears of it. An exit marks the process
 * dead at once and is signalled from a work queue, in the order the exits happened, so a chain
 * or a star of any length costs no stack; links get exit signals (trapped ones as `['EXIT',
 * from, reason]` messages), monitors and pending calls (watchers) fire exactly once, the name
 * is freed and the dead record is released.
 *
 * @example
 * exitProc(rt, p, 'shutdown'); // p's links and monitors are signalled before this returns
 * link(rt, pid);               // the current process is now linked with pid
 */
import { ArgumentError, ExitError, ExitSignal, exitReason } from './errors.js';
import { Mailbox } from './mailbox.js';
import { Pid, Ref } from './pid.js';
import { Monitor, Proc, Watcher } from './process.js';
import { show, showExit } from './present.js';
import { clearWait, deliver } from './receive.js';
import { forget } from './registry.js';
import type { KernelState } from './state.js';
import { isMain } from './table.js';
import type { Timer } from './timers.js';
import { badArg, checkPid } from './args.js';
import { isRemoteName, type RemoteName } from './remote.js';

/** Listens for the exit of a runtime's main process (a new main is already in its place). */
export type MainExitListener = (oldPid: Pid, reason: unknown, newPid: Pid) => void;

/** A runtime's exits still to be signalled, and who listens for main's. */
export class ExitQueue {
  /** Processes marked dead whose links and monitors are still to be signalled. */
  readonly q = new Mailbox<Proc>();
  /** Signalling is under way (a nested exit only queues). */
  running = false;
  /** Called when the main process exits. */
  readonly onMainExit: MainExitListener[] = [];
}

/**
 * Sends an exit signal to `pid`, as Elixir's `Process.exit/2`: `'kill'` always kills (reason
 * `'killed'`); a trapping process gets `['EXIT', from, reason]`; `'normal'` is ignored unless
 * sent to oneself. A dead process (the continuation of a killed body) sends nothing: it stops
 * with its own exit reason. @example exit(rt, pid, 'shutdown')
 */
export function exit(k: KernelState, pid: Pid, reason: unknown): true {
  checkPid('Process.exit', pid, [pid, reason]);
  // A dead process's continuation sends no signal: it stops here with its exit reason.
  const me = k.table.acting();
  const p = pid.proc as Proc | null;
  if (p === null && pid.node !== 0) k.remote?.exit(me.pid, pid, reason);
  else if (p !== null && !p.dead) {
    signal(k, p, me.pid, reason, false);
    // A process that signalled itself to death stops here, as on the BEAM.
    // Main (the shell's, or a script's top level) goes on: a new main has taken its place.
    if (p === me && p.dead && !isMain(p)) throw new ExitSignal(p.exitReason);
  }
  return true;
}

/** Delivers an exit signal from `from` to `p`. @example signal(rt, p, me.pid, 'shutdown', false) */
export function signal(k: KernelState, p: Proc, from: Pid, reason: unknown, viaLink: boolean): void {
  if (p.dead) return;
  if (!viaLink && reason === 'kill') exitProc(k, p, 'killed');
  else if (p.trapExit) p.rt.deliver(p, ['EXIT', from, reason]);
  else if (reason === 'normal') {
    if (!viaLink && from === p.pid) exitProc(k, p, 'normal');
  } else exitProc(k, p, reason);
}

/**
 * Ends process `p` with `reason` now: its links get exit signals, its monitors `DOWN`, its
 * pending calls fail, its name is freed. @example exitProc(rt, p, 'normal')
 */
export function exitProc(k: KernelState, p: Proc, reason: unknown): void {
  if (p.dead) return;
  if (p.rt.trace.on) p.rt.trace.exiting(p, reason);
  // Marked dead now (so the caller sees it at once); signalled from a work queue.
  p.dead = true;
  p.exitReason = reason;
  const x = k.exits;
  x.q.push(p);
  if (x.running) return;
  x.running = true;
  try {
    while (x.q.length > 0) signalExit(k, x.q.shift() as Proc);
  } finally {
    x.running = false;
  }
}

/**
 * A process's code threw `e`: it exits with `e` (or an ExitSignal's reason); exceptions are
 * logged. @example crash(rt, p, new Error('boom'))
 */
export function crash(k: KernelState, p: Proc, e: unknown): void {
  if (p.dead) return;
  const reason = exitReason(e);
  // Behaviours report their own crashes; a plain process is reported here, after the
  // bookkeeping, so nothing about its exit depends on printing the error. exit(reason) is quiet.
  const report = reason === e && p.handler?.describe === undefined;
  exitProc(k, p, reason);
  if (report) k.logger.emit({ kind: 'process_crashed', pid: p.pid, error: e });
}

/** A Ctrl-C stopped `p`'s code: it exits with `'interrupted'`, which is reported. @example interrupt(rt, p) */
export function interrupt(k: KernelState, p: Proc): void {
  if (p.dead) return;
  exitProc(k, p, 'interrupted');
  k.logger.emit({ kind: 'interrupted', pid: p.pid });
}

/** The bookkeeping of one exit: table, name, wait, links, monitors, pending calls, then release. */
function signalExit(k: KernelState, p: Proc): void {
  const reason = p.exitReason;
  const table = k.table;
  table.remove(p);
  forget(k.names, p);
  const resume = p.waitResolve;
  clearWait(k, p);
  p.mailbox = null;
  if (p.monitors !== null) {
    for (const m of p.monitors.values()) unwatch(m);
    p.monitors = null;
  }
  const links = p.links;
  p.links = null;
  if (k.remote !== null) k.remote.exited(p.pid, reason);
  // Detach every watcher first: a linked process dying in this cascade must not unhook (and so
  // skip) monitors on this list while it is walked below.
  let m = p.watchers;
  p.watchers = null;
  for (let w = m; w !== null; w = w.next) w.target = null;
  const wasMain = p === table.main;
  if (wasMain) table.replaceMain();
  if (links !== null) {
    for (const l of links) {
      l.links?.delete(p);
      signal(k, l, p.pid, reason, true);
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
    if (resume !== null) resume(Promise.reject(new ExitError(reason, `process exited with reason: ${showExit(reason)}`)));
    // Told a moment later, as the BEAM's shell learns of its exit by a signal: the report of
    // whatever took main down (written once its exit is signalled) comes first.
    const next = table.main.pid;
    queueMicrotask(() => mainExited(k, p.pid, reason, next));
  }
}

function mainExited(k: KernelState, pid: Pid, reason: unknown, next: Pid): void {
  const listeners = k.exits.onMainExit;
  if (listeners.length === 0) k.logger.emit({ kind: 'main_exited', pid, reason, next });
  for (const f of listeners) {
    try {
      f(pid, reason, next);
    } catch {
      // A listener's failure changes nothing about the exit.
    }
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
  p.settle = null;
}

/** Links two live processes (both directions). @example linkProcs(parent, child) */
export function linkProcs(a: Proc, b: Proc): void {
  if (a === b) return;
  if (a.rt.trace.on && a.links?.has(b) !== true) a.rt.trace.emit({ kind: 'link', from: a.pid, to: b.pid });
  (a.links ??= new Set()).add(b);
  (b.links ??= new Set()).add(a);
}

/**
 * Links the current process with `pid`: when either exits abnormally, the other gets the
 * signal. Linking to a dead pid kills the caller with `'noproc'` (or, trapping, sends it
 * `['EXIT', pid, 'noproc']`). @example link(rt, pid)
 */
export function link(k: KernelState, pid: Pid): true {
  checkPid('link', pid, [pid]);
  const me = k.table.acting();
  const p = pid.proc as Proc | null;
  if (p === null && pid.node !== 0 && k.remote !== null) k.remote.link(me.pid, pid);
  else if (p === null || p.dead) {
    if (me.trapExit) deliver(k, me, ['EXIT', pid, 'noproc']);
    else throw new ExitSignal('noproc', `link(${pid}): noproc, the process is not alive`);
  } else linkProcs(me, p);
  return true;
}

/** Removes a link (both directions). @example unlink(rt, pid) */
export function unlink(k: KernelState, pid: Pid): true {
  checkPid('unlink', pid, [pid]);
  const me = k.table.current();
  const p = pid.proc as Proc | null;
  if (p !== null) {
    if (me.rt.trace.on && me.links?.has(p) === true) me.rt.trace.emit({ kind: 'unlink', from: me.pid, to: p.pid });
    me.links?.delete(p);
    p.links?.delete(me);
  } else if (pid.node !== 0) k.remote?.unlink(me.pid, pid);
  return true;
}

/**
 * Monitors `pid` (or a registered name): when it exits, the current process gets `['DOWN',
 * ref, 'process', pid, reason]`, exactly once (`'noproc'` at once if it is already dead).
 * @example const ref = monitor(rt, pid)
 */
export function monitor(k: KernelState, pid: Pid | string | RemoteName): Ref {
  if (isRemoteName(pid)) {
    if (pid[1] === k.remote?.self) pid = pid[0];
  } else if (typeof pid !== 'string') checkPid('monitor', pid, [pid]);
  const me = k.table.acting();
  const ref = k.table.makeRef();
  const p = typeof pid === 'string' ? (k.names.get(pid) ?? null) : Array.isArray(pid) ? null : (pid.proc as Proc | null);
  if (p === null && k.remote !== null && (Array.isArray(pid) || (pid as Pid).node !== 0)) {
    // Held with no target: the port brings its DOWN (remoteDown).
    (me.monitors ??= new Map()).set(ref, new Monitor(ref, me));
    k.remote.monitor(me.pid, pid as Pid | RemoteName, ref);
    return ref;
  }
  if (p === null || p.dead) {
    deliver(k, me, ['DOWN', ref, 'process', pid, 'noproc']);
    return ref;
  }
  const m = new Monitor(ref, me);
  (me.monitors ??= new Map()).set(ref, m);
  watch(p, m);
  if (me.rt.trace.on) me.rt.trace.emit({ kind: 'monitor', from: me.pid, to: p.pid, ref });
  return ref;
}

/**
 * Removes a monitor; with `['flush']` also removes its `DOWN` message if one is queued. Returns
 * true; with `['info']`, whether the monitor was still there to remove (false once its `DOWN`
 * was delivered), as Erlang's `demonitor/2`.
 * @example demonitor(rt, ref, ['flush'])
 */
export function demonitor(k: KernelState, ref: Ref, opts: string[] = []): boolean {
  if (!(ref instanceof Ref)) badArg('demonitor', 'not a reference', [ref]);
  if (!Array.isArray(opts) || !opts.every((o) => o === 'flush' || o === 'info')) badArg('demonitor', 'not a list of options', [ref, opts], 2);
  const me = k.table.current();
  const m = me.monitors?.get(ref);
  if (m !== undefined) {
    me.monitors!.delete(ref);
    if (m.target === null) k.remote?.demonitor(me.pid, ref);
    else unwatch(m);
  }
  if (opts.includes('flush') && me.mailbox !== null) {
    const i = me.mailbox.findIndex((x) => Array.isArray(x) && x[0] === 'DOWN' && x[1] === ref);
    if (i >= 0) me.mailbox.removeAt(i);
  }
  return opts.includes('info') ? m !== undefined : true;
}

/** Hangs watcher `m` on live process `p` (O(1)): its `down` runs once when `p` exits. @example watch(p, call) */
/**
 * The `DOWN` of a monitor `watcher` holds on another node (from the port): delivered once, as
 * `['DOWN', ref, 'process', what, reason]`. @example remoteDown(rt, me, ref, ['shop', 'b@h'], 'noconnection')
 */
export function remoteDown(k: KernelState, watcher: Pid, ref: Ref, what: unknown, reason: unknown): void {
  const p = watcher.proc as Proc | null;
  const m = p?.monitors?.get(ref);
  if (p == null || m === undefined || m.target !== null) return;
  p.monitors!.delete(ref);
  deliver(k, p, ['DOWN', ref, 'process', what, reason]);
}

export function watch(p: Proc, m: Watcher): void {
  m.target = p;
  m.next = p.watchers;
  if (p.watchers !== null) p.watchers.prev = m;
  p.watchers = m;
}

/** Removes a watcher from its target (O(1); nothing if it is not on one). @example unwatch(call) */
export function unwatch(m: Watcher): void {
  const p = m.target;
  if (p === null) return;
  if (m.prev !== null) m.prev.next = m.next;
  else p.watchers = m.next;
  if (m.next !== null) m.next.prev = m.prev;
  m.prev = m.next = m.target = null;
}

/**
 * Sets a process flag on the current process and returns its previous value. Supported:
 * `'trap_exit'`. @example flag(rt, 'trap_exit', true) // false
 */
export function flag(k: KernelState, name: 'trap_exit', value: boolean): boolean {
  const me = k.table.current();
  if (name !== 'trap_exit' || typeof value !== 'boolean') {
    throw new ArgumentError(`unsupported process flag: ${show(name)} (supported: 'trap_exit' with true or false)`);
  }
  const prev = me.trapExit;
  me.trapExit = value;
  return prev;
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

function fireExitWaiter(t: Timer): void {
  const w = t.a as ExitWaiter;
  w.timer = null;
  unwatch(w);
  w.settle(false);
}

/**
 * Resolves true once `p` has exited, or false after `ms` (Infinity: no limit). Supervisors
 * wait so for a child that traps exits. @example await awaitExit(rt, child, 5000)
 */
export function awaitExit(k: KernelState, p: Proc, ms: number): Promise<boolean> {
  if (p.dead) return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const w = new ExitWaiter(k.table.current(), resolve);
    watch(p, w);
    if (ms !== Infinity) w.timer = k.timers.add(ms, fireExitWaiter, w);
  });
}
