/**
 * The bridge between a runtime and a `DistNode`: it implements the kernel's port to other nodes
 * (`Remote`, src/runtime/remote.ts) over the Erlang distribution protocol, and turns what the
 * node receives into the runtime's messages and signals.
 *
 * | runtime | wire |
 * |---|---|
 * | a local `Pid` (`#PID<0.110.0>`) | this node's pid 110 |
 * | a remote `Pid` (`#PID<N.110.0>`, N numbers a node incarnation from 1) | that node's pid |
 * | a `Ref` | a reference of this node (the same `Ref` object comes back) |
 * | a `from` (`Call`) | `{pid, tag}` |
 * | an Error in an exit reason | `{%RuntimeError{message: …}, []}` (Elixir's shape) |
 *
 * Incoming calls (`{:"$gen_call", {pid, tag}, req}`) arrive as `['$gen_call', from, req]` with a
 * `from` that `GenServer.reply` answers across the wire (through the caller's alias when it sent
 * one); outgoing calls monitor the server as OTP's `gen` does, so a dead server or a lost node
 * fails the call at once.
 *
 * @example
 * const bridge = new Bridge(rt, { name: 'a@127.0.0.1' }); // installs itself: rt.remote === bridge
 * await bridge.start();
 * rt.send(['shop', 'b@127.0.0.1'], 'hi');
 */
import { ArgumentError, Call, copyMessage, Pid, Proc, Ref } from '../runtime/kernel.js';
import type { Remote, RemoteName, RemoteRelations, Runtime } from '../runtime/kernel.js';
import { DistNode, ErlPid, ErlRef, EtfEncodeError, List, binary, list, termEquals, type DistNodeOptions, type Term } from '../dist/index.js';
import * as system from './system.js';
import { controls, type NodeControl } from './control.js';
import { WeakTable } from './weak-table.js';

/** Third id word of the references the runtime makes (DistNode.makeRef's have 0). */
const RUNTIME_REF = 1;
const REF_SPLIT = 0x40000;

/**
 * A call from another node: `from` answers over the wire; iterates as `[pid, tag]`. A system
 * request that fails here (a `replace_state` callback that threw) is answered `{:error, reason}`.
 */
class RemoteCall extends Call {
  constructor(
    watcher: Proc,
    readonly caller: Pid,
    readonly remoteTag: unknown,
    request: unknown,
    bridge: Bridge,
    system: boolean,
  ) {
    super(watcher, remoteFail, caller, request, Infinity);
    this.resolve = (v) => bridge.replyOut(this, v);
    if (system) this.reject = (e) => bridge.replyOut(this, ['error', (e as RemoteFailure).reason]);
  }
  override get pid(): Pid {
    return this.caller;
  }
  override get tag(): Ref {
    return this.remoteTag as Ref;
  }
  override *[Symbol.iterator](): IterableIterator<Pid | Ref> {
    yield this.caller;
    yield this.remoteTag as Ref;
  }
  override toString(): string {
    return `[${this.caller}, ${String(this.remoteTag)}]`;
  }
}

/** How a call from another node failed here. */
interface RemoteFailure extends Error {
  reason: unknown;
}

function remoteFail(_call: Call, reason: unknown): RemoteFailure {
  return Object.assign(new Error('a call from another node fails on that node'), { reason });
}

/** A monitor a local process holds on another node. */
interface HeldMonitor {
  watcher: Pid;
  /** What its DOWN names: the pid, or `[name, node]`. */
  what: Pid | RemoteName;
  target: ErlPid | [string, string];
}

/** The runtime's `Remote`, over a `DistNode` (see the module doc). */
export class Bridge implements Remote, NodeControl {
  readonly self: string;
  /** Node incarnations by number (index 0 is this node). */
  private readonly nodeTable: { name: string; creation: number }[] = [{ name: '', creation: 0 }];
  private readonly nodeIndex = new Map<string, number>();
  private readonly remotePids = new WeakTable<string | number, Pid>();
  /** The node incarnation of the last remote pid seen: messages name the same node again and again. */
  private lastNode: string | null = null;
  private lastCreation = 0;
  private lastIndex = 0;
  private readonly refs = new WeakTable<number, Ref>();
  /** Remote processes linked to each local process, by local pid number. */
  private readonly links = new Map<number, Set<Pid>>();
  /** Remote monitors on each local process: ref key → [ref, watcher, target as monitored]. */
  private readonly watchedBy = new Map<number, Map<string, [ErlRef, ErlPid, ErlPid | string]>>();
  /** Monitors local processes hold on other nodes. */
  private readonly held = new Map<Ref, HeldMonitor>();
  /** Calls waiting for a reply from another node, by tag. */
  private readonly calls = new Map<Ref, [Call, ErlPid | [string, string]]>();
  /**
   * The refs of the monitors and calls each local process holds on other nodes, by pid number:
   * when it exits they are cancelled over the wire (DEMONITOR_P), as the BEAM does.
   */
  private readonly heldBy = new Map<number, Set<Ref>>();
  /** Pending calls at which ended ones are swept (see sweepCalls). */
  private sweepAt = 1024;
  /** `Node.monitor` subscribers by node. */
  private readonly nodeWatchers = new Map<string, Set<Pid>>();
  /** The process remote calls are answered for (as the BEAM's net_kernel). */
  private readonly kernel: Proc;

  readonly dist: DistNode;

  constructor(
    readonly rt: Runtime,
    options: Omit<DistNodeOptions, 'replace'>,
  ) {
    const dist = (this.dist = new DistNode({ ...options, replace: (v) => this.replace(v) }));
    this.self = dist.name;
    this.kernel = rt.startHandler(() => undefined, { name: 'net_kernel', initialCall: ['net_kernel', 'init', 1] });
    dist.on('message', (to: Term, msg: Term, _from: ErlPid | null) => this.onMessage(to, msg));
    dist.on('link', (from: ErlPid, to: ErlPid) => this.onLink(from, to));
    dist.on('unlink', (from: ErlPid, to: ErlPid) => this.local(to) !== null && this.links.get(to.id)?.delete(this.fromErl(from)));
    dist.on('exit', (from: ErlPid, to: ErlPid, reason: Term) => this.onExit(from, to, reason, true));
    dist.on('exit2', (from: ErlPid, to: ErlPid, reason: Term) => this.onExit(from, to, reason, false));
    dist.on('monitor', (from: ErlPid, target: ErlPid | string, ref: ErlRef) => this.onMonitor(from, target, ref));
    dist.on('demonitor', (_from: ErlPid, target: ErlPid | string, ref: ErlRef) => {
      const p = this.localTarget(target);
      if (p !== null) this.watchedBy.get(p.pid.id)?.delete(refKey(ref));
    });
    dist.on('down', (ref: ErlRef, _target: Term, _watcher: ErlPid, reason: Term) => this.onDown(ref, reason));
    dist.on('nodedown', (node: string) => this.onNodeDown(node));
    controls.set(rt, this);
    rt.setRemote(this);
  }

  /** Starts the node (epmd registration, listening). @example await bridge.start() */
  async start(): Promise<this> {
    await this.dist.start();
    return this;
  }

  /** Stops the node; the runtime is no node any more. @example await bridge.stop() */
  async stop(): Promise<void> {
    this.rt.setRemote(null);
    controls.delete(this.rt);
    await this.dist.stop();
  }

  // ---- terms -------------------------------------------------------------------------------

  /** The wire pid of a runtime pid. */
  toErl(pid: Pid): ErlPid {
    if (pid.node === 0) return this.dist.pid(pid.id, pid.serial);
    const n = this.nodeTable[pid.node]!;
    return new ErlPid(n.name, pid.id, pid.serial, n.creation);
  }

  /** The runtime pid of a wire pid: a local one, or a remote one (the same object each time). */
  fromErl(p: ErlPid): Pid {
    if (this.dist.isLocal(p)) return this.rt.pid(0, p.id, 0);
    if (p.node === this.lastNode && p.creation === this.lastCreation) return this.internPid(this.lastIndex, p.id, p.serial);
    const key = `${p.node}|${p.creation}`;
    let index = this.nodeIndex.get(key);
    if (index === undefined) {
      index = this.nodeTable.length;
      this.nodeTable.push({ name: p.node, creation: p.creation });
      this.nodeIndex.set(key, index);
    }
    this.lastNode = p.node;
    this.lastCreation = p.creation;
    this.lastIndex = index;
    return this.internPid(index, p.id, p.serial);
  }

  private internPid(index: number, id: number, serial: number): Pid {
    // A number when the parts fit in 53 bits (they nearly always do), else a string.
    const key = id < 0x10000000 && serial < 0x100 && index < 0x20000 ? (index * 0x100 + serial) * 0x10000000 + id : `${index}.${id}.${serial}`;
    let pid = this.remotePids.get(key);
    if (pid === undefined) {
      pid = new Pid(index, id, serial);
      this.remotePids.set(key, pid);
    }
    return pid;
  }

  private toErlRef(r: Ref): ErlRef {
    if (this.refs.get(r.n) !== r) this.refs.set(r.n, r);
    return new ErlRef(this.self, this.dist.creation, [r.n % REF_SPLIT, Math.floor(r.n / REF_SPLIT), RUNTIME_REF]);
  }

  private fromErlRef(r: ErlRef): Ref | ErlRef {
    if (!this.dist.isLocal(r) || r.ids.length !== 3 || r.ids[2] !== RUNTIME_REF) return r;
    const n = r.ids[0]! + r.ids[1]! * REF_SPLIT;
    return this.refs.get(n) ?? r;
  }

  /** The encoder's hook: runtime values as Erlang terms. */
  readonly replace = (v: object): Term | undefined => {
    if (v instanceof Pid) return this.toErl(v);
    if (v instanceof Ref) return this.toErlRef(v);
    if (v instanceof RemoteCall) return [this.toErl(v.caller), v.remoteTag as Term];
    if (v instanceof Call) return [this.toErl(v.pid), this.toErlRef(v.tag)];
    if (v instanceof Error) {
      const struct = v.name === 'ArgumentError' ? 'Elixir.ArgumentError' : 'Elixir.RuntimeError';
      return [{ __struct__: struct, __exception__: true, message: binary(v.message) }, list()];
    }
    return undefined;
  };

  /** A decoded term with its pids and this runtime's refs made the runtime's own (in place). */
  revive(t: Term | undefined): unknown {
    if (typeof t !== 'object' || t === null) return t;
    if (t instanceof ErlPid) return this.fromErl(t);
    if (t instanceof ErlRef) return this.fromErlRef(t);
    if (Array.isArray(t)) {
      for (let i = 0; i < t.length; i++) if (typeof t[i] === 'object' && t[i] !== null) t[i] = this.revive(t[i]) as Term;
      if (t instanceof List && t.tail !== undefined) t.tail = this.revive(t.tail) as Term;
      return t;
    }
    if (t instanceof Map) {
      const entries = [...t];
      t.clear();
      for (const [k, v] of entries) t.set(this.revive(k) as Term, this.revive(v) as Term);
      return t;
    }
    if (Object.getPrototypeOf(t) === Object.prototype) {
      const o = t as Record<string, Term>;
      for (const k of Object.keys(o)) o[k] = this.revive(o[k]) as Term;
    }
    return t;
  }

  /** A message safe to hold until a connection is up (encoding copies it once it is). */
  private wire(node: string, msg: unknown): unknown {
    return this.dist.connected(node) ? msg : copyMessage(msg);
  }

  private target(to: Pid | RemoteName): ErlPid | [string, string] {
    return to instanceof Pid ? this.toErl(to) : [to[0], to[1]];
  }

  private local(p: ErlPid): Proc | null {
    if (!this.dist.isLocal(p)) return null;
    const proc = this.rt.table.procs.get(p.id);
    return proc !== undefined && !proc.dead ? proc : null;
  }

  private localTarget(t: ErlPid | string): Proc | null {
    return typeof t === 'string' ? (this.rt.names.get(t) ?? null) : this.local(t);
  }

  // ---- Remote: the runtime's signals out -----------------------------------------------------

  nodeName(index: number): string | undefined {
    return this.nodeTable[index]?.name || undefined;
  }

  pid(index: number, id: number, serial: number): Pid | null {
    return index > 0 && index < this.nodeTable.length ? this.internPid(index, id, serial) : null;
  }

  send(to: Pid | RemoteName, msg: unknown, from: Pid): void {
    const t = this.target(to);
    const node = t instanceof ErlPid ? t.node : t[1];
    if (node === this.self) return; // a pid of this node's earlier incarnation: dropped
    this.sendTerm(t, this.wire(node, msg), this.toErl(from));
  }

  /** Sends, refusing as a local send refuses what it cannot copy: a message with no Erlang term. */
  private sendTerm(to: ErlPid | [string, string], msg: unknown, from: ErlPid): void {
    try {
      this.dist.send(to, msg, from);
    } catch (e) {
      if (!(e instanceof EtfEncodeError)) throw e;
      throw new ArgumentError(`a message to another node must be an Erlang term: ${e.message}`, 'genrepl.no_term');
    }
  }

  link(from: Pid, to: Pid): void {
    let set = this.links.get(from.id);
    if (set === undefined) this.links.set(from.id, (set = new Set()));
    set.add(to);
    this.dist.link(this.toErl(from), this.toErl(to));
  }

  unlink(from: Pid, to: Pid): void {
    this.links.get(from.id)?.delete(to);
    this.dist.unlink(this.toErl(from), this.toErl(to));
  }

  exit(from: Pid, to: Pid, reason: unknown): void {
    this.dist.exit(this.toErl(from), this.toErl(to), reason);
  }

  monitor(watcher: Pid, target: Pid | RemoteName, ref: Ref): void {
    const t = this.target(target);
    this.held.set(ref, { watcher, what: target instanceof Pid ? target : [target[0], target[1]], target: t });
    this.hold(watcher, ref);
    this.dist.monitor(this.toErl(watcher), t, this.toErlRef(ref));
  }

  demonitor(watcher: Pid, ref: Ref): void {
    const m = this.held.get(ref);
    if (m === undefined) return;
    this.held.delete(ref);
    this.release(watcher, ref);
    this.dist.demonitor(this.toErl(watcher), m.target, this.toErlRef(ref));
  }

  /** Notes that local `pid` holds monitor or call `ref` on another node. */
  private hold(pid: Pid, ref: Ref): void {
    let set = this.heldBy.get(pid.id);
    if (set === undefined) this.heldBy.set(pid.id, (set = new Set()));
    set.add(ref);
  }

  /** The monitor or call `ref` of local `pid` ended. */
  private release(pid: Pid, ref: Ref): void {
    const set = this.heldBy.get(pid.id);
    if (set !== undefined && set.delete(ref) && set.size === 0) this.heldBy.delete(pid.id);
  }

  /** Local `pid` exited: the monitors it held on other nodes, and those of its pending calls, are cancelled there. */
  private cancelHeld(pid: Pid, refs: Set<Ref>): void {
    this.heldBy.delete(pid.id);
    const me = this.toErl(pid);
    for (const ref of refs) {
      const m = this.held.get(ref);
      const c = m === undefined ? this.calls.get(ref) : undefined;
      const target = m !== undefined ? m.target : c?.[1];
      if (target === undefined) continue;
      if (m !== undefined) this.held.delete(ref);
      else this.calls.delete(ref);
      this.dist.demonitor(me, target, this.toErlRef(ref));
    }
  }

  call(call: Call, to: Pid | RemoteName): void {
    const t = this.target(to);
    const node = t instanceof ErlPid ? t.node : t[1];
    const caller = this.toErl(call.pid);
    const tag = this.toErlRef(call.tag);
    if (this.calls.size >= this.sweepAt) this.sweepCalls();
    this.calls.set(call.tag, [call, t]);
    this.hold(call.pid, call.tag);
    const request = call.label === 'system' ? system.toWire(call.request as unknown[]) : call.request;
    // As OTP's gen: the server is monitored, so its exit (or its node's) ends the call at once.
    try {
      this.sendTerm(t, [call.label, [caller, tag], this.wire(node, request) as Term], caller);
    } catch (e) {
      this.calls.delete(call.tag);
      this.release(call.pid, call.tag);
      this.rt.failCall(call, ['badarg', (e as Error).message]);
      return;
    }
    this.dist.monitor(caller, t, tag);
  }

  /** Forgets calls that ended here (timed out) with no reply or DOWN yet, and their monitors. */
  private sweepCalls(): void {
    for (const [tag, [call, target]] of this.calls) {
      if (!call.done) continue;
      this.calls.delete(tag);
      this.release(call.pid, tag);
      this.dist.demonitor(this.toErl(call.pid), target, this.toErlRef(tag));
    }
    this.sweepAt = Math.max(1024, this.calls.size * 2);
  }

  exited(pid: Pid, reason: unknown): void {
    const linked = this.links.get(pid.id);
    const watched = this.watchedBy.get(pid.id);
    const holds = this.heldBy.get(pid.id);
    if (holds !== undefined) this.cancelHeld(pid, holds);
    if (linked === undefined && watched === undefined) return;
    this.links.delete(pid.id);
    this.watchedBy.delete(pid.id);
    const me = this.toErl(pid);
    for (const r of linked ?? []) this.safely(reason, (why) => this.dist.linkExit(me, this.toErl(r), why));
    for (const [ref, watcher, target] of watched?.values() ?? []) this.safely(reason, (why) => this.dist.monitorExit(target, watcher, ref, why));
  }

  relations(pid: Pid): RemoteRelations | null {
    const linked = this.links.get(pid.id);
    const holds = this.heldBy.get(pid.id);
    const watched = this.watchedBy.get(pid.id);
    if (linked === undefined && holds === undefined && watched === undefined) return null;
    const monitors: (Pid | RemoteName)[] = [];
    for (const ref of holds ?? []) {
      const m = this.held.get(ref);
      if (m !== undefined) monitors.push(m.what);
    }
    // One entry per monitor, as the BEAM lists them.
    const by: Pid[] = [];
    for (const [, watcher] of watched?.values() ?? []) by.push(this.fromErl(watcher));
    return { links: [...(linked ?? [])], monitors, monitoredBy: by };
  }

  /** Sends a signal with `reason`, or with its printed form when it has no Erlang term. */
  private safely(reason: unknown, send: (why: unknown) => void): void {
    try {
      send(reason);
    } catch {
      send(binary(String(reason)));
    }
  }

  /** Answers a call from another node (the `resolve` of its `from`). */
  replyOut(call: RemoteCall, value: unknown): void {
    this.dist.reply([this.toErl(call.caller), call.remoteTag as Term], value);
  }

  // ---- what the node receives --------------------------------------------------------------

  private onMessage(to: Term, raw: Term): void {
    const msg = this.revive(raw);
    if (to instanceof ErlRef) {
      // A reply through an alias (a call's tag).
      const r = this.fromErlRef(to);
      if (r instanceof Ref && Array.isArray(msg) && msg.length === 2) this.answered(r, msg[1]);
      return;
    }
    const p = typeof to === 'string' ? (this.rt.names.get(to) ?? null) : to instanceof ErlPid ? this.local(to) : null;
    if (p === null) return;
    if (Array.isArray(msg)) {
      if (msg.length === 2 && msg[0] instanceof Ref && this.calls.get(msg[0])?.[0].watcher === p) return this.answered(msg[0], msg[1]);
      const from = msg[1];
      if (msg.length === 3 && (msg[0] === '$gen_call' || msg[0] === 'system') && Array.isArray(from) && from.length === 2 && from[0] instanceof Pid) {
        if (msg[0] === 'system') {
          // OTP's system message (sys.*, GenServer.stop): the runtime's own form, which a GenServer answers.
          const req = system.fromWire(msg[2]);
          if (req === null) return this.dist.reply([this.toErl(from[0]), from[1] as Term], system.unservable(msg[2]));
          msg[0] = '$system';
          msg[2] = req;
        }
        msg[1] = new RemoteCall(this.kernel, from[0], from[1], msg[2], this, msg[0] === '$system');
      }
    }
    this.rt.deliver(p, msg);
  }

  private answered(tag: Ref, value: unknown): void {
    const c = this.calls.get(tag);
    if (c === undefined) return;
    const [call, target] = c;
    const req = call.label === 'system' ? (call.request as unknown[]) : null;
    // GenServer.stop: the server's `ok` comes just before its exit, whose DOWN ends the call (onDown).
    if (req?.[0] === 'terminate') return;
    this.calls.delete(tag);
    this.release(call.pid, tag);
    this.dist.demonitor(this.toErl(call.pid), target, this.toErlRef(tag));
    if (req === null) return this.rt.replyTo(call, value);
    const [ok, v] = system.replyOf(req, value);
    if (ok === 'ok') this.rt.replyTo(call, v);
    else this.rt.failCall(call, v);
  }

  private onLink(from: ErlPid, to: ErlPid): void {
    const p = this.local(to);
    if (p === null) return this.dist.linkExit(to, from, 'noproc');
    let set = this.links.get(p.pid.id);
    if (set === undefined) this.links.set(p.pid.id, (set = new Set()));
    set.add(this.fromErl(from));
  }

  private onExit(from: ErlPid, to: ErlPid, reason: Term, viaLink: boolean): void {
    const p = this.local(to);
    if (p === null) return;
    const sender = this.fromErl(from);
    if (viaLink) {
      const set = this.links.get(p.pid.id);
      // A link this side no longer holds (unlinked meanwhile) carries nothing.
      if (set === undefined || !set.delete(sender)) return;
    }
    this.rt.signal(p, sender, this.revive(reason), viaLink);
  }

  private onMonitor(from: ErlPid, target: ErlPid | string, ref: ErlRef): void {
    const p = this.localTarget(target);
    if (p === null) return this.dist.monitorExit(target, from, ref, 'noproc');
    let m = this.watchedBy.get(p.pid.id);
    if (m === undefined) this.watchedBy.set(p.pid.id, (m = new Map()));
    m.set(refKey(ref), [ref, from, target]);
  }

  private onDown(ref: ErlRef, raw: Term): void {
    const r = this.fromErlRef(ref);
    if (!(r instanceof Ref)) return;
    const reason = this.revive(raw);
    const c = this.calls.get(r);
    if (c !== undefined) {
      const [call, target] = c;
      this.calls.delete(r);
      this.release(call.pid, r);
      // GenServer.stop: the server exited with the reason asked for (proc_lib:stop's test).
      const req = call.label === 'system' ? (call.request as unknown[]) : null;
      if (req?.[0] === 'terminate' && termEquals(reason, req[1])) return this.rt.replyTo(call, 'ok');
      const node = target instanceof ErlPid ? target.node : target[1];
      this.rt.failCall(call, reason === 'noconnection' ? ['nodedown', node] : reason);
      return;
    }
    const m = this.held.get(r);
    if (m === undefined) return;
    this.held.delete(r);
    this.release(m.watcher, r);
    this.rt.remoteDown(m.watcher, r, m.what, reason);
  }

  private onNodeDown(node: string): void {
    // The monitors that node's processes held here are gone with the connection.
    for (const [id, m] of this.watchedBy) {
      for (const [key, [, watcher]] of m) if (watcher.node === node) m.delete(key);
      if (m.size === 0) this.watchedBy.delete(id);
    }
    const watchers = this.nodeWatchers.get(node);
    if (watchers === undefined) return;
    this.nodeWatchers.delete(node);
    for (const w of watchers) this.tell(w, ['nodedown', node]);
  }

  private tell(pid: Pid, msg: unknown): void {
    const p = this.rt.procOf(pid);
    if (p !== null) this.rt.deliver(p, msg);
  }

  // ---- NodeControl: Node.* -----------------------------------------------------------------

  connect(node: string, quiet?: boolean): Promise<boolean> {
    return this.dist.connect(node, quiet);
  }

  disconnect(node: string): boolean {
    return this.dist.disconnect(node);
  }

  list(): string[] {
    return this.dist.nodes();
  }

  monitorNode(node: string, watcher: Pid, on: boolean): void {
    if (!on) {
      this.nodeWatchers.get(node)?.delete(watcher);
      return;
    }
    let set = this.nodeWatchers.get(node);
    if (set === undefined) this.nodeWatchers.set(node, (set = new Set()));
    set.add(watcher);
    // As the BEAM: a node that cannot be reached is down at once.
    void this.dist.connect(node).then((ok) => {
      if (!ok && this.nodeWatchers.get(node)?.delete(watcher)) this.tell(watcher, ['nodedown', node]);
    });
  }
}

function refKey(r: ErlRef): string {
  return `${r.node}.${r.creation}.${r.ids.join('.')}`;
}
