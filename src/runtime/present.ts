/**
 * The kernel's window onto presentation, filled from outside: the kernel formats no text of
 * its own. `src/inspect/events.ts` installs iex's printer here when it is loaded (the package
 * root and the shell load it); until then a plain fallback (Node's `util.inspect`) serves,
 * so a bare kernel still reports readably.
 *
 * @example
 * setPresenter({ show: inspect, exit: formatExit, event: formatEvent });
 * show([1, 'a']) // "[1, 'a']"
 */
import { inspect as nodeInspect } from 'node:util';
import type { KernelEvent } from './events.js';

/** How values, exit reasons and events become text. */
export interface Presenter {
  /** A value as the shell prints it. */
  show(v: unknown): string;
  /** An exit reason in Elixir's words (`Exception.format_exit`). */
  exit(reason: unknown): string;
  /** A report, without timestamp or level (the logger adds those). */
  event(e: KernelEvent): string;
}

const fallback: Presenter = {
  show: (v) => nodeInspect(v, { depth: 4, breakLength: Infinity }),
  exit: (r) => fallback.show(r),
  event: (e) => `${e.kind} ${fallback.show(e)}`,
};
let presenter: Presenter = fallback;

/** Installs the presenter (once, by the printer's module). @example setPresenter(myPresenter) */
export function setPresenter(p: Presenter): void {
  presenter = p;
}

/** `v` as text, never throwing (a value the printer cannot show gets a placeholder). @example show('x') // "'x'" */
export function show(v: unknown): string {
  return safely(presenter.show, v);
}

/** An exit reason in Elixir's words, never throwing. @example showExit('timeout') // 'time out' */
export function showExit(reason: unknown): string {
  return safely(presenter.exit, reason);
}

/** An event's report text, never throwing. @example showEvent({ kind: 'interrupted', pid }) */
export function showEvent(e: KernelEvent): string {
  return safely(presenter.event as (x: unknown) => string, e);
}

function safely(f: (x: unknown) => string, x: unknown): string {
  try {
    return f(x);
  } catch {
    try {
      return fallback.show(x);
    } catch {
      return '#<unprintable>';
    }
  }
}
