/**
 * The call protocol GenServer, Task and sys share (the kernel's half of OTP's `gen`): a `Call`
 * watches its target like a monitor, so the caller's promise fails when the target dies or
 * the timeout passes, and is answered at most once. A call lives in its caller's runtime (its
 * timeout is on that runtime's timers).
 *
 * @example
 * const call = new Call(me, fail, server, request, 5000);
 * const reply = beginCall(rt, call, target); // a Promise
 * replyTo(call, 'ok');                      // settles it (a later reply is dropped)
 */
import { copyMessage } from './copy.js';
import { Call, type Proc } from './process.js';
import { capture, captured, capturedReject } from './receive.js';
import { unwatch, watch } from './signals.js';
import type { KernelState } from './state.js';
import { isMain } from './table.js';
import type { Timer } from './timers.js';
import type { Pid } from './pid.js';
import { nodeOf, type RemoteName } from './remote.js';

function fireCallTimeout(t: Timer): void {
  const call = t.a as Call;
  call.timer = null;
  failCall(call, 'timeout');
}

/**
 * Starts `call` (a synchronous request from `call.watcher`) to `target` (null: no such
 * process) and returns the promise its caller awaits; `replyTo` / `failCall` settle it.
 * @example const reply = await beginCall(rt, call, rt.procOf(server))
 */
export function beginCall(k: KernelState, call: Call, target: Proc | null): Promise<unknown> {
  const promise = new Promise(capture);
  call.resolve = captured!;
  call.reject = capturedReject!;
  if (target === null || target.dead) {
    call.done = true;
    call.reject(call.fail(call, 'noproc'));
    return promise;
  }
  watch(target, call);
  if (call.timeout !== Infinity) call.timer = k.timers.addLazy(call.timeout, fireCallTimeout, call);
  if (call.watcher === k.table.main) k.sched.mainWait(1);
  return promise;
}

/**
 * As `beginCall`, to a server on another node (a remote pid or `[name, node]`): the port sends
 * the request and answers with `replyTo` / `failCall`. With no port the call fails with
 * `['nodedown', node]`. @example beginRemoteCall(rt, call, ['shop', 'b@127.0.0.1'])
 */
export function beginRemoteCall(k: KernelState, call: Call, to: Pid | RemoteName): Promise<unknown> {
  const promise = new Promise(capture);
  call.resolve = captured!;
  call.reject = capturedReject!;
  const remote = k.remote;
  if (remote === null) {
    call.done = true;
    call.reject(call.fail(call, ['nodedown', Array.isArray(to) ? to[1] : nodeOf(null, to)]));
    return promise;
  }
  if (call.timeout !== Infinity) call.timer = k.timers.addLazy(call.timeout, fireCallTimeout, call);
  if (call.watcher === k.table.main) k.sched.mainWait(1);
  remote.call(call, to);
  return promise;
}

/**
 * Answers a pending call (the reply is copied); a reply to a call that already ended is dropped.
 * A reply copy-on-send refuses throws its ArgumentError to the replier and leaves the call
 * pending (it still ends by its timeout or its server's exit), as a send that never happened.
 * @example replyTo(call, 'ok')
 */
export function replyTo(call: Call, value: unknown): void {
  if (call.done) return;
  // Copied before the call ends: a refused copy must not leave the caller waiting forever.
  const reply = typeof value !== 'object' || value === null ? value : copyMessage(value);
  endCall(call);
  // A caller that died meanwhile never resumes.
  if (call.watcher.dead && !isMain(call.watcher)) return;
  call.resolve(reply);
}

/** Fails a pending call with `reason` (the target died, or the call timed out). @example failCall(call, 'timeout') */
export function failCall(call: Call, reason: unknown): void {
  if (call.done) return;
  endCall(call);
  if (call.watcher.dead && !isMain(call.watcher)) return;
  call.reject(call.fail(call, reason));
}

/**
 * Abandons every pending call `p` made (Ctrl-C at the shell while it waited for a reply), as
 * OTP deactivates a call's alias: the reply, if the server still sends one, is dropped (never
 * a stray message in the mailbox), the call's timeout and its watch on the server end (no
 * late `timeout` or `noproc` failure), and the abandoned wait never settles. It scans the
 * process table, so a call costs nothing more for it. A call that is not `abandonable` (a
 * Task's, whose result stays to be awaited again) is left alone. Returns how many calls it ended.
 * @example cancelCalls(rt, rt.main) // 1 after Ctrl-C on `await GenServer.call(slow, 'x')`
 */
export function cancelCalls(k: KernelState, p: Proc): number {
  let n = 0;
  for (const target of k.table.procs.values()) {
    for (let w = target.watchers; w !== null; ) {
      const next = w.next;
      if (w instanceof Call && w.watcher === p && !w.done && w.abandonable) {
        endCall(w);
        n++;
      }
      w = next;
    }
  }
  return n;
}

function endCall(call: Call): void {
  const k: KernelState = call.watcher.rt;
  call.done = true;
  unwatch(call);
  if (call.timer !== null) {
    k.timers.release(call.timer);
    call.timer = null;
  }
  if (call.watcher === k.table.main) k.sched.mainWait(-1);
}
