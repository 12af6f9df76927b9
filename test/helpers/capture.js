// captureShell: runs inputs in a shell inside this process and returns what it printed, as
// iex's capture_iex does. Each call is a shell of its own (its own runtime, pids from
// #PID<0.108.0>, bindings and output), fed as piped input: no prompts, no colour unless asked.
//
//   assert.equal(await captureShell('1 + 2'), '3\n');
//   const { out, code } = await runShell(["throw 'x'", '1']); // code 1: an input failed
import { PassThrough, Readable, Writable } from 'node:stream';
import { createShell } from '../../dist/shell/create.js';
import { Screen, Term } from './terminal.js';

/** A writable that keeps what is written; `text()` gives it back. */
export function collector() {
  const chunks = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  w.text = () => chunks.join('');
  return w;
}

/** Inputs as piped text: a string as it is, an array one input per element. */
function asText(inputs) {
  const text = Array.isArray(inputs) ? inputs.join('\n') : inputs;
  return text.endsWith('\n') ? text : text + '\n';
}

/**
 * Runs `inputs` in a new in-process shell; resolves { out, code, shell } (code as piped input's
 * exit status: 1 if an input failed). `opts` are createShell's (color, deterministic, typecheck,
 * requires, runtime …).
 */
export async function runShell(inputs, opts = {}) {
  const output = collector();
  const { shell, done } = createShell({ input: Readable.from([asText(inputs)]), output, ...opts });
  const code = await done;
  // What processes print after the last input (a crash report a moment later) is theirs to
  // print: wait until the runtime has nothing left to run.
  await shell.rt.idle();
  return { out: output.text(), code, shell };
}

/** Runs `inputs` in a new in-process shell and resolves its output. */
export async function captureShell(inputs, opts = {}) {
  return (await runShell(inputs, opts)).out;
}

/**
 * A shell on a terminal made of streams, in this process: the terminal front end (node:repl,
 * prompts, Tab, Ctrl-C at the prompt) with the same API as the pseudo-terminal's Term
 * (type, text, waitFor, enter, close), for what needs a terminal but not a real one.
 *
 *   const t = ShellTerm.start();
 *   await t.enter('[1, 2,', /\.\.\.\(1\)> ?$/);
 */
export class ShellTerm {
  static start({ cols = 100, rows = 40, ...opts } = {}) {
    const t = new ShellTerm();
    t.screen = new Screen(cols);
    t.raw = '';
    const input = new PassThrough();
    input.isTTY = true;
    const output = new Writable({
      write(chunk, _enc, cb) {
        const s = String(chunk);
        t.raw += s;
        t.screen.feed(s);
        t.wake?.();
        cb();
      },
    });
    Object.assign(output, { isTTY: true, columns: cols, rows });
    t.input = input;
    const { shell, done } = createShell({ input, output, width: cols, color: false, ...opts });
    t.shell = shell;
    t.ended = false;
    t.exited = done.then((code) => ((t.ended = true), code));
    return t;
  }
  /** Types text ('\r' for Enter, '\x03' for Ctrl-C, '\t' for Tab, '\x04' for Ctrl-D). */
  type(text) {
    this.input.write(text);
  }
  close() {
    this.input.end();
    return this.exited;
  }
}
for (const k of ['text', 'waitFor', 'prompts', 'enter']) ShellTerm.prototype[k] = Term.prototype[k];
