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
import type { Runtime } from '../runtime/kernel.js';

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
  const tty = process.stdin.isTTY === true && process.stdout.isTTY === true;
  // The terminal front end loads node:repl, and with it Node's domain module, which must come
  // before the first runtime: the kernel's routing of interruptions and rejections sits on it.
  if (tty && opts.eval === undefined) await import('../shell/terminal.js');
  const { createShell } = await import('../shell/create.js');
  const { wantColor } = await import('../inspect/colors.js');
  const historyFile = opts.history === false ? null : (opts.historyFile ?? join(homedir(), '.genrepl_history'));
  // A node starts before the first prompt, which names it; its log lines go where the shell writes.
  let log = (line: string): void => {
    process.stderr.write(line + '\n');
  };
  const runtime = opts.sname !== undefined || opts.name !== undefined ? await startNode(opts, (line) => log(line)) : undefined;
  const { shell, done } = createShell({
    runtime,
    input: opts.eval !== undefined ? toStream(opts.eval) : process.stdin,
    output: process.stdout,
    hostGlobals: true,
    color: wantColor(process.stdout, opts.color),
    typecheck: opts.typecheck,
    width: process.stdout.isTTY ? process.stdout.columns : 80,
    deterministic: opts.deterministic,
    seed: opts.seed,
    record: opts.record,
    requires: opts.require,
    historyFile: tty ? historyFile : null,
  });
  log = (line) => shell.above(line + '\n');
  if (opts.web) shell.above(`projector page: ${await (await import('../web/web.js')).web(shell.rt)}\n`);
  process.exitCode = await done;
  process.exit();
}

/** The package's runtime started as the node `--sname`/`--name` asks for; one line and exit 2 if it cannot be. */
async function startNode(opts: CliOptions, log: (line: string) => void): Promise<Runtime> {
  const { startNode } = await import('../node/start.js');
  const { getRuntime } = await import('../runtime/kernel.js');
  const rt = getRuntime();
  try {
    await startNode(rt, { name: (opts.sname ?? opts.name)!, longNames: opts.name !== undefined, cookie: opts.cookie, listen: opts.distListen, log });
  } catch (e) {
    // As erl: one line, and no shell without its node.
    process.stderr.write(`genrepl: ${(e as Error).message}\n`);
    process.exit(2);
  }
  return rt;
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
