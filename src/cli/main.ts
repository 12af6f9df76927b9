/**
 * The command line: `main(argv)` parses options and runs the chosen mode, mapping errors to
 * exit codes in one place (0 ok, 1 a failed input, 2 bad usage).
 *
 * @example
 * await main(['node', 'genrepl', '--version']);
 */
import { buildProgram } from './program.js';

/** Runs genrepl with `argv` (as `process.argv`). @example await main(process.argv) */
export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e: any) {
    if (e?.code?.startsWith?.('commander.')) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`genrepl: ${e?.message ?? e}\n`);
    process.exitCode = 2;
  }
}
