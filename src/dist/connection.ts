/**
 * One distribution connection after the handshake: 4-byte length frames, ticks, and
 * pass-through messages (`112`, the control tuple, then the message, each starting with 131).
 *
 * Incoming frames are decoded with the ETF limits and handed to `handler.onControl`; a
 * malformed frame, a fragment or an atom-cache header closes the connection (the node lives).
 * Outgoing frames are encoded into one buffer and written in one piece: at once when the
 * microtasks are done while messages come one at a time (a round trip waits for no turn of the
 * event loop), and once per turn of the event loop (its check phase, after the I/O and every
 * microtask of the turn) in a turn where some connection read several frames at once: a process
 * that answers (or forwards to another node) each of a burst of messages in its own microtask
 * then makes one write, not one per message.
 *
 * @example
 * const c = new Connection(socket, 'b@localhost', peerFlags, handler, { tickTime: 60000 });
 * c.send([2, '', pid], ['hello', 1]);   // SEND
 */
import type { Socket } from 'node:net';
import { decodeSequence, EtfDecodeError, Writer, type EncodeOptions } from './etf.js';
import type { Term } from './terms.js';
import { DFLAG } from './handshake.js';

/** What a connection reports to its node. */
export interface ConnectionHandler {
  /** A control message (a tuple) and, for messages and payload exits, the message term. */
  onControl(conn: Connection, control: Term[], message: Term | undefined): void;
  /** The connection is gone (`reason`: 'closed', 'net_tick_timeout', a protocol error…). */
  onClose(conn: Connection, reason: string): void;
}

/** Connection limits and timing. */
export interface ConnectionOptions extends EncodeOptions {
  /** net_ticktime in ms (default 60000): a tick goes out every quarter of it when idle; silence for the whole of it closes. */
  tickTime?: number;
  /** Largest frame accepted (default 64 MiB). */
  maxFrame?: number;
  /** Deepest nesting accepted in a term (default 512). */
  maxDepth?: number;
}

/**
 * Splits a byte stream into 4-byte-length frames; a zero-length frame is a tick. Throws an
 * `EtfDecodeError` for a frame over `maxFrame`.
 *
 * @example
 * const r = new FrameReader(1 << 20);
 * r.push(chunk, (frame) => …);   // frame is a Buffer, empty for a tick
 */
export class FrameReader {
  private pending: Buffer | null = null;
  constructor(private readonly maxFrame: number) {}
  /** Feeds bytes; calls `onFrame` for each complete frame, in order. @example r.push(chunk, onFrame) */
  push(chunk: Buffer, onFrame: (frame: Buffer) => void): void {
    let b = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = null;
    let pos = 0;
    while (b.length - pos >= 4) {
      const n = b.readUInt32BE(pos);
      if (n > this.maxFrame) throw new EtfDecodeError(`frame of ${n} bytes exceeds the limit of ${this.maxFrame}`, pos);
      if (b.length - pos - 4 < n) break;
      onFrame(b.subarray(pos + 4, pos + 4 + n));
      pos += 4 + n;
    }
    if (pos < b.length) this.pending = pos === 0 ? b : Buffer.from(b.subarray(pos));
  }
}

const PASS_THROUGH = 112;

/**
 * True for the rest of a turn of the event loop in which some connection read several frames at
 * once: what any connection queues then (a relay forwarding a burst elsewhere, too) is written
 * once the turn is done.
 */
let burstTurn = false;
const endBurstTurn = (): void => {
  burstTurn = false;
};
const TICK = Buffer.alloc(4);

/** A live connection to one peer node (see the module doc). */
export class Connection {
  private readonly reader: FrameReader;
  private readonly out: Writer;
  private flushing = false;
  private closed = false;
  private heard = true;
  private wrote = false;
  /** Frames in the last read: a second one makes this turn a burst (`burstTurn`). */
  private framesRead = 0;
  /** Something was written since the last tick received: a tick then needs no answer (two genrepl nodes never ping-pong). */
  private wroteSinceTick = false;
  private silentTicks = 0;
  private readonly timer: NodeJS.Timeout;
  private readonly maxDepth: number;
  /** The peer takes SEND_SENDER (names the sender of a message). */
  readonly sendSender: boolean;
  /** The peer takes exit reasons as payload (PAYLOAD_EXIT, PAYLOAD_EXIT2, PAYLOAD_MONITOR_P_EXIT). */
  readonly exitPayload: boolean;
  private readonly onFrame = (frame: Buffer) => this.frame(frame);
  private readonly flush = () => this.flushNow();

  constructor(
    readonly socket: Socket,
    /** The peer's node name. */
    readonly peer: string,
    /** The flags the peer offered. */
    readonly flags: bigint,
    private readonly handler: ConnectionHandler,
    options: ConnectionOptions = {},
    rest?: Buffer,
  ) {
    this.sendSender = (flags & DFLAG.SEND_SENDER) !== 0n;
    this.exitPayload = (flags & DFLAG.EXIT_PAYLOAD) !== 0n;
    this.reader = new FrameReader(options.maxFrame ?? 64 * 1024 * 1024);
    this.out = new Writer(4096, options);
    this.maxDepth = options.maxDepth ?? 512;
    const quarter = Math.max(10, (options.tickTime ?? 60000) / 4);
    this.timer = setInterval(() => this.tick(), quarter);
    this.timer.unref();
    socket.setNoDelay(true);
    socket.on('data', (d: Buffer) => this.data(d));
    socket.on('close', () => this.close('closed'));
    socket.on('error', () => this.close('closed')); // a reset or broken pipe: the peer went, as a close
    if (rest && rest.length > 0) this.data(rest);
  }

  /** True until the connection closes. @example if (c.open) c.send(ctrl) */
  get open(): boolean {
    return !this.closed;
  }

  /**
   * Queues a control message (and a message) in a pass-through frame; written after the
   * microtasks (or, during a burst, once this turn's I/O and microtasks are done) with whatever
   * else was queued meanwhile.
   * Throws an `EtfEncodeError` (nothing queued) for a term with no Erlang form.
   *
   * @example
   * c.send([6, from, '', 'my_server'], ['$gen_cast', 'ping']) // REG_SEND
   */
  send(control: Term[], message?: unknown): void {
    if (this.closed) return;
    const w = this.out;
    const start = w.pos;
    try {
      w.ensure(5);
      w.pos += 4;
      w.buf[w.pos++] = PASS_THROUGH;
      w.term(control);
      if (message !== undefined) w.term(message);
    } catch (e) {
      w.pos = start;
      throw e;
    }
    w.buf.writeUInt32BE(w.pos - start - 4, start);
    if (!this.flushing) {
      this.flushing = true;
      if (burstTurn) setImmediate(this.flush);
      else queueMicrotask(this.flush);
    }
  }

  private flushNow(): void {
    this.flushing = false;
    if (this.closed || this.out.pos === 0) return;
    this.socket.write(this.out.bytes());
    this.out.reset();
    this.wrote = true;
    this.wroteSinceTick = true;
  }

  /** Closes the connection and reports `reason` once. @example c.close('disconnect') */
  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    this.socket.destroy();
    this.handler.onClose(this, reason);
  }

  private tick(): void {
    if (this.heard) {
      this.heard = false;
      this.silentTicks = 0;
    } else if (++this.silentTicks >= 4) {
      return this.close('net_tick_timeout');
    }
    if (!this.wrote && this.out.pos === 0) {
      this.socket.write(TICK);
      this.wroteSinceTick = true;
    }
    this.wrote = false;
  }

  private data(d: Buffer): void {
    this.heard = true;
    this.framesRead = 0;
    try {
      this.reader.push(d, this.onFrame);
    } catch (e) {
      this.close(e instanceof Error ? e.message : String(e));
    }
  }

  private frame(f: Buffer): void {
    if (this.closed) return;
    if (++this.framesRead === 2 && !burstTurn) {
      burstTurn = true;
      setImmediate(endBurstTurn);
    }
    if (f.length === 0) {
      // a tick: answer it unless something went out since the last one (the peer may tick faster than we do)
      if (!this.wroteSinceTick && this.out.pos === 0) {
        this.socket.write(TICK);
        this.wrote = true;
      }
      this.wroteSinceTick = false;
      return;
    }
    if (f[0] !== PASS_THROUGH) {
      const what = f[0] === 68 ? 'an atom-cache header' : f[0] === 69 ? 'a message fragment' : `frame type ${f[0]}`;
      throw new EtfDecodeError(`${what} from ${this.peer}, which this node did not offer to handle`, 0);
    }
    const terms = decodeSequence(f, { maxDepth: this.maxDepth }, 1);
    const control = terms[0];
    if (!Array.isArray(control) || control.length === 0 || typeof control[0] !== 'number' || terms.length > 2) {
      throw new EtfDecodeError('control message is not a tuple with an operation', 1);
    }
    this.handler.onControl(this, control as Term[], terms[1]);
  }
}
