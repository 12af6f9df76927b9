/**
 * iex's helpers: `h`, `i`, `v`, `flush`, `state`, `mailbox`, `ps`, `clear`, `respawn`, `c`, `r`.
 * Each works on the shell it is made for (its runtime, its output, its result history). Helpers
 * that only print return `NO_RESULT`, so the shell shows nothing more.
 *
 * @example
 * h()                       // the helpers, one line each
 * h(call)                   // call's doc and an example
 * h('Process.send_after')   // the same, by name
 */
import { sys } from '../behaviours/gen-server.js';
import { ArgumentError, currentProc } from '../runtime/kernel.js';
import type { Pid, Runtime } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';
import { DOCS, Doc } from './docs.js';
import { describe } from './describe.js';
import { psTable } from './ps.js';
import { Loader } from './load.js';
import type { ResultHistory } from './results.js';

/** Returned by helpers that only print: the shell prints nothing more. */
export const NO_RESULT: unique symbol = Symbol.for('genrepl.no_result');

/** What helpers need from the shell. */
export interface ShellHooks {
  /** Prints a line (or lines) of output. */
  print(text: string): void;
  /** Formats a value as the shell shows results. */
  show(value: unknown): string;
  /** iex's result history behind `v`. */
  history: ResultHistory;
  /** Starts a new shell process. */
  respawn(): void;
  /** Clears the screen. */
  clear(): void;
  /** The runtime the shell's process lives in. */
  runtime: Runtime;
  /** The shell's `Math.random` (seeded when deterministic), behind `rand.uniform`. */
  random(): number;
  /** Makes `value` a binding of the shell (what `c()` loads). */
  bind(name: string, value: unknown): void;
}

/**
 * The helpers for one shell; `nameOf(value)` names a global (to find its doc).
 * @example const { h, v } = shellHelpers(hooks, (v) => names.get(v))
 */
export function shellHelpers(hooks: ShellHooks, nameOf: (value: unknown) => string | undefined): Record<string, unknown> {
  const loader = new Loader(hooks.bind);
  return {
    h(thing?: unknown) {
      if (thing === undefined) {
        const names = Object.keys(DOCS).filter((k) => DOCS[k]!.helper);
        const w = Math.max(...names.map((k) => DOCS[k]!.sig.length));
        hooks.print(['Helpers (h(name) for more; globals: start, call, cast, send, receive, spawn, GenServer, Process, Supervisor, Agent, Task, sys, MyKeyStore, ChangingNumber):', '',
          ...names.map((k) => `  ${DOCS[k]!.sig.padEnd(w)}  ${DOCS[k]!.doc}`)].join('\n'));
        return NO_RESULT;
      }
      const d = findDoc(typeof thing === 'string' ? thing : nameOf(thing));
      if (d === undefined) {
        hooks.print(`No documentation for ${typeof thing === 'string' ? thing : inspect(thing)}. Try h() for the list.`);
        return NO_RESULT;
      }
      hooks.print(`${d.sig}\n\n  ${d.doc}\n\n  Example:\n    ${d.example}`);
      return NO_RESULT;
    },
    i(x: unknown) {
      hooks.print(describe(x, hooks.runtime));
      return NO_RESULT;
    },
    v(n?: number) {
      return hooks.history.get(n);
    },
    flush() {
      const mb = currentProc().mailbox;
      const lines: string[] = [];
      while (mb !== null && mb.length > 0) lines.push(hooks.show(mb.shift()));
      if (lines.length) hooks.print(lines.join('\n'));
      return 'ok';
    },
    state(server: Pid | string) {
      return sys.get_state(server);
    },
    mailbox(p: Pid) {
      const info = hooks.runtime.details(p);
      if (info === null) throw new ArgumentError(`${inspect(p)} is not alive`);
      return info.messages;
    },
    ps() {
      hooks.print(psTable(hooks.runtime));
      return NO_RESULT;
    },
    clear() {
      hooks.clear();
      return NO_RESULT;
    },
    respawn() {
      hooks.respawn();
      return NO_RESULT;
    },
    c(file: string) {
      return loader.load(file);
    },
    r(mod: unknown) {
      return loader.reload(mod);
    },
  };
}

/** The doc of a documented name. @example findDoc('GenServer.call')?.sig */
export function findDoc(name: string | undefined): Doc | undefined {
  return name === undefined ? undefined : DOCS[name];
}
