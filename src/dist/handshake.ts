/**
 * The distribution handshake (version 6, and the version 5 `'n'` form) as a state machine fed
 * with bytes: it never touches a socket, so it can be driven by a connection or by a fuzzer.
 * `feed(bytes)` returns the bytes to write; when `done` is set, the peer is authenticated and
 * `rest` holds the bytes that followed the handshake. Bad input throws a `HandshakeError`.
 *
 * @example
 * const hs = new Handshake('initiator', { name: 'a@localhost', cookie: 'secret', flags: ourFlags(false), creation: 7 }, 'b@localhost');
 * socket.write(hs.start());
 * socket.on('data', (d) => { for (const out of hs.feed(d)) socket.write(out); if (hs.done) ... });
 *
 * ## Cookie
 * Each side sends a random 32-bit challenge and expects back `md5(cookie ++ challenge as decimal)`.
 * A wrong cookie fails with `HandshakeError` (`reason: 'cookie'`) naming the peer.
 */
import { createHash, randomBytes } from 'node:crypto';

/** Distribution capability flags (erl_dist_protocol.md). */
export const DFLAG = {
  PUBLISHED: 0x1n, ATOM_CACHE: 0x2n, EXTENDED_REFERENCES: 0x4n, DIST_MONITOR: 0x8n, FUN_TAGS: 0x10n,
  DIST_MONITOR_NAME: 0x20n, HIDDEN_ATOM_CACHE: 0x40n, NEW_FUN_TAGS: 0x80n, EXTENDED_PIDS_PORTS: 0x100n,
  EXPORT_PTR_TAG: 0x200n, BIT_BINARIES: 0x400n, NEW_FLOATS: 0x800n, UNICODE_IO: 0x1000n, DIST_HDR_ATOM_CACHE: 0x2000n,
  SMALL_ATOM_TAGS: 0x4000n, UTF8_ATOMS: 0x10000n, MAP_TAG: 0x20000n, BIG_CREATION: 0x40000n, SEND_SENDER: 0x80000n,
  BIG_SEQTRACE_LABELS: 0x100000n, EXIT_PAYLOAD: 0x400000n, FRAGMENTS: 0x800000n, HANDSHAKE_23: 0x1000000n,
  UNLINK_ID: 0x2000000n, SPAWN: 1n << 32n, NAME_ME: 1n << 33n, V4_NC: 1n << 34n, ALIAS: 1n << 35n,
} as const;

/** What a peer must offer (OTP 25's mandatory set; OTP 26 adds UNLINK_ID and V4_NC, which we offer). */
const MANDATORY = DFLAG.EXTENDED_REFERENCES | DFLAG.FUN_TAGS | DFLAG.NEW_FUN_TAGS | DFLAG.EXTENDED_PIDS_PORTS |
  DFLAG.EXPORT_PTR_TAG | DFLAG.BIT_BINARIES | DFLAG.NEW_FLOATS | DFLAG.UTF8_ATOMS | DFLAG.MAP_TAG | DFLAG.BIG_CREATION;

/**
 * The flags this node offers: everything it decodes and answers, no atom cache, no fragments.
 *
 * @example
 * ourFlags(true) & DFLAG.PUBLISHED // 0n: a hidden node
 */
export function ourFlags(hidden: boolean): bigint {
  return (hidden ? 0n : DFLAG.PUBLISHED) | MANDATORY | DFLAG.DIST_MONITOR | DFLAG.DIST_MONITOR_NAME | DFLAG.UNICODE_IO |
    DFLAG.SMALL_ATOM_TAGS | DFLAG.SEND_SENDER | DFLAG.BIG_SEQTRACE_LABELS | DFLAG.EXIT_PAYLOAD | DFLAG.HANDSHAKE_23 |
    DFLAG.UNLINK_ID | DFLAG.V4_NC | DFLAG.ALIAS;
}

/** A handshake failure; `reason` says which kind, `peer` names the other node when known. */
export class HandshakeError extends Error {
  readonly code = 'genrepl.handshake';
  constructor(
    message: string,
    readonly reason: 'protocol' | 'cookie' | 'refused' | 'flags' | 'name',
    readonly peer?: string,
  ) {
    super(message);
    this.name = 'HandshakeError';
  }
  /** Messages to send before closing (the refusal status), set by `Handshake.feed`. */
  readonly reply: Buffer[] = [];
}

/** This node's side of a handshake. */
export interface HandshakeConfig {
  /** Full node name, `name@host`. */
  name: string;
  cookie: string;
  flags: bigint;
  creation: number;
}

/** The acceptor's answer to an incoming name (`ok`, or a refusal for simultaneous connects). */
export type Status = 'ok' | 'ok_simultaneous' | 'nok' | 'not_allowed' | 'alive';

/** The authenticated peer. */
export interface HandshakeResult {
  peer: string;
  flags: bigint;
  creation: number;
  /** Bytes received after the handshake's last message (the start of the first frame). */
  rest: Buffer;
}

type State = 'start' | 'status' | 'challenge' | 'ack' | 'name' | 'reply' | 'done' | 'failed';
const MAX_MESSAGE = 2048;
const NAME_RE = /^[^@\s]{1,255}@[^@\s]{1,255}$/;

/**
 * `md5(cookie ++ integer_to_list(challenge))`, the digest both sides prove the cookie with.
 *
 * @example
 * digest('secret', 42).length // 16
 */
export function digest(cookie: string, challenge: number): Buffer {
  return createHash('md5').update(cookie + String(challenge >>> 0), 'latin1').digest();
}

/** One handshake, in either role (see the module doc). */
export class Handshake {
  private state: State;
  private buf = Buffer.alloc(0);
  private readonly ourChallenge = randomBytes(4).readUInt32BE(0);
  private peerName: string | undefined;
  private peerFlags = 0n;
  private peerCreation = 0;
  private oldStyle = false;
  /** Set once the peer is authenticated. */
  done: HandshakeResult | null = null;

  /**
   * @param role `initiator` (we connected) or `acceptor` (it connected to us).
   * @param peer the node we are connecting to (initiator only).
   * @param decide acceptor only: the status to answer a peer's name with (default `ok`).
   */
  constructor(
    readonly role: 'initiator' | 'acceptor',
    private readonly cfg: HandshakeConfig,
    peer?: string,
    private readonly decide: (peer: string) => Status = () => 'ok',
  ) {
    this.peerName = peer;
    this.state = role === 'initiator' ? 'start' : 'name';
  }

  /** The node on the other side, once known. @example hs.peer // 'b@localhost' */
  get peer(): string | undefined {
    return this.peerName;
  }

  /**
   * The error for a peer that closed the connection mid-handshake: after our challenge reply
   * that means it refused our cookie (the BEAM closes without a word).
   *
   * @example
   * socket.on('close', () => fail(hs.closedError()))
   */
  closedError(): HandshakeError {
    if (this.state === 'ack') return new HandshakeError(`${this.peerName} refused our cookie`, 'cookie', this.peerName);
    return new HandshakeError(`${this.peerName ?? 'the peer'} closed the connection during the handshake`, 'refused', this.peerName);
  }

  /** The initiator's first message (send_name, version 6). @example socket.write(hs.start()) */
  start(): Buffer {
    if (this.state !== 'start') throw new HandshakeError('start() is for a new initiator', 'protocol');
    this.state = 'status';
    const name = Buffer.from(this.cfg.name, 'utf8');
    const m = Buffer.alloc(15 + name.length);
    m[0] = 0x4e; // 'N'
    m.writeBigUInt64BE(this.cfg.flags, 1);
    m.writeUInt32BE(this.cfg.creation >>> 0, 9);
    m.writeUInt16BE(name.length, 13);
    name.copy(m, 15);
    return frame(m);
  }

  /** Feeds received bytes; returns the messages to send, in order. Throws a `HandshakeError`. @example hs.feed(chunk) */
  feed(bytes: Uint8Array): Buffer[] {
    if (this.state === 'done' || this.state === 'failed') throw new HandshakeError('handshake already over', 'protocol', this.peerName);
    this.buf = this.buf.length === 0 ? Buffer.from(bytes) : Buffer.concat([this.buf, bytes]);
    const out: Buffer[] = [];
    try {
      while ((this.state as State) !== 'done' && this.buf.length >= 2) {
        const n = this.buf.readUInt16BE(0);
        if (n === 0 || n > MAX_MESSAGE) this.fail(`handshake message of ${n} bytes`);
        if (this.buf.length < 2 + n) break;
        const msg = this.buf.subarray(2, 2 + n);
        this.buf = this.buf.subarray(2 + n);
        this.step(msg, out);
      }
    } catch (e) {
      this.state = 'failed';
      if (e instanceof HandshakeError) e.reply.push(...out);
      throw e;
    }
    if ((this.state as State) === 'done') this.done!.rest = Buffer.from(this.buf);
    return out;
  }

  private fail(message: string, reason: HandshakeError['reason'] = 'protocol'): never {
    throw new HandshakeError(message, reason, this.peerName);
  }

  private step(m: Buffer, out: Buffer[]): void {
    const tag = m[0];
    switch (this.state) {
      case 'status': {
        if (tag !== 0x73) this.fail(`expected status, got tag ${tag}`);
        const status = m.toString('latin1', 1);
        if (status === 'ok' || status === 'ok_simultaneous') {
          this.state = 'challenge';
          return;
        }
        if (status === 'alive') out.push(frame(Buffer.from('sfalse', 'latin1')));
        this.fail(`${this.peerName} refused the connection (${status.slice(0, 40)})`, 'refused');
      }
      case 'challenge': {
        let challenge: number;
        if (tag === 0x4e && m.length >= 19) {
          this.peerFlags = m.readBigUInt64BE(1);
          challenge = m.readUInt32BE(9);
          this.peerCreation = m.readUInt32BE(13);
          const nlen = m.readUInt16BE(17);
          if (m.length !== 19 + nlen) this.fail('bad challenge length');
          this.checkName(m.toString('utf8', 19));
        } else if (tag === 0x6e && m.length >= 11) {
          this.peerFlags = BigInt(m.readUInt32BE(3));
          challenge = m.readUInt32BE(7);
          this.checkName(m.toString('utf8', 11));
        } else {
          return this.fail(`expected a challenge, got tag ${tag}`);
        }
        this.checkFlags();
        const r = Buffer.alloc(21);
        r[0] = 0x72; // 'r'
        r.writeUInt32BE(this.ourChallenge, 1);
        digest(this.cfg.cookie, challenge).copy(r, 5);
        out.push(frame(r));
        this.state = 'ack';
        return;
      }
      case 'ack': {
        if (tag !== 0x61 || m.length !== 17) this.fail(`expected a challenge ack, got tag ${tag}`);
        if (!m.subarray(1).equals(digest(this.cfg.cookie, this.ourChallenge))) this.fail(`${this.peerName} has another cookie`, 'cookie');
        return this.finish();
      }
      case 'name': {
        if (tag === 0x4e && m.length >= 15) {
          this.peerFlags = m.readBigUInt64BE(1);
          this.peerCreation = m.readUInt32BE(9);
          const nlen = m.readUInt16BE(13);
          if (m.length !== 15 + nlen) this.fail('bad name length');
          this.checkName(m.toString('utf8', 15));
        } else if (tag === 0x6e && m.length >= 8) {
          this.oldStyle = true;
          this.peerFlags = BigInt(m.readUInt32BE(3));
          this.checkName(m.toString('utf8', 7));
        } else {
          return this.fail(`expected a name, got tag ${tag}`);
        }
        const status = this.decide(this.peerName!);
        out.push(frame(Buffer.from('s' + status, 'latin1')));
        if (status !== 'ok' && status !== 'ok_simultaneous') this.fail(`refused ${this.peerName} (${status})`, 'refused');
        const upgrade = this.oldStyle && (this.peerFlags & DFLAG.HANDSHAKE_23) !== 0n;
        if (!this.oldStyle || upgrade) {
          this.checkFlags();
          const name = Buffer.from(this.cfg.name, 'utf8');
          const c = Buffer.alloc(19 + name.length);
          c[0] = 0x4e;
          c.writeBigUInt64BE(this.cfg.flags, 1);
          c.writeUInt32BE(this.ourChallenge, 9);
          c.writeUInt32BE(this.cfg.creation >>> 0, 13);
          c.writeUInt16BE(name.length, 17);
          name.copy(c, 19);
          out.push(frame(c));
        } else {
          this.checkFlags();
          const name = Buffer.from(this.cfg.name, 'utf8');
          const c = Buffer.alloc(11 + name.length);
          c[0] = 0x6e;
          c.writeUInt16BE(5, 1);
          c.writeUInt32BE(Number(this.cfg.flags & 0xffffffffn), 3);
          c.writeUInt32BE(this.ourChallenge, 7);
          name.copy(c, 11);
          out.push(frame(c));
        }
        this.state = 'reply';
        return;
      }
      case 'reply': {
        if (tag === 0x63 && m.length >= 9 && this.oldStyle) {
          this.peerFlags |= BigInt(m.readUInt32BE(1)) << 32n;
          this.peerCreation = m.readUInt32BE(5);
          return;
        }
        if (tag !== 0x72 || m.length !== 21) this.fail(`expected a challenge reply, got tag ${tag}`);
        if (!m.subarray(5).equals(digest(this.cfg.cookie, this.ourChallenge))) this.fail(`${this.peerName} has another cookie`, 'cookie');
        const a = Buffer.alloc(17);
        a[0] = 0x61;
        digest(this.cfg.cookie, m.readUInt32BE(1)).copy(a, 1);
        out.push(frame(a));
        return this.finish();
      }
      default:
        this.fail(`unexpected message in state ${this.state}`);
    }
  }

  private checkName(name: string): void {
    if (!NAME_RE.test(name)) this.fail(`bad node name ${JSON.stringify(name.slice(0, 60))}`, 'name');
    if (this.role === 'initiator' && this.peerName !== undefined && name !== this.peerName) {
      this.fail(`connected to ${name}, expected ${this.peerName}`, 'name');
    }
    this.peerName = name;
  }

  private checkFlags(): void {
    const missing = MANDATORY & ~this.peerFlags;
    if (missing !== 0n) {
      const names = Object.entries(DFLAG).filter(([, v]) => (missing & v) !== 0n).map(([k]) => k);
      this.fail(`${this.peerName} cannot handle ${names.join(', ')}`, 'flags');
    }
  }

  private finish(): void {
    this.state = 'done';
    this.done = { peer: this.peerName!, flags: this.peerFlags, creation: this.peerCreation, rest: Buffer.alloc(0) };
  }
}

function frame(m: Buffer): Buffer {
  const b = Buffer.allocUnsafe(2 + m.length);
  b.writeUInt16BE(m.length, 0);
  m.copy(b, 2);
  return b;
}
