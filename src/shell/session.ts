/**
 * One shell session: iex's behaviour with TypeScript input. The shell is a process (`self()`
 * is its pid; messages wait for `flush()`); output from other processes appears above the
 * prompt; a linked crash prints `** (EXIT from …)` and starts a new shell process that keeps
 * the bindings.
 *
 * Two front ends share `Shell.evalInput`: `runInteractive` (node:repl on a terminal: prompts,
 * history (history.ts), completion, Ctrl-C) and `runPiped` (input that is not a terminal: each input
 * evaluated and shown, no prompts, exit status 1 if any failed).
 *
 * @example
 * const shell = new Shell({ output: process.stdout, color: false });
 * await shell.evalInput("const [ok, pid] = start(MyKeyStore, [])"); // prints ['ok', #PID<0.109.0>]
 */
import repl, { REPLServer } from 'node:repl';
import readline from 'node:readline';
import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Evaluator, Outcome } from '../eval/evaluator.js';
import { TypeChecker } from '../eval/typecheck.js';
import { typecheckPrelude } from './prelude.js';
import { isIncomplete } from '../eval/parse.js';
import { Recorder } from '../replay/record.js';
import { Watchdog } from './watchdog.js';
import { NO_RESULT, ResultHistory, shellGlobals } from './helpers.js';
import { complete, listing } from './complete.js';
import { History, historySize } from './history.js';
import { colors, Palette } from '../inspect/colors.js';
import { inspect } from '../inspect/inspect.js';
import { formatException, formatExit } from '../inspect/format-error.js';
import '../inspect/events.js';
import { ExitError, ExitSignal } from '../runtime/errors.js';
import { getRuntime, hasThen, Runtime, setRuntime } from '../runtime/kernel.js';
import { SimulatedClock } from '../runtime/clock.js';
import { DEFAULT_SEED, drive, seeded } from './deterministic.js';
import type { Pid } from '../runtime/pid.js';
import { VERSION } from '../version.js';

/** Options for a {@link Shell}. */
export interface ShellOptions {
  output: NodeJS.WritableStream;
  color?: boolean;
  typecheck?: boolean;
  /** The runtime the shell's process lives in (default: the package's default runtime). */
  runtime?: Runtime;
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
  onRespawn: () => void = () => {};

  constructor(readonly opts: ShellOptions) {
    this.palette = colors(opts.color ?? false);
    if (opts.deterministic && opts.runtime === undefined) setRuntime(new Runtime({ clock: new SimulatedClock() }));
    this.rt = opts.runtime ?? getRuntime();
    if (opts.deterministic) {
      Math.random = seeded(opts.seed ?? DEFAULT_SEED);
      this.rt.logger.timestamps = false;
    }
    this.write = (text) => {
      opts.output.write(text);
      this.recorder?.output(text);
    };
    this.evaluator = new Evaluator({ checker: opts.typecheck ? new TypeChecker({ prelude: typecheckPrelude() }) : undefined });
    const hooks = {
      print: (text: string) => this.print(text),
      show: (v: unknown) => this.show(v),
      history: this.history,
      respawn: () => this.respawn(),
      clear: () => this.write('\x1b[H\x1b[2J'),
    };
    const globals = shellGlobals(hooks);
    Object.assign(globals, {
      /** Moves simulated time forward (deterministic mode). */
      advance: (ms: number) => this.rt.advance(ms),
      /** The clock's time in ms (simulated time in deterministic mode). */
      now: () => this.rt.clock.now(),
      /** Erlang's :rand: uniform(n) is a whole number from 1 to n (seeded in deterministic mode). */
      rand: { uniform: (n: number) => 1 + Math.floor(Math.random() * n) },
    });
    this.helperNames = new Set(Object.keys(globals));
    // Every helper stays reachable as IEx.name when a binding hides its global.
    Object.assign(globalThis, globals, { IEx: Object.freeze({ ...globals }) });
    this.defineUnderscore();
    // Everything other processes print goes where the user sees it.
    const sink = new Writable({ write: (chunk, _enc, cb) => (this.above(String(chunk)), cb()) });
    (globalThis as any).console = new Console({ stdout: sink, stderr: sink });
    // Reports are coloured by their level; trace lines (debug) are written as they are.
    this.rt.logger.sink = (text, level) => this.above(level === 'debug' ? text : this.palette.error(text));
    this.rt.onMainExit.push((old, reason) => this.mainExited(old, reason));
    this.rt.interruptible = true;
  }

  last: unknown = undefined;
  /** The shell's globals (helpers and the runtime's API), which a binding may hide. */
  private readonly helperNames: Set<string>;
  private readonly warnedHidden = new Set<string>();

  /** `_` is the last result (node:repl defines its own `_` when it starts: this takes it back). */
  defineUnderscore(): void {
    Object.defineProperty(globalThis, '_', { configurable: true, get: () => this.last, set: (v) => (this.last = v) });
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
    // On a node, as iex: iex(a@host)1>
    const n = this.rt.remote === null ? `(${this.counter})> ` : `(${this.rt.remote.self})${this.counter}> `;
    return continuation ? `...${n}` : `iex${n}`;
  }

  /** The banner, in iex's spirit. */
  banner(): string {
    const node = this.opts.deterministic ? '' : `, Node ${process.version}`;
    return `genrepl ${VERSION} (TypeScript${node}) - press Ctrl+C twice to exit (type h() ENTER for help)\n`;
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
      r = this.evaluator.evaluate(code, { abandon: abandon ? Promise.race([abandon, abandoned]) : abandoned, line: this.counter });
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
    const src = code.split('\n')[line - this.counter] ?? '';
    const n = String(line);
    const pad = ' '.repeat(n.length);
    return `  ${pad} |\n  ${n} | ${src}\n  ${pad} | ${' '.repeat(Math.max(0, column - 1))}${this.palette.error('^')}`;
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
   * Until the returned function is called: an input that waits for what nothing can bring (a
   * receive with no process left to send and no timer pending) would end Node with status 13
   * and no word; when Node finds nothing left to do, that input is abandoned with one line
   * saying so (it counts as failed), and the next one runs. Used where no one can press Ctrl-C
   * (piped input, `-e`, replays). @example const release = shell.abandonWhenStuck(); … release()
   */
  abandonWhenStuck(): () => void {
    const stuck = () => {
      if (!this.busy) return;
      this.interruptReason = 'the input waits for something no process or timer can bring: nothing else is running';
      this.interrupt();
    };
    process.on('beforeExit', stuck);
    return () => process.off('beforeExit', stuck);
  }

  /** Why the evaluation in progress was abandoned, when not by Ctrl-C (see abandonWhenStuck). */
  interruptReason: string | null = null;

  /**
   * Abandons the evaluation in progress (Ctrl-C while waiting); false if none. A receive the
   * input was waiting in is disarmed, so no later message goes to it: it stays in the mailbox;
   * an `advance` in progress stops where the simulated clock is.
   */
  interrupt(): boolean {
    if (this.abandonEval === null) return false;
    this.abandonEval();
    if (this.mainAtEval === this.rt.main.pid) this.rt.cancelReceive(this.rt.main);
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
    const o = await this.evaluator.evaluate(code, { file: path });
    if (o.kind === 'value') return true;
    if (o.kind === 'error' || o.kind === 'interrupted') this.print(this.palette.error(`error while loading ${path}:`));
    if (o.kind === 'incomplete') this.print(this.palette.error(`** (TokenMissingError) ${path}: the file ends inside an incomplete expression`));
    else if (o.kind === 'syntax') this.print(this.palette.error(`** (SyntaxError) ${path}:${o.line}:${o.column}: ${o.message}`));
    else if (o.kind === 'type') for (const e of o.errors) this.print(this.palette.error(`** (CompileError) ${path}:${e.line}:${e.column}: ${e.message}`));
    else this.report(o);
    return false;
  }
}

/** `** (Name) message` and the trimmed stack, as iex prints an error. @example formatError(new Error('x')) */
export function formatError(e: unknown): string {
  if (e instanceof ExitError) return `** (exit) ${e.message}`;
  if (e instanceof ExitSignal) return `** (exit) ${formatExit(e.reason)}`;
  return formatException(e);
}

/** Options for the terminal front end. */
export interface InteractiveOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };
  terminal: boolean;
  historyFile: string | null;
  requires: string[];
}

/** Runs the shell on a terminal with node:repl until the user exits. */
export async function runInteractive(shell: Shell, opts: InteractiveOptions): Promise<void> {
  const out = shell.opts.output;
  out.write(shell.banner());
  await preload(shell, opts.requires, true);
  const warn = (w: string) => out.write(shell.palette.error(w) + '\n');
  const history = opts.historyFile === null ? null : History.load(opts.historyFile, historySize(process.env, warn), warn);
  const server: REPLServer = repl.start({
    prompt: '', // the first prompt is drawn once, when everything is ready
    input: opts.input,
    output: out,
    terminal: opts.terminal,
    useGlobal: true,
    ignoreUndefined: true,
    preview: false,
    // iex lists the candidates on the first Tab when it cannot complete further.
    completer: (line: string) => {
      const completion = complete(line);
      const list = listing(line, shell.opts.width ?? 80, completion);
      if (list === null) return completion;
      shell.above(list);
      return [[], line];
    },
    eval: (cmd, _ctx, _file, cb) => {
      const answer = (o: Outcome) => (o.kind === 'incomplete' ? cb(new repl.Recoverable(new Error('incomplete')), undefined) : cb(null, undefined));
      const r = shell.evalInput(cmd);
      if (hasThen(r)) r.then(answer);
      else answer(r);
    },
  });
  shell.defineUnderscore();
  // No Node dot-commands (.exit, .help, .editor …): only genrepl's own .record.
  for (const name of Object.keys(server.commands)) delete (server.commands as any)[name];
  server.defineCommand('record', {
    help: 'Write this session from now on to FILE as a transcript (replay --check reads it)',
    action(file: string) {
      if (file.trim() === '') out.write(shell.palette.error('usage: .record FILE') + '\n');
      else {
        try {
          shell.recorder = new Recorder(file.trim());
          out.write(`recording to ${file.trim()}\n`);
        } catch (e: any) {
          out.write(shell.palette.error(`** (File.Error) could not write ${file.trim()}: ${e.message}`) + '\n');
        }
      }
      server.displayPrompt();
    },
  });
  // Any other line that starts with a dot is an input like the rest (`.exit` is a syntax error,
  // as in iex), never Node's "Invalid REPL keyword": node:repl looks dot-words up in `commands`,
  // and every word but `record` is answered by evaluating the line.
  const own = server.commands as Record<string, unknown>;
  (server as unknown as { commands: unknown }).commands = new Proxy(own, {
    get(target, key) {
      if (typeof key !== 'string' || key in target) return Reflect.get(target, key);
      return {
        help: '',
        action(rest: string) {
          const r = shell.evalInput(`.${key}${rest ? ' ' + rest : ''}\n`);
          if (hasThen(r)) void r.then(() => server.displayPrompt());
          else server.displayPrompt();
        },
      };
    },
  });
  const buffered = Object.getOwnPropertySymbols(server).find((s) => s.description === 'bufferedCommand');
  const continuing = () => buffered !== undefined && String((server as any)[buffered] ?? '').length > 0;
  // Prompts: iex(N)> and ...(N)> for continuation lines.
  server.displayPrompt = function (preserveCursor?: boolean) {
    readline.Interface.prototype.setPrompt.call(server, shell.prompt(continuing()));
    server.prompt(preserveCursor);
  };
  shell.redraw = () => server.displayPrompt(true);
  shell.onRespawn = () => {
    if (!shell.busy) server.displayPrompt(true);
  };
  // Ctrl-C while an input waits (a call, a receive): abandon the wait. Otherwise iex's BREAK, in
  // the words that apply here: a half-typed input is dropped; at an empty prompt the first
  // Ctrl-C says what it offers (exit, or go on) and a second one exits.
  server.removeAllListeners('SIGINT');
  let breakShown = false;
  server.on('line', () => (breakShown = false));
  server.on('SIGINT', () => {
    if (shell.interrupt()) return;
    const rl = server as unknown as { line: string; clearLine(): void };
    const typed = rl.line.length > 0 || (buffered !== undefined && String((server as any)[buffered] ?? '').length > 0);
    rl.clearLine();
    server.clearBufferedCommand();
    if (typed) breakShown = false;
    else if (breakShown) {
      server.close();
      return;
    } else {
      breakShown = true;
      out.write(shell.palette.dim('BREAK: Ctrl+C again to exit (Ctrl+D too); type anything to go on') + '\n');
    }
    server.displayPrompt();
  });
  // Ctrl-C must reach a runaway loop. While an input runs, the terminal leaves raw mode (as
  // node's REPL does), so Ctrl-C is a signal; for process handlers, a watchdog thread does that
  // only when one turn runs long (see watchdog.ts), so typing is never echoed twice.
  const raw = opts.input.setRawMode?.bind(opts.input);
  if (opts.terminal && raw && opts.input.isTTY) {
    shell.evaluator.onRunStart = () => raw(false);
    shell.evaluator.onRunEnd = () => raw(true);
    const dog = new Watchdog(() => raw(true));
    shell.rt.onDrain = [dog.enter, dog.leave];
    // A SIGINT between a turn's end and the return to raw mode must not end the shell.
    process.on('SIGINT', () => {});
  }
  history?.attach(server, continuing);
  server.displayPrompt();
  // The prompt is up: now load the compiler (the first input would otherwise wait for it).
  setImmediate(() => shell.evaluator.warm());
  await new Promise<void>((resolve) => server.on('exit', () => resolve()));
}

/** Runs input that is not a terminal: every input evaluated and shown, no prompts. */
export async function runPiped(shell: Shell, input: NodeJS.ReadableStream, requires: string[]): Promise<number> {
  if (!(await preload(shell, requires))) shell.failures++;
  const rl = readline.createInterface({ input, terminal: false, crlfDelay: Infinity });
  const release = shell.abandonWhenStuck();
  let buffer = '';
  let startLine = 0;
  let lineNo = 0;
  try {
    for await (const line of rl) {
      lineNo++;
      if (buffer === '' && line.trim() === '') continue;
      if (buffer === '') startLine = lineNo;
      buffer += line + '\n';
      const o = await shell.evalInput(buffer);
      if (o.kind !== 'incomplete') buffer = '';
    }
  } finally {
    release();
  }
  if (buffer.trim() !== '') {
    shell.print(shell.palette.error(`** (TokenMissingError) the input ends inside an incomplete expression (started on line ${startLine})`));
    shell.failures++;
  }
  return shell.failures > 0 ? 1 : 0;
}

/** `.genrepl.ts` in the current directory (on a terminal, said in a dim line), then each --require file. */
async function preload(shell: Shell, requires: string[], announce = false): Promise<boolean> {
  let ok = true;
  const dot = join(process.cwd(), '.genrepl.ts');
  if (existsSync(dot)) {
    const loaded = await shell.runFile(dot);
    if (loaded && announce) shell.print(shell.palette.dim('loaded .genrepl.ts'));
    ok = loaded && ok;
  }
  for (const f of requires) ok = (await shell.runFile(f)) && ok;
  return ok;
}

