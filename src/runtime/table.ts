/**
 * The process table: live processes by pid number, the pids of dead ones (weakly, so
 * `pid(0, 129, 0)` still returns the object that was handed out), and the counters for pids
 * and references. One per runtime; it runs no user code and signals nothing.
 *
 * @example
 * const table = new ProcTable(rt, 108);
 * const p = table.add(null);   // a record with pid #PID<0.108.0>
 * table.intern(0, 108, 0) === p.pid // true
 */
import { ArgumentError, ExitSignal } from './errors.js';
import { Pid, Ref, parsePid } from './pid.js';
import { Mfa, Proc } from './process.js';
import { show } from './present.js';
import type { Runtime } from './runtime.js';
import { running } from './scheduler.js';

/** The `initial_call` of a runtime's main process (the shell's, or a script's top level). */
export const MAIN_MFA: Mfa = ['genrepl', 'main', 0];

/** True for the record of a runtime's main process (even after it was replaced). @example isMain(rt.main) // true */
export function isMain(p: Proc): boolean {
  return p.initialCall === MAIN_MFA;
}

/** A runtime's processes and pids (see the module doc). */
export class ProcTable {
  /** Live processes by pid number. */
  readonly procs = new Map<number, Proc>();
  private readonly dead = new Map<number, WeakRef<Pid>>();
  private sweepAt = 1024;
  private nextRef = 1000;
  /** The implicit process for code outside any process (the shell's process). */
  main: Proc;

  constructor(
    /** The runtime every record of this table belongs to. */
    private readonly rt: Runtime,
    private nextId: number,
  ) {
    this.main = this.add(MAIN_MFA);
  }

  /** The process running now if it belongs to this table, else main. @example table.current().pid */
  current(): Proc {
    const p = running();
    return p !== null && p.rt === this.rt ? p : this.main;
  }

  /**
   * The current process, which must be alive: the continuation of a killed body (after an
   * `await`) stops here with its exit reason, as a dead process does nothing on the BEAM.
   * @example const me = table.acting()
   */
  acting(): Proc {
    const p = this.current();
    if (p.dead) throw new ExitSignal(p.exitReason, `${p.pid} is dead: a dead process can do nothing`);
    return p;
  }

  /** Puts a fresh main in place of the one exiting; returns it. @example table.replaceMain() */
  replaceMain(): Proc {
    return (this.main = this.add(MAIN_MFA));
  }

  /** A new live process record with the next pid. @example table.add(['genrepl', 'main', 0]) */
  add(initialCall: Mfa | null): Proc {
    const id = this.nextId++;
    const p = new Proc(this.rt, new Pid(0, id, 0), initialCall);
    this.procs.set(id, p);
    return p;
  }

  /** Takes an exiting process out of the table; its pid stays internable. @example table.remove(p) */
  remove(p: Proc): void {
    this.procs.delete(p.pid.id);
    this.remember(p.pid);
  }

  /** A new unique reference. @example table.makeRef() // #Reference<0.0.0.1000> */
  makeRef(): Ref {
    return new Ref(this.nextRef++);
  }

  /** The number of the next reference, taken (for a Ref subclass). @example new TimerRef(table.refNumber(), t) */
  refNumber(): number {
    return this.nextRef++;
  }

  /** Every live pid, in pid order. @example table.list().length */
  list(): Pid[] {
    const out: Pid[] = [];
    for (const p of this.procs.values()) out.push(p.pid);
    return out;
  }

  /**
   * The interned pid for `(0, id, 0)`, `'0.id.0'` or `'#PID<0.id.0>'`: the same object the
   * runtime handed out, so `===` works. @example table.intern('#PID<0.108.0>')
   */
  intern(a: number | string, b?: number, c?: number): Pid {
    let n: [number, number, number] | null;
    if (typeof a === 'string') n = parsePid(a);
    else n = b === undefined || c === undefined ? null : [a, b, c];
    if (n === null || !n.every((x) => Number.isInteger(x) && x >= 0)) {
      throw new ArgumentError(`invalid pid: ${show(a)}${b === undefined ? '' : `, ${b}, ${c}`}`);
    }
    const [x, id, z] = n;
    if (x === 0 && z === 0) {
      const live = this.procs.get(id);
      if (live !== undefined) return live.pid;
      const dead = this.dead.get(id)?.deref();
      if (dead !== undefined) return dead;
      const made = new Pid(0, id, 0);
      this.remember(made);
      return made;
    }
    if (x === 0) return new Pid(x, id, z);
    // A pid of another node: only of a node this one has met (as list_to_pid on the BEAM).
    const far = this.rt.remote?.pid(x, id, z) ?? null;
    if (far === null) throw new ArgumentError(`invalid pid: ${show(a)}${b === undefined ? '' : `, ${b}, ${c}`} (no node is known by the number ${x})`);
    return far;
  }

  private remember(pid: Pid): void {
    this.dead.set(pid.id, new WeakRef(pid));
    if (this.dead.size >= this.sweepAt) {
      for (const [id, w] of this.dead) if (w.deref() === undefined) this.dead.delete(id);
      this.sweepAt = Math.max(1024, this.dead.size * 2);
    }
  }
}
