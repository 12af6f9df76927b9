/**
 * A runtime's state, piece by piece: what the kernel's functions take explicitly. Each piece
 * has one owner file (the table, the scheduler, the registry's names, the exit queue, the
 * timers); `Runtime` holds one of each and delegates to the functions over them.
 *
 * @example
 * import { deliver } from './receive.js';
 * deliver(rt, p, msg); // rt is a KernelState: the function touches rt.sched and rt.timers
 */
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import type { Names } from './registry.js';
import type { Remote } from './remote.js';
import type { Scheduler } from './scheduler.js';
import type { ExitQueue } from './signals.js';
import type { ProcTable } from './table.js';
import type { Timers } from './timers.js';

/** The pieces of one runtime's state (see the module doc). */
export interface KernelState {
  readonly clock: Clock;
  readonly timers: Timers;
  readonly logger: Logger;
  readonly table: ProcTable;
  readonly sched: Scheduler;
  readonly names: Names;
  readonly exits: ExitQueue;
  /** The port to other nodes (remote.ts), or null while the runtime is no node. */
  readonly remote: Remote | null;
}
