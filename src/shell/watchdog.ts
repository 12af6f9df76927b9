/**
 * Makes Ctrl-C reach a handler that runs too long, without leaving raw mode on every turn.
 *
 * The terminal stays in raw mode (Ctrl-C is a keypress readline reads). A watchdog thread
 * watches the scheduler: when one turn has run for `thresholdMs` (a runaway handler: the main
 * thread can read no keys), it turns the terminal's signal keys back on (`stty isig`), so Ctrl-C
 * arrives as SIGINT and the runtime's breakOnSigint stops that handler. After the turn, the
 * shell puts the terminal back in raw mode. A normal turn costs two atomic stores.
 *
 * @example
 * const dog = new Watchdog(() => process.stdin.setRawMode(true));
 * rt.onDrain = [dog.enter, dog.leave];
 */
import { Worker } from 'node:worker_threads';

const WORKER = `
const { workerData } = require('node:worker_threads');
const { execFileSync } = require('node:child_process');
const s = new Int32Array(workerData.sab);
for (;;) {
  Atomics.wait(s, 0, 0);                                   // idle until a turn starts
  if (Atomics.wait(s, 0, 1, workerData.ms) !== 'timed-out') continue;
  if (Atomics.load(s, 0) !== 1) continue;
  try { execFileSync('stty', ['isig'], { stdio: ['inherit', 'ignore', 'ignore'] }); Atomics.store(s, 1, 1); } catch {}
  while (Atomics.load(s, 0) === 1) Atomics.wait(s, 0, 1);   // until the turn ends
}`;

/** See the module doc. */
export class Watchdog {
  private readonly state = new Int32Array(new SharedArrayBuffer(8));
  private readonly worker: Worker;

  constructor(
    private readonly restoreRaw: () => void,
    thresholdMs = 250,
  ) {
    this.worker = new Worker(WORKER, { eval: true, workerData: { sab: this.state.buffer, ms: thresholdMs } });
    this.worker.unref();
  }

  /** A scheduler turn starts. */
  readonly enter = (): void => {
    Atomics.store(this.state, 0, 1);
    Atomics.notify(this.state, 0);
  };

  /** The turn ended: back to raw mode if the watchdog had to turn signals on. */
  readonly leave = (): void => {
    Atomics.store(this.state, 0, 0);
    Atomics.notify(this.state, 0);
    if (Atomics.exchange(this.state, 1, 0) === 1) this.restoreRaw();
  };

  /** Stops the thread. */
  stop(): void {
    void this.worker.terminate();
  }
}
