/**
 * The runtime's timers API over `timers.ts` and the clock: `send_after` (with its ref),
 * `cancel_timer`, `read_timer`, `sleep`, and stepping a simulated clock (`advance`), which
 * lets every process run after each timer fires so chains of timers behave as in real time.
 * Fire functions are shared (a timer's fields a, b, c carry their arguments): no closure per timer.
 *
 * @example
 * const t = sendAfter(rt, pid, 'tick', 100);
 * readTimer(rt, t);   // 100
 * await advance(rt, steps, 100); // 'tick' is in pid's mailbox
 */
import { SimulatedClock } from './clock.js';
import { copyMessage } from './copy.js';
import { ArgumentError } from './errors.js';
import { Pid, Ref } from './pid.js';
import type { Proc } from './process.js';
import { show } from './present.js';
import { capture, captured, checkMessage, deliver, never } from './receive.js';
import type { KernelState } from './state.js';
import { isMain } from './table.js';
import type { Timer } from './timers.js';
import { badArg } from './args.js';

/** A timer reference from `send_after`: a Ref that knows its timer. @example const t = Process.send_after(self(), 'tick', 100) // #Reference<…> */
export class TimerRef extends Ref {
  /** @internal */
  constructor(
    n: number,
    readonly timer: Timer,
  ) {
    super(n);
  }
}

function fireSendAfter(t: Timer): void {
  const k = t.c as KernelState;
  const dest = t.a as Pid | string;
  const p = typeof dest === 'string' ? (k.names.get(dest) ?? null) : (dest.proc as Proc | null);
  if (p === null) return;
  if (p.rt.trace.on) p.rt.trace.timerFired(p, t.b);
  else deliver(p.rt, p, t.b);
}

/**
 * Sends `msg` to `dest` (a pid or a name, looked up when the timer fires) after `ms`
 * milliseconds. Returns a timer ref for `cancel_timer` / `read_timer`. A dead process (a
 * killed body resuming) arms nothing: it stops with its exit reason.
 * @example const t = sendAfter(rt, self(), 'tick', 100)
 */
export function sendAfter(k: KernelState, dest: Pid | string, msg: unknown, ms: number): TimerRef {
  if (!(dest instanceof Pid) && typeof dest !== 'string') throw new ArgumentError(`send_after expects a pid or a name, got: ${show(dest)}`);
  checkMessage(msg);
  if (typeof ms !== 'number' || !(ms >= 0) || ms === Infinity) throw new ArgumentError(`send_after expects a time in ms >= 0, got: ${show(ms)}`);
  // A dead process arms no timer: it stops here with its exit reason.
  k.table.acting();
  const t = k.timers.add(ms, fireSendAfter, dest, copyMessage(msg), k);
  return new TimerRef(k.table.refNumber(), t);
}

/** Cancels a timer: the ms it had left, or false if it already fired or was cancelled. @example cancelTimer(rt, t) */
export function cancelTimer(k: KernelState, ref: Ref): number | false {
  return ref instanceof TimerRef ? k.timers.cancel(ref.timer) : false;
}

/** The ms left on a timer, or false. @example readTimer(rt, t) // 73 */
export function readTimer(k: KernelState, ref: Ref): number | false {
  if (!(ref instanceof TimerRef)) return false;
  const left = k.timers.remaining(ref.timer);
  const dest = ref.timer.a;
  // A timer to a pid is cancelled when that process exits (as on the BEAM).
  if (left !== false && dest instanceof Pid) {
    const p = dest.proc as Proc | null;
    if (p === null || p.dead) {
      k.timers.remove(ref.timer);
      return false;
    }
  }
  return left;
}

function fireSleep(t: Timer): void {
  const k = t.c as KernelState;
  const p = t.b as Proc;
  if (p === k.table.main) k.sched.mainWait(-1);
  // A process killed while sleeping never wakes.
  if (!p.dead || isMain(p)) k.sched.settle(t.a as (v: unknown) => void, 'ok');
}

/** Resolves 'ok' after `ms` milliseconds; messages stay queued. @example await sleep(rt, 100) */
export function sleep(k: KernelState, ms: number): Promise<'ok'> {
  if (typeof ms !== 'number' || !(ms >= 0)) throw new ArgumentError(`sleep expects a number of ms >= 0, got: ${show(ms)}`);
  const p = k.table.current();
  if (ms === Infinity) return never();
  const promise = new Promise(capture) as Promise<'ok'>;
  if (p === k.table.main) k.sched.mainWait(1);
  k.timers.add(ms, fireSleep, captured, p, k);
  return promise;
}

/** The state of `advance`: how many are moving time, and an epoch that `stop` moves on. */
export class Steps {
  /** How many `advance` calls are moving simulated time now (auto-advance waits for them). */
  advancing = 0;
  /** Bumped by {@link Steps.stop}: every advance begun before it stops. */
  epoch = 0;
  /** Stops every `advance` in progress where the clock is now. @example steps.stop() */
  stop(): void {
    this.epoch++;
  }
}

/**
 * On a simulated clock: moves time forward `ms`, firing timers in order and letting every
 * process run after each. Resolves the clock's new time.
 * @example await advance(rt, steps, 250) // ChangingNumber has changed twice
 */
export async function advance(k: KernelState, steps: Steps, ms: number): Promise<number> {
  const clock = k.clock;
  if (!(clock instanceof SimulatedClock)) throw new ArgumentError('advance(ms) needs a simulated clock (deterministic mode)');
  if (typeof ms !== 'number' || !(ms >= 0) || ms === Infinity) badArg('advance', 'not a time in ms (a finite number >= 0)', [ms]);
  const target = clock.now() + ms;
  const epoch = steps.epoch;
  steps.advancing++;
  try {
    await k.sched.idle();
    for (;;) {
      if (steps.epoch !== epoch) return clock.now();
      const next = clock.nextWake();
      if (next === undefined || next > target) break;
      clock.set(next);
      await k.sched.idle();
    }
    if (steps.epoch !== epoch) return clock.now();
    clock.set(target);
  } finally {
    steps.advancing--;
  }
  return clock.now();
}
