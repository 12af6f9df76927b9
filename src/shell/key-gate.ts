/**
 * The terminal reads the next line only once the input before it is done and the turns it
 * started have run (`rt.afterTurns()`), so a pasted block prints what typing it line by line
 * prints, in the same order, and a `.record`ed session replays as it was. Keys that arrive
 * meanwhile (the rest of a paste, typing ahead) wait, as node:repl holds them during a
 * top-level `await`; Ctrl-C goes through at once (it abandons a wait). It waits for the turns
 * due now, not for the runtime to be idle: a process that keeps waking itself never holds the
 * prompt back.
 *
 * @example
 * const gate = new KeyGate(server, shell.rt);
 * gate.hold(); // an input starts
 * gate.done(); // it is done: the keys typed meanwhile are read after its turns
 */
import type { REPLServer } from 'node:repl';
import type { Runtime } from '../runtime/kernel.js';

type Key = { ctrl?: boolean; name?: string } | undefined;
type TtyWrite = (d: string | undefined, key: Key) => void;

/** See the module doc. */
export class KeyGate {
  private holding = false;
  private readonly held: [string | undefined, Key][] = [];
  private readonly write: TtyWrite;

  constructor(
    server: REPLServer,
    private readonly rt: Runtime,
  ) {
    // node:repl wraps readline's key handling the same way (readline calls `_ttyWrite`).
    const tty = server as unknown as { _ttyWrite: TtyWrite };
    this.write = tty._ttyWrite.bind(server);
    tty._ttyWrite = (d, key) => {
      if (this.holding && !(key?.ctrl === true && key.name === 'c')) this.held.push([d, key]);
      else this.write(d, key);
    };
  }

  /** An input starts: keys wait from now on. @example gate.hold() */
  hold(): void {
    this.holding = true;
  }

  /** The input is done: once its turns have run, the keys that waited are read. @example gate.done() */
  done(): void {
    void this.rt.afterTurns().then(this.release);
  }

  private readonly release = (): void => {
    this.holding = false;
    // A line among them starts the next input, which holds the rest again.
    while (!this.holding && this.held.length > 0) {
      const [d, key] = this.held.shift()!;
      this.write(d, key);
    }
  };
}
