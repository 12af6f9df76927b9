/**
 * The process table the page shows, sampled from the runtime and sent as diffs: each sample
 * reads every live process once (what `ps()` reads), keeps one signature string per row, and
 * reports only the rows that changed, appeared or went away. A process that crashed stays
 * listed, marked, for {@link LINGER_MS}, so the room sees it go.
 *
 * @example
 * const table = new ProcessTable(rt);
 * const first = table.sample(Date.now()); // { set: [every row], del: [] }
 * const next = table.sample(Date.now());  // { set: [], del: [] } when nothing changed
 */
import type { Pid, Runtime } from '../runtime/kernel.js';
import { supervisorView, type SupervisorView } from '../behaviours/supervisor.js';
import { reason as reasonText } from './terms.js';

/** How long a crashed process stays in the table, marked. */
export const LINGER_MS = 15000;

/** One row of the table. */
export interface Row {
  /** `#PID<0.110.0>`: the row's key. */
  pid: string;
  /** The pid's middle number, for ordering. */
  n: number;
  name: string;
  /** The module (a behaviour's callbacks) or the initial call (`spawn/anonymous/0`). */
  module: string;
  behaviour: string;
  status: string;
  queue: number;
  handled: number;
  /** The shell's own process. */
  shell?: boolean;
  /** The reason, shortened, when the process crashed. */
  crashed?: string;
}

/** What changed since the last sample. */
export interface TableDiff {
  set: Row[];
  del: string[];
}

/** A live supervisor seen while sampling (for the tree). */
export interface SeenSupervisor {
  pid: Pid;
  view: SupervisorView;
}

/** The table's rows and the signatures of what was last sent. */
export class ProcessTable {
  private sent = new Map<string, string>();
  private rows = new Map<string, Row>();
  private readonly crashed = new Map<string, { row: Row; until: number }>();
  /** Supervisors met by the last sample. */
  supervisors: SeenSupervisor[] = [];

  constructor(private readonly rt: Runtime) {}

  /** Marks `pid` as crashed with `reason` (`known`: what the report says of it, if it was never sampled): its row stays, marked, for a while. @example table.crash(pid, 'boom', Date.now()) */
  crash(pid: Pid, reason: unknown, now: number, known: { name?: string | null; module?: string; behaviour?: string } = {}): void {
    const key = String(pid);
    const last = this.rows.get(key) ??
      this.rowOf(pid) ?? { pid: key, n: pid.id, name: known.name ?? '', module: known.module ?? '', behaviour: known.behaviour ?? '', status: 'exited', queue: 0, handled: 0 };
    this.crashed.set(key, { row: { ...last, status: 'crashed', crashed: reasonText(reason) }, until: now + LINGER_MS });
  }

  /** True when `pid` is marked as crashed. @example table.isCrashed('#PID<0.110.0>') */
  isCrashed(pid: string): boolean {
    return this.crashed.has(pid);
  }

  /** Reads every live process; returns what changed since the last call. @example table.sample(Date.now()) */
  sample(now: number): TableDiff {
    const rows = new Map<string, Row>();
    const sups: SeenSupervisor[] = [];
    for (const pid of this.rt.list()) {
      const row = this.rowOf(pid, sups);
      if (row !== null) rows.set(row.pid, row);
    }
    for (const [key, c] of this.crashed) {
      if (c.until <= now) this.crashed.delete(key);
      else if (!rows.has(key)) rows.set(key, c.row);
    }
    this.supervisors = sups;
    const set: Row[] = [];
    const del: string[] = [];
    const sent = new Map<string, string>();
    for (const [key, row] of rows) {
      const sig = signature(row);
      sent.set(key, sig);
      if (this.sent.get(key) !== sig) set.push(row);
    }
    for (const key of this.sent.keys()) if (!rows.has(key)) del.push(key);
    this.sent = sent;
    this.rows = rows;
    return { set, del };
  }

  /** The row of `pid` (`#PID<…>`) as last sampled, or undefined. @example table.row('#PID<0.110.0>')?.name */
  row(pid: string): Row | undefined {
    return this.rows.get(pid);
  }

  /** Every row as last sampled (a new page's first picture). @example table.all() */
  all(): Row[] {
    return [...this.rows.values()];
  }

  private rowOf(pid: Pid, sups?: SeenSupervisor[]): Row | null {
    const d = this.rt.details(pid);
    if (d === null) return null;
    const row: Row = {
      pid: String(pid),
      n: pid.id,
      name: d.registered_name ?? '',
      module: d.module ?? d.initial_call.join('/').replace(/\/(\d+)$/, '/$1'),
      behaviour: d.behaviour ?? '',
      status: d.status,
      queue: d.message_queue_len,
      handled: d.reductions,
    };
    if (pid === this.rt.main.pid) row.shell = true;
    if (sups !== undefined && d.module === 'Supervisor') {
      const p = this.rt.procOf(pid);
      const view = p === null ? null : supervisorView(p);
      if (view !== null) sups.push({ pid, view });
    }
    return row;
  }
}

function signature(r: Row): string {
  return `${r.name}\u0000${r.module}\u0000${r.behaviour}\u0000${r.status}\u0000${r.queue}\u0000${r.handled}\u0000${r.shell ? 1 : 0}\u0000${r.crashed ?? ''}`;
}
