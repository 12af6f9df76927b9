/**
 * One logger for everything the runtime and the behaviours report. Reports arrive as typed
 * events ({@link KernelEvent}); the logger hands each to its subscribers, then formats it
 * through the presenter (iex's layout) and writes it to `sink` with a level chosen by its
 * kind — the shell colours by that level, never by reading the text. Lines look like iex's:
 * a blank line, `06:36:30.598 [error] …`, the report.
 *
 * @example
 * const log = new Logger(new RealClock());
 * log.sink = (text, level) => lines.push([level, text]);
 * log.subscribe((e) => kinds.push(e.kind));
 * log.error('something failed');
 */
import type { Clock } from './clock.js';
import type { EventKind, KernelEvent } from './events.js';
import { showEvent } from './present.js';

/** A log level, as Elixir's Logger. */
export type Level = 'error' | 'warning' | 'info' | 'debug';

/** The level each kind of event is written at (`debug` lines are written as they are). @example LEVELS.gen_server_terminating // 'error' */
export const LEVELS: Record<EventKind, Level> = {
  process_crashed: 'error',
  error_after_exit: 'error',
  gen_server_terminating: 'error',
  unexpected_message: 'error',
  main_exited: 'error',
  interrupted: 'error',
  trace: 'debug',
};

/** Formats and emits log reports. @example getRuntime().logger.timestamps = false */
export class Logger {
  /** Prefix each report with the wall-clock time, as iex does (off in deterministic mode). */
  timestamps = true;
  /** Where formatted reports go, with their level and (for events) the event; defaults to standard error. */
  sink: (text: string, level: Level, event?: KernelEvent) => void = (text) => {
    process.stderr.write(text);
  };
  /** Reports written so far, by level (for tests and `runtime_info`). */
  readonly counts: Record<Level, number> = { error: 0, warning: 0, info: 0, debug: 0 };
  /** Event subscribers; null while there are none (emitting then costs one comparison more). */
  private subscribers: ((e: KernelEvent) => void)[] | null = null;

  constructor(private readonly clock: Clock) {}

  /**
   * Calls `fn` with every event from now on; returns a function that stops it.
   * @example const off = rt.logger.subscribe((e) => seen.push(e)); … off();
   */
  subscribe(fn: (e: KernelEvent) => void): () => void {
    (this.subscribers ??= []).push(fn);
    return () => {
      const s = this.subscribers;
      if (s === null) return;
      const i = s.indexOf(fn);
      if (i >= 0) s.splice(i, 1);
      if (s.length === 0) this.subscribers = null;
    };
  }

  /**
   * Reports an event: to subscribers, then written in iex's layout at its kind's level. Never
   * throws (a broken subscriber, printer or sink cannot take the runtime down).
   * @example rt.logger.emit({ kind: 'interrupted', pid })
   */
  emit(e: KernelEvent): void {
    if (this.subscribers !== null) {
      for (const f of this.subscribers) {
        try {
          f(e);
        } catch {
          // as below
        }
      }
    }
    const level = LEVELS[e.kind];
    if (level === 'debug') this.write(showEvent(e) + '\n', level, e);
    else this.log(level, showEvent(e), e);
  }

  /** Emits an error report. @example log.error('GenServer #PID<0.1.0> terminating') */
  error(text: string): void {
    this.log('error', text);
  }

  /** Emits a warning. @example log.warning('history file not writable') */
  warning(text: string): void {
    this.log('warning', text);
  }

  /** Writes `text` and a newline as it is, through the same sink (trace lines). @example log.print('*DBG* …') */
  print(text: string): void {
    this.write(text + '\n', 'debug');
  }

  /** Emits a report at `level`. @example log.log('info', 'started') */
  log(level: Level, text: string, event?: KernelEvent): void {
    this.counts[level]++;
    const stamp = this.timestamps ? formatTime(this.clock.wall()) + ' ' : '';
    this.write(`\n${stamp}[${level}] ${text}\n`, level, event);
  }

  private write(text: string, level: Level, event?: KernelEvent): void {
    try {
      this.sink(text, level, event);
    } catch {
      // A broken sink must never take the runtime down.
    }
  }
}

function formatTime(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}
