// captureShell: runs inputs in a shell inside this process and returns what it printed, as
// iex's capture_iex does. Each call is a shell of its own (its own runtime, pids from
// #PID<0.108.0>, bindings and output), fed as piped input: no prompts, no colour unless asked.
//
//   assert.equal(await captureShell('1 + 2'), '3\n');
//   const { out, code } = await runShell(["throw 'x'", '1']); // code 1: an input failed
import { Readable, Writable } from 'node:stream';
import { createShell } from '../../dist/shell/create.js';

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
