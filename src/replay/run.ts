/**
 * `genrepl replay FILE`: play a `.genrepl` script as a live session, or (`--check`) replay a
 * transcript or a Markdown handout's ```genrepl blocks and compare. Always deterministic: a
 * simulated clock, seeded randomness, no timestamps.
 *
 * Exit codes: 0 all well, 1 a check failed, 2 the file could not be read or parsed.
 *
 * @example
 * process.exitCode = await runReplay('demo.genrepl', { check: false, update: false, step: false, pause: 0, seed: 1 });
 */
import { readFileSync, writeFileSync } from 'node:fs';
import readline from 'node:readline';
import { Shell } from '../shell/session.js';
import { wantColor } from '../inspect/colors.js';
import { checkBlocks } from './check.js';
import { Cast, play } from './player.js';
import { Block, markdownFences, parseScript, parseTranscript, ScriptError } from './script.js';

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
}

/** Runs a replay; resolves the exit code. */
export async function runReplay(file: string, opts: ReplayOptions): Promise<number> {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e: any) {
    const why = e.code === 'ENOENT' ? 'no such file' : e.code === 'EISDIR' ? 'it is a directory' : e.code === 'EACCES' ? 'permission denied' : e.message;
    process.stderr.write(`genrepl: cannot read ${file}: ${why}\n`);
    return 2;
  }
  const tty = process.stdout.isTTY === true;
  const shell = new Shell({
    output: process.stdout,
    color: !opts.check && wantColor(process.stdout, opts.color),
    deterministic: true,
    seed: opts.seed,
    width: 80,
  });
  try {
    if (opts.check || opts.update) return await check(shell, file, source, opts.update);
    const steps = parseScript(source);
    const cast = opts.cast ? new Cast(process.stdout.columns || 100, process.stdout.rows || 30) : undefined;
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
      write: (t) => process.stdout.write(t),
      typing: opts.typing ?? (tty ? 30 : 0),
      pause: opts.pause,
      step: opts.step,
      next,
      cast,
    });
    (rl as readline.Interface | null)?.close();
    if (cast && opts.cast) writeFileSync(opts.cast, cast.toString());
    void failures;
    return 0;
  } catch (e) {
    if (e instanceof ScriptError) {
      process.stderr.write(`genrepl: ${file}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

async function check(shell: Shell, file: string, source: string, update: boolean): Promise<number> {
  const markdown = /\.(md|markdown)$/i.test(file);
  const parts: { blocks: Block[]; start: number; end: number }[] = markdown
    ? markdownFences(source).map((f) => ({ blocks: parseTranscript(f.body, f.start), start: f.start, end: f.end }))
    : [{ blocks: parseTranscript(source), start: 1, end: 0 }];
  if (markdown && parts.length === 0) throw new ScriptError('line 1: no ```genrepl block in this Markdown file', 1);
  let passed = 0, failed = 0;
  const actuals: string[] = [];
  for (const p of parts) {
    const r = await checkBlocks(shell, p.blocks, file);
    passed += r.passed;
    failed += r.failed;
    actuals.push(r.actual);
    for (const d of r.diffs) process.stdout.write(d + '\n\n');
  }
  if (update) {
    if (!markdown) writeFileSync(file, actuals[0]!);
    else {
      const lines = source.split('\n');
      for (let i = parts.length - 1; i >= 0; i--) {
        const p = parts[i]!;
        lines.splice(p.start - 1, p.end - p.start, ...actuals[i]!.replace(/\n$/, '').split('\n'));
      }
      writeFileSync(file, lines.join('\n'));
    }
    process.stdout.write(`updated ${file}\n`);
  }
  process.stdout.write(`${passed} passed, ${failed} failed\n`);
  return failed > 0 && !update ? 1 : 0;
}
