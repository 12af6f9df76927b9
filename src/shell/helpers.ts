/**
 * The shell's globals and iex's helpers. Their docs are their TSDoc (the `@globals helpers`
 * object below), which the build puts in the table `h()`, `h(fn)` and Tab read (tsdoc.ts).
 * Helpers that only print return `NO_RESULT`, so the shell shows nothing more.
 *
 * @example
 * h()                       // the helpers, one line each
 * h(call)                   // call's doc and an example
 * h('Process.send_after')   // the same, by name
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve as resolvePath, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { typescript } from '../eval/typescript.js';
import * as api from '../index.js';
import { GenServer, sys } from '../behaviours/gen-server.js';
import { currentProc, getRuntime } from '../runtime/kernel.js';
import { Pid, Ref } from '../runtime/pid.js';
import { ArgumentError } from '../runtime/errors.js';
import type { Proc } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';
import { docTable, findDoc, renderDoc, summary } from './tsdoc.js';

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
}

/** iex's result history: the last `size` results by input number. */
export class ResultHistory {
  private readonly results = new Map<number, unknown>();
  constructor(readonly size = 20) {}
  /** Records the result of input `n`. */
  add(n: number, value: unknown): void {
    this.results.set(n, value);
    for (const k of this.results.keys()) if (k <= n - this.size) this.results.delete(k);
  }
  /** Forgets everything (a new shell process). */
  clear(): void {
    this.results.clear();
  }
  /** `v()`, `v(n)`, `v(-k)`, with iex's out-of-bounds error. */
  get(n?: number): unknown {
    const keys = [...this.results.keys()];
    const last = keys.length ? Math.max(...keys) : 0;
    const want = n === undefined ? last : n < 0 ? last + 1 + n : n;
    if (n !== undefined && typeof n !== 'number') throw new ArgumentError(`v expects a number, got: ${inspect(n)}`);
    if (!this.results.has(want)) {
      const e = new Error(`v(${n ?? ''}) is out of bounds`);
      e.name = 'RuntimeError';
      throw e;
    }
    return this.results.get(want);
  }
}

/** Loaded modules by export value, for r(). */
const loadedFrom = new Map<unknown, string>();

/** Builds the globals the shell installs: the API, the helpers, the examples. */
export function shellGlobals(hooks: ShellHooks): Record<string, unknown> {
  const g: Record<string, unknown> = {
    ...api,
    start: GenServer.start,
    start_link: GenServer.start_link,
    call: GenServer.call,
    cast: GenServer.cast,
  };
  delete g.runtime;
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
      hooks.print(thing === undefined ? helpList(g) : helpFor(thing, g));
      return NO_RESULT;
    },
    /**
     * Describes a value in iex's sections. For a pid: whether it is alive, its name, links,
     * monitors, queue length, messages handled, behaviour and state.
     * @example i(pid)
     * @example i(['ok', 1])
     */
    i(value: unknown) {
      hooks.print(describe(value));
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
      const me = currentProc();
      const mb = me.mailbox;
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
      const info = getRuntime().details(pid);
      if (info === null) throw new ArgumentError(`${inspect(pid)} is not alive`);
      return info.messages;
    },
    /**
     * Prints a table of every process. Columns: pid, name, module or initial call, status, queue
     * length and messages handled.
     * @example ps()
     */
    ps() {
      hooks.print(psTable());
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
      return load(file);
    },
    /** Reloads a module loaded with `c()` from its file and returns `['reloaded', names]`. @example r(Stack) */
    r(mod: unknown) {
      const file = loadedFrom.get(mod);
      if (file === undefined) throw new ArgumentError(`${inspect(mod)} was not loaded with c('file.ts'), so there is no file to reload it from`);
      return ['reloaded', load(file)];
    },
  };
  Object.assign(g, helpers);
  return g;
}

/** `h()`: the helpers with the first sentence of each doc, then the shell's other globals. */
function helpList(g: Record<string, unknown>): string {
  const docs = docTable();
  const helpers = Object.keys(g).filter((k) => docs[k]?.helper && docs[k]!.kind === 'function');
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



/** `i(x)`: iex's sections. */
export function describe(x: unknown): string {
  const section = (title: string, body: string) => `${title}\n  ${body}`;
  if (x instanceof Pid) {
    const rt = getRuntime();
    const info = rt.details(x);
    const out = [section('Term', String(x)), section('Data type', 'PID'), section('Alive', String(info !== null))];
    if (info !== null) {
      out.push(section('Name', info.registered_name === null ? 'not registered' : inspect(info.registered_name)));
      out.push(section('Links', info.links.length ? info.links.join(', ') : 'none'));
      out.push(section('Monitors', info.monitors.length ? info.monitors.map((m) => String(m[1])).join(', ') : 'none'));
      out.push(section('Monitored by', info.monitored_by.length ? info.monitored_by.join(', ') : 'none'));
      out.push(section('Message queue length', String(info.message_queue_len)));
      out.push(section('Messages handled', String(info.reductions)));
      out.push(section('Behaviour', info.behaviour ? `${info.behaviour} (module ${info.module})` : `none (initial call ${info.initial_call.join('.').replace(/\.(\d+)$/, '/$1')})`));
      const p = rt.procOf(x) as Proc;
      const d = p.handler?.describe?.();
      if (d !== undefined && 'state' in d) out.push(section('State', inspect(d.state, { width: 76 }).split('\n').join('\n  ')));
      out.push(section('Description', 'Use Process.info(pid) for more, state(pid) for a GenServer\'s state, mailbox(pid) for its messages.'));
    }
    return out.join('\n');
  }
  const type = x === null ? 'null' : x instanceof Ref ? 'Reference' : Array.isArray(x) ? 'Array' : x instanceof Map ? 'Map' : x instanceof Set ? 'Set' : typeof x === 'function' ? (/^class\b/.test(Function.prototype.toString.call(x)) ? 'Class' : 'Function') : typeof x === 'object' ? (Object.getPrototypeOf(x)?.constructor?.name ?? 'Object') : typeof x;
  const out = [section('Term', inspect(x, { width: 76 }).split('\n').join('\n  ')), section('Data type', type)];
  if (typeof x === 'string') out.push(section('Byte size', String(Buffer.byteLength(x))), section('Description', 'A string. In genrepl, strings also play the part of Elixir atoms (\'ok\').'));
  else if (Array.isArray(x)) out.push(section('Length', String(x.length)), section('Description', 'An array. In genrepl, arrays also play the part of Elixir tuples ([\'ok\', pid]).'));
  else if (x instanceof Map) out.push(section('Size', String(x.size)));
  else if (typeof x === 'function') {
    const doc = findDoc(x);
    if (doc !== undefined) out.push(section('Description', summary(doc)));
    const cbs = ['init', 'handle_call', 'handle_cast', 'handle_info', 'handle_continue', 'terminate'].filter((k) => typeof (x as any).prototype?.[k] === 'function' || typeof (x as any)[k] === 'function');
    if (cbs.length) out.push(section('GenServer callbacks', cbs.join(', ')));
  }
  return out.join('\n');
}

/** `ps()`: one row per process. */
export function psTable(): string {
  const rt = getRuntime();
  const rows = [['PID', 'NAME', 'MODULE / INITIAL CALL', 'STATUS', 'QUEUE', 'HANDLED']];
  for (const pid of rt.list()) {
    const info = rt.details(pid)!;
    const who = info.module !== undefined ? `${info.module} (${info.behaviour})` : info.initial_call.join('.').replace(/\.(\d+)$/, '/$1');
    const me = pid === rt.main.pid ? ' (shell)' : '';
    rows.push([String(pid), info.registered_name === null ? '' : inspect(info.registered_name), who + me, info.status, String(info.message_queue_len), String(info.reductions)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i >= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** c(file): compiles a TypeScript file to CommonJS, runs it, and puts its exports in the shell. */
function load(file: string): string[] {
  const path = resolvePath(process.cwd(), file);
  if (!existsSync(path)) throw new ArgumentError(`could not load ${file}: no such file (${path})`, 'genrepl.enoent');
  const source = readFileSync(path, 'utf8');
  const ts = typescript();
  const out = ts.transpileModule(source, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true },
  });
  const errs = out.diagnostics ?? [];
  if (errs.length) {
    const d = errs[0]!;
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    const e = new SyntaxError(`${file}${pos ? `:${pos.line + 1}:${pos.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    throw e;
  }
  const base = createRequire(path);
  const req = (id: string) => (id === 'genrepl' ? api : base(id));
  const module = { exports: {} as Record<string, unknown> };
  const fn = new Function('exports', 'require', 'module', '__filename', '__dirname', out.outputText);
  fn(module.exports, req, module, path, dirname(path));
  const names: string[] = [];
  const g = globalThis as any;
  for (const [k, v] of Object.entries(module.exports)) {
    if (k === '__esModule') continue;
    const name = k === 'default' ? (typeof v === 'function' && v.name ? v.name : 'default') : k;
    g[name] = v;
    names.push(name);
    loadedFrom.set(v, path);
  }
  return names;
}
