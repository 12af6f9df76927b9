/**
 * The process table behind `observer()`: one row per process (pid, name, module, status,
 * queue, messages handled, a memory estimate), kept up to date by **sampling** — each refresh
 * reads at most `budget` processes, continuing where the last one stopped, plus the rows on
 * screen — so a tick costs the same with 100 or 100,000 processes. The first refresh reads
 * them all once.
 *
 * @example
 * const table = new ProcTable(rt);
 * table.refresh();
 * table.sorted('queue').slice(0, 10) // the ten longest queues
 */
import type { Pid, Proc, Runtime } from '../runtime/kernel.js';

/** One process, as the table shows it. */
export interface Row {
  pid: Pid;
  name: string;
  module: string;
  status: string;
  queue: number;
  handled: number;
  /** Bytes, estimated: the record, the mailbox and the state (see {@link estimate}). */
  memory: number;
}

/** What a table can be sorted by. */
export const SORT_KEYS = ['queue', 'handled', 'memory', 'pid', 'name'] as const;
/** A sort key. */
export type SortKey = (typeof SORT_KEYS)[number];

/** Bytes of a process record with an empty mailbox (a measured idle GenServer is ~300 B). */
const BASE = 300;

/**
 * A rough size in bytes of a value, reading at most `budget` nodes (a large state costs no more
 * than that to estimate). @example estimate([1, 'ab']) // 40
 */
export function estimate(v: unknown, budget = 500): number {
  let nodes = 0;
  const seen = new Set<object>();
  const walk = (x: unknown): number => {
    if (++nodes > budget) return 0;
    switch (typeof x) {
      case 'string':
        return 16 + x.length;
      case 'number':
      case 'boolean':
      case 'undefined':
      case 'bigint':
      case 'symbol':
        return 8;
      case 'function':
        return 32;
    }
    if (x === null) return 8;
    const o = x as object;
    if (seen.has(o)) return 8;
    seen.add(o);
    let n = 24;
    if (Array.isArray(o)) for (const y of o) n += walk(y);
    else if (o instanceof Map) for (const [k, y] of o) n += walk(k) + walk(y);
    else if (o instanceof Set) for (const y of o) n += walk(y);
    else if (Object.getPrototypeOf(o) === Object.prototype) for (const k of Object.keys(o)) n += 8 + walk((o as Record<string, unknown>)[k]);
    return n;
  };
  return walk(v);
}

/** The status column: Elixir's words. */
function status(p: Proc): string {
  if (p.rt.current() === p) return 'running';
  if (p.suspended) return 'suspended';
  return p.queued || p.body !== null ? 'runnable' : 'waiting';
}

/** The module column: the behaviour's module, else the initial call. */
function moduleOf(p: Proc): string {
  const d = p.handler?.describe?.();
  if (d !== undefined) return d.module;
  const [m, f, a] = p.mfa();
  return `${m}.${f}/${a}`;
}

/** A sampled table of a runtime's processes. */
export class ProcTable {
  /** The rows, by pid number. */
  readonly rows = new Map<number, Row>();
  private cursor: Iterator<Proc> | null = null;
  private full = false;

  constructor(
    readonly rt: Runtime,
    /** Processes read per refresh (after the first, which reads all). */
    readonly budget = 2000,
  ) {}

  /** Reads the next `budget` processes (all of them the first time), and `also` (the rows on screen). @example table.refresh() */
  refresh(also: Pid[] = []): void {
    const procs = this.rt.table.procs;
    let n = this.full ? Math.min(this.budget, procs.size) : procs.size;
    this.full = true;
    if (this.cursor === null) this.cursor = procs.values();
    while (n-- > 0) {
      let r = this.cursor.next();
      if (r.done) {
        // A lap is done: start the next one.
        this.cursor = procs.values();
        r = this.cursor.next();
        if (r.done) break;
      }
      this.read(r.value);
    }
    for (const pid of also) {
      const p = pid.proc as Proc | null;
      if (p === null || p.dead) this.rows.delete(pid.id);
      else this.read(p);
    }
  }

  private read(p: Proc): void {
    if (p.dead) {
      this.rows.delete(p.pid.id);
      return;
    }
    const queue = p.mailbox?.length ?? 0;
    const d = p.handler?.describe?.();
    const state = d !== undefined && 'state' in d ? estimate(d.state) : 0;
    this.rows.set(p.pid.id, {
      pid: p.pid,
      name: p.name ?? '',
      module: moduleOf(p),
      status: status(p),
      queue,
      handled: p.reductions,
      memory: BASE + queue * 48 + state,
    });
  }

  /** The live rows sorted by `key` (largest first for numbers, A–Z for names and pids), reversed with `reverse`. @example table.sorted('memory') */
  sorted(key: SortKey, reverse = false): Row[] {
    // The rows of processes that exited are dropped here, in the pass that gathers the rest.
    const rows: Row[] = [];
    for (const [id, row] of this.rows) {
      const p = row.pid.proc as Proc | null;
      if (p === null || p.dead) this.rows.delete(id);
      else rows.push(row);
    }
    const sign = reverse ? -1 : 1;
    if (key === 'pid') rows.sort((a, b) => sign * (a.pid.id - b.pid.id));
    else if (key === 'name') rows.sort((a, b) => sign * (a.name === b.name ? a.pid.id - b.pid.id : a.name === '' ? 1 : b.name === '' ? -1 : a.name < b.name ? -1 : 1));
    else rows.sort((a, b) => sign * (b[key] - a[key] || a.pid.id - b.pid.id));
    return rows;
  }
}
