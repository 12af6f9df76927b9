/**
 * Replays steps through a shell so the session looks exactly as if a person had typed it: the
 * prompt, the input echoed (typed out at `typing` ms per character), then the same output the
 * interactive shell gives. Optionally records an asciicast v2 file that `asciinema play` plays.
 *
 * The replay output of a script is itself a transcript (`replay --check` reads it back).
 *
 * @example
 * const shell = new Shell({ output: process.stdout, deterministic: true });
 * await play(shell, parseScript(source), { write: (t) => process.stdout.write(t), typing: 0, pause: 0 });
 */
import type { Shell } from '../shell/session.js';
import { guardProcess } from '../shell/piped.js';
import { hasThen } from '../runtime/kernel.js';
import type { Step } from './script.js';
import type { InputLimit } from './limit.js';

/** Options for {@link play}. */
export interface PlayOptions {
  /** Where the session is shown. */
  write: (text: string) => void;
  /** Milliseconds per typed character (0: instant). */
  typing: number;
  /** Milliseconds to wait after each input. */
  pause: number;
  /** Presenter mode: wait for `next()` before each input. */
  step?: boolean;
  /** Resolves true when the presenter presses Enter, false when input ends (stop the replay). */
  next?: () => Promise<boolean>;
  /** Records the session as an asciicast. */
  cast?: Cast;
  /** The per-input time limit, and what to say when it stops an input (given the input's line). */
  limit?: InputLimit;
  timedOut?: (line: number) => void;
}

const sleep = (ms: number) => (ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve());

/**
 * An asciicast v2 recording: a header (size, start time), then `[time, "o", text]` events with
 * non-decreasing times. Events hold what a terminal receives, so lines end in `\r\n` (a
 * terminal's output processing turns the shell's `\n` into that; a player does not).
 */
export class Cast {
  private readonly events: [number, 'o', string][] = [];
  private t = 0;
  constructor(
    readonly width: number,
    readonly height: number,
    /** Seconds added per typed character in the recording (typing shows even when replayed instantly). */
    readonly typing = 0.05,
    /** The header's start time in Unix seconds (0 for a byte-identical recording). */
    readonly timestamp = Math.floor(Date.now() / 1000),
  ) {}
  /** Records output at the current time. */
  out(text: string): void {
    if (text !== '') this.events.push([Number(this.t.toFixed(3)), 'o', text.replace(/\r?\n/g, '\r\n')]);
  }
  /** Moves the recording's clock forward. */
  wait(seconds: number): void {
    this.t += seconds;
  }
  /** The file's text. @example cast.toString().split('\n')[0] // '{"version":2,…}' */
  toString(): string {
    const header = { version: 2, width: this.width, height: this.height, timestamp: this.timestamp, env: { TERM: 'xterm-256color', SHELL: 'genrepl' } };
    return [JSON.stringify(header), ...this.events.map((e) => JSON.stringify(e))].join('\n') + '\n';
  }
}

/** Plays `steps`; returns how many inputs failed. */
export async function play(shell: Shell, steps: Step[], opts: PlayOptions): Promise<number> {
  const cast = opts.cast;
  const show = (text: string) => {
    opts.write(text);
    cast?.out(text);
  };
  const before = shell.write;
  shell.write = show;
  const failuresBefore = shell.failures;
  const release = guardProcess(shell);
  try {
    for (const s of steps) {
      switch (s.kind) {
        case 'pause':
          await sleep(s.ms);
          cast?.wait(s.ms / 1000);
          continue;
        case 'step':
          if (opts.next && !(await opts.next())) return shell.failures - failuresBefore;
          continue;
        case 'advance':
          await typeAndRun(shell, `await advance(${s.ms})`, s.line, opts, show);
          continue;
        case 'narration':
        case 'input':
          if (opts.step && s.kind === 'input' && opts.next && !(await opts.next())) return shell.failures - failuresBefore;
          await typeAndRun(shell, s.text, s.line, opts, show);
          continue;
      }
    }
  } finally {
    shell.write = before;
    release();
  }
  return shell.failures - failuresBefore;
}

/**
 * Evaluates one input and waits for the turns it started (as the shell does), within the time
 * limit if there is one; true if the limit stopped it. @example await runInput(shell, '1 + 1\n') // false
 */
export async function runInput(shell: Shell, code: string, limit?: InputLimit, line = 0): Promise<boolean> {
  limit?.arm(line);
  let stopped = false;
  try {
    const r = shell.evalInput(code);
    if (hasThen(r)) await r;
    // As the shell a session was recorded in: the turns the input started, not until idle.
    await shell.rt.afterTurns();
  } finally {
    stopped = limit?.disarm() ?? false;
  }
  return stopped;
}

/** Shows the prompt and the input as typed, evaluates it, waits for the turns it started. */
export async function typeAndRun(shell: Shell, text: string, line: number, opts: Pick<PlayOptions, 'typing' | 'pause' | 'cast' | 'limit' | 'timedOut'>, show: (t: string) => void): Promise<void> {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    show(shell.prompt(i > 0));
    const line = lines[i]!;
    if (opts.typing > 0 || opts.cast) {
      for (const ch of line) {
        await sleep(opts.typing);
        opts.cast?.wait(opts.typing > 0 ? opts.typing / 1000 : opts.cast.typing);
        show(ch);
      }
    } else show(line);
    show('\n');
  }
  opts.cast?.wait(0.1);
  if (await runInput(shell, text + '\n', opts.limit, line)) opts.timedOut?.(line);
  await sleep(opts.pause);
  opts.cast?.wait(opts.pause / 1000 + 0.4);
}
