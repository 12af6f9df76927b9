/**
 * The terminal front end: node:repl on a terminal, with iex's prompts (`iex(N)>`, `...(N)>`),
 * line history (history.ts), completion (complete.ts), `.record FILE`, and Ctrl-C as iex's
 * BREAK (a wait abandoned, a half-typed line dropped, a second Ctrl-C at an empty prompt exits).
 * It owns the terminal: raw mode around runs of user code, and a SIGINT handler of the process.
 *
 * @example
 * await runInteractive(shell, { input: process.stdin, terminal: true, historyFile: null, requires: [] });
 */
import repl, { REPLServer } from 'node:repl';
import readline from 'node:readline';
import type { Outcome } from '../eval/evaluator.js';
import { hasThen } from '../runtime/kernel.js';
import type { Shell } from './session.js';
import { Recorder } from './record.js';
import { Watchdog } from './watchdog.js';
import { complete, listing } from './complete.js';
import { History, historySize } from './history.js';
import { preload } from './preload.js';
import { strayHandler } from './strays.js';
import { KeyGate } from './key-gate.js';

/** Options for the terminal front end. */
export interface InteractiveOptions {
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (on: boolean) => unknown };
  terminal: boolean;
  historyFile: string | null;
  requires: string[];
}

/** Runs the shell on a terminal with node:repl until the user exits. @example await runInteractive(shell, opts) */
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
    // node:repl's own context (it defines `_` there): the host's globals only when the shell's are.
    useGlobal: shell.opts.hostGlobals ?? false,
    ignoreUndefined: true,
    preview: false,
    // iex lists the candidates on the first Tab when it cannot complete further.
    completer: (line: string) => {
      const completion = complete(line, { context: shell.context, runtime: shell.rt });
      const list = listing(line, shell.opts.width ?? 80, completion, shell.context);
      if (list === null) return completion;
      shell.above(list);
      return [[], line];
    },
    eval: (cmd, _ctx, _file, cb) => {
      const answer = (o: Outcome) => {
        if (o.kind === 'incomplete') cb(new repl.Recoverable(new Error('incomplete')), undefined);
        else cb(null, undefined);
        gate.done();
      };
      gate.hold();
      const r = shell.evalInput(cmd);
      if (hasThen(r)) r.then(answer);
      else answer(r);
    },
  });
  // The next line is read once the turns this input started have run (key-gate.ts).
  const gate = new KeyGate(server, shell.rt);
  shell.defineUnderscore();
  // node:repl's domain catches what escapes an input's callbacks (a timer's throw) and prints
  // Node's "Uncaught …": the shell process ends with it instead, as with piped input (strays.ts).
  const domain = (server as unknown as { _domain?: NodeJS.EventEmitter })._domain;
  if (domain !== undefined) {
    domain.removeAllListeners('error');
    domain.on('error', strayHandler(shell));
  }
  // No Node dot-commands (.exit, .help, .editor …): only genrepl's own .record.
  for (const name of Object.keys(server.commands)) delete (server.commands as any)[name];
  server.defineCommand('record', {
    help: 'Write this session from now on to FILE as a transcript (replay --check reads it)',
    action(file: string) {
      if (file.trim() === '') out.write(shell.palette.error('usage: .record FILE') + '\n');
      else {
        try {
          shell.recorder = new Recorder(file.trim(), shell.opts.width);
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
          const shown = () => (server.displayPrompt(), gate.done());
          gate.hold();
          const r = shell.evalInput(`.${key}${rest ? ' ' + rest : ''}\n`);
          if (hasThen(r)) void r.then(shown);
          else shown();
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
    // Ctrl-C may stop a runaway handler, and a loop after an `await` (the kernel runs its turns,
    // and the code they resume, so that it can; turns are then macrotasks, which the key gate
    // lets run before the next line).
    shell.rt.interruptible = true;
    shell.rt.interruptResumed = true;
    shell.evaluator.onRunStart = () => raw(false);
    shell.evaluator.onRunEnd = () => raw(true);
    // The watchdog turned signals on behind libuv's back (stty), and libuv skips a switch to the
    // mode it believes current: raw(true) alone would leave Ctrl-C a signal for the rest of a
    // wait, which nothing then reads (the wait could not be abandoned). Out and in again.
    const dog = new Watchdog(() => (raw(false), raw(true)));
    shell.rt.onDrain = [dog.enter, dog.leave];
    // A SIGINT between a turn's end and the return to raw mode must not end the shell.
    process.on('SIGINT', () => {});
    // observer() draws on this terminal; what the shell would print meanwhile waits for it to close.
    shell.screen = {
      input: opts.input,
      output: out,
      hold() {
        const write = shell.write;
        const held: string[] = [];
        shell.write = (text) => held.push(text);
        return () => {
          shell.write = write;
          for (const t of held) write(t);
        };
      },
    };
  }
  history?.attach(server, continuing);
  server.displayPrompt();
  // The prompt is up: now load the compiler (the first input would otherwise wait for it).
  setImmediate(() => shell.evaluator.warm());
  await new Promise<void>((resolve) => server.on('exit', () => resolve()));
}
