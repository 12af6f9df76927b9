/**
 * The evaluation step: one TypeScript input in, one outcome out. An input is read and stripped
 * of its types by swc (parse.ts), rewritten so it runs as one async function whose top-level
 * declarations are session bindings (rewrite.ts), and run with `node:vm` in the global context
 * (so values keep their prototypes), breaking on SIGINT. Positions in errors and stack frames
 * are mapped back to what the user typed (`iex:3:5`).
 *
 * Importing this module changes nothing global; an Evaluator defines one hidden global of its
 * own (the helpers its compiled code calls) when it is created. An Evaluator with a `scope`
 * object changes no global at all: its inputs run `with` that object (still in the global
 * context, so values keep their prototypes), their bindings and its helpers are its properties.
 *
 * @example
 * const ev = new Evaluator();
 * await ev.evaluate('const x: number = 1 + 2'); // { kind: 'value', value: 3, declares: ['x'] }
 */
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { types } from 'node:util';
import { join } from 'node:path';
import { parseInput } from './parse.js';
import { loadSwc } from './strip.js';
import { loadParser, rewrite } from './rewrite.js';
import { LineIndex } from './edits.js';
import { SourceMap } from './source-map.js';
import { INPUT_SCOPE, registerScript, Typed } from '../inspect/locations.js';
import { pid } from '../runtime/api.js';
import { hasThen } from '../runtime/kernel.js';

/** What evaluating one input gave. Lines and columns are 1-based, in the input as typed. */
export type Outcome =
  | { kind: 'value'; value: unknown; declares: string[] }
  | { kind: 'incomplete' }
  | { kind: 'syntax'; message: string; line: number; column: number; code: string }
  | { kind: 'type'; errors: { line: number; column: number; message: string }[]; code: string }
  | { kind: 'error'; error: unknown }
  | { kind: 'interrupted' }
  | { kind: 'comment' };

/** Checks inputs' types before they run (see typecheck.ts). */
export interface Checker {
  check(source: string): { line: number; column: number; message: string }[];
  commit(source: string): void;
  /** Loads the checker before the first input needs it. */
  warm?(): void;
}

/** Options for an {@link Evaluator}. */
export interface EvaluatorOptions {
  /** Where `require` resolves from (default: the current directory; `import` resolves from the process's). */
  cwd?: string;
  /** Checks each input's types before it runs (`--typecheck`). */
  checker?: Checker;
  /**
   * Where bindings live (default: the global object). Names not found in it are the global
   * object's (console, Math …); a binding of the same name hides them for the inputs.
   */
  scope?: Record<string, unknown>;
}

/** Options for one {@link Evaluator.evaluate}. */
export interface EvaluateOptions {
  /** Resolving it (Ctrl-C) abandons a wait for a Promise: the outcome is `interrupted`. */
  abandon?: Promise<void>;
  /** The iex line number of the input's first line (the prompt's counter); default 1. */
  line?: number;
  /** The input is this file's contents (.genrepl.ts, --require): positions are the file's. */
  file?: string;
}

/** One evaluation's end, written by the compiled code (see rewrite.ts). */
class Slot {
  state: 'running' | 'done' | 'failed' = 'running';
  value: unknown = undefined;
  error: unknown = undefined;
  done(v: unknown): void {
    this.state = 'done';
    this.value = v;
  }
  fail(e: unknown): void {
    this.state = 'failed';
    this.error = e;
  }
}

let evaluators = 0;

/** The parameter through which a scoped input reaches its scope object. */
const SCOPE = '__genrepl_scope';

/** Evaluates TypeScript inputs one after another, keeping their bindings. */
export class Evaluator {
  /** Called around each run of user code (the shell leaves raw mode so Ctrl-C is a signal). */
  onRunStart: () => void = () => {};
  onRunEnd: () => void = () => {};
  /** The global through which compiled inputs reach the evaluator. */
  readonly hook: string;
  private slot: Slot | null = null;
  private inputs = 0;
  private readonly checker: Checker | null;
  private readonly scope: Record<string, unknown> | null;
  /** Names this evaluator's scripts (`iex-3`; `iex2-3` for the second evaluator …). */
  private readonly scriptPrefix: string;

  constructor(opts: EvaluatorOptions = {}) {
    const n = ++evaluators;
    // A scoped evaluator's hook is a property of its scope: the name the type prelude declares.
    this.hook = n === 1 || opts.scope !== undefined ? '__genrepl' : `__genrepl${n}`;
    this.scriptPrefix = n === 1 ? 'iex-' : `iex${n}-`;
    this.scope = opts.scope ?? null;
    this.checker = opts.checker ?? null;
    const helpers = {
      /** A pasted `#PID<a.b.c>`. */
      pid: (a: number, b: number, c: number) => pid(a, b, c),
      /** Whether a declaration's value must be settled before it is bound. */
      th: thenable,
      slot: () => (this.slot = new Slot()),
    };
    const g = this.scope ?? (globalThis as Record<string, unknown>);
    Object.defineProperty(g, this.hook, { value: helpers, configurable: true, enumerable: false, writable: false });
    // Stack frames of functions called through the scope name it so (see format-error.ts).
    if (this.scope !== null) Object.defineProperty(this.scope, Symbol.toStringTag, { value: INPUT_SCOPE, configurable: true });
    // What a CommonJS module has: `import x = require('m')` compiles to a `require` call.
    const cwd = opts.cwd ?? process.cwd();
    g.require ??= createRequire(join(cwd, 'iex'));
  }

  /** Loads the parser and compiler now rather than on the first input. The shell calls it after its first prompt. */
  warm(): void {
    loadSwc();
    loadParser();
    const p = parseInput('0', this.hook + '.pid');
    if (p.kind === 'ok') rewrite(p.js, () => false, this.hook);
    this.checker?.warm?.();
  }

  /**
   * Evaluates one input (possibly several lines): the outcome at once when there is nothing
   * to wait for, else a Promise of it. A Promise result is awaited unless `abandon` resolves
   * first (Ctrl-C), which gives `{ kind: 'interrupted' }`.
   */
  evaluate(input: string, opts: EvaluateOptions = {}): Outcome | Promise<Outcome> {
    const parsed = parseInput(input, this.hook + '.pid');
    if (parsed.kind === 'incomplete') return parsed;
    const inputLines = new LineIndex(input);
    const file = opts.file ?? 'iex';
    const first = opts.file === undefined ? (opts.line ?? 1) : 1;
    const typed = (offset: number): Typed => {
      const p = inputLines.position(offset);
      return { file, line: first + p.line - 1, column: p.column };
    };
    if (parsed.kind === 'syntax') {
      const at = typed(parsed.offset);
      return { kind: 'syntax', message: parsed.message, line: at.line, column: at.column, code: input };
    }
    if (this.checker !== null) {
      const errors = this.checker.check(parsed.source);
      if (errors.length > 0) {
        const sourceLines = new LineIndex(parsed.source);
        return {
          kind: 'type',
          code: input,
          errors: errors.map((e) => ({ ...typed(parsed.edits.back(sourceLines.offset(e.line, e.column))), message: e.message })),
        };
      }
    }
    const sessionName = (name: string) => appearsIn(input, name);
    let rw;
    try {
      rw = rewrite(parsed.js, sessionName, this.hook, this.scope === null ? undefined : SCOPE);
    } catch (e) {
      return { kind: 'syntax', message: `could not compile this input (${(e as Error)?.message ?? e})`, line: first, column: 1, code: input };
    }
    const name = `${this.scriptPrefix}${++this.inputs}`;
    // From a position of the script back to the input, built on first use.
    let back: ((line: number, column: number) => Typed | null) | null = null;
    const locator = (line: number, column: number): Typed | null => {
      if (back === null) {
        const scriptLines = new LineIndex(rw.code);
        const jsLines = new LineIndex(parsed.js);
        const sourceLines = new LineIndex(parsed.source);
        const map = new SourceMap(parsed.map);
        back = (l, c) => {
          const at = scriptLines.offset(l, c);
          if (at < rw.body.start || at >= rw.body.end) return null; // the wrapper's own code
          const js = jsLines.position(rw.edits.back(at));
          const src = map.original(js.line, js.column);
          if (src === null) return null;
          return typed(parsed.edits.back(sourceLines.offset(src.line, src.column)));
        };
      }
      return back(line, column);
    };
    registerScript(name, locator);
    let script: vm.Script;
    try {
      script = new vm.Script(rw.code, {
        filename: name,
        ...(rw.imports ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER } : {}),
      });
    } catch (e) {
      // The engine refused what swc accepted (rare): its line, mapped back.
      const m = /^iex\d*-\d+:(\d+)/.exec(String((e as Error)?.stack ?? ''));
      const at = (m && locator(Number(m[1]), 1)) || { line: first, column: 1 };
      return { kind: 'syntax', message: (e as Error)?.message ?? String(e), line: at.line, column: at.column, code: input };
    }
    this.slot = null;
    let running: unknown;
    this.onRunStart();
    try {
      running = script.runInThisContext({ breakOnSigint: true });
      if (this.scope !== null) running = this.enter(running as (scope: object) => unknown, rw.declares);
    } catch (e) {
      return failure(e);
    } finally {
      this.onRunEnd();
    }
    const slot = this.slot as Slot | null;
    if (slot === null) return { kind: 'error', error: new Error('the input did not run') };
    const finish = (): Outcome | Promise<Outcome> => {
      if (slot.state === 'failed') return failure(slot.error);
      if (slot.state === 'running') return { kind: 'interrupted' };
      this.checker?.commit(parsed.source);
      const value = slot.value;
      if (!thenable(value)) return { kind: 'value', value, declares: rw.declares };
      // A Promise result (a call's reply): the shell shows what it settles to.
      return wait(
        Promise.resolve(value).then((v) => ({ kind: 'value', value: v, declares: rw.declares }) as Outcome, failure),
        opts.abandon,
      );
    };
    // Nothing awaited: the outcome is ready now, before any process runs (iex prints a result
    // before the log lines its messages cause).
    if (slot.state !== 'running') return finish();
    return wait((running as Promise<void>).then(finish), opts.abandon);
  }

  /** Runs a scoped input (the function its script made) after making its bindings in the scope. */
  private enter(fn: (scope: object) => unknown, declares: string[]): unknown {
    const scope = this.scope!;
    for (const name of declares) if (!(name in scope)) scope[name] = undefined;
    return fn(scope);
  }
}

/** A Promise or thenable to settle; a Proxy or a throwing `then` getter is a value like any other (nothing of it runs). */
function thenable(v: unknown): v is PromiseLike<unknown> {
  if (types.isProxy(v)) return false;
  try {
    return hasThen(v);
  } catch {
    return false;
  }
}

function wait(p: Promise<Outcome>, abandon: Promise<void> | undefined): Promise<Outcome> {
  if (abandon === undefined) return p;
  return Promise.race([p, abandon.then(() => ({ kind: 'interrupted' }) as Outcome)]);
}

function failure(e: unknown): Outcome {
  if ((e as { code?: unknown } | null)?.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') return { kind: 'interrupted' };
  return { kind: 'error', error: e };
}

/** True if `name` occurs in `text` as a whole identifier. @example appearsIn('const ab = 1', 'ab') // true */
export function appearsIn(text: string, name: string): boolean {
  for (let i = text.indexOf(name); i >= 0; i = text.indexOf(name, i + 1)) {
    const before = i === 0 ? '' : text[i - 1]!;
    const after = text[i + name.length] ?? '';
    if (!/[\w$]/.test(before) && !/[\w$]/.test(after)) return true;
  }
  return false;
}

