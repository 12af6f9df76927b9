/**
 * The shell's helpers for seeing processes: `trace` / `untrace` (each event of a process as a
 * line above the prompt), `seq` (a sequence diagram of what a function caused), `tree` (a
 * supervision tree). Each is documented here with an example; `h()` lists them.
 *
 * @example
 * trace('counter'); await call('counter', 'inc'); untrace()
 * await seq(() => call(pid, 'get'))
 * tree(sup)
 */
import { ArgumentError, Pid, SimulatedClock } from '../runtime/kernel.js';
import type { Runtime, TraceEvent } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';
import { traceLine } from './trace-line.js';
import { drawSeq, mermaidSeq, SeqOptions, SeqRecorder } from './seq.js';
import { drawTree } from './tree.js';
import { Observer, ObserverScreen } from './observer.js';

/** What these helpers need from the shell. */
export interface ObserveHooks {
  /** Prints text now. */
  print(text: string): void;
  /** The value a helper returns when it only printed. */
  none: unknown;
  /** The runtime the shell's process lives in. */
  runtime: Runtime;
  /** The terminal, when the shell runs on one (observer() takes it over). */
  screen?: () => ObserverScreen | null;
}

/** One documented helper (the shell's doc table's shape). */
export interface ObserveDoc {
  helper: true;
  sig: string;
  doc: string;
  example: string;
}

/** The docs `h()` shows for these helpers. */
export const OBSERVE_DOCS: Record<string, ObserveDoc> = {
  trace: { helper: true, sig: "trace(target)", doc: "Prints each event of a process above the prompt, one line each (messages, calls and replies, casts, state changes, spawns, links, exits, timers); target is a pid, a registered name or 'all'. 'ok'.", example: "trace('counter')" },
  untrace: { helper: true, sig: 'untrace(target?)', doc: "Stops trace(target), or every trace. 'ok'.", example: 'untrace()' },
  seq: { helper: true, sig: "seq(fn, { format: 'mermaid' }?)", doc: 'Runs fn (sync or async) and draws a sequence diagram of the messages it caused; seq.start() / seq.stop() record across inputs.', example: "await seq(() => call(pid, ['get', 'a']))" },
  observer: { helper: true, sig: 'observer()', doc: 'A full-screen live view of the processes (pid, name, module, status, queue, handled, memory): arrows select, Enter looks into one (state, mailbox, links, monitors), s sorts, r reverses, q returns to the prompt.', example: 'await observer()' },
  tree: { helper: true, sig: 'tree(sup?)', doc: 'Draws a supervision tree: strategy, child ids, pids, restart counts, and links that are not supervision; every top supervisor without an argument.', example: 'tree(sup)' },
};

/** Refuses what cannot be a trace target, in iex's words. */
function checkTarget(fn: string, target: unknown): asserts target is Pid | string {
  if (!(target instanceof Pid) && typeof target !== 'string') {
    throw new ArgumentError(`${fn} expects a pid, a registered name or 'all', got: ${inspect(target)}`);
  }
}

/**
 * The helpers, bound to the shell's hooks.
 * @example Object.assign(globals, observeHelpers({ print, none: NO_RESULT, runtime }))
 */
export function observeHelpers(hooks: ObserveHooks): Record<string, unknown> {
  /** The traces on, by target (pid text, name or 'all'). */
  const traces = new Map<string, () => void>();
  let lastSeq = 0;
  const printEvent = (e: TraceEvent) => {
    // Two traces that both see an event (a pid and 'all') print it once.
    if (e.seq === lastSeq) return;
    lastSeq = e.seq;
    const line = traceLine(e);
    if (line !== null) hooks.runtime.logger.print(line);
  };
  let recorder: SeqRecorder | null = null;
  const output = (rec: SeqRecorder, opts: SeqOptions): unknown => {
    if (opts.format === 'mermaid') return mermaidSeq(rec, opts);
    hooks.print(drawSeq(rec, opts));
    return hooks.none;
  };

  /**
   * Prints each event of `target` (a pid, a registered name, or `'all'`) above the prompt, one
   * line in `sys.trace`'s words, until `untrace`. Returns `'ok'`.
   * @example
   * trace('counter')
   * await call('counter', 'inc')
   * // *DBG* 'counter' got call 'inc' from #PID<0.108.0>
   * // *DBG* 'counter' sent 'ok' to #PID<0.108.0>
   * // *DBG* 'counter' new state 1
   */
  function trace(target: Pid | string): 'ok' {
    checkTarget('trace', target);
    const rt = hooks.runtime;
    if (target instanceof Pid && rt.procOf(target) === null) throw new ArgumentError(`trace: ${target} is not alive`);
    const key = String(target);
    if (!traces.has(key)) traces.set(key, rt.trace.watch(target, printEvent));
    return 'ok';
  }

  /**
   * Stops `trace(target)`, or every trace when called without one. Returns `'ok'`.
   * @example untrace('counter'); untrace()
   */
  function untrace(target?: Pid | string): 'ok' {
    if (target === undefined) {
      for (const off of traces.values()) off();
      traces.clear();
      return 'ok';
    }
    checkTarget('untrace', target);
    const key = String(target);
    traces.get(key)?.();
    traces.delete(key);
    return 'ok';
  }

  /**
   * Runs `fn` (sync or async), lets every process it set going finish, and draws a sequence
   * diagram of the messages it caused: one lifeline per process (named by registered name or
   * module), arrows labelled with shortened messages, `X` where a process exits or crashes.
   * With `{ format: 'mermaid' }` it returns Mermaid's text instead. If `fn` throws, the
   * diagram is drawn and the error follows.
   * @example
   * await seq(() => call(pid, ['get', 'a']))
   * await seq(async () => { cast(pid, 'inc'); await call(pid, 'get') }, { format: 'mermaid' })
   */
  async function seq(fn: () => unknown, opts: SeqOptions = {}): Promise<unknown> {
    if (typeof fn !== 'function') throw new ArgumentError(`seq expects a function, got: ${inspect(fn)}`);
    const rt = hooks.runtime;
    const rec = new SeqRecorder(rt);
    rec.start();
    let failed = false, error: unknown;
    try {
      await fn();
    } catch (e) {
      failed = true;
      error = e;
    }
    // What fn set going runs to its end; simulated time stands still meanwhile (advance(0): the
    // shell's clock would jump to the next timer while this input waits, and draw what came after).
    await (rt.clock instanceof SimulatedClock ? rt.advance(0) : rt.idle());
    rec.stop();
    const out = output(rec, opts);
    if (failed) throw error;
    return out;
  }
  /**
   * Starts recording for a diagram across several inputs. Returns `'ok'`.
   * @example seq.start(); cast(pid, 'inc'); await call(pid, 'get'); seq.stop()
   */
  seq.start = (): 'ok' => {
    recorder?.stop();
    recorder = new SeqRecorder(hooks.runtime);
    recorder.start();
    return 'ok';
  };
  /**
   * Stops the recording `seq.start()` began and draws it (or returns Mermaid's text).
   * @example seq.stop({ format: 'mermaid' })
   */
  seq.stop = (opts: SeqOptions = {}): unknown => {
    if (recorder === null) throw new ArgumentError('seq.stop: nothing is recording (seq.start() begins)');
    const rec = recorder;
    recorder = null;
    rec.stop();
    return output(rec, opts);
  };

  /**
   * Draws the supervision tree under `sup` (a pid or a registered name), or under every top
   * supervisor: strategy, child ids, pids, what each runs, restart counts, and the links that
   * are not supervision. A process that is not a supervisor, or is dead, is said so.
   * @example
   * const [, sup] = Supervisor.start_link([MyKeyStore], { strategy: 'one_for_one' })
   * tree(sup)
   * // Supervisor #PID<0.110.0> (one_for_one)
   * // └─ 'MyKeyStore' #PID<0.111.0> MyKeyStore
   */
  function tree(sup?: Pid | string): unknown {
    if (sup !== undefined) checkTarget('tree', sup);
    hooks.print(drawTree(hooks.runtime, sup));
    return hooks.none;
  }

  /**
   * Opens a full-screen live view of every process, as observer_cli: pid, name, module,
   * status, queue length, messages handled and a memory estimate, refreshed twice a second
   * (sampled, so 10,000 processes stay responsive). ↑↓ select, Enter shows the selected
   * process's state, mailbox, links and monitors, `s` changes the sort key, `r` reverses it,
   * `q` gives the screen and the prompt back as they were. Without a terminal (piped input, a
   * replay) it prints one frame of the table.
   * @example await observer()
   */
  async function observer(): Promise<unknown> {
    const screen = hooks.screen?.() ?? null;
    const view = new Observer(hooks.runtime, screen);
    if (screen === null) {
      view.refresh();
      // One frame, without the blank rows that fill a screen.
      hooks.print(view.frame().filter((l) => l !== '').join('\n'));
      return hooks.none;
    }
    await view.run();
    return hooks.none;
  }

  return { trace, untrace, seq, tree, observer };
}
