/**
 * The runtime's functions as the package root exports them. Each acts in the runtime of the
 * process it is called from (outside any process: the default runtime, see `setRuntime`).
 * Names are Elixir's; atoms are strings and tuples are arrays.
 *
 * @example
 * import { spawn, send, receive, self } from 'genrepl';
 * const echo = spawn(async () => {
 *   const [from, msg] = (await receive()) as [Pid, unknown];
 *   send(from, msg);
 * });
 * send(echo, [self(), 'hello']);
 * await receive(); // 'hello'
 */
import { currentProc, getRuntime, InfoItem, Match, ProcessInfo, ProcessItems, SpawnOptions, TimerRef } from './runtime.js';
import { ExitSignal } from './errors.js';
import { F, type Handler } from './process.js';
import { sendAs } from './receive.js';
import type { Pid, Ref } from './pid.js';
import type { RemoteName } from './remote.js';

const rt = () => currentProc().rt;

/** Starts a process running `fn`; returns its pid. @example spawn(async () => console.log(await receive())) */
export const spawn = (fn: () => unknown): Pid => rt().spawn(fn);
/** Starts a process linked to the caller. @example spawn_link(async () => { throw new Error('boom') }) */
export const spawn_link = (fn: () => unknown): Pid => rt().spawn_link(fn);
/** Starts a process monitored by the caller: `[pid, ref]`. @example const [p, ref] = spawn_monitor(fn) */
export const spawn_monitor = (fn: () => unknown): [Pid, Ref] => rt().spawn_monitor(fn);
/**
 * Starts a handler process: `handler(msg)` runs once per message, in order, with no Promise
 * per message. @example const logger = spawn_handler((m) => console.log('got', m))
 */
export const spawn_handler = (handler: Handler | ((msg: unknown) => unknown), opts?: SpawnOptions): Pid =>
  rt().spawn_handler(handler, opts);
/** The current process's pid. @example self() // #PID<0.108.0> */
export const self = (): Pid => currentProc().pid;
/**
 * Sends a copy of `msg` to a pid, a registered name, or a name on a node (`['name',
 * 'node@host']`); returns `msg`. @example send(pid, ['put', 'a', 1]); send(['shop', 'b@127.0.0.1'], 'hi')
 */
export const send = <T>(dest: Pid | string | RemoteName, msg: T): T => {
  // The current process is looked up once (with async context on, each lookup costs), and
  // the kernel's send is called directly: each call between is paid per message until optimised.
  const me = currentProc();
  return sendAs(me.rt, (me.flags & F.DEAD) !== 0, dest, msg);
};
/**
 * Takes the first message matching `match` (or the first message), waiting up to `timeout` ms
 * (then `undefined`). @example const msg = await receive((m) => m === 'pong', 1000)
 */
export const receive = (match?: Match | number | null, timeout?: number): Promise<unknown> => {
  const me = currentProc();
  return me.rt.receiveAs(me, match, timeout);
};
/** Links the caller with `pid`. @example link(pid) */
export const link = (pid: Pid): true => rt().link(pid);
/** Removes a link. @example unlink(pid) */
export const unlink = (pid: Pid): true => rt().unlink(pid);
/**
 * Monitors a pid, a name, or a name on a node; a `['DOWN', ref, 'process', pid, reason]` message
 * follows its exit (`'noconnection'` when its node goes away). @example const ref = monitor(pid)
 */
export const monitor = (pid: Pid | string | RemoteName): Ref => rt().monitor(pid);
/**
 * Removes a monitor (`['flush']` also drops its queued DOWN); true, or with `['info']` whether
 * the monitor was still there (false once its DOWN was delivered).
 * @example demonitor(ref)
 * @example demonitor(ref, ['flush', 'info']) // false: the process had already exited
 */
export const demonitor = (ref: Ref, opts?: string[]): boolean => rt().demonitor(ref, opts);
/** A new unique reference. @example make_ref() // #Reference<0.0.0.1001> */
export const make_ref = (): Ref => rt().make_ref();
/**
 * The interned pid for `pid(0, 129, 0)`, `pid('0.129.0')` or `pid('#PID<0.129.0>')`.
 * @example pid('#PID<0.108.0>') === self() // true at the top level
 */
export const pid = (a: number | string, b?: number, c?: number): Pid => rt().pid(a, b, c);
/**
 * The node `pid` lives on (Elixir's `node/1`), or this node's name with no argument:
 * `'nonode@nohost'` when genrepl was not started as a node (`--sname`).
 * @example node() // 'a@localhost'; node(remotePid) // 'b@localhost'
 */
export const node = (pid?: Pid): string => rt().node(pid);
/**
 * Ends the current process with `reason`, as Elixir's `exit/1` (not logged as an error).
 * @example spawn(() => exit('bye'))
 */
export function exit(reason: unknown): never {
  throw new ExitSignal(reason);
}

/** Elixir's `Process` module. @example Process.send_after(self(), 'tick', 100) */
export const Process = {
  /** Sends `msg` after `ms` ms; returns a timer ref. @example Process.send_after(self(), 'tick', 100) */
  send_after: (dest: Pid | string, msg: unknown, ms: number): TimerRef => rt().send_after(dest, msg, ms),
  /** Cancels a timer: ms left, or false. @example Process.cancel_timer(t) */
  cancel_timer: (ref: Ref): number | false => rt().cancel_timer(ref),
  /** ms left on a timer, or false. @example Process.read_timer(t) */
  read_timer: (ref: Ref): number | false => rt().read_timer(ref),
  /** Registers a name. @example Process.register(pid, 'store') */
  register: (pid: Pid, name: string): true => rt().register(pid, name),
  /** Removes a name. @example Process.unregister('store') */
  unregister: (name: string): true => rt().unregister(name),
  /** The pid behind a name, or null (Elixir's nil). @example Process.whereis('store') */
  whereis: (name: string): Pid | null => rt().whereis(name),
  /** Every registered name. @example Process.registered() */
  registered: (): string[] => rt().registered(),
  /** Whether the process lives (Elixir's `alive?`). @example Process.alive(pid) */
  alive: (pid: Pid): boolean => rt().alive(pid),
  /** Every live pid. @example Process.list() */
  list: (): Pid[] => rt().list(),
  /**
   * Elixir's `Process.info`: Elixir's default keys; `[item, value]` for an item; a list of pairs
   * for a list of items; null when dead. An unknown item raises ArgumentError.
   * @example Process.info(pid, 'messages')
   * @example Process.info(pid, ['status', 'links']) // [['status', 'waiting'], ['links', []]]
   */
  info: ((pid: Pid, item?: InfoItem | InfoItem[]) => rt().info(pid, item as InfoItem)) as {
    (pid: Pid): ProcessInfo | null;
    <K extends InfoItem>(pid: Pid, item: K): [K, ProcessItems[K]] | null;
    <K extends InfoItem>(pid: Pid, items: K[]): [K, ProcessItems[K]][] | null;
  },
  /** Sends an exit signal (`'kill'` cannot be trapped). @example Process.exit(pid, 'kill') */
  exit: (pid: Pid, reason: unknown): true => rt().exit(pid, reason),
  /** Resolves 'ok' after `ms`. @example await Process.sleep(100) */
  sleep: (ms: number): Promise<'ok'> => rt().sleep(ms),
  /** Sets a process flag, returning the old value. @example Process.flag('trap_exit', true) */
  flag: (name: 'trap_exit', value: boolean): boolean => rt().flag(name, value),
  /** Same as `send`. @example Process.send(pid, 'hi') */
  send,
  /** Same as `link`. @example Process.link(pid) */
  link,
  /** Same as `unlink`. @example Process.unlink(pid) */
  unlink,
  /** Same as `monitor`. @example Process.monitor(pid) */
  monitor,
  /** Same as `demonitor`. @example Process.demonitor(ref) */
  demonitor,
  /** Same as `spawn`. @example Process.spawn(fn) */
  spawn,
};

/** The runtime behind the package root's functions. @example runtime().count */
export const runtime = getRuntime;
