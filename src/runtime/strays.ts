/**
 * What escapes process code outside a turn: a rejection no one handled, or an exception thrown
 * from a process's own timer or callback. Node reports both in the async context they came
 * from, so one made by a process names it: that process ends with the error as a throw would
 * end it (a dead one's is dropped); anything from outside every process stays Node's own.
 * Listened for once per program, with the first runtime.
 *
 * @example
 * installStrayHandlers(); // from now on spawn(async () => { Promise.reject(e) }) ends that process
 */
import { asyncOwner } from './scheduler.js';
import type { Proc } from './process.js';
import { crash } from './signals.js';

let installed = false;

/**
 * Listens for what escapes process code, once per program (with the first runtime: node:repl
 * refuses an `uncaughtException` listener added later, from code it evaluates).
 * @example installStrayHandlers()
 */
export function installStrayHandlers(): void {
  if (installed) return;
  installed = true;
  try {
    process.on('unhandledRejection', strayRejection);
    process.on('uncaughtException', strayException);
  } catch {
    // Refused (inside a REPL's domain): errors stay Node's.
  }
}

function strayRejection(reason: unknown): void {
  const p = asyncOwner();
  if (p !== undefined) stray(p, reason);
  else if (process.listenerCount('unhandledRejection') === 1) process.nextTick(rethrow, reason);
}

function strayException(e: unknown): void {
  const p = asyncOwner();
  if (p !== undefined) stray(p, e);
  else if (process.listenerCount('uncaughtException') === 1) {
    // What Node does with an uncaught exception when no one listens.
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  }
}

/** Ends `p` for an error that escaped it outside a turn; a dead process's errors are dropped. */
function stray(p: Proc, e: unknown): void {
  if (p.dead) return;
  const h = p.handler;
  if (h !== null && h.abort !== undefined) h.abort(e);
  else crash(p.rt, p, e);
}

function rethrow(e: unknown): never {
  throw e;
}
