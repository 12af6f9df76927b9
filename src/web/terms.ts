/**
 * Terms as the page shows them: a short one-line label for an arrow or a cell, and the full
 * value (capped) for hover, click and the selected process's panel. Both are genrepl's printer
 * (`#PID<0.110.0>`, `['put', 'a', 1]`), never Node's.
 *
 * @example
 * short(['put', 'key', 'a long value that does not fit']) // "['put', 'key', 'a long val…"
 * full(state)                                             // up to 4,000 characters, wrapped at 72
 */
import { inspect } from '../inspect/inspect.js';
import { formatException } from '../inspect/format-error.js';

/** Characters in a short label. */
export const SHORT = 28;
/** Characters kept of a full value. */
export const FULL = 4000;

/** One line, at most `max` characters (an ellipsis marks a cut). @example short('ok') // "'ok'" */
export function short(v: unknown, max = SHORT): string {
  return cut(inspect(v, { width: 100000, limit: 8, depth: 3 }), max);
}

/** The whole value as the shell prints it (wrapped at `width`; an error as iex reports it), capped at {@link FULL} characters. @example full(['ok', 1]) // "['ok', 1]" */
export function full(v: unknown, width = 72): string {
  return cut(v instanceof Error ? formatException(v) : inspect(v, { width }), FULL);
}

/** `text` cut to `max` characters with an ellipsis. @example cut('abcdef', 4) // 'abc…' */
export function cut(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max - 1) + '…';
}

/** An exit reason in a line, as iex heads a crash: `** (RuntimeError) boom` for an error. @example reason(new Error('boom')) // '** (Error) boom' */
export function reason(r: unknown, max = 60): string {
  return r instanceof Error ? cut(formatException(r).split('\n')[0]!, max) : short(r, max);
}
