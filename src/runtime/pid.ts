/**
 * Process identifiers and references: small immutable values that print as iex prints them.
 *
 * A `Pid` is interned per runtime: `pid(0, 129, 0)` returns the very object the runtime handed
 * out for that process, so `===` compares pids. A `Ref` is unique per `make_ref()`.
 *
 * @example
 * const p = spawn(async () => {});
 * String(p);                 // '#PID<0.109.0>'
 * pid('#PID<0.109.0>') === p // true
 */
import { inspect } from 'node:util';

const PID_RE = /^(?:#PID<)?(\d+)\.(\d+)\.(\d+)>?$/;

/** Identifies one process. Compare with `===`; print with `String(pid)` or `util.inspect`. @example String(self()) // '#PID<0.108.0>' */
export class Pid {
  /** @internal the live process record, or null once the process has exited. */
  proc: unknown;
  /** The pid's number: 129 in `#PID<0.129.0>`. */
  readonly id: number;
  /** The node part (0 for every local process; stored only when not 0, to keep pids small). */
  declare readonly node: number;
  /** The serial part (0 for every local process; stored only when not 0). */
  declare readonly serial: number;
  constructor(node: number, id: number, serial: number, proc: unknown = null) {
    this.proc = proc;
    this.id = id;
    if (node !== 0) Object.defineProperty(this, 'node', { value: node });
    if (serial !== 0) Object.defineProperty(this, 'serial', { value: serial });
  }
  /** `#PID<0.129.0>`, iex's notation. */
  toString(): string {
    return `#PID<${this.node}.${this.id}.${this.serial}>`;
  }
  toJSON(): string {
    return this.toString();
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

Object.defineProperty(Pid.prototype, 'node', { value: 0, writable: false });
Object.defineProperty(Pid.prototype, 'serial', { value: 0, writable: false });

/** A unique reference, as made by `monitor`, `send_after` and `make_ref`. @example make_ref() instanceof Ref // true */
export class Ref {
  constructor(readonly n: number) {}
  /** `#Reference<0.0.0.N>`, iex's notation with a deterministic counter. */
  toString(): string {
    return `#Reference<0.0.0.${this.n}>`;
  }
  toJSON(): string {
    return this.toString();
  }
  [inspect.custom](): string {
    return this.toString();
  }
}

/**
 * Parses `'0.129.0'` or `'#PID<0.129.0>'` into its three numbers, or returns null.
 *
 * @example
 * parsePid('#PID<0.129.0>') // [0, 129, 0]
 */
export function parsePid(text: string): [number, number, number] | null {
  const m = PID_RE.exec(text.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : null;
}

/** True for a `Pid`. @example isPid(self()) // true */
export function isPid(x: unknown): x is Pid {
  return x instanceof Pid;
}

/** True for a `Ref`. @example isRef(monitor(p)) // true */
export function isRef(x: unknown): x is Ref {
  return x instanceof Ref;
}
