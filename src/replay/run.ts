/**
 * `genrepl replay FILE`: play a `.genrepl` script as a live session, or (`--check`) replay a
 * transcript or a Markdown handout's ```genrepl blocks and compare. Always deterministic: a
 * simulated clock, seeded randomness, no timestamps.
 *
 * Exit codes, one rule with piped input: 0 all well; 1 an input failed (an error shown while
 * playing, a difference or a stopped input when checking); 2 bad usage or a file that cannot be
 * read (not text), parsed or written.
 *
 * @example
 * process.exitCode = await runReplay('demo.genrepl', { check: false, update: false, step: false, pause: 0, seed: 1 });
 */
import { writeFileSync } from 'node:fs';
import readline from 'node:readline';
import { Shell } from '../shell/session.js';
import { fileError, readText } from '../shell/text-file.js';
import { catchStrays } from '../shell/strays.js';
import { stripColors, wantColor } from '../inspect/colors.js';
import { checkBlocks } from './check.js';
import { InputLimit } from './limit.js';
import { Cast, play } from './player.js';
import { Block, markdownFences, parseScript, parseTranscript, ScriptError, transcriptWidth, widthLine } from './script.js';

/** Options of `genrepl replay`. */
export interface ReplayOptions {
  check: boolean;
  update: boolean;
  step: boolean;
  /** ms between inputs. */
  pause: number;
  /** ms per typed character (default: 30 on a terminal, else instant). */
  typing?: number;
  /** Write an asciicast v2 recording here. */
  cast?: string;
  seed: number;
  color?: boolean;
  /** Per-input time limit in ms (0: none; default 10,000 with --check, none otherwise). */
  timeout?: number;
  /** A byte-identical recording: the cast's start timestamp is 0. */
  deterministic?: boolean;
}

/** The per-input limit of `--check` unless `--timeout` says otherwise. */
export const CHECK_TIMEOUT_MS = 10_000;

/** Options that cannot go together, in one sentence, or null. @example conflict({ check: true, step: true, … }) */
export function conflict(opts: ReplayOptions): string | null {
  if (opts.check && opts.step) return '--step is for presenting a script; --check runs without waiting (drop one of them)';
  if (opts.check && opts.cast !== undefined) return '--cast records a played script; --check does not play one (drop one of them)';
  if (opts.update && !opts.check) return '--update rewrites a checked transcript: use it with --check';
  return null;
}

/** Runs a replay; resolves the exit code. */
export async function runReplay(file: string, opts: ReplayOptions): Promise<number> {
  const bad = conflict(opts);
  if (bad !== null) {
    process.stderr.write(`genrepl replay: ${bad}\n`);
    return 2;
  }
  const read = readText(file);
  if (!read.ok) {
    process.stderr.write(read.kind === 'binary' ? `genrepl: cannot replay ${file}: it is ${read.why}\n` : `genrepl: cannot read ${file}: ${read.why}\n`);
    return 2;
  }
  const source = read.text;
  // The recording's file is made before anything plays: a wrong path fails at once.
  if (opts.cast !== undefined) {
    try {
      writeFileSync(opts.cast, '');
    } catch (e) {
      process.stderr.write(`genrepl: cannot write ${opts.cast}: ${fileError(e)}\n`);
      return 2;
    }
  }
  const tty = process.stdout.isTTY === true;
  // A recording shows colours as a live session does, even when stdout is a file.
  const colorOut = !opts.check && wantColor(process.stdout, opts.color);
  const colorCast = opts.cast !== undefined && wantColor({ isTTY: true }, opts.color);
  // The time limit stops a runaway handler or a loop after an `await` as Ctrl-C does: the kernel
  // runs its turns so that it can.
  const session = () => {
    const s = new Shell({
      output: process.stdout,
      hostGlobals: true,
      color: colorOut || colorCast,
      deterministic: true,
      seed: opts.seed,
      // A transcript recorded in a wider terminal says so on its first line: it is checked at that width.
      width: opts.check ? (transcriptWidth(source) ?? 80) : 80,
    });
    // As in the shell a transcript was recorded in: turns guarded, the code they resume too.
    s.rt.interruptible = s.rt.interruptResumed = true;
    return s;
  };
  let shell = session();
  const ms = opts.timeout ?? (opts.check ? CHECK_TIMEOUT_MS : 0);
  const limit = ms > 0 ? new InputLimit(ms, file, () => shell.interrupt()) : undefined;
  // The compiler loads now, so that its half second does not count against the first input.
  if (limit !== undefined) shell.evaluator.warm();
  try {
    if (opts.check) {
      // As piped input: an error that escapes an input ends the shell process, not the check
      // (each fresh session a Markdown file starts catches its own).
      let release = catchStrays(shell);
      const fresh = () => {
        release();
        shell = session();
        release = catchStrays(shell);
        return shell;
      };
      try {
        return await check(() => shell, fresh, file, source, opts.update, limit);
      } finally {
        release();
      }
    }
    const steps = parseScript(source);
    const cast = opts.cast ? new Cast(tty ? process.stdout.columns : 80, tty ? process.stdout.rows : 24, undefined, opts.deterministic ? 0 : undefined) : undefined;
    // Presenter mode: Enter plays the next input; the end of input (Ctrl-D) stops the replay.
    // Enters that arrive together are counted, none is lost.
    let rl: readline.Interface | null = null;
    let enters = 0;
    let ended = false;
    let waiting: ((go: boolean) => void) | null = null;
    const next = () =>
      new Promise<boolean>((resolve) => {
        if (rl === null) {
          rl = readline.createInterface({ input: process.stdin, terminal: false });
          rl.on('line', () => (waiting ? (waiting(true), (waiting = null)) : enters++));
          rl.on('close', () => ((ended = true), waiting?.(false), (waiting = null)));
        }
        if (enters > 0) {
          enters--;
          resolve(true);
        } else if (ended) resolve(false);
        else waiting = resolve;
      });
    const failures = await play(shell, steps, {
      write: colorOut ? (t) => process.stdout.write(t) : (t) => process.stdout.write(stripColors(t)),
      typing: opts.typing ?? (tty ? 30 : 0),
      pause: opts.pause,
      step: opts.step,
      next,
      cast,
      limit,
      timedOut: (line) => process.stderr.write(`genrepl: ${file}:${line}: the input ran longer than ${ms} ms and was stopped\n`),
    });
    (rl as readline.Interface | null)?.close();
    if (cast && opts.cast) writeFileSync(opts.cast, cast.toString());
    return failures > 0 ? 1 : 0;
  } catch (e) {
    if (e instanceof ScriptError) {
      process.stderr.write(`genrepl: ${file}: ${e.message}\n`);
      return 2;
    }
    throw e;
  } finally {
    limit?.stop();
  }
}

/**
 * Checks a transcript, or a Markdown file's ```genrepl blocks in order as one session, except
 * that a block whose first prompt is `iex(1)>` starts a new session (`fresh`), as starting
 * genrepl again would: a README's sections need not share pids or bindings.
 */
async function check(shell: () => Shell, fresh: () => Shell, file: string, source: string, update: boolean, limit: InputLimit | undefined): Promise<number> {
  const markdown = /\.(md|markdown)$/i.test(file);
  const parts: { blocks: Block[]; start: number; end: number; indent: string }[] = markdown
    ? markdownFences(source).map((f) => ({ blocks: parseTranscript(f.body, f.start), start: f.start, end: f.end, indent: f.indent }))
    : [{ blocks: parseTranscript(source), start: 1, end: 0, indent: '' }];
  if (markdown && parts.length === 0) throw new ScriptError('line 1: no ```genrepl block in this Markdown file', 1);
  let passed = 0, failed = 0;
  const actuals: string[] = [];
  for (const [i, p] of parts.entries()) {
    if (i > 0 && p.blocks[0]!.n === 1) fresh();
    const r = await checkBlocks(shell(), p.blocks, file, limit);
    passed += r.passed;
    failed += r.failed;
    actuals.push(r.actual);
    for (const d of r.diffs) process.stdout.write(d + '\n\n');
  }
  if (update) {
    if (!markdown) writeFileSync(file, widthLine(transcriptWidth(source)) + actuals[0]!);
    else {
      const lines = source.split('\n');
      for (let i = parts.length - 1; i >= 0; i--) {
        const p = parts[i]!;
        lines.splice(p.start - 1, p.end - p.start, ...actuals[i]!.replace(/\n$/, '').split('\n').map((l) => (l ? p.indent + l : l)));
      }
      writeFileSync(file, lines.join('\n'));
    }
    process.stdout.write(`updated ${file}\n`);
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 && !update ? 1 : 0;
}
