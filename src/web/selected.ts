/**
 * The selected process as the page's side panel shows it: what `i(pid)` says (name, module,
 * status, links, monitors, queue, messages handled) with its state and its mailbox printed as
 * the shell prints them. Read without sending it anything, so looking never changes what is seen.
 *
 * @example
 * processView(rt, '#PID<0.110.0>')
 * // { pid: '#PID<0.110.0>', alive: true, module: 'MyKeyStore', state: "new Map([['a', 1]])", mailbox: [], … }
 */
import type { Runtime } from '../runtime/kernel.js';
import { full } from './terms.js';

/** Messages of a mailbox shown at most. */
export const MAILBOX_SHOWN = 50;

/** A process seen from outside. */
export interface ProcessView {
  pid: string;
  alive: boolean;
  name?: string;
  module?: string;
  behaviour?: string;
  status?: string;
  links?: string[];
  monitors?: string[];
  monitored_by?: string[];
  trap_exit?: boolean;
  queue?: number;
  handled?: number;
  /** The state, printed, when the process has one (a GenServer, an Agent, a Supervisor). */
  state?: string;
  /** The first {@link MAILBOX_SHOWN} messages, printed. */
  mailbox?: string[];
}

/** The view of the process whose pid prints as `pid` (`#PID<0.110.0>` or `0.110.0`). @example processView(rt, '0.110.0') */
export function processView(rt: Runtime, pid: string): ProcessView {
  const want = pid.startsWith('#PID<') ? pid : `#PID<${pid}>`;
  const live = rt.list().find((p) => String(p) === want);
  const d = live === undefined ? null : rt.details(live);
  if (live === undefined || d === null) return { pid: want, alive: false };
  const view: ProcessView = {
    pid: want,
    alive: true,
    name: d.registered_name ?? '',
    module: d.module ?? d.initial_call.join('/'),
    behaviour: d.behaviour ?? '',
    status: d.status,
    links: d.links.map(String),
    monitors: d.monitors.map((m) => String(m[1])),
    monitored_by: d.monitored_by.map(String),
    trap_exit: d.trap_exit,
    queue: d.message_queue_len,
    handled: d.reductions,
    mailbox: d.messages.slice(0, MAILBOX_SHOWN).map((m) => full(m)),
  };
  const described = rt.procOf(live)?.handler?.describe?.();
  if (described !== undefined && 'state' in described) view.state = full(described.state);
  return view;
}
