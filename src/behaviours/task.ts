/**
 * Task: run one function in its own process and collect its result — Elixir's `Task`.
 *
 * ```ts
 * const t = Task.async(async () => 6 * 7);
 * await Task.await(t); // 42
 * ```
 *
 * `Task.async` links the task to the caller and watches it: if it crashes, `await` fails with
 * the reason (and, as in Elixir, the link takes an untrapping caller down too). Several tasks
 * may be awaited at once (`Promise.all`).
 */
import { ArgumentError, Call, currentProc, ExitError, hasThen, Pid, Proc, Ref, Runtime } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';
import { exitText } from './gen.js';

const calls = new WeakMap<TaskRef, { call: Call; promise: Promise<unknown>; rt: Runtime }>();

/** A running task, as Elixir's `%Task{}`. @example const t = Task.async(() => 6 * 7) // a TaskRef */
export class TaskRef {
  constructor(
    readonly pid: Pid,
    readonly ref: Ref,
    readonly owner: Pid,
  ) {}
}

function state(task: TaskRef) {
  const s = calls.get(task);
  if (s === undefined) throw new ArgumentError(`expected a task made by Task.async, got: ${inspect(task)}`);
  return s;
}

function failAwait(call: Call, reason: unknown): Error {
  return new ExitError(reason, exitText('Task.await', [call.server, call.timeout], reason));
}

function startTask(fn: () => unknown, link: boolean, rt: Runtime, onDone: ((v: unknown) => void) | null): Pid {
  if (typeof fn !== 'function') throw new ArgumentError(`Task expects a function, got: ${inspect(fn)}`);
  const body = async () => {
    const r = fn();
    const v = hasThen(r) ? await r : r;
    onDone?.(v);
  };
  Object.defineProperty(body, 'name', { value: fn.name || 'anonymous' });
  return rt.spawn(body, link);
}

/** Elixir's `Task`. */
export const Task = {
  /** Runs `fn` in a linked process; `await` its result. @example const t = Task.async(() => fetchThing()) */
  async(fn: () => unknown): TaskRef {
    const me = currentProc();
    const rt = me.rt;
    const call = new Call(me, failAwait, null, null, Infinity);
    const pid = startTask(fn, true, rt, (v) => rt.replyTo(call, v));
    const promise = rt.beginCall(call, pid.proc as Proc);
    promise.then(undefined, () => {});
    const task = new TaskRef(pid, call.tag, me.pid);
    (call as any).server = task;
    calls.set(task, { call, promise, rt });
    return task;
  },

  /**
   * The task's result, waiting up to `timeout` ms (default 5000). Fails with an exit error if
   * the task crashed (`** (EXIT) an exception was raised: …`) or the time ran out.
   * @example await Task.await(t, 1000)
   */
  await(task: TaskRef, timeout = 5000): Promise<any> {
    const { call, promise, rt } = state(task);
    if (call.done || timeout === Infinity) return promise;
    return new Promise((resolve, reject) => {
      const timer = rt.timers.add(timeout, () => {
        reject(new ExitError('timeout', exitText('Task.await', [task, timeout], 'timeout')));
      });
      promise.then(
        (v) => (rt.timers.remove(timer), resolve(v)),
        (e) => (rt.timers.remove(timer), reject(e)),
      );
    });
  },

  /**
   * Waits up to `timeout` ms: `['ok', result]`, `['exit', reason]`, or undefined if the task
   * is still running. @example await Task.yield(t, 100)
   */
  yield(task: TaskRef, timeout = 5000): Promise<['ok', any] | ['exit', unknown] | undefined> {
    const { promise, rt } = state(task);
    const settled = promise.then(
      (v) => ['ok', v] as ['ok', unknown],
      (e) => ['exit', e instanceof ExitError ? e.reason : e] as ['exit', unknown],
    );
    return new Promise((resolve) => {
      const timer = rt.timers.add(timeout, () => resolve(undefined));
      settled.then((r) => (rt.timers.remove(timer), resolve(r)));
    });
  },

  /**
   * Stops a task: `['ok', result]` if it had finished, `['exit', reason]` if it had died, else
   * undefined (it is killed). @example await Task.shutdown(t)
   */
  async shutdown(task: TaskRef, how: number | 'brutal_kill' = 5000): Promise<['ok', any] | ['exit', unknown] | undefined> {
    const { call, promise, rt } = state(task);
    if (call.done) return promise.then((v) => ['ok', v] as ['ok', unknown], (e) => ['exit', e instanceof ExitError ? e.reason : e] as ['exit', unknown]);
    const p = rt.procOf(task.pid);
    rt.unlink(task.pid);
    if (p !== null) {
      rt.exit(task.pid, how === 'brutal_kill' ? 'kill' : 'shutdown');
      if (!p.dead && !(await rt.awaitExit(p, how === 'brutal_kill' ? 0 : how))) rt.exit(task.pid, 'kill');
    }
    rt.failCall(call, 'shutdown');
    return undefined;
  },

  /** Runs `fn` in an unlinked process, for its side effects: `['ok', pid]`. @example Task.start(() => console.log('hi')) */
  start(fn: () => unknown): ['ok', Pid] {
    return ['ok', startTask(fn, false, currentProc().rt, null)];
  },

  /** As `start`, linked to the caller (what a supervisor runs). @example Task.start_link(work) */
  start_link(fn: () => unknown): ['ok', Pid] {
    return ['ok', startTask(fn, true, currentProc().rt, null)];
  },
};
