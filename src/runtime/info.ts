/**
 * `Process.info`: what a process looks like from outside, with Elixir's item names. Pure
 * functions over a process record (and the one running now, for `status`); no runtime state.
 *
 * @example
 * processInfo(details(p, running), ['status', 'links']) // [['status', 'waiting'], ['links', []]]
 */
import { ArgumentError } from './errors.js';
import type { Pid } from './pid.js';
import type { RemoteName } from './remote.js';
import type { HandlerInfo, Mfa, Proc } from './process.js';
import { show } from './present.js';
import { checkPid } from './args.js';

/**
 * Every item `Process.info(pid, item)` answers, with Elixir's names (`registered_name` is
 * null when the process has no name).
 */
export interface ProcessItems {
  registered_name: string | null;
  current_function: Mfa;
  initial_call: Mfa;
  status: 'running' | 'runnable' | 'waiting' | 'suspended';
  message_queue_len: number;
  messages: unknown[];
  links: Pid[];
  monitors: ['process', Pid | RemoteName][];
  monitored_by: Pid[];
  trap_exit: boolean;
  reductions: number;
}
/** An item name for `Process.info(pid, item)`. */
export type InfoItem = keyof ProcessItems;

/**
 * What `Process.info(pid)` returns: Elixir's default keys that mean something here, in its
 * order; `registered_name` (first) only when the process is registered.
 */
export interface ProcessInfo {
  registered_name?: string;
  current_function: Mfa;
  initial_call: Mfa;
  status: ProcessItems['status'];
  message_queue_len: number;
  links: Pid[];
  trap_exit: boolean;
  reductions: number;
}

/** All items of a process and its behaviour, for the shell's `i()` and `ps()`. */
export interface ProcessDetails extends ProcessItems {
  behaviour?: string;
  module?: string;
}

const DEFAULT_ITEMS = ['current_function', 'initial_call', 'status', 'message_queue_len', 'links', 'trap_exit', 'reductions'] as const;
const ITEMS = new Set<string>([...DEFAULT_ITEMS, 'registered_name', 'messages', 'monitors', 'monitored_by']);

/** Refuses a non-pid or an unknown item, as Elixir's `Process.info` does. @example checkInfo(pid, 'status') */
export function checkInfo(pid: unknown, item: unknown): void {
  checkPid('Process.info', pid, item === undefined ? [pid] : [pid, item]);
  if (item !== undefined && !(Array.isArray(item) ? item.every((k) => ITEMS.has(k)) : typeof item === 'string' && ITEMS.has(item))) {
    throw new ArgumentError(
      `errors were found at the given arguments:\n\n  * 2nd argument: invalid item or item list\n\n    Process.info(${pid}, ${show(item)})`,
    );
  }
}

/** `Process.info`'s answer from a process's details: default keys, one pair, or a list of pairs. @example processInfo(d, 'status') */
export function processInfo(d: ProcessDetails, item?: InfoItem | InfoItem[]): unknown {
  if (item === undefined) {
    const out: Partial<ProcessInfo> = d.registered_name !== null ? { registered_name: d.registered_name } : {};
    for (const k of DEFAULT_ITEMS) (out as any)[k] = d[k];
    return out;
  }
  if (Array.isArray(item)) return item.map((k) => [k, d[k]]);
  return [item, d[item]];
}

/** Every item of live process `p` (and its behaviour); `running` is the process running now. @example details(p, currentProc()) */
export function details(p: Proc, running: Proc): ProcessDetails {
  const d: HandlerInfo | undefined = p.handler?.describe?.();
  const mons: ['process', Pid | RemoteName][] = [];
  if (p.monitors !== null) for (const m of p.monitors.values()) if (m.target !== null) mons.push(['process', m.target.pid]);
  // One entry per monitor, as the BEAM lists them (a process monitoring twice shows twice): linear.
  const by: Pid[] = [];
  for (let m = p.watchers; m !== null; m = m.next) by.push(m.watcher.pid);
  // Links and monitors across nodes, which the port to other nodes keeps.
  const far = p.rt.remote?.relations(p.pid) ?? null;
  const links = p.links === null ? [] : [...p.links].map((l) => l.pid);
  if (far !== null) {
    links.push(...far.links);
    for (const t of far.monitors) mons.push(['process', t]);
    by.push(...far.monitoredBy);
  }
  const info: ProcessDetails = {
    registered_name: p.name,
    current_function: p.handler !== null ? [d?.behaviour ?? 'spawn_handler', 'loop', 1] : p.waitResolve !== null ? ['genrepl', 'receive', 2] : p.mfa(),
    initial_call: p.mfa(),
    status: running === p ? 'running' : p.suspended ? 'suspended' : p.queued || p.body !== null ? 'runnable' : 'waiting',
    message_queue_len: p.mailbox?.length ?? 0,
    messages: p.mailbox?.toArray() ?? [],
    links,
    monitors: mons,
    monitored_by: by,
    trap_exit: p.trapExit,
    reductions: p.reductions,
  };
  if (d !== undefined) {
    info.behaviour = d.behaviour;
    info.module = d.module;
  }
  return info;
}
