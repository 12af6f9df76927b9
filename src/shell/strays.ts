/**
 * What escapes the shell's own code, for a shell that owns its process (the CLI's piped input,
 * `-e`, replays): a rejection no one handled, an exception thrown from a timer an input set.
 * The kernel ends the process that owns such an error; one that no other process owns is the
 * shell's (its inputs run outside any process, at no cost), and ends the shell process as a crash does in iex (a report, `** (EXIT from …)`, a
 * new shell process that keeps the bindings). It never ends genrepl. A shell of its own
 * (createShell without hostGlobals) needs none of this: its inputs run as its process, so the
 * kernel finds them.
 *
 * @example
 * const release = catchStrays(shell); … release()
 */
import { currentProc, exitReason } from '../runtime/kernel.js';
import type { Shell } from './session.js';

/** Until the returned function is called, errors that escape the shell's code end its process, not Node. @example catchStrays(shell)() */
export function catchStrays(shell: Shell): () => void {
  const stray = strayHandler(shell);
  process.on('unhandledRejection', stray);
  process.on('uncaughtException', stray);
  return () => {
    process.off('unhandledRejection', stray);
    process.off('uncaughtException', stray);
  };
}

/**
 * What to do with an error that escaped the shell's own code: end the shell process with it,
 * as iex does (the terminal front end gives it what node:repl's domain catches). @example
 * domain.on('error', strayHandler(shell))
 */
export function strayHandler(shell: Shell): (e: unknown) => void {
  return (e: unknown) => {
    const p = currentProc();
    if (p !== shell.rt.main || p.dead) return; // another process's: the kernel ends it
    // As the kernel ends a process that threw: the exit, then the report (exit(reason) is quiet).
    const reason = exitReason(e);
    shell.rt.exit_proc(p, reason);
    if (reason === e) shell.rt.logger.emit({ kind: 'process_crashed', pid: p.pid, error: e });
  };
}
