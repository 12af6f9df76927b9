/**
 * The commander program: a typed table of options and their help, built without side effects
 * so tests can parse argv without starting anything.
 *
 * @example
 * const program = buildProgram(async (opts) => console.log(opts));
 * await program.parseAsync(['node', 'genrepl', '--no-color']);
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { VERSION } from '../version.js';
import type { ReplayOptions } from '../replay/run.js';

export { VERSION };

/** The options of `genrepl`, as parsed. */
export interface CliOptions {
  /** Colour (false with --no-color). */
  color: boolean;
  /** History file, or false with --no-history. */
  history: boolean;
  historyFile?: string;
  /** Report type errors. */
  typecheck: boolean;
  /** Files to preload. */
  require: string[];
  /** Code to evaluate, print and exit. */
  eval?: string;
  /** Simulated clock, seeded randomness, no timestamps. */
  deterministic: boolean;
  seed: number;
  /** Write the session to this transcript file. */
  record?: string;
  /** Serve the projector page and print its address. */
  web: boolean;
  /** Run as a node of an Erlang cluster: a short name (`--sname`) or a long one (`--name`). */
  sname?: string;
  name?: string;
  cookie?: string;
  /** Address the node listens on (default 127.0.0.1). */
  distListen?: string;
}

/** Options of `genrepl replay` (the runner's own type). */
export type ReplayCliOptions = ReplayOptions;

/**
 * Builds the `genrepl` command; `run` receives the shell's options, `replay` the replay's.
 * @example buildProgram(run, replay).parseAsync(process.argv)
 */
export function buildProgram(run: (opts: CliOptions) => Promise<void>, replay: (file: string, opts: ReplayCliOptions) => Promise<void>): Command {
  // Options after `replay` are replay's own (both have --seed, --no-color, --deterministic).
  const program = new Command('genrepl').enablePositionalOptions();
  program
    .command('replay <file>')
    .description('play a .genrepl script as a live session, or check a transcript (--check)')
    .option('--check', 'replay a transcript (or a Markdown file\'s ```genrepl blocks) and compare; exit 1 on a difference', false)
    .option('--update', 'with --check: rewrite the transcript with the actual output', false)
    .option('--step', 'presenter mode: wait for Enter before each input (Ctrl-C stops)', false)
    .option('--pause <ms>', 'wait this long after each input', ms, 0)
    .option('--typing <ms>', 'type inputs out at this many ms per character (default 30 on a terminal, else instant)', ms)
    .option('--cast <file>', 'also write an asciicast v2 recording (asciinema play FILE)')
    .option('--deterministic', 'with --cast: start timestamp 0, so the same script gives the same bytes', false)
    .option('--timeout <ms>', 'stop an input that runs longer, report it as failed and go on (0: no limit; default 10000 with --check)', ms)
    .option('--seed <n>', 'seed for Math.random and rand.uniform', ms, 1)
    .option('--no-color', 'no colours')
    .exitOverride()
    .action(async (file: string, opts: ReplayCliOptions) => replay(file, opts));
  return program
    .description('An iex-style shell for Erlang/OTP processes, with TypeScript as input.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .option('--no-color', 'no colours (NO_COLOR does the same)')
    .option('--history-file <file>', 'where history is kept', undefined)
    .option('--no-history', 'keep no history file')
    .option('--typecheck', 'report type errors (slower start-up)', false)
    .addOption(new Option('-r, --require <file>', 'evaluate a TypeScript file before the first prompt (repeatable)').argParser(collect).default([]))
    .option('-e, --eval <code>', 'evaluate code, print the result, and exit')
    .option('--deterministic', 'simulated clock, seeded randomness, no timestamps: the same input gives the same output', false)
    .option('--seed <n>', 'seed for Math.random and rand.uniform (with --deterministic)', ms, 1)
    .option('--record <file>', 'write the session to a transcript file (replay --check reads it)')
    .option('--web', 'serve the projector page (live processes, trees, messages) on 127.0.0.1 and print its address', false)
    .option('--sname <name>', 'run as a node of an Erlang cluster, a@<short host name> (as iex --sname)')
    .option('--name <name>', 'run as a node with a long name, a@127.0.0.1 (as iex --name)')
    .option('--cookie <cookie>', 'the cluster\'s cookie (default: ~/.erlang.cookie, created when missing)')
    .option('--dist-listen <addr>', 'address the node listens on (default 127.0.0.1)')
    .addHelpText('after', '\nPiped input (not a terminal) is evaluated line by line without prompts; the exit status is 1 if any input failed.\nA .genrepl.ts in the current directory runs at start-up. genrepl replay --help: scripted demos and transcript checks.\n')
    .showHelpAfterError('(genrepl --help lists the options)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .action(async (opts: CliOptions) => {
      if (program.getOptionValueSource('seed') === 'cli' && !opts.deterministic) {
        program.error('error: --seed needs --deterministic (it seeds the simulated session; replays are always deterministic)', { exitCode: 2 });
      }
      if (opts.sname !== undefined && opts.name !== undefined) program.error('error: --sname and --name cannot both be given', { exitCode: 2 });
      if ((opts.cookie !== undefined || opts.distListen !== undefined) && opts.sname === undefined && opts.name === undefined) {
        program.error('error: --cookie and --dist-listen need --sname or --name', { exitCode: 2 });
      }
      return run(opts);
    });
}

function ms(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number >= 0');
  return n;
}

function collect(value: string, previous: string[]): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('a file name is needed');
  return [...previous, value];
}
