/**
 * One shell session: iex's behaviour with TypeScript input. The shell is a process (`self()`
 * is its pid; messages wait for `flush()`); output from other processes appears above the
 * prompt; a linked crash prints `** (EXIT from …)` and starts a new shell process that keeps
 * the bindings.
 *
 * Two front ends share `Shell.evalInput`: `runInteractive` (terminal.ts: node:repl on a terminal,
 * with prompts, history, completion, Ctrl-C) and `runPiped` (piped.ts: input that is not a
 * terminal, each input evaluated and shown, no prompts, exit status 1 if any failed).
 *
 * @example
 * const shell = new Shell({ output: process.stdout, color: false });
 * await shell.evalInput("const [ok, pid] = start(MyKeyStore, [])"); // prints ['ok', #PID<0.109.0>]
 */
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { readFileSync } from 'node:fs';
import { EvaluateOptions, Evaluator, Outcome } from '../eval/evaluator.js';
import { TypeChecker } from '../eval/typecheck.js';
import { typecheckPrelude } from './prelude.js';
import { isIncomplete } from '../eval/parse.js';
import { Recorder } from './record.js';
import { NO_RESULT } from './helpers.js';
import { shellGlobals } from './globals.js';
import { ResultHistory } from './results.js';
import { banner, prompt } from './prompt.js';
import { formatError, gutter } from './errors.js';
import { colors, Palette } from '../inspect/colors.js';
import { inspect } from '../inspect/inspect.js';
import { formatExit } from '../inspect/format-error.js';
import '../inspect/events.js';
import { enableAls, getRuntime, hasThen, runInProcess, Runtime, setRuntime, SimulatedClock } from '../runtime/kernel.js';
import { DEFAULT_SEED, drive, seeded } from './deterministic.js';
import type { Pid } from '../runtime/kernel.js';
import type { ObserverScreen } from '../observe/observer.js';

/** Options for a {@link Shell}. */
export interface ShellOptions {
  output: NodeJS.WritableStream;
  color?: boolean;
  typecheck?: boolean;
  /**
   * The runtime the shell's process lives in (default: with `hostGlobals`, the package's
   * default runtime; else a new runtime of its own).
   */
  runtime?: Runtime;
  /**
   * Where the shell's bindings, helpers, `console` and `_` live. False (the default): an object
   * of the shell's own, its evaluation context, so no host global changes and two shells in one
   * process keep their bindings apart. True: the host's globals, as the CLI wants (it owns its
   * process): `globalThis`, `console`, `Math.random` when deterministic, and a deterministic
   * shell without a runtime makes its simulated runtime the package's default.
   */
  hostGlobals?: boolean;
  /** Width for printing values (default: the terminal's, or 80). */
  width?: number;
  /** Simulated clock, seeded randomness, no timestamps (see deterministic.ts). */
  deterministic?: boolean;
  /** Seed for `Math.random` in deterministic mode. */
  seed?: number;
}

/** The shell's state and its evaluation step, independent of how input arrives. */
export class Shell {
  counter = 1;
  readonly history = new ResultHistory(20);
  readonly palette: Palette;
  readonly rt: Runtime;
  readonly evaluator: Evaluator;
  /** Inputs that failed (for the exit status of piped runs). */
  failures = 0;
  /** Writes text where the user sees it (above the prompt when one is shown). */
  write: (text: string) => void;
  private mainAtEval: Pid | null = null;
  private abandonEval: (() => void) | null = null;
  /** Writes the session to a transcript file (--record, .record). */
  recorder: Recorder | null = null;
  /** Set by the interactive front end: redraws the prompt after output. */
  redraw: (() => void) | null = null;
  /** Set by the terminal front end: the terminal `observer()` takes over. */
  screen: ObserverScreen | null = null;
  onRespawn: () => void = () => {};

  constructor(readonly opts: ShellOptions) {
    this.palette = colors(opts.color ?? false);
    const host = opts.hostGlobals ?? false;
    this.context = host ? (globalThis as Record<string, unknown>) : Object.create(null);
    const clock = () => (opts.deterministic ? { clock: new SimulatedClock() } : {});
    if (host && opts.deterministic && opts.runtime === undefined) setRuntime(new Runtime(clock()));
    // A shell that owns its process turns async context on from the start: a timer or promise
    // any process starts names it, so what escapes a plain handler's setTimeout ends that
    // handler (never the shell process, never Node).
    if (host) enableAls();
    this.rt = opts.runtime ?? (host ? getRuntime() : new Runtime(clock()));
    // Inputs run as the shell's process of this runtime; outside any process, the package's
    // functions use the default runtime (the CLI's shell, at no cost).
    this.ownRuntime = !host || this.rt !== getRuntime();
    const random = opts.deterministic ? seeded(opts.seed ?? DEFAULT_SEED) : Math.random;
    if (opts.deterministic) {
      if (host) Math.random = random;
      else this.context.Math = Object.create(Math, { random: { value: random } });
      this.rt.logger.timestamps = false;
    }
    this.write = (text) => {
      opts.output.write(text);
      this.recorder?.output(text);
    };
    this.evaluator = new Evaluator({
      checker: opts.typecheck ? new TypeChecker({ prelude: typecheckPrelude() }) : undefined,
      scope: host ? undefined : this.context,
    });
    const globals = shellGlobals({
      print: (text: string) => this.print(text),
      show: (v: unknown) => this.show(v),
      history: this.history,
      respawn: () => this.respawn(),
      clear: () => this.write('\x1b[H\x1b[2J'),
      runtime: this.rt,
      random,
      bind: (name, value) => (this.context[name] = value),
      screen: () => this.screen,
    });
    this.helperNames = new Set(Object.keys(globals));
    // Every helper stays reachable as IEx.name when a binding hides its global.
    Object.assign(this.context, globals, { IEx: Object.freeze({ ...globals }) });
    this.defineUnderscore();
    // Everything other processes print goes where the user sees it.
    const sink = new Writable({ write: (chunk, _enc, cb) => (this.above(String(chunk)), cb()) });
    this.context.console = new Console({ stdout: sink, stderr: sink });
    // Reports are coloured by their level; trace lines (debug) are written as they are.
    this.rt.logger.sink = (text, level) => this.above(level === 'debug' ? text : this.palette.error(text));
    this.rt.onMainExit.push((old, reason) => this.mainExited(old, reason));
  }

  /** The shell's evaluation context: its bindings and globals (the global object with `hostGlobals`). */
  readonly context: Record<string, unknown>;
  /** True when inputs must run as the runtime's main process (it is not the default runtime). */
  private readonly ownRuntime: boolean;

  last: unknown = undefined;
  /** The shell's globals (helpers and the runtime's API), which a binding may hide. */
  private readonly helperNames: Set<string>;
  private readonly warnedHidden = new Set<string>();

  /** `_` is the last result (node:repl defines its own `_` when it starts: this takes it back). */
  defineUnderscore(): void {
    Object.defineProperty(this.context, '_', { configurable: true, get: () => this.last, set: (v) => (this.last = v) });
  }

  /** Formats a result as the shell prints it. */
  show(value: unknown): string {
    const width = this.opts.width ?? 80;
    return inspect(value, { width, style: this.palette.enabled ? (r, t) => this.palette.role(r, t) : undefined });
  }

  /** Prints lines now (during an evaluation, or with no prompt shown). */
  print(text: string): void {
    this.write(text.endsWith('\n') ? text : text + '\n');
  }

  /** Prints output that arrives on its own (a crash report, a trace): above the prompt. */
  above(text: string): void {
    if (this.redraw === null || this.mainAtEval !== null) {
      this.write(text);
      return;
    }
    this.write('\r\x1b[K' + text + (text.endsWith('\n') ? '' : '\n'));
    this.redraw();
  }

  /** The prompt for the current input line. */
  prompt(continuation: boolean): string {
    return prompt(this.counter, continuation, this.rt.remote?.self);
  }

  /** The banner, in iex's spirit. */
  banner(): string {
    return banner(this.opts.deterministic ?? false);
  }

  /**
   * Evaluates one complete or partial input and prints its result or error. The outcome comes
   * back at once when nothing was awaited, so the caller can show the next prompt before any
   * process runs (as iex prints the result, then the log lines the input caused).
   */
  evalInput(code: string, abandon?: Promise<void>): Outcome | Promise<Outcome> {
    if (/^\s*(\/\/[^\n]*(\n|$)\s*)+$/.test(code)) {
      // A comment alone (narration in a replay): shown, nothing evaluated, the counter stays.
      this.recorder?.input(this.counter, code);
      return { kind: 'comment' };
    }
    if (/(^|\n)\s*#iex:break\s*$/.test(code)) {
      if (code.trim() !== '#iex:break') this.print(this.palette.error(`** (TokenMissingError) iex:${this.counter}: incomplete expression`));
      return { kind: 'error', error: null };
    }
    if (this.recorder !== null && !isIncomplete(code)) this.recorder.input(this.counter, code);
    const main = this.rt.main.pid;
    this.mainAtEval = main;
    let stop!: () => void;
    const abandoned = new Promise<void>((r) => (stop = r));
    this.abandonEval = stop;
    const done = (outcome: Outcome): Outcome => {
      this.mainAtEval = null;
      this.abandonEval = null;
      // The shell process died during the evaluation (a linked crash, respawn): its result is gone.
      if (this.rt.main.pid !== main) return { kind: 'interrupted' };
      this.report(outcome);
      return outcome;
    };
    let r: Outcome | Promise<Outcome>;
    try {
      r = this.run(code, { abandon: abandon ? Promise.race([abandon, abandoned]) : abandoned, line: this.counter });
    } catch (e) {
      return done({ kind: 'error', error: e });
    }
    if (!hasThen(r)) return done(r);
    // On the simulated clock an input that waits makes time jump to the next timer.
    let settled = false;
    const finished = r.then(
      (o) => ((settled = true), o),
      (e) => ((settled = true), { kind: 'error', error: e }) as Outcome,
    );
    if (this.opts.deterministic) void drive(this.rt, () => !settled);
    return finished.then(done);
  }

  /** Evaluates code as the shell's process (see ownRuntime). */
  private run(code: string, opts: EvaluateOptions): Outcome | Promise<Outcome> {
    if (!this.ownRuntime) return this.evaluator.evaluate(code, opts);
    return runInProcess(this.rt.main, (c) => this.evaluator.evaluate(c, opts), code);
  }

  private report(o: Outcome): void {
    switch (o.kind) {
      case 'incomplete':
      case 'comment':
        return;
      case 'value':
        this.warnHidden(o.declares);
        this.last = o.value;
        this.history.add(this.counter, o.value);
        if (o.value !== NO_RESULT) this.print(this.show(o.value));
        this.counter++;
        return;
      case 'syntax':
        this.print(this.palette.error(`** (SyntaxError) iex:${o.line}:${o.column}: ${o.message}`) + '\n' + this.gutter(o.code, o.line, o.column));
        this.failures++;
        return;
      case 'type':
        for (const e of o.errors) this.print(this.palette.error(`** (CompileError) iex:${e.line}:${e.column}: ${e.message}`) + '\n' + this.gutter(o.code, e.line, e.column));
        this.failures++;
        return;
      case 'interrupted':
        this.print(this.palette.error(`** (EXIT) ${this.interruptReason ?? 'interrupted'}`));
        this.interruptReason = null;
        this.failures++;
        return;
      case 'error':
        this.print(this.palette.error(formatError(o.error)));
        this.failures++;
        return;
    }
  }

  /** iex's gutter under an error: the input's line, numbered, and a caret at the column. */
  private gutter(code: string, line: number, column: number): string {
    return gutter(code, this.counter, line, column, (s) => this.palette.error(s));
  }

  /**
   * Says once, dimly, when a binding hides a helper or global of the shell. Binding `pid` is the
   * README's own pattern (`const [ok, pid] = start(…)`) and pasted pids need no helper, so that
   * one is not announced; `IEx.pid` is there all the same.
   */
  private warnHidden(names: string[]): void {
    for (const name of names) {
      if (name === 'pid' || !this.helperNames.has(name) || this.warnedHidden.has(name)) continue;
      this.warnedHidden.add(name);
      this.print(this.palette.dim(`${name} now names your binding; the shell's ${name} is still IEx.${name}`));
    }
  }

  /**
   * Abandons the evaluation in progress, saying why in its `** (EXIT)` line (not Ctrl-C: the
   * input waits for what nothing can bring, or ran past its limit); false if none.
   * @example shell.abandon('the input waits for something no process or timer can bring')
   */
  abandon(reason: string): boolean {
    if (!this.busy) return false;
    this.interruptReason = reason;
    return this.interrupt();
  }

  /** Why the evaluation in progress was abandoned, when not by Ctrl-C (see abandon). */
  interruptReason: string | null = null;

  /**
   * Abandons the evaluation in progress (Ctrl-C while waiting); false if none. A receive the
   * input was waiting in is disarmed, so no later message goes to it: it stays in the mailbox;
   * an `advance` in progress stops where the simulated clock is.
   */
  interrupt(): boolean {
    if (this.abandonEval === null) return false;
    this.abandonEval();
    if (this.mainAtEval === this.rt.main.pid) {
      this.rt.cancelReceive(this.rt.main);
      this.rt.cancelCalls(this.rt.main);
    }
    this.rt.stopAdvance();
    return true;
  }

  /** True while an input is being evaluated. */
  get busy(): boolean {
    return this.mainAtEval !== null;
  }

  private respawning = false;

  /** Replaces the shell process: new pid, counter back to 1, bindings kept. */
  respawn(): void {
    // The runtime tells mainExited a moment later (as a signal); it clears the flag.
    this.respawning = true;
    this.rt.exit_proc(this.rt.main, 'normal');
  }

  private mainExited(old: Pid, reason: unknown): void {
    // A normal exit (`Process.exit(self(), 'normal')`) restarts the shell silently, as iex does.
    if (!this.respawning && reason !== 'normal') {
      this.above(this.palette.error(`** (EXIT from ${old}) shell process exited with reason: ${formatExit(reason)}`) + '\n');
      this.above(this.palette.dim('your bindings are kept in the new shell process (iex would forget them)') + '\n');
    }
    this.respawning = false;
    this.counter = 1;
    this.history.clear();
    this.abandonEval?.();
    this.above('\n' + this.banner());
    this.onRespawn();
  }

  /** Runs a file's code in the shell (iex's .iex.exs, --require): errors shown, results not. */
  async runFile(path: string): Promise<boolean> {
    let code: string;
    try {
      code = readFileSync(path, 'utf8');
    } catch (e: any) {
      this.print(this.palette.error(`** (File.Error) could not read ${path}: ${e.code === 'ENOENT' ? 'no such file or directory' : e.message}`));
      return false;
    }
    const o = await this.run(code, { file: path });
    if (o.kind === 'value') return true;
    if (o.kind === 'error' || o.kind === 'interrupted') this.print(this.palette.error(`error while loading ${path}:`));
    if (o.kind === 'incomplete') this.print(this.palette.error(`** (TokenMissingError) ${path}: the file ends inside an incomplete expression`));
    else if (o.kind === 'syntax') this.print(this.palette.error(`** (SyntaxError) ${path}:${o.line}:${o.column}: ${o.message}`));
    else if (o.kind === 'type') for (const e of o.errors) this.print(this.palette.error(`** (CompileError) ${path}:${e.line}:${e.column}: ${e.message}`));
    else this.report(o);
    return false;
  }
}
