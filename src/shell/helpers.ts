/**
 * The shell's globals and iex's helpers, with one doc table that feeds `h()`, `h(fn)` and tab
 * completion. Helpers that only print return `NO_RESULT`, so the shell shows nothing more.
 *
 * @example
 * h()                       // the helpers, one line each
 * h(call)                   // call's doc and an example
 * h('Process.send_after')   // the same, by name
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve as resolvePath, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { typescript } from '../eval/typescript.js';
import * as api from '../index.js';
import { GenServer, sys } from '../behaviours/gen-server.js';
import { currentProc, getRuntime } from '../runtime/kernel.js';
import { Pid, Ref } from '../runtime/pid.js';
import { ArgumentError } from '../runtime/errors.js';
import type { Proc } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';

/** Returned by helpers that only print: the shell prints nothing more. */
export const NO_RESULT: unique symbol = Symbol.for('genrepl.no_result');

/** What helpers need from the shell. */
export interface ShellHooks {
  /** Prints a line (or lines) of output. */
  print(text: string): void;
  /** Formats a value as the shell shows results. */
  show(value: unknown): string;
  /** iex's result history behind `v`. */
  history: ResultHistory;
  /** Starts a new shell process. */
  respawn(): void;
  /** Clears the screen. */
  clear(): void;
}

/** One documented name. */
export interface Doc {
  sig: string;
  doc: string;
  example: string;
  helper?: boolean;
}

/** The doc table: helpers first (they list in `h()`), then the API. */
export const DOCS: Record<string, Doc> = {
  h: { helper: true, sig: 'h(thing?)', doc: 'Help: the helpers, or the doc of a function, module or name.', example: "h(call); h(GenServer); h('Process.send_after')" },
  i: { helper: true, sig: 'i(value)', doc: 'Describes a value; for a pid: alive, name, links, monitors, queue, behaviour, state.', example: 'i(pid)' },
  v: { helper: true, sig: 'v(n?)', doc: "An earlier result: v() the last, v(3) input 3's, v(-2) two back (the last 20 are kept).", example: 'v(2)' },
  flush: { helper: true, sig: 'flush()', doc: "Prints and removes every message in the shell's mailbox; returns 'ok'.", example: "send(self(), 'hi'); flush()" },
  state: { helper: true, sig: 'state(server)', doc: "A GenServer's state (sys.get_state).", example: 'state(pid)' },
  mailbox: { helper: true, sig: 'mailbox(pid)', doc: "The messages queued for a process, not consumed.", example: 'mailbox(pid)' },
  ps: { helper: true, sig: 'ps()', doc: 'A table of every process: pid, name, module or initial call, status, queue, messages handled.', example: 'ps()' },
  web: { helper: true, sig: 'web()', doc: 'Serves the projector page (processes, supervision trees, messages, the selected process, live) on 127.0.0.1; returns its address, the same on every call.', example: 'web()' },
  clear: { helper: true, sig: 'clear()', doc: 'Clears the screen.', example: 'clear()' },
  respawn: { helper: true, sig: 'respawn()', doc: 'Starts a new shell process (new pid, counter back to 1); bindings stay.', example: 'respawn()' },
  c: { helper: true, sig: "c('file.ts')", doc: "Loads a TypeScript file's exports into the shell; returns their names.", example: "c('stack.ts')" },
  r: { helper: true, sig: 'r(Module)', doc: "Reloads a module loaded with c() from its file: ['reloaded', names].", example: 'r(Stack)' },
  advance: { helper: true, sig: 'advance(ms)', doc: 'Moves simulated time forward, firing timers in order (deterministic mode).', example: 'await advance(100)' },
  now: { helper: true, sig: 'now()', doc: "The clock's time in ms (simulated in deterministic mode).", example: 'now()' },
  'rand.uniform': { sig: 'rand.uniform(n)', doc: "A whole number from 1 to n, as Erlang's :rand.uniform (seeded in deterministic mode).", example: 'rand.uniform(9999)' },
  pid: { helper: true, sig: "pid(0, 127, 0) | pid('0.127.0')", doc: 'The pid with those numbers (a printed #PID<0.127.0> typed as input means the same).', example: "pid('0.127.0')" },
  self: { helper: true, sig: 'self()', doc: "The shell's pid (or the current process's).", example: 'self()' },
  start: { sig: 'start(mod, arg, opts?)', doc: "GenServer.start: runs init in a new process; ['ok', pid].", example: 'const [ok, pid] = start(MyKeyStore, [])' },
  start_link: { sig: 'start_link(mod, arg, opts?)', doc: 'GenServer.start_link: as start, linked to the shell.', example: 'start_link(ChangingNumber, [])' },
  call: { sig: 'call(server, request, timeout = 5000)', doc: 'GenServer.call: sends a request and waits for the reply.', example: "call(pid, ['get', 'a'])" },
  cast: { sig: 'cast(server, request)', doc: "GenServer.cast: sends a request without waiting; 'ok'.", example: "cast(pid, ['push', 1])" },
  send: { sig: 'send(dest, msg)', doc: 'Sends a copy of msg to a pid or registered name; returns msg.', example: "send(pid, 'hello')" },
  receive: { sig: 'receive(match?, timeout?)', doc: 'Waits for a message (the first matching one); undefined after the timeout.', example: "await receive((m) => m[0] === 'DOWN', 1000)" },
  spawn: { sig: 'spawn(fn)', doc: 'Starts a process running fn.', example: 'spawn(async () => console.log(await receive()))' },
  spawn_link: { sig: 'spawn_link(fn)', doc: 'Starts a process linked to the caller.', example: "spawn_link(() => exit('bye'))" },
  spawn_monitor: { sig: 'spawn_monitor(fn)', doc: 'Starts a process monitored by the caller: [pid, ref].', example: 'spawn_monitor(work)' },
  spawn_handler: { sig: 'spawn_handler(fn)', doc: 'Starts a handler process: fn(msg) runs once per message.', example: 'spawn_handler((m) => console.log(m))' },
  link: { sig: 'link(pid)', doc: 'Links the caller with pid.', example: 'link(pid)' },
  monitor: { sig: 'monitor(pid)', doc: "Monitors pid: ['DOWN', ref, 'process', pid, reason] follows its exit.", example: 'monitor(pid)' },
  exit: { sig: 'exit(reason)', doc: 'Ends the current process with reason.', example: "exit('bye')" },
  reply: { sig: 'reply(r, s)', doc: "['reply', r, s], for handle_call.", example: 'return reply(value, state)' },
  noreply: { sig: 'noreply(s)', doc: "['noreply', s].", example: 'return noreply(state)' },
  GenServer: { sig: 'GenServer', doc: 'start, start_link, call, cast, reply, stop, whereis: a process that holds state and answers requests.', example: "const [, pid] = GenServer.start(MyKeyStore, []); await GenServer.call(pid, ['get', 'a'])" },
  'GenServer.start': { sig: 'GenServer.start(mod, arg, opts?)', doc: "Starts a server; init runs before this returns: ['ok', pid], ['error', reason] or 'ignore'.", example: 'GenServer.start(MyKeyStore, [])' },
  'GenServer.start_link': { sig: 'GenServer.start_link(mod, arg, opts?)', doc: 'As start, linked to the caller.', example: "GenServer.start_link(Counter, 0, { name: 'counter' })" },
  'GenServer.call': { sig: 'GenServer.call(server, request, timeout = 5000)', doc: 'Sends a request and waits for the reply; fails with an exit after the timeout.', example: "await GenServer.call(pid, ['get', 'a'])" },
  'GenServer.cast': { sig: 'GenServer.cast(server, request)', doc: "Sends a request without waiting; 'ok' always.", example: "GenServer.cast(pid, ['add', 1])" },
  'GenServer.reply': { sig: 'GenServer.reply(from, value)', doc: "Answers a call after ['noreply', s].", example: 'GenServer.reply(from, 42)' },
  'GenServer.stop': { sig: "GenServer.stop(server, reason = 'normal')", doc: "Runs terminate and waits for the exit; 'ok'.", example: 'await GenServer.stop(pid)' },
  'GenServer.whereis': { sig: 'GenServer.whereis(server)', doc: 'The pid behind a name.', example: "GenServer.whereis('counter')" },
  Process: { sig: 'Process', doc: 'send_after, cancel_timer, read_timer, sleep, register, whereis, alive, list, info, exit, flag, monitor, link.', example: "Process.send_after(self(), 'tick', 100)" },
  'Process.send_after': { sig: 'Process.send_after(dest, msg, ms)', doc: 'Sends msg to dest after ms milliseconds; returns a timer ref.', example: "const t = Process.send_after(self(), 'tick', 500)" },
  'Process.cancel_timer': { sig: 'Process.cancel_timer(ref)', doc: 'Cancels a timer: the ms it had left, or false.', example: 'Process.cancel_timer(t)' },
  'Process.read_timer': { sig: 'Process.read_timer(ref)', doc: 'The ms left on a timer, or false.', example: 'Process.read_timer(t)' },
  'Process.sleep': { sig: 'Process.sleep(ms)', doc: "Resolves 'ok' after ms; messages stay queued.", example: 'await Process.sleep(100)' },
  'Process.register': { sig: 'Process.register(pid, name)', doc: 'Registers a name for a pid.', example: "Process.register(pid, 'store')" },
  'Process.unregister': { sig: 'Process.unregister(name)', doc: 'Removes a registered name.', example: "Process.unregister('store')" },
  'Process.whereis': { sig: 'Process.whereis(name)', doc: 'The pid registered under name, or null.', example: "Process.whereis('store')" },
  'Process.registered': { sig: 'Process.registered()', doc: 'Every registered name.', example: 'Process.registered()' },
  'Process.alive': { sig: 'Process.alive(pid)', doc: "Whether the process lives (Elixir's alive?).", example: 'Process.alive(pid)' },
  'Process.list': { sig: 'Process.list()', doc: 'Every live pid.', example: 'Process.list()' },
  'Process.info': { sig: 'Process.info(pid, item?)', doc: "Elixir's process info: status, message_queue_len, links, trap_exit, reductions…; an item (or a list of items) such as messages, monitors, monitored_by.", example: "Process.info(pid, 'message_queue_len')" },
  'Process.exit': { sig: 'Process.exit(pid, reason)', doc: "Sends an exit signal; 'kill' cannot be trapped.", example: "Process.exit(pid, 'kill')" },
  'Process.flag': { sig: "Process.flag('trap_exit', bool)", doc: "Turns exit signals into ['EXIT', from, reason] messages; returns the old value.", example: "Process.flag('trap_exit', true)" },
  'Process.monitor': { sig: 'Process.monitor(pid)', doc: 'As monitor.', example: 'Process.monitor(pid)' },
  'Process.demonitor': { sig: 'Process.demonitor(ref)', doc: 'Removes a monitor.', example: 'Process.demonitor(ref)' },
  'Process.link': { sig: 'Process.link(pid)', doc: 'As link.', example: 'Process.link(pid)' },
  'Process.unlink': { sig: 'Process.unlink(pid)', doc: 'Removes a link.', example: 'Process.unlink(pid)' },
  'Process.send': { sig: 'Process.send(dest, msg)', doc: 'As send.', example: "Process.send(pid, 'hi')" },
  'Process.spawn': { sig: 'Process.spawn(fn)', doc: 'As spawn.', example: 'Process.spawn(fn)' },
  sys: { sig: 'sys', doc: "get_state, replace_state, get_status, suspend, resume, trace: look inside a GenServer.", example: 'await sys.get_state(pid)' },
  'sys.get_state': { sig: 'sys.get_state(server)', doc: "The server's state.", example: 'await sys.get_state(pid)' },
  'sys.replace_state': { sig: 'sys.replace_state(server, fn)', doc: 'Sets the state to fn(state) and returns it.', example: 'await sys.replace_state(pid, (s) => s * 100)' },
  'sys.get_status': { sig: 'sys.get_status(server)', doc: "['status', pid, ['module', 'gen_server'], [...]].", example: 'await sys.get_status(pid)' },
  'sys.suspend': { sig: 'sys.suspend(server)', doc: 'Holds calls, casts and infos until resume.', example: 'await sys.suspend(pid)' },
  'sys.resume': { sig: 'sys.resume(server)', doc: 'Handles again, starting with what arrived while suspended.', example: 'await sys.resume(pid)' },
  'sys.trace': { sig: 'sys.trace(server, on)', doc: 'Prints each event as *DBG* lines.', example: 'await sys.trace(pid, true)' },
  Supervisor: { sig: 'Supervisor', doc: 'start_link, which_children, count_children, start_child, terminate_child, restart_child, delete_child, stop.', example: "Supervisor.start_link([MyKeyStore], { strategy: 'one_for_one' })" },
  'Supervisor.start_link': { sig: 'Supervisor.start_link(children, opts)', doc: "Starts a supervisor and its children; strategy 'one_for_one' | 'one_for_all' | 'rest_for_one'.", example: "Supervisor.start_link([MyKeyStore, [ChangingNumber, []]], { strategy: 'one_for_one' })" },
  'Supervisor.which_children': { sig: 'Supervisor.which_children(sup)', doc: "[[id, pid, type, modules]], last started first.", example: 'await Supervisor.which_children(sup)' },
  'Supervisor.count_children': { sig: 'Supervisor.count_children(sup)', doc: '{ specs, active, supervisors, workers }.', example: 'await Supervisor.count_children(sup)' },
  'Supervisor.start_child': { sig: 'Supervisor.start_child(sup, spec)', doc: "Adds and starts a child: ['ok', pid].", example: 'await Supervisor.start_child(sup, [Counter, 0])' },
  'Supervisor.terminate_child': { sig: 'Supervisor.terminate_child(sup, id)', doc: "Stops a child; its spec stays: 'ok'.", example: "await Supervisor.terminate_child(sup, 'Counter')" },
  'Supervisor.restart_child': { sig: 'Supervisor.restart_child(sup, id)', doc: "Starts a stopped child again: ['ok', pid].", example: "await Supervisor.restart_child(sup, 'Counter')" },
  'Supervisor.delete_child': { sig: 'Supervisor.delete_child(sup, id)', doc: "Removes a stopped child's spec: 'ok'.", example: "await Supervisor.delete_child(sup, 'Counter')" },
  'Supervisor.stop': { sig: 'Supervisor.stop(sup)', doc: 'Stops the supervisor and its children.', example: 'await Supervisor.stop(sup)' },
  DynamicSupervisor: { sig: 'DynamicSupervisor', doc: 'start_link, start_child, terminate_child, which_children, count_children, stop: children started on demand.', example: "DynamicSupervisor.start_link({ name: 'workers' })" },
  Agent: { sig: 'Agent', doc: 'start, start_link, get, update, get_and_update, cast, stop: state behind a process.', example: 'const [, a] = Agent.start_link(() => 0); await Agent.update(a, (n) => n + 1)' },
  Task: { sig: 'Task', doc: 'async, await, yield, start, start_link, shutdown: one function in its own process.', example: 'await Task.await(Task.async(() => 6 * 7))' },
  'Task.async': { sig: 'Task.async(fn)', doc: 'Runs fn in a linked process; await its result.', example: 'const t = Task.async(() => 6 * 7)' },
  'Task.await': { sig: 'Task.await(task, timeout = 5000)', doc: "The task's result.", example: 'await Task.await(t)' },
  MyKeyStore: { sig: 'MyKeyStore', doc: "The article's key-value GenServer: ['put', k, v] and ['get', k].", example: "const [, pid] = start(MyKeyStore, []); await call(pid, ['put', 'a', 'value'])" },
  ChangingNumber: { sig: 'ChangingNumber', doc: "The article's number that changes itself every 100 ms; 'get' replies it.", example: "const [, pid2] = start(ChangingNumber, []); await call(pid2, 'get')" },
};

/** iex's result history: the last `size` results by input number. */
export class ResultHistory {
  private readonly results = new Map<number, unknown>();
  constructor(readonly size = 20) {}
  /** Records the result of input `n`. */
  add(n: number, value: unknown): void {
    this.results.set(n, value);
    for (const k of this.results.keys()) if (k <= n - this.size) this.results.delete(k);
  }
  /** Forgets everything (a new shell process). */
  clear(): void {
    this.results.clear();
  }
  /** `v()`, `v(n)`, `v(-k)`, with iex's out-of-bounds error. */
  get(n?: number): unknown {
    const keys = [...this.results.keys()];
    const last = keys.length ? Math.max(...keys) : 0;
    const want = n === undefined ? last : n < 0 ? last + 1 + n : n;
    if (n !== undefined && typeof n !== 'number') throw new ArgumentError(`v expects a number, got: ${inspect(n)}`);
    if (!this.results.has(want)) {
      const e = new Error(`v(${n ?? ''}) is out of bounds`);
      e.name = 'RuntimeError';
      throw e;
    }
    return this.results.get(want);
  }
}

/** Finds the doc for a value (by identity) or a name. */
function findDoc(thing: unknown, byValue: Map<unknown, string>): [string, Doc] | undefined {
  const name = typeof thing === 'string' ? thing : byValue.get(thing);
  if (name === undefined) return undefined;
  const doc = DOCS[name];
  return doc === undefined ? undefined : [name, doc];
}

/** Loaded modules by export value, for r(). */
const loadedFrom = new Map<unknown, string>();

/** Builds the globals the shell installs: the API, the helpers, the examples. */
export function shellGlobals(hooks: ShellHooks): Record<string, unknown> {
  const g: Record<string, unknown> = {
    ...api,
    start: GenServer.start,
    start_link: GenServer.start_link,
    call: GenServer.call,
    cast: GenServer.cast,
  };
  delete g.runtime;
  const byValue = new Map<unknown, string>();
  const helpers: Record<string, unknown> = {
    h(thing?: unknown) {
      if (thing === undefined) {
        const names = Object.keys(DOCS).filter((k) => DOCS[k]!.helper);
        const w = Math.max(...names.map((k) => DOCS[k]!.sig.length));
        hooks.print(['Helpers (h(name) for more; globals: start, call, cast, send, receive, spawn, GenServer, Process, Supervisor, Agent, Task, sys, MyKeyStore, ChangingNumber):', '',
          ...names.map((k) => `  ${DOCS[k]!.sig.padEnd(w)}  ${DOCS[k]!.doc}`)].join('\n'));
        return NO_RESULT;
      }
      const found = findDoc(thing, byValue);
      if (found === undefined) {
        hooks.print(`No documentation for ${typeof thing === 'string' ? thing : inspect(thing)}. Try h() for the list.`);
        return NO_RESULT;
      }
      const [, d] = found;
      hooks.print(`${d.sig}\n\n  ${d.doc}\n\n  Example:\n    ${d.example}`);
      return NO_RESULT;
    },
    i(x: unknown) {
      hooks.print(describe(x));
      return NO_RESULT;
    },
    v(n?: number) {
      return hooks.history.get(n);
    },
    flush() {
      const me = currentProc();
      const mb = me.mailbox;
      const lines: string[] = [];
      while (mb !== null && mb.length > 0) lines.push(hooks.show(mb.shift()));
      if (lines.length) hooks.print(lines.join('\n'));
      return 'ok';
    },
    state(server: Pid | string) {
      return sys.get_state(server);
    },
    mailbox(p: Pid) {
      const info = getRuntime().details(p);
      if (info === null) throw new ArgumentError(`${inspect(p)} is not alive`);
      return info.messages;
    },
    ps() {
      hooks.print(psTable());
      return NO_RESULT;
    },
    clear() {
      hooks.clear();
      return NO_RESULT;
    },
    respawn() {
      hooks.respawn();
      return NO_RESULT;
    },
    c(file: string) {
      return load(file);
    },
    r(mod: unknown) {
      const file = loadedFrom.get(mod);
      if (file === undefined) throw new ArgumentError(`${inspect(mod)} was not loaded with c('file.ts'), so there is no file to reload it from`);
      return ['reloaded', load(file)];
    },
  };
  Object.assign(g, helpers);
  for (const [name, value] of Object.entries(g)) if (typeof value === 'function' || (typeof value === 'object' && value !== null)) byValue.set(value, name);
  for (const [ns, obj] of [['GenServer', api.GenServer], ['Process', api.Process], ['sys', api.sys], ['Supervisor', api.Supervisor], ['DynamicSupervisor', api.DynamicSupervisor], ['Agent', api.Agent], ['Task', api.Task]] as const) {
    for (const [k, f] of Object.entries(obj)) if (!byValue.has(f) || DOCS[`${ns}.${k}`]) byValue.set(f, `${ns}.${k}`);
  }
  // The short globals point at the GenServer functions: prefer their short docs.
  for (const k of ['start', 'start_link', 'call', 'cast', 'send', 'spawn', 'link', 'monitor']) byValue.set(g[k], k);
  return g;
}



/** `i(x)`: iex's sections. */
export function describe(x: unknown): string {
  const section = (title: string, body: string) => `${title}\n  ${body}`;
  if (x instanceof Pid) {
    const rt = getRuntime();
    const info = rt.details(x);
    const out = [section('Term', String(x)), section('Data type', 'PID'), section('Alive', String(info !== null))];
    if (info !== null) {
      out.push(section('Name', info.registered_name === null ? 'not registered' : inspect(info.registered_name)));
      out.push(section('Links', info.links.length ? info.links.join(', ') : 'none'));
      out.push(section('Monitors', info.monitors.length ? info.monitors.map((m) => String(m[1])).join(', ') : 'none'));
      out.push(section('Monitored by', info.monitored_by.length ? info.monitored_by.join(', ') : 'none'));
      out.push(section('Message queue length', String(info.message_queue_len)));
      out.push(section('Messages handled', String(info.reductions)));
      out.push(section('Behaviour', info.behaviour ? `${info.behaviour} (module ${info.module})` : `none (initial call ${info.initial_call.join('.').replace(/\.(\d+)$/, '/$1')})`));
      const p = rt.procOf(x) as Proc;
      const d = p.handler?.describe?.();
      if (d !== undefined && 'state' in d) out.push(section('State', inspect(d.state, { width: 76 }).split('\n').join('\n  ')));
      out.push(section('Description', 'Use Process.info(pid) for more, state(pid) for a GenServer\'s state, mailbox(pid) for its messages.'));
    }
    return out.join('\n');
  }
  const type = x === null ? 'null' : x instanceof Ref ? 'Reference' : Array.isArray(x) ? 'Array' : x instanceof Map ? 'Map' : x instanceof Set ? 'Set' : typeof x === 'function' ? (/^class\b/.test(Function.prototype.toString.call(x)) ? 'Class' : 'Function') : typeof x === 'object' ? (Object.getPrototypeOf(x)?.constructor?.name ?? 'Object') : typeof x;
  const out = [section('Term', inspect(x, { width: 76 }).split('\n').join('\n  ')), section('Data type', type)];
  if (typeof x === 'string') out.push(section('Byte size', String(Buffer.byteLength(x))), section('Description', 'A string. In genrepl, strings also play the part of Elixir atoms (\'ok\').'));
  else if (Array.isArray(x)) out.push(section('Length', String(x.length)), section('Description', 'An array. In genrepl, arrays also play the part of Elixir tuples ([\'ok\', pid]).'));
  else if (x instanceof Map) out.push(section('Size', String(x.size)));
  else if (typeof x === 'function') {
    const doc = DOCS[(x as Function).name];
    if (doc !== undefined) out.push(section('Description', doc.doc));
    const cbs = ['init', 'handle_call', 'handle_cast', 'handle_info', 'handle_continue', 'terminate'].filter((k) => typeof (x as any).prototype?.[k] === 'function' || typeof (x as any)[k] === 'function');
    if (cbs.length) out.push(section('GenServer callbacks', cbs.join(', ')));
  }
  return out.join('\n');
}

/** `ps()`: one row per process. */
export function psTable(): string {
  const rt = getRuntime();
  const rows = [['PID', 'NAME', 'MODULE / INITIAL CALL', 'STATUS', 'QUEUE', 'HANDLED']];
  for (const pid of rt.list()) {
    const info = rt.details(pid)!;
    const who = info.module !== undefined ? `${info.module} (${info.behaviour})` : info.initial_call.join('.').replace(/\.(\d+)$/, '/$1');
    const me = pid === rt.main.pid ? ' (shell)' : '';
    rows.push([String(pid), info.registered_name === null ? '' : inspect(info.registered_name), who + me, info.status, String(info.message_queue_len), String(info.reductions)]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => (i >= 4 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** c(file): compiles a TypeScript file to CommonJS, runs it, and puts its exports in the shell. */
function load(file: string): string[] {
  const path = resolvePath(process.cwd(), file);
  if (!existsSync(path)) throw new ArgumentError(`could not load ${file}: no such file (${path})`, 'genrepl.enoent');
  const source = readFileSync(path, 'utf8');
  const ts = typescript();
  const out = ts.transpileModule(source, {
    fileName: path,
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true },
  });
  const errs = out.diagnostics ?? [];
  if (errs.length) {
    const d = errs[0]!;
    const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
    const e = new SyntaxError(`${file}${pos ? `:${pos.line + 1}:${pos.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    throw e;
  }
  const base = createRequire(path);
  const req = (id: string) => (id === 'genrepl' ? api : base(id));
  const module = { exports: {} as Record<string, unknown> };
  const fn = new Function('exports', 'require', 'module', '__filename', '__dirname', out.outputText);
  fn(module.exports, req, module, path, dirname(path));
  const names: string[] = [];
  const g = globalThis as any;
  for (const [k, v] of Object.entries(module.exports)) {
    if (k === '__esModule') continue;
    const name = k === 'default' ? (typeof v === 'function' && v.name ? v.name : 'default') : k;
    g[name] = v;
    names.push(name);
    loadedFrom.set(v, path);
  }
  return names;
}
