/**
 * A client of epmd, the Erlang port mapper: register this node's name and port
 * (`register`, ALIVE2), find another node's port (`portPlease`, PORT_PLEASE2), list the names
 * (`names`), and start epmd when none runs (`ensureEpmd`, as `erl` does with `epmd -daemon`).
 *
 * Replies are parsed by pure functions (`parseAliveReply`, `parsePortReply`, `parseNames`) that
 * throw an `EpmdError` on anything malformed; every request has a timeout.
 *
 * @example
 * await ensureEpmd();                                   // start epmd on 127.0.0.1 if needed
 * const reg = await register('a', 45123);               // keep reg open: closing unregisters
 * const peer = await portPlease('b', '127.0.0.1');       // { port, highest, lowest, … } or null
 * reg.close();
 */
import { connect, type Socket } from 'node:net';
import { spawn } from 'node:child_process';
import { netWords } from './net-words.js';

/** An epmd failure: refused connection, bad reply, a name already taken, a timeout. */
export class EpmdError extends Error {
  readonly code = 'genrepl.epmd';
  constructor(message: string) {
    super(message);
    this.name = 'EpmdError';
  }
}

/** Where epmd listens. @example { host: '127.0.0.1', port: 4369 } */
export interface EpmdAddress {
  host?: string;
  /** Default: `ERL_EPMD_PORT` or 4369. */
  port?: number;
  /** Milliseconds for each request (default 5000). */
  timeout?: number;
}

/** A node's entry in epmd (PORT2_RESP). */
export interface NodeEntry {
  port: number;
  /** 77 for a normal node, 72 for a hidden one. */
  nodeType: number;
  protocol: number;
  highest: number;
  lowest: number;
  name: string;
}

/** A live registration: `creation` goes into this node's pids; `close()` unregisters. */
export interface Registration {
  creation: number;
  close(): void;
}

const ALIVE2_REQ = 120, ALIVE2_RESP = 121, ALIVE2_X_RESP = 118, PORT_PLEASE2_REQ = 122, PORT2_RESP = 119, NAMES_REQ = 110;
const MAX_REPLY = 64 * 1024;

/** epmd's port: `ERL_EPMD_PORT` or 4369. @example epmdPort() // 4369 */
export function epmdPort(): number {
  const p = Number(process.env.ERL_EPMD_PORT);
  return Number.isInteger(p) && p > 0 && p < 65536 ? p : 4369;
}

function request(body: Buffer): Buffer {
  const b = Buffer.allocUnsafe(2 + body.length);
  b.writeUInt16BE(body.length, 0);
  body.copy(b, 2);
  return b;
}

function nameBytes(name: string): Buffer {
  const n = Buffer.from(name, 'utf8');
  if (n.length === 0 || n.length > 255) throw new EpmdError(`bad node name '${name}'`);
  return n;
}

/**
 * The ALIVE2 request for a node listening on `port`.
 *
 * @example
 * alive2Request('a', 45123, false) // <Buffer 00 0e 78 b0 43 4d 00 00 06 00 05 00 01 61 00 00>
 */
export function alive2Request(name: string, port: number, hidden: boolean): Buffer {
  const n = nameBytes(name);
  const b = Buffer.alloc(13 + n.length);
  b[0] = ALIVE2_REQ;
  b.writeUInt16BE(port, 1);
  b[3] = hidden ? 72 : 77;
  b[4] = 0;
  b.writeUInt16BE(6, 5);
  b.writeUInt16BE(5, 7);
  b.writeUInt16BE(n.length, 9);
  n.copy(b, 11);
  b.writeUInt16BE(0, 11 + n.length);
  return request(b);
}

/**
 * Parses ALIVE2_X_RESP / ALIVE2_RESP: the creation, or null while the reply is incomplete.
 *
 * @example
 * parseAliveReply(Buffer.from([118, 0, 0, 0, 0, 7])) // 7
 */
export function parseAliveReply(b: Uint8Array): number | null {
  if (b.length < 2) return null;
  if (b[0] !== ALIVE2_X_RESP && b[0] !== ALIVE2_RESP) throw new EpmdError(`unexpected epmd reply ${b[0]} to ALIVE2`);
  if (b[1] !== 0) throw new EpmdError(`epmd refused the registration (result ${b[1]}): is the name taken?`);
  const need = b[0] === ALIVE2_X_RESP ? 6 : 4;
  if (b.length < need) return null;
  const v = Buffer.from(b.buffer, b.byteOffset, b.length);
  return b[0] === ALIVE2_X_RESP ? v.readUInt32BE(2) : v.readUInt16BE(2);
}

/**
 * Parses a complete PORT2_RESP: the entry, or null when the name is not registered.
 *
 * @example
 * parsePortReply(Buffer.from([119, 1])) // null
 */
export function parsePortReply(b: Uint8Array): NodeEntry | null {
  const v = Buffer.from(b.buffer, b.byteOffset, b.length);
  if (v.length < 2 || v[0] !== PORT2_RESP) throw new EpmdError('bad PORT2_RESP');
  if (v[1] !== 0) return null;
  if (v.length < 12) throw new EpmdError('truncated PORT2_RESP');
  const nlen = v.readUInt16BE(10);
  if (v.length < 12 + nlen + 2) throw new EpmdError('truncated PORT2_RESP name');
  const elen = v.readUInt16BE(12 + nlen);
  if (v.length !== 14 + nlen + elen) throw new EpmdError('PORT2_RESP length mismatch');
  return {
    port: v.readUInt16BE(2),
    nodeType: v[4],
    protocol: v[5],
    highest: v.readUInt16BE(6),
    lowest: v.readUInt16BE(8),
    name: v.toString('utf8', 12, 12 + nlen),
  };
}

/**
 * Parses a complete NAMES reply into name → port.
 *
 * @example
 * parseNames(Buffer.concat([Buffer.from([0, 0, 17, 17]), Buffer.from('name b at port 4000\n')])) // Map { 'b' => 4000 }
 */
export function parseNames(b: Uint8Array): Map<string, number> {
  if (b.length < 4) throw new EpmdError('truncated NAMES reply');
  const out = new Map<string, number>();
  for (const line of Buffer.from(b.buffer, b.byteOffset + 4, b.length - 4).toString('utf8').split('\n')) {
    const m = /^name (\S+) at port (\d+)$/.exec(line);
    if (m && Number(m[2]) < 65536) out.set(m[1], Number(m[2]));
  }
  return out;
}

/** Sends one request and collects the reply until `done(bytes)` is not undefined or epmd closes. */
function exchange<T>(req: Buffer, addr: EpmdAddress, done: (b: Buffer, closed: boolean) => T | undefined, keep = false): Promise<{ value: T; socket: Socket }> {
  const host = addr.host ?? '127.0.0.1';
  const port = addr.port ?? epmdPort();
  return new Promise((resolve, reject) => {
    const s = connect({ host, port });
    let got = Buffer.alloc(0);
    let finished = false;
    const finish = (err: Error | null, value?: T) => {
      if (finished) return;
      finished = true;
      s.setTimeout(0);
      s.removeAllListeners('data');
      if (err) {
        s.destroy();
        reject(err);
      } else {
        if (!keep) s.end();
        resolve({ value: value as T, socket: s });
      }
    };
    const check = (closed: boolean) => {
      try {
        const v = done(got, closed);
        if (v !== undefined) finish(null, v);
        else if (closed) finish(new EpmdError(`epmd at ${host}:${port} closed the connection early`));
      } catch (e) {
        finish(e as Error);
      }
    };
    s.setTimeout(addr.timeout ?? 5000, () => finish(new EpmdError(`epmd at ${host}:${port} did not answer in time`)));
    s.on('connect', () => s.write(req));
    s.on('data', (d: Buffer) => {
      got = Buffer.concat([got, d]);
      if (got.length > MAX_REPLY) return finish(new EpmdError('epmd reply too large'));
      check(false);
    });
    s.on('end', () => check(true));
    s.on('error', (e: NodeJS.ErrnoException) =>
      finish(new EpmdError(e.code === 'ECONNREFUSED' ? `no epmd at ${host}:${port} (start it with \`epmd -daemon\`)` : `epmd at ${host}:${port}: ${netWords(e)}`)),
    );
  });
}

/**
 * Registers `name` (the part before `@`) as listening on `port`. Keep the registration open as
 * long as the node lives; epmd forgets the name when it closes.
 *
 * @example
 * const { creation, close } = await register('a', 45123);
 */
export async function register(name: string, port: number, options: EpmdAddress & { hidden?: boolean } = {}): Promise<Registration> {
  const { value, socket } = await exchange(alive2Request(name, port, options.hidden ?? false), options, (b) => parseAliveReply(b) ?? undefined, true);
  socket.on('error', () => {});
  socket.unref();
  return { creation: value, close: () => socket.destroy() };
}

/**
 * Asks epmd on `host` for the port of node `name`; null when it is not registered.
 *
 * @example
 * await portPlease('b', '127.0.0.1') // { port: 40321, nodeType: 77, highest: 6, lowest: 5, … }
 */
export async function portPlease(name: string, host: string, options: EpmdAddress = {}): Promise<NodeEntry | null> {
  const n = nameBytes(name);
  const body = Buffer.concat([Buffer.from([PORT_PLEASE2_REQ]), n]);
  const { value } = await exchange(request(body), { ...options, host }, (b, closed) => {
    if (b.length >= 2 && b[0] === PORT2_RESP && b[1] !== 0) return { entry: null };
    if (!closed && (b.length < 12 || b.length < 14 + b.readUInt16BE(10) || b.length < 14 + b.readUInt16BE(10) + b.readUInt16BE(12 + b.readUInt16BE(10)))) return undefined;
    return { entry: parsePortReply(b) };
  });
  return value.entry;
}

/**
 * The names registered with epmd on `host`, with their ports.
 *
 * @example
 * await names() // Map { 'b' => 40321 }
 */
export async function names(options: EpmdAddress = {}): Promise<Map<string, number>> {
  const { value } = await exchange(request(Buffer.from([NAMES_REQ])), options, (b, closed) => (closed ? parseNames(b) : undefined));
  return value;
}

/**
 * Makes sure epmd answers at `port` on this machine: when none does, starts `epmd -daemon`
 * (listening on 127.0.0.1 only) as `erl` does, and waits for it. Throws an `EpmdError` that
 * says how to start it when that fails (e.g. no `epmd` on the PATH).
 *
 * @example
 * await ensureEpmd({ port: 4369 }) // 'running' | 'started'
 */
export async function ensureEpmd(options: EpmdAddress = {}): Promise<'running' | 'started'> {
  const port = options.port ?? epmdPort();
  const probe = { host: '127.0.0.1', port, timeout: options.timeout ?? 2000 };
  try {
    await names(probe);
    return 'running';
  } catch {
    /* start it below */
  }
  const how = `start it with \`ERL_EPMD_ADDRESS=127.0.0.1 epmd -daemon -port ${port}\` (epmd comes with Erlang/OTP)`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn('epmd', ['-daemon', '-port', String(port)], {
      stdio: 'ignore',
      env: { ...process.env, ERL_EPMD_ADDRESS: '127.0.0.1', ERL_EPMD_PORT: String(port) },
    });
    child.on('error', () => reject(new EpmdError(`no epmd answers on port ${port} and none could be started: ${how}`)));
    child.on('exit', () => resolve());
  });
  for (let i = 0; i < 40; i++) {
    try {
      await names(probe);
      return 'started';
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new EpmdError(`epmd did not come up on port ${port}: ${how}`);
}
