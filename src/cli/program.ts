/**
 * The commander program: options and help text, built without side effects so tests can
 * parse argv without starting anything.
 *
 * @example
 * const program = buildProgram();
 * program.opts(); // after parse
 */
import { Command } from 'commander';
import { readFileSync } from 'node:fs';

/** The package's version, from package.json. @example VERSION // '0.1.0' */
export const VERSION: string = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

/** Builds the `genrepl` command. @example buildProgram().parseAsync(process.argv) */
export function buildProgram(): Command {
  const program = new Command('genrepl')
    .description('An iex-style shell for Erlang/OTP processes, in TypeScript')
    .version(VERSION, '-v, --version', 'print the version')
    .exitOverride()
    .action(() => {
      process.stdout.write(`genrepl ${VERSION}: the interactive shell is not built yet; the runtime API is (import from 'genrepl').\n`);
    });
  return program;
}
