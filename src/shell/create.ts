/**
 * `createShell`: a shell on the streams and runtime it is given, run by the front end that fits
 * its input (a terminal: terminal.ts; anything else: piped.ts). It changes no host global beyond
 * its own evaluation context unless asked (`hostGlobals`, which the CLI sets), so two shells can
 * run in one Node process, each with its own runtime, pids, bindings and output.
 *
 * @example
 * const { shell, done } = createShell({ input: Readable.from(['1 + 2\n']), output: sink });
 * await done;          // 0 (the exit status: 1 if an input failed)
 * shell.rt.main.pid;   // the shell's process, in a runtime of its own
 */
import type { Runtime } from '../runtime/kernel.js';
import { Shell, ShellOptions } from './session.js';
import { runPiped } from './piped.js';
import { Recorder } from './record.js';

/** Options for {@link createShell}: the shell's own (session.ts) and its front end's. */
export interface CreateShellOptions extends ShellOptions {
  /** Where inputs come from; a terminal (isTTY, with an output that is one) gets the terminal front end. */
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };
  /** Where output goes. */
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** The runtime (default: a new one, or with `hostGlobals` the package's default). */
  runtime?: Runtime;
  /** Files to run before the first input (`--require`). */
  requires?: string[];
  /** Line history on a terminal (default: none). */
  historyFile?: string | null;
  /** Writes the session to this transcript file (`--record`). */
  record?: string;
  /** Run `.genrepl.ts` of the current directory first (default: with `hostGlobals`, as iex's `.iex.exs`). */
  dotfile?: boolean;
}

/** A shell that is running. */
export interface RunningShell {
  shell: Shell;
  /** Resolves when the input ends (or the user exits): the exit status, 1 if an input failed. */
  done: Promise<number>;
}

/** Makes a shell on `input` and `output` and runs it. @example const { done } = createShell({ input, output }) */
export function createShell(opts: CreateShellOptions): RunningShell {
  const shell = new Shell(opts);
  if (opts.record !== undefined) shell.recorder = new Recorder(opts.record, shell.opts.width);
  const requires = opts.requires ?? [];
  const terminal = opts.input.isTTY === true && opts.output.isTTY === true;
  const host = opts.hostGlobals ?? false;
  const done = terminal ? runTerminal(shell, opts, requires) : runPiped(shell, opts.input, { requires, dotfile: opts.dotfile ?? host, ownsProcess: host });
  return { shell, done };
}

async function runTerminal(shell: Shell, opts: CreateShellOptions, requires: string[]): Promise<number> {
  const { runInteractive } = await import('./terminal.js');
  await runInteractive(shell, { input: opts.input, terminal: true, historyFile: opts.historyFile ?? null, requires });
  return 0;
}
