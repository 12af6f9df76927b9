/**
 * `ps()`: one row per process of a runtime, as a table (pid, name, module or initial call,
 * status, queue, messages handled); the shell's own process is marked `(shell)`.
 *
 * @example
 * psTable(rt);
 * // PID          NAME  MODULE / INITIAL CALL      STATUS   QUEUE  HANDLED
 * // #PID<0.100.0>       genrepl.main/0 (shell)     running      0        0
 */
import type { Runtime } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';

/** `ps()`'s table for the processes of `rt`. @example psTable(getRuntime()) */
export function psTable(rt: Runtime): string {
  const rows = [['PID', 'NAME', 'MODULE / INITIAL CALL', 'STATUS', 'QUEUE', 'HANDLED']];
  for (const pid of rt.list()) {
    const info = rt.details(pid)!;
    const who = info.module !== undefined ? `${info.module} (${info.behaviour})` : initialCall(info.initial_call);
    const me = pid === rt.main.pid ? ' (shell)' : '';
    rows.push([String(pid), info.registered_name === null ? '' : inspect(info.registered_name), who + me, info.status, String(info.message_queue_len), String(info.reductions)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i >= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** An initial call as Elixir writes it: `['genrepl', 'main', 0]` → `genrepl.main/0`. @example initialCall(['m', 'f', 1]) // 'm.f/1' */
export function initialCall(mfa: readonly unknown[]): string {
  return mfa.join('.').replace(/\.(\d+)$/, '/$1');
}
