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
}

/** Builds the `genrepl` command; `run` receives the parsed options. @example buildProgram(run).parseAsync(process.argv) */
export function buildProgram(run: (opts: CliOptions) => Promise<void>): Command {
  return new Command('genrepl')
    .description('An iex-style shell for Erlang/OTP processes, with TypeScript as input.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .option('--no-color', 'no colours (NO_COLOR does the same)')
    .option('--history-file <file>', 'where history is kept', undefined)
    .option('--no-history', 'keep no history file')
    .option('--typecheck', 'report type errors (slower start-up)', false)
    .addOption(new Option('-r, --require <file>', 'evaluate a TypeScript file before the first prompt (repeatable)').argParser(collect).default([]))
    .option('-e, --eval <code>', 'evaluate code, print the result, and exit')
    .addHelpText('after', '\nPiped input (not a terminal) is evaluated line by line without prompts; the exit status is 1 if any input failed.\nA .genrepl.ts in the current directory runs at start-up.\n')
    .showHelpAfterError('(genrepl --help lists the options)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .action(async (opts: CliOptions) => run(opts));
}

function collect(value: string, previous: string[]): string[] {
  if (value.trim() === '') throw new InvalidArgumentError('a file name is needed');
  return [...previous, value];
}
