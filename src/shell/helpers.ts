/**
 * iex's helpers: `h`, `i`, `v`, `flush`, `state`, `mailbox`, `ps`, `clear`, `respawn`, `c`, `r`.
 * Each works on the shell it is made for (its runtime, its output, its result history). Helpers
 * that only print return `NO_RESULT`, so the shell shows nothing more. Their docs are their
 * TSDoc (the object tagged `@globals helpers` below), which the build puts in the table `h()`,
 * `h(fn)` and Tab read (tsdoc.ts).
 *
 * @example
 * h()                       // the helpers, one line each
 * h(call)                   // call's doc and an example
 * h('Process.send_after')   // the same, by name
 */
import * as api from '../index.js';
import { sys } from '../behaviours/gen-server.js';
import { ArgumentError, currentProc } from '../runtime/kernel.js';
import type { Pid, Runtime } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';
import { docTable, findDoc, renderDoc, summary } from './tsdoc.js';
import { describe } from './describe.js';
import { psTable } from './ps.js';
import { Loader } from './load.js';
import type { ResultHistory } from './results.js';
import { observeHelpers } from '../observe/helpers.js';
import type { ObserverScreen } from '../observe/observer.js';

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
  /** The terminal, when the shell runs on one (`observer()` takes it over). */
  screen?: () => ObserverScreen | null;
}

/**
 * The helpers for one shell; `globals` is the shell's globals (where `h` looks names up).
 * @example const { h, v } = shellHelpers(hooks, globals)
 */
export function shellHelpers(hooks: ShellHooks, globals: Record<string, unknown>): Record<string, unknown> {
  const loader = new Loader(hooks.bind);
  /**
   * iex's helpers: each prints or returns what iex's does. `h()` lists them, `h(name)` shows one.
   * @globals helpers
   */
  const helpers = {
    /**
     * Shows help: the helpers and the shell's other globals, or the whole doc of a function, a
     * namespace or a name. With a value or a name (`'Process.send_after'`, `'GenServer.call/3'`)
     * the doc comes with its examples, laid out as iex's `h`, from the TSDoc the package ships.
     * @example h()
     * @example h(GenServer.call)
     * @example h('Process.send_after')
     */
    h(thing?: unknown) {
      hooks.print(thing === undefined ? helpList(globals) : helpFor(thing, globals));
      return NO_RESULT;
    },
    /**
     * Describes a value in iex's sections. For a pid: whether it is alive, its name, links,
     * monitors, queue length, messages handled, behaviour and state.
     * @example i(pid)
     * @example i(['ok', 1])
     */
    i(value: unknown) {
      hooks.print(describe(value, hooks.runtime));
      return NO_RESULT;
    },
    /**
     * An earlier result. `v()` is the last, `v(3)` input 3's, `v(-2)` two back (the last 20 are
     * kept); `_` is the last result too.
     * @example v(2)
     */
    v(n?: number) {
      return hooks.history.get(n);
    },
    /**
     * Prints and removes every message in the shell's mailbox; returns `'ok'`.
     * @example send(self(), 'hi'); flush()
     */
    flush() {
      const mb = currentProc().mailbox;
      const lines: string[] = [];
      while (mb !== null && mb.length > 0) lines.push(hooks.show(mb.shift()));
      if (lines.length) hooks.print(lines.join('\n'));
      return 'ok';
    },
    /** A GenServer's state (`sys.get_state`). @example state(pid) */
    state(server: Pid | string) {
      return sys.get_state(server);
    },
    /** The messages queued for a process, left where they are. @example mailbox(self()) */
    mailbox(pid: Pid) {
      const info = hooks.runtime.details(pid);
      if (info === null) throw new ArgumentError(`${inspect(pid)} is not alive`);
      return info.messages;
    },
    /**
     * Prints a table of every process. Columns: pid, name, module or initial call, status, queue
     * length and messages handled.
     * @example ps()
     */
    ps() {
      hooks.print(psTable(hooks.runtime));
      return NO_RESULT;
    },
    /** Clears the screen. @example clear() */
    clear() {
      hooks.clear();
      return NO_RESULT;
    },
    /** Starts a new shell process (a new pid, the counter back to 1); bindings stay. @example respawn() */
    respawn() {
      hooks.respawn();
      return NO_RESULT;
    },
    /**
     * Loads a TypeScript file's exports into the shell (`import … from 'genrepl'` works there);
     * returns their names.
     * @example c('stack.ts')
     */
    c(file: string) {
      return loader.load(file);
    },
    /** Reloads a module loaded with `c()` from its file and returns `['reloaded', names]`. @example r(Stack) */
    r(mod: unknown) {
      return loader.reload(mod);
    },
    ...observeHelpers({ print: hooks.print, none: NO_RESULT, runtime: hooks.runtime, screen: hooks.screen }),
  };
  return helpers;
}

/** `h()`: the helpers with the first sentence of each doc, then the shell's other globals. */
function helpList(g: Record<string, unknown>): string {
  const docs = docTable();
  // The shell's own helpers first, then those the package also exports (such as `web()`).
  const helpers = Object.keys(g)
    .filter((k) => docs[k]?.helper && docs[k]!.kind === 'function')
    .sort((a, b) => Number(a in api) - Number(b in api));
  const heads = helpers.map((k) => docs[k]!.head);
  const w = Math.max(...heads.map((x) => x.length));
  const others = Object.keys(g).filter((k) => !helpers.includes(k) && findDoc(g[k], g) !== undefined);
  return [
    "iex's helpers, in genrepl (h(name) shows a whole doc: h(GenServer.call), h('Process.send_after')):",
    '',
    ...helpers.flatMap((k, i) => wrap(summary(docs[k]!), 76 - w).map((line, j) => `  ${(j === 0 ? heads[i]! : '').padEnd(w)}  ${line}`)),
    '',
    ...wrap(`Also preloaded: ${others.join(', ')}.`, 80),
  ].join('\n');
}

/** `h(thing)`: its doc as iex's `h` lays it out, or one line saying there is none. */
function helpFor(thing: unknown, g: Record<string, unknown>): string {
  const doc = findDoc(thing, g);
  if (doc !== undefined) return renderDoc(doc).replace(/^\n/, '');
  const what = typeof thing === 'string' ? thing : inspect(thing);
  return Object.keys(docTable()).length === 0
    ? `No documentation for ${what}: the docs are built with the package (npm run build).`
    : `No documentation for ${what}. Try h() for the list.`;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) lines.push(line), (line = word);
    else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

