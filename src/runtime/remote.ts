/**
 * The kernel's port to other nodes. The kernel knows that a pid may live elsewhere (a `Pid`
 * whose `node` is not 0) and that a process may be named on another node (`['name',
 * 'node@host']`); what carries a signal there is not its business. A distribution layer
 * implements {@link Remote} and installs it with `rt.setRemote(r)`; until then nothing changes
 * and nothing costs: the runtime asks for the port only where a pid has no local process
 * (a dead or a remote one), never on the local send path.
 *
 * What flows in comes through the runtime's ordinary entry points (`deliver`, `signal`,
 * `replyTo`, `failCall`) and {@link Runtime.remoteDown} for a remote monitor's `DOWN`.
 *
 * @example
 * rt.setRemote(bridge);                       // bridge implements Remote
 * rt.send(['shop', 'b@127.0.0.1'], 'hello');  // → bridge.send(['shop', 'b@127.0.0.1'], 'hello', self)
 * rt.link(remotePid);                         // → bridge.link(self, remotePid)
 */
import type { Pid, Ref } from './pid.js';
import type { Call } from './process.js';

/** A process registered under `name` on `node`: Elixir's `{name, node}`. */
export type RemoteName = [name: string, node: string];

/** What the runtime asks of a distribution layer. Every `from`/`watcher` is a local pid. */
export interface Remote {
  /** This node's name, `name@host`. */
  readonly self: string;
  /** The node a pid's node number stands for (`#PID<N.x.y>`), or undefined. */
  nodeName(index: number): string | undefined;
  /** The pid `#PID<index.id.serial>` of a known node (the same object each time), or null. */
  pid(index: number, id: number, serial: number): Pid | null;
  /** Sends `msg` (not yet copied) to a remote pid or a name on a node. */
  send(to: Pid | RemoteName, msg: unknown, from: Pid): void;
  /** Links local `from` with remote `to`. */
  link(from: Pid, to: Pid): void;
  /** Removes the link between local `from` and remote `to`. */
  unlink(from: Pid, to: Pid): void;
  /** An exit signal from `from` to remote `to` (`Process.exit/2`). */
  exit(from: Pid, to: Pid, reason: unknown): void;
  /** Monitors a remote pid or name for `watcher`; the `DOWN` comes back through `rt.remoteDown`. */
  monitor(watcher: Pid, target: Pid | RemoteName, ref: Ref): void;
  /** Cancels a monitor made by `monitor`. */
  demonitor(watcher: Pid, ref: Ref): void;
  /** Starts a call (`call.request`) to a remote server; answered with `rt.replyTo` / `rt.failCall`. */
  call(call: Call, to: Pid | RemoteName): void;
  /** A local process has exited: its remote links and the remote monitors on it are told. */
  exited(pid: Pid, reason: unknown): void;
  /** What local `pid` has with processes of other nodes, for `Process.info`; null when nothing. */
  relations(pid: Pid): RemoteRelations | null;
}

/** A local process's links and monitors across nodes, as `Process.info` lists them. */
export interface RemoteRelations {
  /** Remote processes linked to it. */
  links: Pid[];
  /** What it monitors on other nodes: a pid, or `[name, node]`. */
  monitors: (Pid | RemoteName)[];
  /** Remote processes monitoring it. */
  monitoredBy: Pid[];
}

/**
 * True for `['name', 'node@host']`, a process named on a node.
 *
 * @example
 * isRemoteName(['shop', 'b@127.0.0.1']) // true
 * isRemoteName(['ok', 1])               // false
 */
export function isRemoteName(x: unknown): x is RemoteName {
  return Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && typeof x[1] === 'string' && x[1].includes('@');
}

/** The node of a pid as Elixir's `node/1` says it: `'nonode@nohost'` when no node runs. @example nodeOf(null, self()) // 'nonode@nohost' */
export function nodeOf(remote: Remote | null, pid: Pid): string {
  if (pid.node === 0) return remote?.self ?? 'nonode@nohost';
  return remote?.nodeName(pid.node) ?? 'nonode@nohost';
}
