/**
 * The command line: `main(argv)` parses options and runs the chosen mode, mapping errors to
 * exit codes in one place (0 ok, 1 an input failed, 2 bad usage).
 *
 * @example
 * await main(['node', 'genrepl', '--version']);
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buildProgram, CliOptions, ReplayCliOptions } from './program.js';

/** Runs genrepl with `argv` (as `process.argv`). @example await main(process.argv) */
export async function main(argv: string[]): Promise<void> {
  quietWarnings();
  const program = buildProgram(run, replay);
  try {
    await program.parseAsync(argv);
  } catch (e: any) {
    if (typeof e?.code === 'string' && e.code.startsWith('commander.')) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`genrepl: ${e?.message ?? e}\n`);
    process.exitCode = 2;
  }
}

async function run(opts: CliOptions): Promise<void> {
  const { Shell } = await import('../shell/session.js');
  const { runPiped } = await import('../shell/piped.js');
  const { wantColor } = await import('../inspect/colors.js');
  const stdin = process.stdin;
  const tty = stdin.isTTY === true && process.stdout.isTTY === true;
  const shell = new Shell({
    output: process.stdout,
    color: wantColor(process.stdout, opts.color),
    typecheck: opts.typecheck,
    width: process.stdout.isTTY ? process.stdout.columns : 80,
    deterministic: opts.deterministic,
    seed: opts.seed,
  });
  if (opts.sname !== undefined || opts.name !== undefined) {
    const { startNode } = await import('../node/start.js');
    try {
      await startNode(shell.rt, {
        name: (opts.sname ?? opts.name)!,
        longNames: opts.name !== undefined,
        cookie: opts.cookie,
        listen: opts.distListen,
        log: (line) => shell.above(line + '\n'),
      });
    } catch (e) {
      // As erl: one line, and no shell without its node.
      process.stderr.write(`genrepl: ${(e as Error).message}\n`);
      process.exit(2);
    }
  }
  if (opts.record !== undefined) {
    const { Recorder } = await import('../shell/record.js');
    shell.recorder = new Recorder(opts.record);
  }
  if (opts.eval !== undefined) {
    process.exitCode = await runPiped(shell, toStream(opts.eval), opts.require);
    process.exit();
  }
  if (!tty) {
    process.exitCode = await runPiped(shell, stdin, opts.require);
    process.exit();
  }
  const historyFile = opts.history === false ? null : (opts.historyFile ?? join(homedir(), '.genrepl_history'));
  const { runInteractive } = await import('../shell/terminal.js');
  await runInteractive(shell, { input: stdin, terminal: true, historyFile, requires: opts.require });
  process.exit(0);
}

async function replay(file: string, opts: ReplayCliOptions): Promise<void> {
  const { runReplay } = await import('../replay/run.js');
  process.exitCode = await runReplay(file, opts);
  process.exit();
}

/**
 * Node's warnings are not the shell's words: the one about the module loader that `import()`
 * at the prompt uses (stable in later Node versions) is dropped, any other is one line in
 * genrepl's form. The CLI owns its process, so it may do this; the library does not.
 */
function quietWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (w: Error) => {
    if (w.name === 'ExperimentalWarning' && /vm\.USE_MAIN_CONTEXT_DEFAULT_LOADER/.test(w.message)) return;
    process.stderr.write(`warning: ${w.message}\n`);
  });
}

function toStream(code: string): NodeJS.ReadableStream {
  return Readable.from([code.endsWith('\n') ? code : code + '\n']);
}
