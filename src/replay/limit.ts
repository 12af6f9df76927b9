/**
 * The per-input time limit of replays (`--timeout MS`; 10 s by default with `--check`): an input
 * that runs longer is stopped, reported as failed with its line, and the replay goes on.
 *
 * A watchdog thread times each input, so the limit holds even when the input keeps the main
 * thread busy (`while (true) {}`, a handler that never returns). When time is up it sends the
 * process SIGINT: code running under `breakOnSigint` (the input itself, a process's handler)
 * stops there, as with Ctrl-C; an input that waits (a `receive()` that nothing answers) is
 * abandoned by the SIGINT listener. If the input is still running after a second period, the
 * thread names it on stderr and kills the process (a CI job must never hang).
 *
 * @example
 * const limit = new InputLimit(10_000, 'lesson.md', () => shell.interrupt());
 * limit.arm(12); // the input on line 12 starts
 * limit.disarm(); // true if it had to be stopped
 * limit.stop();
 */
import { Worker } from 'node:worker_threads';

const WORKER = `
const { workerData } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const s = new Int32Array(workerData.sab);               // [0] armed, [1] generation, [2] SIGINTs sent, [3] line
for (;;) {
  Atomics.wait(s, 0, 0);
  const gen = Atomics.load(s, 1);
  const running = () => Atomics.load(s, 0) === 1 && Atomics.load(s, 1) === gen;
  if (Atomics.wait(s, 0, 1, workerData.ms) !== 'timed-out' || !running()) continue;
  Atomics.add(s, 2, 1);
  process.kill(process.pid, 'SIGINT');
  if (Atomics.wait(s, 0, 1, Math.max(workerData.ms, 1000)) === 'timed-out' && running()) {
    writeSync(2, 'genrepl: ' + workerData.file + ':' + Atomics.load(s, 3) + ': the input ran longer than ' + workerData.ms + ' ms and could not be stopped: exiting\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}`;

/** See the module doc. */
export class InputLimit {
  private readonly state = new Int32Array(new SharedArrayBuffer(16));
  private readonly worker: Worker;
  /** SIGINTs of the thread's seen here, and their count when the current input started. */
  private seen = 0;
  private atArm = 0;
  private readonly onSigint = (): void => {
    if (Atomics.load(this.state, 2) > this.seen) {
      this.seen = Atomics.load(this.state, 2);
      this.expire();
    } else process.exit(130); // Ctrl-C from the person watching: stop, as without a limit
  };

  constructor(
    /** The limit in milliseconds. */
    readonly ms: number,
    /** The file being replayed (for the last-resort message). */
    file: string,
    /** Abandons the input in progress (the shell's `interrupt`). */
    private readonly expire: () => void,
  ) {
    this.worker = new Worker(WORKER, { eval: true, workerData: { sab: this.state.buffer, ms, file } });
    this.worker.unref();
    process.on('SIGINT', this.onSigint);
  }

  /** The input on `line` starts. While it runs, the thread keeps the process alive. */
  arm(line: number): void {
    this.atArm = Atomics.load(this.state, 2);
    Atomics.store(this.state, 3, line);
    Atomics.add(this.state, 1, 1);
    Atomics.store(this.state, 0, 1);
    Atomics.notify(this.state, 0);
    this.worker.ref();
  }

  /** The input ended; true if the limit stopped it. */
  disarm(): boolean {
    Atomics.store(this.state, 0, 0);
    Atomics.notify(this.state, 0);
    this.worker.unref();
    return Atomics.load(this.state, 2) > this.atArm;
  }

  /** Stops the thread and the SIGINT listener. */
  stop(): void {
    process.off('SIGINT', this.onSigint);
    void this.worker.terminate();
  }
}
