/**
 * How the shell words an error: `** (Name) message` with the trimmed stack, as iex prints it,
 * and iex's gutter under a syntax or type error (the input's line, numbered, a caret under the
 * column).
 *
 * @example
 * formatError(new Error('x'));        // '** (Error) x\n…'
 * gutter('1 +', 4, 4, 4, (s) => s);   // '    |\n  4 | 1 +\n    |    ^'
 */
import { formatException, formatExit } from '../inspect/format-error.js';
import { ExitError, ExitSignal } from '../runtime/kernel.js';

/** `** (Name) message` and the trimmed stack, as iex prints an error. @example formatError(new Error('x')) */
export function formatError(e: unknown): string {
  if (e instanceof ExitError) return `** (exit) ${e.message}`;
  if (e instanceof ExitSignal) return `** (exit) ${formatExit(e.reason)}`;
  return formatException(e);
}

/**
 * iex's gutter under an error in `code`, an input whose first line is input line `first`: the
 * error's line, numbered, and a caret (drawn by `caret`) at its column.
 * @example gutter('x +', 2, 2, 3, (s) => s)
 */
export function gutter(code: string, first: number, line: number, column: number, caret: (s: string) => string): string {
  const src = code.split('\n')[line - first] ?? '';
  const n = String(line);
  const pad = ' '.repeat(n.length);
  return `  ${pad} |\n  ${n} | ${src}\n  ${pad} | ${' '.repeat(Math.max(0, column - 1))}${caret('^')}`;
}
