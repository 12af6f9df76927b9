/**
 * The evaluation step: one TypeScript input in, one outcome out. Inputs go through
 * `syntax.prepare` (pid literals, incomplete input, syntax errors, rebindable declarations),
 * then through ts-node's REPL service (swc, transpile-only; TypeScript with `typecheck`), in
 * the global context so values keep their prototypes. The JavaScript runs with
 * `breakOnSigint`, so Ctrl-C stops a runaway input. A Promise result is awaited.
 *
 * Interactive sessions, piped input and replays all use this one path.
 *
 * @example
 * const ev = new Evaluator({ typecheck: false });
 * await ev.evaluate('const x: number = 1 + 2'); // { kind: 'value', value: 3, ... }
 */
import { createRequire, Module } from 'node:module';
import vm from 'node:vm';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIND, DEFAULT_FN, PID_FN, prepare } from './syntax.js';
import { pid } from '../runtime/api.js';
import { typescript } from './typescript.js';
import { hasThen } from '../runtime/runtime.js';

const require = createRequire(import.meta.url);

/** What evaluating one input gave. */
export type Outcome =
  | { kind: 'value'; value: unknown; declares: string[] }
  | { kind: 'incomplete' }
  | { kind: 'syntax'; message: string; line: number; column: number; code: string }
  | { kind: 'error'; error: unknown }
  | { kind: 'interrupted' }
  | { kind: 'comment' };

/** Options for an {@link Evaluator}. */
export interface EvaluatorOptions {
  /** Report type errors (TypeScript's checker instead of swc). */
  typecheck?: boolean;
  /** Where relative imports and `require` resolve from (default: the current directory). */
  cwd?: string;
  /** TypeScript declarations that describe the shell's globals (used with `typecheck`). */
  prelude?: string;
}

let bound: unknown = undefined;
let bindCount = 0;
(globalThis as any)[BIND] = (v: unknown) => {
  bound = v;
  bindCount++;
  return v;
};

(globalThis as any)[PID_FN] = pid;
(globalThis as any)[DEFAULT_FN] = (m: any) => (m && m.__esModule ? m.default : m);

// ts-node runs each piece of JavaScript through vm.Script; while the shell evaluates, those runs
// break on SIGINT (Ctrl-C), as node's own REPL does with breakEvalOnSigint.
let breakOnSigint = 0;
const origRunInThisContext = vm.Script.prototype.runInThisContext;
vm.Script.prototype.runInThisContext = function (this: vm.Script, options?: vm.RunningScriptOptions) {
  return origRunInThisContext.call(this, breakOnSigint > 0 ? { ...options, breakOnSigint: true } : options);
};

function failure(e: unknown): Outcome {
  if ((e as any)?.code === 'ERR_SCRIPT_EXECUTION_INTERRUPTED') return { kind: 'interrupted' };
  return { kind: 'error', error: e };
}

/** Evaluates TypeScript inputs one after another, keeping their bindings. */
export class Evaluator {
  /** Called around each run of user code (the shell leaves raw mode so Ctrl-C is a signal). */
  onRunStart: () => void = () => {};
  onRunEnd: () => void = () => {};

  private repl: any = null;
  private readonly state: { path: string; input: string; output: string; version: number; lines: number };

  constructor(private readonly opts: EvaluatorOptions = {}) {
    const cwd = opts.cwd ?? process.cwd();
    // ts-node's EvalState: the accumulated input and its compiled output (the prelude, if any,
    // declares the shell's globals for the type checker and compiles to nothing).
    this.state = { path: join(cwd, '<repl>.ts'), input: opts.typecheck && opts.prelude ? opts.prelude : '', output: '', version: 0, lines: 0 };
    // What ts-node's own REPL start-up puts in the context: module, exports, require.
    const mod = new Module(join(cwd, '<repl>'));
    mod.filename = join(cwd, '<repl>');
    mod.paths = (Module as any)._nodeModulePaths(cwd);
    const g = globalThis as any;
    g.module = mod;
    g.exports = mod.exports;
    g.require = createRequire(join(cwd, '<repl>'));
  }

  /**
   * Loads TypeScript, ts-node and swc (about half a second) if not yet done. The shell calls it
   * just after showing its first prompt; otherwise the first input does.
   */
  warm(): void {
    if (this.repl !== null) return;
    const opts = this.opts;
    const cwd = opts.cwd ?? process.cwd();
    typescript();
    const tsnode = require('ts-node');
    const repl = tsnode.createRepl({ state: this.state, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr });
    const service = tsnode.create({
      ...repl.evalAwarePartialHost,
      cwd,
      skipProject: true,
      transpileOnly: !opts.typecheck,
      swc: !opts.typecheck,
      compilerOptions: {
        target: 'es2022',
        module: 'commonjs',
        moduleResolution: 'node',
        esModuleInterop: true,
        strict: !!opts.typecheck,
        noImplicitAny: false,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(fileURLToPath(new URL('../../node_modules/@types', import.meta.url)))],
      },
    });
    repl.setService(service);
    this.repl = repl;
    prepare('0');
  }

  /**
   * Evaluates one input (possibly several lines): the outcome at once when there is nothing
   * to wait for, else a Promise of it. A Promise result is awaited unless `abandon` resolves
   * first (Ctrl-C), which gives `{ kind: 'interrupted' }`.
   */
  evaluate(input: string, abandon?: Promise<void>): Outcome | Promise<Outcome> {
    // Without type checking, each input compiles on its own (imports become require bindings),
    // so evaluation does not slow down as the session grows.
    const p = prepare(input, !this.opts.typecheck);
    if (p.kind === 'incomplete') return p;
    if (p.kind === 'error') return { ...p, kind: 'syntax' };
    const before = bindCount;
    this.unshadow(p.declares);
    let value: unknown;
    try {
      value = this.run(p.code);
    } catch (e) {
      return failure(e);
    }
    const finish = (v: unknown): Outcome | Promise<Outcome> => {
      if (bindCount === before) return { kind: 'value', value: p.quiet ? undefined : v, declares: p.declares };
      const b = bound;
      bound = undefined;
      // `const x = call(…)` binds the Promise; the shell shows what it resolves to.
      if (hasThen(b)) return Promise.resolve(b).then((x) => ({ kind: 'value', value: x, declares: p.declares }) as Outcome, failure);
      return { kind: 'value', value: b, declares: p.declares };
    };
    // Nothing to wait for: the outcome is ready now, before any process runs (iex prints a
    // result before the log lines its messages cause).
    if (!hasThen(value)) return finish(value);
    // A top-level await, or a Promise result (a call's reply): wait, unless Ctrl-C abandons.
    const settled = Promise.resolve(value).then(finish, failure);
    if (abandon === undefined) return settled;
    return Promise.race([settled, abandon.then(() => ({ kind: 'interrupted' }) as Outcome)]);
  }

  /**
   * With a prelude (type checking): a name the user declares shadows the shell's global of that
   * name, as it does at run time, so its `declare` line is blanked (line count kept).
   */
  private unshadow(names: string[]): void {
    for (const name of names) {
      const re = new RegExp(`^declare (?:const|function|var) ${name.replace(/\$/g, '\\$')}\\b.*$`, 'm');
      if (re.test(this.state.input)) this.state.input = this.state.input.replace(re, '');
    }
  }

  /** Runs prepared code through ts-node: its completion value, or a Promise of it (top-level await). */
  private run(code: string): unknown {
    breakOnSigint++;
    this.onRunStart();
    try {
      this.warm();
      if (!this.opts.typecheck) {
        this.state.input = '';
        this.state.output = '';
        this.state.lines = 0;
      }
      const r = this.repl.evalCodeInternal({ code: code + '\n', enableTopLevelAwait: true, context: globalThis });
      return r.containsTopLevelAwait ? r.valuePromise : r.value;
    } finally {
      breakOnSigint--;
      this.onRunEnd();
    }
  }
}
