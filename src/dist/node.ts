/**
 * A genrepl node of an Erlang cluster: registers with epmd, accepts and makes connections
 * (version 6 handshake, cookie), and turns distribution signals into events, and calls into
 * signals. It knows nothing of the runtime: local processes are `ErlPid`s it makes with
 * `pid(id)`, and the runtime plugs in by listening to the events and calling the methods.
 *
 * @example
 * const node = new DistNode({ name: 'a@localhost', cookie: 'secret' });
 * await node.start();
 * node.on('message', (to, msg, from) => console.log(to, msg));  // to: ErlPid | name | ErlRef (alias)
 * const me = node.pid(100);
 * node.send(['echo', 'b@localhost'], [me, binary('hi')], me);    // auto-connects, like `send/2`
 *
 * ## Events
 * | event | arguments | signal |
 * |---|---|---|
 * | `message` | `to` (ErlPid, registered name or alias ErlRef), `msg`, `from` (ErlPid or null) | SEND, REG_SEND, SEND_SENDER, ALIAS_SEND |
 * | `link` / `unlink` | `from` (remote), `to` (local) | LINK, UNLINK_ID (acknowledged here) |
 * | `exit` | `from`, `to`, `reason` | EXIT from a linked process; `noconnection` for each link when the connection drops |
 * | `exit2` | `from`, `to`, `reason` | EXIT2 (`Process.exit/2` from the remote side) |
 * | `monitor` / `demonitor` | `from` (remote watcher), `target` (local ErlPid or name), `ref` | MONITOR_P, DEMONITOR_P |
 * | `down` | `ref`, `target`, `watcher` (local), `reason` | MONITOR_P_EXIT; `noconnection` for each monitor when the connection drops |
 * | `nodeup` / `nodedown` | `node` (and `reason`) | connection up / gone |
 *
 * ## Visible or hidden
 * A visible node (the default) shows in the BEAM's `Node.list()`. The BEAM's `rex` server asks it
 * for its features at once; the node answers that itself. `global`'s `init_connect` cast is
 * ignored, which keeps the connection up but leaves this node out of `:global` name sync.
 * `hidden: true` makes a hidden node (`Node.list(:hidden)`), to which the BEAM sends neither.
 */
import { EventEmitter } from 'node:events';
import { createServer, connect as tcpConnect, type Server, type Socket } from 'node:net';
import { hostname } from 'node:os';
import { Connection, type ConnectionHandler } from './connection.js';
import { Handshake, HandshakeError, ourFlags, type Status } from './handshake.js';
import { ensureEpmd, portPlease, register, type EpmdAddress, type Registration } from './epmd.js';
import { readCookie } from './cookie.js';
import { netWords } from './net-words.js';
import { encode } from './etf.js';
import { ErlPid, ErlRef, List, type Term } from './terms.js';

/** Options of a `DistNode`. */
export interface DistNodeOptions {
  /** `name@host`, or a short name (`a`) completed with this machine's short host name, as `--sname` does. */
  name: string;
  /** Default: `~/.erlang.cookie` (created when missing). */
  cookie?: string;
  /** Run as a hidden node (default false). */
  hidden?: boolean;
  /** Address to listen on (default 127.0.0.1). */
  listen?: string;
  /** epmd's address; `start: false` keeps the node from starting epmd when none runs. */
  epmd?: EpmdAddress & { start?: boolean };
  /** net_ticktime in ms (default 60000). */
  tickTime?: number;
  /** Largest frame accepted (default 64 MiB). */
  maxFrame?: number;
  /** Deepest nesting of tuples, lists and maps accepted in a received term (default 512). */
  maxDepth?: number;
  /** One line per notable event (refused cookie, lost connection…); default: stderr. */
  log?: (line: string) => void;
  /** Gives an Erlang term for objects the encoder does not know (e.g. the runtime's Pid). */
  replace?: (value: object) => Term | undefined;
  /** Handshake timeout in ms (default 7000). */
  connectTimeout?: number;
}

/** A send target: a pid, an alias, or `[registeredName, node]`. */
export type Dest = ErlPid | ErlRef | [string, string];

const OP = {
  LINK: 1, SEND: 2, EXIT: 3, UNLINK: 4, REG_SEND: 6, EXIT2: 8, SEND_TT: 12, EXIT_TT: 13, REG_SEND_TT: 16, EXIT2_TT: 18,
  MONITOR_P: 19, DEMONITOR_P: 20, MONITOR_P_EXIT: 21, SEND_SENDER: 22, SEND_SENDER_TT: 23, PAYLOAD_EXIT: 24,
  PAYLOAD_EXIT_TT: 25, PAYLOAD_EXIT2: 26, PAYLOAD_EXIT2_TT: 27, PAYLOAD_MONITOR_P_EXIT: 28, SPAWN_REQUEST: 29,
  SPAWN_REQUEST_TT: 30, ALIAS_SEND: 33, ALIAS_SEND_TT: 34, UNLINK_ID: 35, UNLINK_ID_ACK: 36,
} as const;

/** Per-connection bookkeeping: links and monitors that end with `noconnection` when it drops. */
interface Peer {
  conn: Connection;
  links: Map<string, [local: ErlPid, remote: ErlPid]>;
  monitors: Map<string, [ref: ErlRef, target: ErlPid | string, watcher: ErlPid]>;
}

/** A link (`[local, remote]`) or a monitor (`[ref, target, watcher]`) held across a connection. */
type Held = ['link', [local: ErlPid, remote: ErlPid]] | ['monitor', [ref: ErlRef, target: ErlPid | string, watcher: ErlPid]];

/** A pending outgoing connection and what waits on it. */
interface Pending {
  waiters: ((ok: boolean) => void)[];
  queue: [Term[], unknown][];
  /** Links and monitors made while connecting: held by the peer once it is up, `noconnection` if it never is. */
  setup: Held[];
  socket?: Socket;
  aborted: boolean;
  /** Made by a quiet `connect` (`Node.ping`): its failure writes no log line. */
  quiet: boolean;
}

/** A node of an Erlang cluster (see the module doc). */
export class DistNode extends EventEmitter {
  /** Full node name, `name@host`. */
  readonly name: string;
  /** The creation epmd gave this incarnation (0 before `start`). */
  creation = 0;
  /** The port this node listens on (0 before `start`). */
  port = 0;
  private readonly cookie: string;
  private readonly flags: bigint;
  private readonly peers = new Map<string, Peer>();
  private readonly pending = new Map<string, Pending>();
  private readonly conns = new Set<Connection>();
  private server: Server | null = null;
  private registration: Registration | null = null;
  private refCount = 0;
  private unlinkId = 0n;
  private readonly handler: ConnectionHandler;
  private readonly log: (line: string) => void;

  constructor(private readonly options: DistNodeOptions) {
    super();
    this.name = options.name.includes('@') ? options.name : `${options.name}@${hostname().split('.')[0]}`;
    if (!/^[^@\s]{1,255}@[^@\s]{1,255}$/.test(this.name)) throw new RangeError(`bad node name '${this.name}'`);
    this.cookie = options.cookie ?? readCookie();
    this.flags = ourFlags(options.hidden ?? false);
    this.log = options.log ?? ((line) => process.stderr.write(line + '\n'));
    this.handler = { onControl: (c, ctrl, msg) => this.control(c, ctrl, msg), onClose: (c, reason) => this.closed(c, reason) };
  }

  /**
   * Listens (127.0.0.1 by default, a free port) and registers the name with epmd, starting epmd
   * when none runs (unless `epmd.start` is false).
   *
   * @example
   * await node.start(); node.port // 40321
   */
  async start(): Promise<this> {
    const epmd = this.options.epmd ?? {};
    if (epmd.start !== false) await ensureEpmd(epmd);
    const server = createServer((s) => this.accept(s));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => reject(new Error(`cannot listen on ${this.options.listen ?? '127.0.0.1'}: ${netWords(e)}`)));
      server.listen(0, this.options.listen ?? '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.registration = await register(this.name.split('@')[0], this.port, { ...epmd, hidden: this.options.hidden });
    this.creation = this.registration.creation;
    return this;
  }

  /** The sender named when the caller names none: pid 0 of this node. */
  private systemPid(): ErlPid {
    return this.pid(0);
  }

  /** A pid of this node (the runtime's process number `id`). @example node.pid(110) // #PID<a@localhost.110.0> */
  pid(id: number, serial = 0): ErlPid {
    return new ErlPid(this.name, id, serial, this.creation);
  }

  /** True for a pid or reference of this node's current incarnation. @example node.isLocal(node.pid(1)) // true */
  isLocal(x: ErlPid | ErlRef): boolean {
    return x.node === this.name && (x.creation === this.creation || x.creation === 0);
  }

  /** A new reference of this node (for monitors and call tags). @example node.makeRef() */
  makeRef(): ErlRef {
    const n = ++this.refCount;
    return new ErlRef(this.name, this.creation, [n & 0x3ffff, Math.floor(n / 0x40000) >>> 0, 0]);
  }

  /** The connected nodes. @example node.nodes() // ['b@localhost'] */
  nodes(): string[] {
    return [...this.peers.keys()];
  }

  /**
   * Connects to `node` (`name@host`): asks epmd on `host` for its port and shakes hands.
   * Resolves true when connected (or already), false when it cannot be reached (`Node.connect`).
   * With `quiet`, a failed attempt writes no log line (`Node.ping`, as the BEAM's `net_adm:ping`).
   *
   * @example
   * await node.connect('b@localhost') // true
   */
  connect(node: string, quiet = false): Promise<boolean> {
    if (this.peers.has(node)) return Promise.resolve(true);
    if (node === this.name) return Promise.resolve(true);
    return new Promise((resolve) => {
      const p = this.pending.get(node);
      if (p) p.waiters.push(resolve);
      else this.attempt(node, quiet).waiters.push(resolve);
    });
  }

  /** True while a connection to `node` is up. @example node.connected('b@localhost') // true */
  connected(node: string): boolean {
    return this.peers.has(node);
  }

  /** Drops the connection to `node`; true if there was one. @example node.disconnect('b@localhost') */
  disconnect(node: string): boolean {
    const p = this.peers.get(node);
    if (!p) return false;
    p.conn.close('disconnect');
    return true;
  }

  /** Closes every connection, the listener and the epmd registration. @example await node.stop() */
  async stop(): Promise<void> {
    for (const c of [...this.conns]) c.close('stop');
    for (const [node, p] of this.pending) this.settle(node, p, false);
    this.registration?.close();
    this.registration = null;
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  // ---- signals out -------------------------------------------------------------------------

  /**
   * Sends `msg` to a remote pid, alias or `[name, node]`, connecting first if needed (messages wait
   * for the connection in order; they are dropped if it fails, as the BEAM drops them).
   * `from` is the local sender (default: a system pid).
   *
   * @example
   * node.send(['my_server', 'b@localhost'], ['$gen_cast', 'ping'], me)
   */
  send(to: Dest, msg: unknown, from?: ErlPid): void {
    if (to instanceof ErlPid) {
      const peer = this.peers.get(to.node);
      if (peer === undefined) return this.out(to.node, [OP.SEND, '', to], msg);
      return peer.conn.send(from !== undefined && peer.conn.sendSender ? [OP.SEND_SENDER, from, to] : [OP.SEND, '', to], msg);
    }
    if (to instanceof ErlRef) return this.out(to.node, [OP.ALIAS_SEND, from ?? this.systemPid(), to], msg);
    return this.out(to[1], [OP.REG_SEND, from ?? this.systemPid(), '', to[0]], msg);
  }

  /**
   * Answers a remote `GenServer.call` as `gen:reply` does: `from` is the `[pid, tag]` of the
   * `$gen_call`; a `[:alias | ref]` tag is answered through the alias, any other tag to the pid.
   *
   * @example
   * node.on('message', (to, [op, from, req]) => { if (op === '$gen_call') node.reply(from, ['ok', req]); });
   */
  reply(from: Term, value: unknown, sender?: ErlPid): void {
    if (!Array.isArray(from) || from.length !== 2 || !(from[0] instanceof ErlPid)) throw new TypeError('from is not a {pid, tag} pair');
    const tag = from[1];
    const alias = tag instanceof List && tag[0] === 'alias' && tag.tail instanceof ErlRef ? tag.tail : null;
    this.send(alias ?? from[0], [tag, value], sender);
  }

  /** Links local `from` with remote `to` (LINK). @example node.link(me, remotePid) */
  link(from: ErlPid, to: ErlPid): void {
    this.out(to.node, [OP.LINK, from, to]);
    this.held(to.node, ['link', [from, to]]);
  }

  /** Removes the link between local `from` and remote `to` (UNLINK_ID). @example node.unlink(me, remotePid) */
  unlink(from: ErlPid, to: ErlPid): void {
    this.peers.get(to.node)?.links.delete(linkKey(from, to));
    this.out(to.node, [OP.UNLINK_ID, ++this.unlinkId, from, to]);
  }

  /** Tells remote `to`, linked to local `from`, that `from` exited with `reason` (EXIT). @example node.linkExit(me, remotePid, 'boom') */
  linkExit(from: ErlPid, to: ErlPid, reason: unknown): void {
    this.peers.get(to.node)?.links.delete(linkKey(from, to));
    this.exitSignal(OP.EXIT, OP.PAYLOAD_EXIT, from, to, reason);
  }

  /** Sends an exit signal from local `from` to remote `to` (`Process.exit/2`, EXIT2). @example node.exit(me, remotePid, 'kill') */
  exit(from: ErlPid, to: ErlPid, reason: unknown): void {
    this.exitSignal(OP.EXIT2, OP.PAYLOAD_EXIT2, from, to, reason);
  }

  /**
   * Monitors a remote pid or `[name, node]` for local `watcher` (MONITOR_P); the `down` event
   * comes with `ref`.
   *
   * @example
   * const ref = node.makeRef(); node.monitor(me, ['my_server', 'b@localhost'], ref)
   */
  monitor(watcher: ErlPid, target: ErlPid | [string, string], ref: ErlRef): void {
    const nodeName = target instanceof ErlPid ? target.node : target[1];
    const wire = target instanceof ErlPid ? target : target[0];
    this.out(nodeName, [OP.MONITOR_P, watcher, wire, ref]);
    this.held(nodeName, ['monitor', [ref, wire, watcher]]);
  }

  /** Records a link or monitor on the connection to `node`, now or once it is up (it ends with `noconnection`). */
  private held(node: string, h: Held): void {
    const peer = this.peers.get(node);
    if (peer !== undefined) this.hold(peer, h);
    else this.pending.get(node)?.setup.push(h);
  }

  private hold(peer: Peer, [kind, v]: Held): void {
    if (kind === 'link') peer.links.set(linkKey(v[0], v[1]), v);
    else peer.monitors.set(refKey(v[0]), v);
  }

  /** Cancels a monitor made with `monitor` (DEMONITOR_P). @example node.demonitor(me, target, ref) */
  demonitor(watcher: ErlPid, target: ErlPid | [string, string], ref: ErlRef): void {
    const nodeName = target instanceof ErlPid ? target.node : target[1];
    this.peers.get(nodeName)?.monitors.delete(refKey(ref));
    this.out(nodeName, [OP.DEMONITOR_P, watcher, target instanceof ErlPid ? target : target[0], ref]);
  }

  /**
   * Tells remote `watcher` that the local process (or name) it monitored with `ref` is down (MONITOR_P_EXIT).
   *
   * @example
   * node.on('monitor', (from, target, ref) => … node.monitorExit(target, from, ref, 'normal'))
   */
  monitorExit(target: ErlPid | string, watcher: ErlPid, ref: ErlRef, reason: unknown): void {
    const peer = this.peers.get(watcher.node);
    if (peer?.conn.exitPayload) this.out(watcher.node, [OP.PAYLOAD_MONITOR_P_EXIT, target, watcher, ref], reason);
    else this.out(watcher.node, [OP.MONITOR_P_EXIT, target, watcher, ref, reason as Term]);
  }

  private exitSignal(op: number, payloadOp: number, from: ErlPid, to: ErlPid, reason: unknown): void {
    const peer = this.peers.get(to.node);
    if (peer?.conn.exitPayload) this.out(to.node, [payloadOp, from, to], reason);
    else this.out(to.node, [op, from, to, reason as Term]);
  }

  /** Writes a control message to `node`, connecting first when needed. */
  private out(node: string, control: Term[], msg?: unknown): void {
    const peer = this.peers.get(node);
    if (peer !== undefined) return peer.conn.send(control, msg);
    if (node === this.name) throw new RangeError(`${node} is this node: deliver locally`);
    // Refused now, as a send on a connection is: sent later (from a socket callback), a term
    // with no Erlang form would throw where no caller can catch it.
    const opts = this.options.replace ? { replace: this.options.replace } : undefined;
    encode(control, opts);
    if (msg !== undefined) encode(msg, opts);
    let p = this.pending.get(node);
    if (p === undefined) p = this.attempt(node);
    p.queue.push([control, msg]);
  }

  // ---- connections -------------------------------------------------------------------------

  private attempt(node: string, quiet = false): Pending {
    const p: Pending = { waiters: [], queue: [], setup: [], aborted: false, quiet };
    this.pending.set(node, p);
    // Dial on the next microtask: a name it refuses at once ('nobody', 'a@') settles only after
    // the caller has added its waiter, queued message or link, so none of them is left hanging.
    queueMicrotask(() => void this.dial(node, p));
    return p;
  }

  private async dial(node: string, p: Pending): Promise<void> {
    const [alive, host] = node.split('@');
    if (!alive || !host) return this.settle(node, p, false);
    let entry;
    try {
      entry = await portPlease(alive, host, { port: this.options.epmd?.port, timeout: this.options.connectTimeout ?? 7000 });
    } catch {
      return this.settle(node, p, false);
    }
    if (p.aborted || this.pending.get(node) !== p) return; // settled meanwhile (e.g. the peer connected to us)
    if (!entry) return this.settle(node, p, false);
    const socket = tcpConnect({ host, port: entry.port });
    p.socket = socket;
    const hs = new Handshake('initiator', this.handshakeConfig(), node);
    this.shake(socket, hs, p.quiet, (result) => {
      if (result instanceof Error) {
        if (p.aborted) return;
        if (result instanceof HandshakeError && result.reason === 'refused' && /\(nok\)/.test(result.message)) {
          // the peer's own attempt wins: wait for it, but not for ever
          p.aborted = true;
          const t = setTimeout(() => this.settle(node, p, false), this.options.connectTimeout ?? 7000);
          t.unref();
          return;
        }
        this.settle(node, p, false);
        return;
      }
    });
    socket.once('connect', () => socket.write(hs.start()));
  }

  /**
   * Resolves a pending attempt. A failure writes no line, as the BEAM's `Node.connect` (false)
   * and `send` (dropped) do: only a cookie refusal is logged (in `shake`).
   */
  private settle(node: string, p: Pending, ok: boolean): void {
    if (this.pending.get(node) !== p) return;
    this.pending.delete(node);
    if (!ok) p.socket?.destroy();
    const peer = this.peers.get(node);
    if (ok && peer) {
      for (const h of p.setup) this.hold(peer, h);
      for (const [c, m] of p.queue) peer.conn.send(c, m);
    } else {
      // As the BEAM: a link or monitor to a node that cannot be reached ends at once.
      for (const [kind, v] of p.setup) {
        if (kind === 'link') this.safeEmit('exit', v[1], v[0], 'noconnection');
        else this.safeEmit('down', v[0], v[1], v[2], 'noconnection');
      }
    }
    for (const w of p.waiters) w(ok);
  }

  private handshakeConfig() {
    return { name: this.name, cookie: this.cookie, flags: this.flags, creation: this.creation };
  }

  private accept(socket: Socket): void {
    const hs = new Handshake('acceptor', this.handshakeConfig(), undefined, (peer) => this.decide(peer));
    this.shake(socket, hs, false, (err) => {
      // our own attempt gave way to this one (simultaneous connect): its waiters learn the outcome here
      const p = err && hs.peer !== undefined ? this.pending.get(hs.peer) : undefined;
      if (p?.aborted) this.settle(hs.peer!, p, false);
    });
  }

  /** The acceptor's status for `peer`, with the simultaneous-connect rule of erl_dist_protocol. */
  private decide(peer: string): Status {
    const p = this.pending.get(peer);
    if (p && !p.aborted) {
      // we are connecting to it too (dialling, or still asking epmd): the greater name's attempt wins
      if (peer > this.name) {
        p.aborted = true;
        p.socket?.destroy();
        return 'ok_simultaneous';
      }
      return 'nok';
    }
    const old = this.peers.get(peer);
    if (old) old.conn.close('replaced by a new connection');
    return 'ok';
  }

  /** Runs a handshake on `socket`; on success the socket becomes a Connection. */
  private shake(socket: Socket, hs: Handshake, quiet: boolean, done: (r: Error | null) => void): void {
    const timer = setTimeout(() => fail(new HandshakeError(`handshake with ${hs.peer ?? socket.remoteAddress} timed out`, 'protocol', hs.peer)), this.options.connectTimeout ?? 7000);
    timer.unref();
    let over = false;
    const fail = (e: Error) => {
      if (over) return;
      over = true;
      clearTimeout(timer);
      socket.destroy();
      if (e instanceof HandshakeError && e.reason === 'cookie' && !quiet) {
        this.log(hs.role === 'acceptor' ? `[genrepl] ** Connection attempt from node ${e.peer} rejected: wrong cookie **` : `[genrepl] ** Connection to node ${e.peer} failed: it refused our cookie **`);
      }
      done(e);
    };
    const onData = (d: Buffer) => {
      let out: Buffer[];
      try {
        out = hs.feed(d);
      } catch (e) {
        if (e instanceof HandshakeError) for (const o of e.reply) socket.write(o);
        return fail(e as Error);
      }
      for (const o of out) socket.write(o);
      const r = hs.done;
      if (r === null) return;
      over = true;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', fail);
      socket.off('close', onClose);
      this.up(socket, r.peer, r.flags, r.rest);
      done(null);
    };
    const onClose = () => fail(hs.closedError());
    socket.on('data', onData);
    socket.on('error', fail);
    socket.on('close', onClose);
  }

  private up(socket: Socket, peer: string, flags: bigint, rest: Buffer): void {
    const old = this.peers.get(peer);
    if (old) old.conn.close('replaced by a new connection');
    const conn = new Connection(socket, peer, flags, this.handler, {
      tickTime: this.options.tickTime,
      maxFrame: this.options.maxFrame,
      maxDepth: this.options.maxDepth,
      replace: this.options.replace,
    }, rest);
    this.conns.add(conn);
    if (!conn.open) return;
    this.peers.set(peer, { conn, links: new Map(), monitors: new Map() });
    this.safeEmit('nodeup', peer);
    const p = this.pending.get(peer);
    if (p) this.settle(peer, p, true);
  }

  private closed(conn: Connection, reason: string): void {
    this.conns.delete(conn);
    const peer = this.peers.get(conn.peer);
    if (!peer || peer.conn !== conn) return;
    this.peers.delete(conn.peer);
    if (reason !== 'closed' && reason !== 'stop' && reason !== 'disconnect') this.log(`[genrepl] connection to ${conn.peer} closed: ${reason}`);
    for (const [local, remote] of peer.links.values()) this.safeEmit('exit', remote, local, 'noconnection');
    for (const [ref, target, watcher] of peer.monitors.values()) this.safeEmit('down', ref, target, watcher, 'noconnection');
    this.safeEmit('nodedown', conn.peer, reason);
  }

  /** Emits without letting a listener's throw reach the connection: it is re-thrown in its own macrotask. */
  private safeEmit(event: string, ...args: unknown[]): void {
    try {
      this.emit(event, ...args);
    } catch (e) {
      setImmediate(() => {
        throw e;
      });
    }
  }

  // ---- signals in --------------------------------------------------------------------------

  private control(conn: Connection, c: Term[], msg: Term | undefined): void {
    const peer = this.peers.get(conn.peer);
    if (!peer || peer.conn !== conn) return;
    switch (c[0]) {
      case OP.SEND:
      case OP.SEND_TT:
        return this.deliver(c[2], msg, null);
      case OP.SEND_SENDER:
      case OP.SEND_SENDER_TT:
      case OP.ALIAS_SEND:
      case OP.ALIAS_SEND_TT:
        return this.deliver(c[2], msg, c[1] instanceof ErlPid ? c[1] : null);
      case OP.REG_SEND:
      case OP.REG_SEND_TT:
        if ((c[3] === 'rex' || c[3] === 'net_kernel') && this.system(conn, c[3], msg)) return;
        return this.deliver(c[3], msg, c[1] instanceof ErlPid ? c[1] : null);
      case OP.LINK:
        if (c[1] instanceof ErlPid && c[2] instanceof ErlPid) peer.links.set(linkKey(c[2], c[1]), [c[2], c[1]]);
        return this.safeEmit('link', c[1], c[2]);
      case OP.UNLINK:
        if (c[1] instanceof ErlPid && c[2] instanceof ErlPid) peer.links.delete(linkKey(c[2], c[1]));
        return this.safeEmit('unlink', c[1], c[2]);
      case OP.UNLINK_ID:
        if (c[2] instanceof ErlPid && c[3] instanceof ErlPid) peer.links.delete(linkKey(c[3], c[2]));
        conn.send([OP.UNLINK_ID_ACK, c[1], c[3], c[2]]);
        return this.safeEmit('unlink', c[2], c[3]);
      case OP.UNLINK_ID_ACK:
        return;
      case OP.EXIT:
      case OP.EXIT_TT:
      case OP.PAYLOAD_EXIT:
      case OP.PAYLOAD_EXIT_TT: {
        const reason = c[0] === OP.EXIT ? c[3] : c[0] === OP.EXIT_TT ? c[4] : msg;
        if (c[1] instanceof ErlPid && c[2] instanceof ErlPid) peer.links.delete(linkKey(c[2], c[1]));
        return this.safeEmit('exit', c[1], c[2], reason);
      }
      case OP.EXIT2:
      case OP.EXIT2_TT:
      case OP.PAYLOAD_EXIT2:
      case OP.PAYLOAD_EXIT2_TT: {
        const reason = c[0] === OP.EXIT2 ? c[3] : c[0] === OP.EXIT2_TT ? c[4] : msg;
        return this.safeEmit('exit2', c[1], c[2], reason);
      }
      case OP.MONITOR_P:
        return this.safeEmit('monitor', c[1], c[2], c[3]);
      case OP.DEMONITOR_P:
        return this.safeEmit('demonitor', c[1], c[2], c[3]);
      case OP.MONITOR_P_EXIT:
      case OP.PAYLOAD_MONITOR_P_EXIT: {
        const ref = c[3];
        if (!(ref instanceof ErlRef)) return;
        const held = peer.monitors.get(refKey(ref));
        peer.monitors.delete(refKey(ref));
        return this.safeEmit('down', ref, held ? held[1] : c[1], c[2], c[0] === OP.MONITOR_P_EXIT ? c[4] : msg);
      }
      case OP.SPAWN_REQUEST:
      case OP.SPAWN_REQUEST_TT:
        // Not offered (no DFLAG_SPAWN); answer a SPAWN_REPLY with an error so the caller does not hang.
        if (c[1] instanceof ErlRef && c[2] instanceof ErlPid) conn.send([31, c[1], c[2], 0, 'notsup']);
        return;
      default:
        return; // group leader, node links and unknown operations are ignored
    }
  }

  private deliver(to: Term, msg: Term | undefined, from: ErlPid | null): void {
    this.safeEmit('message', to, msg, from);
  }

  /**
   * Answers what the BEAM asks every node: `net_kernel`'s `{:is_auth, node}` call (`Node.ping`)
   * with `:yes`, and `rex`'s `{From, :features_request}`. True when handled.
   */
  private system(conn: Connection, name: string, msg: Term | undefined): boolean {
    if (!Array.isArray(msg)) return false;
    if (name === 'net_kernel' && msg[0] === '$gen_call' && Array.isArray(msg[2]) && msg[2][0] === 'is_auth') {
      this.reply(msg[1], 'yes');
      return true;
    }
    if (name === 'rex' && msg.length === 2 && msg[1] === 'features_request' && msg[0] instanceof ErlPid) {
      conn.send([OP.SEND, '', msg[0]], ['features_reply', this.name, new List()]);
      return true;
    }
    return false;
  }
}

function linkKey(local: ErlPid, remote: ErlPid): string {
  return `${local.id}.${local.serial}|${remote.node}.${remote.id}.${remote.serial}.${remote.creation}`;
}

function refKey(r: ErlRef): string {
  return `${r.node}.${r.creation}.${r.ids.join('.')}`;
}

