/**
 * One logger for everything the runtime and the behaviours report (crash reports, unexpected
 * messages). The shell routes it above its prompt by replacing `sink`.
 * Lines look like iex's: a blank line, `06:36:30.598 [error] …`, the report.
 *
 * @example
 * const log = new Logger(new RealClock());
 * log.sink = (text) => lines.push(text);
 * log.error('something failed');
 */
import type { Clock } from './clock.js';

/** A log level, as Elixir's Logger. */
export type Level = 'error' | 'warning' | 'info' | 'debug';

/** Formats and emits log reports. */
export class Logger {
  /** Prefix each report with the wall-clock time, as iex does (off in deterministic mode). */
  timestamps = true;
  /** Where formatted reports go; defaults to standard error. */
  sink: (text: string, level: Level) => void = (text) => {
    process.stderr.write(text);
  };
  /** Reports written so far, by level (for tests and `runtime_info`). */
  readonly counts: Record<Level, number> = { error: 0, warning: 0, info: 0, debug: 0 };

  constructor(private readonly clock: Clock) {}

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
    try {
      this.sink(text + '\n', 'debug');
    } catch {
      // as above
    }
  }

  /** Emits a report at `level`. */
  log(level: Level, text: string): void {
    this.counts[level]++;
    const stamp = this.timestamps ? formatTime(this.clock.wall()) + ' ' : '';
    try {
      this.sink(`\n${stamp}[${level}] ${text}\n`, level);
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
