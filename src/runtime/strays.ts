/**
 * What escapes process code outside a turn: a rejection no one handled, or an exception thrown
 * from a process's own timer or callback. Node reports both in the async context they came
 * from, so one made by a process names it: that process ends with the error as a throw would
 * end it (one that has already exited keeps its exit, and the error is reported as its own);
 * anything from outside every process stays Node's own.
 * Listened for once per program, with the first runtime.
 *
 * A rejection made by synchronous process code before anything turned async context on (a
 * plain handler, a sync body, `init`) has no async context to name its process. Node reads
 * `process.domain` when a promise is rejected with no handler, and later hands the rejection
 * to what it read instead of emitting `unhandledRejection`: the kernel makes that read answer
 * with the process running at that moment. It costs nothing on any other path: Node reads it
 * only then (and, once node:repl has loaded Node's domain module, when an async resource is
 * made, which then stays out of the REPL's domain as process code should).
 *
 * @example
 * installStrayHandlers(); // from now on spawn(async () => { Promise.reject(e) }) ends that process
 */
import { asyncOwner, catchInterruptions, handleInterruption, interruptionEscaping, reportAfterExit, running } from './scheduler.js';
import type { Proc } from './process.js';
import { crash } from './signals.js';
import { isMain } from './table.js';

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
    catchInterruptions();
  } catch {
    // Refused (inside a REPL's domain): errors stay Node's.
  }
  ownRejections();
  ownMicrotasks();
}

/**
 * Makes a `queueMicrotask` callback's throw end the process that queued it. Node reports such a
 * throw outside every async context (nothing names its process), so the callback of process code
 * is queued inside a catch that knows its owner; code of no process, main's included, keeps
 * Node's own `queueMicrotask`. The kernel's own turns never use it: no cost on any message path.
 */
function ownMicrotasks(): void {
  const nodeQueue = globalThis.queueMicrotask;
  globalThis.queueMicrotask = function queueMicrotask(callback: () => void): void {
    const p = running();
    if (p === null || isMain(p) || typeof callback !== 'function') return nodeQueue(callback);
    nodeQueue(() => {
      try {
        callback();
      } catch (e) {
        if (!handleInterruption(e)) stray(p, e);
      }
    });
  };
}

/**
 * Makes `process.domain` name the running process when Node asks it about a rejection (see the
 * module doc). Node's domain module (loaded by node:repl) keeps its own accessor underneath:
 * outside process code every read and write goes to it, so the REPL's domain works as before.
 */
function ownRejections(): void {
  const d = Object.getOwnPropertyDescriptor(process, 'domain');
  if (d !== undefined && !d.configurable) return;
  let value: unknown = d?.value ?? null;
  const get = d?.get ?? (() => value);
  const set = d?.set ?? ((v: unknown) => (value = v));
  Object.defineProperty(process, 'domain', {
    configurable: true,
    enumerable: true,
    get() {
      // An interruption on its way (under node:repl, Node hands it to process.domain).
      if (interruptionEscaping()) return INTERRUPTION_SINK;
      const p = running();
      return p === null || isMain(p) ? get.call(process) : ownerOf(p);
    },
    set(v: unknown) {
      set.call(process, v);
    },
  });
}

const owners = new WeakMap<Proc, RejectionOwner>();
function ownerOf(p: Proc): RejectionOwner {
  let o = owners.get(p);
  if (o === undefined) owners.set(p, (o = new RejectionOwner(p)));
  return o;
}

/** Where Node's domain handling sends an uncaught interruption (see scheduler.ts). */
const INTERRUPTION_SINK = {
  _errorHandler(e: unknown): boolean {
    if (!handleInterruption(e)) strayException(e);
    return true;
  },
  emit(_event: 'error', e: unknown): boolean {
    return INTERRUPTION_SINK._errorHandler(e);
  },
};

/** What Node hands a rejection made by process `p` that no one handled: `p` ends with it. */
class RejectionOwner {
  constructor(private readonly p: Proc) {}
  emit(_event: 'error', reason: unknown): boolean {
    stray(this.p, reason);
    return true;
  }
}

function strayRejection(reason: unknown): void {
  if (handleInterruption(reason)) return;
  const p = asyncOwner();
  if (p !== undefined) stray(p, reason);
  else if (process.listenerCount('unhandledRejection') === 1) process.nextTick(rethrow, reason);
}

function strayException(e: unknown): void {
  // A Ctrl-C stopped process code (scheduler.ts).
  if (handleInterruption(e)) return;
  const p = asyncOwner();
  if (p !== undefined) stray(p, e);
  else if (process.listenerCount('uncaughtException') === 1) {
    // What Node does with an uncaught exception when no one listens.
    process.stderr.write(`${(e as Error)?.stack ?? String(e)}\n`);
    process.exit(1);
  }
}

/**
 * Ends `p` for an error that escaped it outside a turn. A process that has already exited (an
 * async body that returned before its floating rejection was seen, a killed one) keeps its
 * exit, as on the BEAM, and the error is reported as its own; an exit signal stays quiet.
 */
function stray(p: Proc, e: unknown): void {
  if (p.dead) return reportAfterExit(p, e);
  const h = p.handler;
  if (h !== null && h.abort !== undefined) h.abort(e);
  else crash(p.rt, p, e);
}

function rethrow(e: unknown): never {
  throw e;
}
