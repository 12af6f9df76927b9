/**
 * Messages in and out of a mailbox: `send` (copy, then deliver), `deliver` (straight into a
 * waiting receive when it matches, else the mailbox), `receive` (selective, with a timeout),
 * and the handler side's requeue and suspension. A receive predicate runs in the receiving
 * process (`self()` is the receiver), through the scheduler's `runAs`.
 *
 * @example
 * send(rt, pid, ['put', 'a', 1]);
 * const m = await receive(rt, (m) => Array.isArray(m) && m[0] === 'ok', 1000);
 */
import { copyMessage } from './copy.js';
import { ArgumentError } from './errors.js';
import { Mailbox } from './mailbox.js';
import { Pid } from './pid.js';
import { F, type Proc } from './process.js';
import { show } from './present.js';
import { deadSender, enableAls, isSystem, runAs } from './scheduler.js';
import type { KernelState } from './state.js';
import type { Timer } from './timers.js';
import { isRemoteName, type RemoteName } from './remote.js';

/** A `receive` predicate: true for the message to take. */
export type Match = (msg: unknown) => unknown;

// One executor for every kernel promise (receive, call, sleep): no closure per promise.
/** The resolve function of the promise `new Promise(capture)` just made. */
export let captured: ((v: unknown) => void) | null = null;
/** The reject function of the promise `new Promise(capture)` just made. */
export let capturedReject: ((e: unknown) => void) | null = null;
/**
 * A Promise executor that keeps its two functions in `captured` / `capturedReject`, read right
 * after `new Promise(capture)`. @example const p = new Promise(capture); const res = captured!
 */
export function capture(res: (v: unknown) => void, rej: (e: unknown) => void): void {
  captured = res;
  capturedReject = rej;
}

/** A promise that never settles (what a dead process waits on). @example return never() */
export function never(): Promise<never> {
  return new Promise<never>(() => {});
}

const UNDEFINED_MESSAGE = 'undefined is not a message: send null (or an atom such as \'ok\') instead';

/** Refuses `undefined` as a message, as every sending function does. @example checkMessage(msg) */
export function checkMessage(msg: unknown): void {
  if (msg === undefined) throw new ArgumentError(UNDEFINED_MESSAGE, 'genrepl.undefined_message');
}

/**
 * Sends `msg` (copied) to a pid or registered name and returns `msg`. To a dead pid it is
 * dropped; to an unknown name it throws. @example send(rt, pid, ['put', 'a', 1])
 */
export function send<T>(k: KernelState, dest: Pid | string | RemoteName, msg: T): T {
  return sendAs(k, deadSender(), dest, msg);
}

/**
 * `send` when the caller already knows whether it is a dead process's continuation (the
 * package root's `send` looks the current process up once): a dead sender's message is
 * dropped. @example sendAs(rt, me.dead, pid, 'hi')
 */
export function sendAs<T>(k: KernelState, deadFrom: boolean, dest: Pid | string | RemoteName, msg: T): T {
  checkMessage(msg);
  let p: Proc | null;
  if (dest instanceof Pid) {
    p = dest.proc as Proc | null;
    // Only a pid with no local process asks whether it lives on another node.
    if (p === null && dest.node !== 0) return deadFrom ? msg : sendRemote(k, dest, msg);
  } else if (typeof dest === 'string') {
    p = k.names.get(dest) ?? null;
    if (p === null) badDestination('invalid destination', dest, msg);
  } else if (isRemoteName(dest)) return deadFrom ? msg : sendRemote(k, dest, msg);
  else badDestination('not a pid or a registered name', dest, msg);
  // Through the runtime's method: the trace stream puts its own on the instance while someone
  // watches, so nothing here checks for it.
  if (p !== null && (p.flags & F.DEAD) === 0 && !deadFrom) p.rt.deliver(p, typeof msg !== 'object' || msg === null ? msg : copyMessage(msg));
  return msg;
}

/** A send to another node: through the port (a node this runtime cannot reach drops it, as the BEAM does). */
function sendRemote<T>(k: KernelState, dest: Pid | RemoteName, msg: T): T {
  const remote = k.remote;
  if (Array.isArray(dest) && dest[1] === remote?.self) return send(k, dest[0], msg);
  if (remote !== null && !deadSender()) remote.send(dest, msg, k.table.current().pid);
  return msg;
}

function badDestination(why: string, dest: unknown, msg: unknown): never {
  throw new ArgumentError(
    `errors were found at the given arguments:\n\n  * 1st argument: ${why}\n\n    send(${show(dest)}, ${show(msg)})`,
    'genrepl.invalid_destination',
  );
}

/** Puts an already-copied message into `p`'s mailbox (or straight into its receive). @example deliver(p.rt, p, msg) */
export function deliver(k: KernelState, p: Proc, msg: unknown): void {
  const f = p.flags;
  if ((f & F.DEAD) !== 0) return;
  const match = p.waitMatch;
  if (p.waitResolve !== null && (f & F.QUEUED) === 0) {
    let take = true;
    if (match !== null) {
      // The predicate is the receiver's code: what it throws fails the receiver's receive, and
      // an exit it causes ends the receiver; neither ever reaches the sender.
      try {
        take = !!runAs(p, match, msg);
      } catch (e) {
        rejectWaiter(k, p, e);
        take = false;
      }
      if ((p.flags & F.DEAD) !== 0) return;
    }
    const s = k.sched;
    // Served at once while the turn's budget lasts (never while interruptible: direct is 0,
    // and the process resumes inside a guarded turn).
    if (take && s.turnOps < s.direct) {
      s.turnOps++;
      resumeWaiter(k, p, msg);
      return;
    }
    (p.mailbox ??= new Mailbox()).push(msg);
    if (take) s.enqueue(p);
    return;
  }
  (p.mailbox ??= new Mailbox()).push(msg);
  if (p.handler !== null && (f & F.BUSY) === 0 && ((f & F.SUSPENDED) === 0 || isSystem(msg))) k.sched.enqueue(p);
}

function fireReceiveTimeout(t: Timer): void {
  const p = t.a as Proc;
  if (p.waitTimer === t) p.rt.sched.settle(timedOut as (p: unknown) => void, p);
}
function timedOut(p: Proc): void {
  if (p.waitResolve !== null) resumeWaiter(p.rt, p, undefined);
}

/**
 * Waits for a message in the current process: the first for which `match` is true (or the
 * first of all), leaving the others queued in order. Resolves `undefined` after `timeout` ms;
 * `0` polls. `receive(500)` is short for `receive(undefined, 500)`.
 * @example const [tag, value] = await receive(rt, (m) => Array.isArray(m) && m[0] === 'result', 1000)
 */
export function receive(k: KernelState, match?: Match | number | null, timeout = Infinity): Promise<unknown> {
  return receiveAs(k, k.table.current(), match, timeout);
}

/**
 * `receive` in `p`, the current process of `k` as the caller found it (the package root's
 * `receive` looks it up once). @example receiveAs(rt, me, undefined, 1000)
 */
export function receiveAs(k: KernelState, p: Proc, match?: Match | number | null, timeout = Infinity): Promise<unknown> {
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
  if (p.dead) return never();
  // A receive inside a receive's predicate would take a message from under the scan.
  if (p.waitResolve !== null || scanning === p) {
    throw new ArgumentError(`${p.pid} is already waiting in receive: a process takes one message at a time`, 'genrepl.receive_pending');
  }
  const mb = p.mailbox;
  if (mb !== null && mb.length > 0) {
    const i = match == null ? 0 : scan(p, mb, match);
    if (i >= 0) return Promise.resolve(mb.removeAt(i));
  }
  if (timeout === 0) return Promise.resolve(undefined);
  const main = k.table.main;
  if (p !== main) enableAls();
  const promise = new Promise(capture);
  // Only the resolve function is kept (a failed receive resolves to a rejection): one
  // function less per waiting process.
  p.waitResolve = captured;
  p.waitMatch = match ?? null;
  if (timeout !== Infinity) p.waitTimer = k.timers.add(timeout, fireReceiveTimeout, p);
  if (p === main) k.sched.mainWait(1);
  return promise;
}

/** The process whose receive is running its predicate over its mailbox, if any. */
let scanning: Proc | null = null;

/** The index of the first message of `mb` that `match` takes, run with `p` marked as scanning. */
function scan(p: Proc, mb: Mailbox, match: Match): number {
  const outer = scanning;
  scanning = p;
  try {
    return mb.findIndex(match);
  } finally {
    scanning = outer;
  }
}

/**
 * Hands a waiting process whose receive was deferred past the budget its first matching
 * message; a predicate that throws fails the receive. @example takeDeferred(rt, p, p.mailbox)
 */
export function takeDeferred(k: KernelState, p: Proc, mb: Mailbox): void {
  let i: number;
  try {
    i = p.waitMatch === null ? 0 : runAs(p, findMatch, p);
  } catch (e) {
    rejectWaiter(k, p, e);
    return;
  }
  // A predicate that ended its own process leaves no receive to complete.
  if (i >= 0 && p.waitResolve !== null) resumeWaiter(k, p, mb.removeAt(i));
}

/** Runs as the waiting process: `self()` in its predicate is the receiver. */
function findMatch(p: Proc): number {
  return p.mailbox!.findIndex(p.waitMatch!);
}

/** Completes `p`'s pending receive with `msg`. @example resumeWaiter(rt, p, msg) */
export function resumeWaiter(k: KernelState, p: Proc, msg: unknown): void {
  const res = p.waitResolve!;
  clearWait(k, p);
  res(msg);
}

/**
 * Fails `p`'s pending receive with `e`; nothing when none is pending (a predicate that ended its
 * own process: its exit already stands). @example rejectWaiter(rt, p, e)
 */
export function rejectWaiter(k: KernelState, p: Proc, e: unknown): void {
  const res = p.waitResolve;
  if (res === null) return;
  clearWait(k, p);
  res(Promise.reject(e));
}

/** Disarms `p`'s pending receive (it will never settle). @example clearWait(rt, p) */
export function clearWait(k: KernelState, p: Proc): void {
  if (p.waitResolve === null) return;
  p.waitResolve = p.waitMatch = null;
  if (p.waitTimer !== null) {
    k.timers.release(p.waitTimer);
    p.waitTimer = null;
  }
  if (p === k.table.main) k.sched.mainWait(-1);
}

/** Puts `msgs` at the front of `p`'s mailbox, in order, and makes `p` runnable. @example pushFront(rt, p, [m1, m2]) */
export function pushFront(k: KernelState, p: Proc, msgs: unknown[]): void {
  if (p.dead || msgs.length === 0) return;
  const mb = (p.mailbox ??= new Mailbox());
  for (let i = msgs.length - 1; i >= 0; i--) mb.unshift(msgs[i]);
  if (p.handler !== null && !p.busy && !p.suspended) k.sched.enqueue(p);
}

/** Stops (true) or resumes (false) handling messages in a handler process. @example setSuspended(rt, p, true) */
export function setSuspended(k: KernelState, p: Proc, on: boolean): void {
  p.suspended = on;
  if (!on && !p.busy && p.mailbox !== null && p.mailbox.length > 0) k.sched.enqueue(p);
}
