/**
 * How the views name processes and shorten terms: a process is shown by its registered name,
 * else its behaviour's module, else its pid; a term is printed as genrepl prints it, on one
 * line, and cut to a width with `…` (the full value stays in `state`, `mailbox` or the page).
 *
 * @example
 * short(['put', 'a', 'a long value'], 16) // "['put', 'a', 'a…"
 * whoIs(pid)                              // "'counter'" or "#PID<0.110.0>"
 */
import { inspect } from '../inspect/inspect.js';
import { formatExit } from '../inspect/format-error.js';
import { Pid } from '../runtime/kernel.js';
import type { Proc } from '../runtime/kernel.js';

/** A term on one line, cut to `max` characters (`…` marks the cut). @example short('hello', 4) // "'he…" */
export function short(v: unknown, max = 60): string {
  const s = inspect(v, { width: Infinity, limit: 8, depth: 4 });
  return cut(s, max);
}

/** Cuts text to `max` characters, `…` marking the cut. @example cut('abcdef', 4) // 'abc…' */
export function cut(s: string, max: number): string {
  if (max <= 0) return '';
  return s.length <= max ? s : s.slice(0, Math.max(0, max - 1)) + '…';
}

/** An exit reason in a few words: `normal`, `killed`, `** (Error) boom`. @example reasonWords('normal') // 'normal' */
export function reasonWords(reason: unknown, max = 60): string {
  const words = formatExit(reason).replace(/^an exception was raised:\s*/, '');
  return cut(words.split('\n')[0]!.trim(), max);
}

/** The live record behind a pid, or null. */
export function procOf(pid: Pid): Proc | null {
  const p = pid.proc as Proc | null;
  return p !== null && !p.dead ? p : null;
}

/** A process as trace lines name it: its registered name (quoted, as `sys.trace`), else its pid. @example whoIs(pid) // "'counter'" */
export function whoIs(pid: Pid): string {
  const p = procOf(pid);
  return p !== null && p.name !== null ? inspect(p.name) : String(pid);
}

/**
 * A short label for a process, for lifelines and tables: its registered name, else its
 * behaviour's module, else the name of the function it runs, else its pid; `shell` for the
 * shell's process. Null when the process is gone (the caller keeps what it saw).
 * @example label(pid) // 'counter', 'Counter', 'worker' or '#PID<0.112.0>'
 */
export function label(pid: Pid): string | null {
  const p = procOf(pid);
  if (p === null) return null;
  if (p.name !== null) return p.name;
  if (p === p.rt.main) return 'shell';
  const module = p.handler?.describe?.()?.module;
  if (module !== undefined && module !== 'anonymous') return module;
  const [, fn] = p.mfa();
  return fn !== 'anonymous' && fn !== 'main' ? fn : String(pid);
}
