/**
 * What the kernel and the behaviours report, as typed events rather than text: a crash, a
 * server terminating, an unexpected message, main's exit, an interrupt, a trace line. The
 * logger formats them through the installed presenter (`src/inspect/events.ts`, iex's layout)
 * and routes them by kind; anyone may subscribe (`rt.logger.subscribe`) for a tracer or a web
 * view. Nothing is built on any path unless a report is due: the send path emits nothing.
 *
 * @example
 * rt.logger.subscribe((e) => { if (e.kind === 'process_crashed') crashes.push(e.pid) });
 */
import type { Pid } from './pid.js';

/** What a GenServer was handling when it stopped (its report's "Last message"). */
export type LastMessage =
  | { kind: 'call'; request: unknown; from: Pid }
  | { kind: 'cast'; request: unknown }
  | { kind: 'continue'; value: unknown }
  | { kind: 'info'; msg: unknown };

/** One step `sys.trace` shows. */
export type TraceStep =
  | LastMessage
  | { kind: 'reply'; value: unknown; to: Pid; state: unknown }
  | { kind: 'state'; state: unknown };

/** Every event, by `kind`. */
export type KernelEvent =
  /** A plain process (a body or a function handler) raised: `Process #PID<…> raised an exception`. */
  | { kind: 'process_crashed'; pid: Pid; error: unknown }
  /**
   * Code of a process that had already exited (with `reason`: its body had returned, it was
   * killed) raised, or left a rejection no one handled: a process exits once, so its exit
   * stands and the error is reported, attributed to it.
   */
  | { kind: 'error_after_exit'; pid: Pid; error: unknown; reason: unknown }
  /** A GenServer stopped abnormally: iex's `GenServer … terminating` report. */
  | {
      kind: 'gen_server_terminating';
      pid: Pid;
      name: string | null;
      module: string;
      reason: unknown;
      last: LastMessage;
      state: unknown;
      /** The caller of the call being handled, and whether it still lives. */
      client: { pid: Pid; alive: boolean } | null;
    }
  /** A GenServer without `handle_info` got a message. */
  | { kind: 'unexpected_message'; pid: Pid; name: string | null; module: string; msg: unknown }
  /** The main (shell) process exited and `next` took its place. */
  | { kind: 'main_exited'; pid: Pid; reason: unknown; next: Pid }
  /** Ctrl-C stopped a process's runaway turn; it exits with `'interrupted'`. */
  | { kind: 'interrupted'; pid: Pid }
  /** A `sys.trace`d server's step (`*DBG*` lines). */
  | { kind: 'trace'; pid: Pid; name: string | null; step: TraceStep };

/** The kinds of event. */
export type EventKind = KernelEvent['kind'];
