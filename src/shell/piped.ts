/**
 * The piped front end: input that is not a terminal (a pipe, a file, `-e`). Every input is
 * evaluated and shown, without prompts; the exit status is 1 if any input failed. An input that
 * waits for what nothing can bring is abandoned with one line, and the next one runs. When it
 * owns its process, Ctrl-C stops a runaway loop (a handler, a body after an `await`) as on a
 * terminal.
 *
 * @example
 * process.exitCode = await runPiped(shell, process.stdin, []);
 */
import readline from 'node:readline';
import type { Shell } from './session.js';
import { preload } from './preload.js';
import { catchStrays } from './strays.js';

/** Options for {@link runPiped}. */
export interface PipedOptions {
  /** Files to run first (`--require`). */
  requires?: string[];
  /** Run `.genrepl.ts` of the current directory first (default: true). */
  dotfile?: boolean;
  /**
   * The shell owns its process (default: true), so it listens to the process: an input that
   * waits for what nothing can bring is abandoned when Node finds nothing left to do
   * (`beforeExit`), and errors that escape the shell's code end the shell process, not Node
   * (strays.ts). A shell inside a program leaves such an input waiting, for `interrupt()`.
   */
  ownsProcess?: boolean;
}

/** Runs input that is not a terminal: every input evaluated and shown, no prompts; the exit status. @example await runPiped(shell, stream) */
export async function runPiped(shell: Shell, input: NodeJS.ReadableStream, opts: PipedOptions = {}): Promise<number> {
  if (!(await preload(shell, opts.requires ?? [], false, opts.dotfile ?? true))) shell.failures++;
  const rl = readline.createInterface({ input, terminal: false, crlfDelay: Infinity });
  const owns = opts.ownsProcess !== false;
  const release = owns ? guardProcess(shell) : () => {};
  // Ctrl-C (SIGINT) stops a runaway handler or a loop after an `await` and the inputs go on
  // (see the README's Interrupting code); elsewhere it ends genrepl, as without this.
  if (owns) shell.rt.interruptible = shell.rt.interruptResumed = true;
  let buffer = '';
  let startLine = 0;
  let lineNo = 0;
  try {
    for await (const line of rl) {
      lineNo++;
      if (buffer === '' && line.trim() === '') continue;
      if (buffer === '') startLine = lineNo;
      buffer += line + '\n';
      const o = await shell.evalInput(buffer);
      if (o.kind !== 'incomplete') buffer = '';
      // What the input set going (a crash report, an unexpected message's log line) shows
      // before the next input, as on a terminal: the shell's turns are guarded (Ctrl-C), so
      // they come after the lines already read unless we let them run. Only the turns due now:
      // a process that keeps itself busy does not hold the next input back.
      await shell.rt.afterTurns();
    }
  } finally {
    release();
  }
  if (buffer.trim() !== '') {
    shell.print(shell.palette.error(`** (TokenMissingError) the input ends inside an incomplete expression (started on line ${startLine})`));
    shell.failures++;
  }
  return shell.failures > 0 ? 1 : 0;
}

/**
 * Until the returned function is called: an input that waits for what nothing can bring (a
 * receive with no process left to send and no timer pending) would end Node with status 13
 * and no word; when Node finds nothing left to do, that input is abandoned with one line
 * saying so (it counts as failed), and the next one runs. For front ends where no one can
 * press Ctrl-C (piped input, `-e`, replays); it listens to the process's `beforeExit`.
 * @example const release = abandonWhenStuck(shell); … release()
 */
export function abandonWhenStuck(shell: Shell): () => void {
  const stuck = () => shell.abandon('the input waits for something no process or timer can bring: nothing else is running');
  process.on('beforeExit', stuck);
  return () => process.off('beforeExit', stuck);
}

/**
 * What a shell that owns its process listens to there, until the returned function is called:
 * `beforeExit` (abandonWhenStuck) and errors that escape its code (catchStrays).
 * @example const release = guardProcess(shell); … release()
 */
export function guardProcess(shell: Shell): () => void {
  const stuck = abandonWhenStuck(shell);
  const strays = catchStrays(shell);
  return () => (stuck(), strays());
}
