/**
 * The doc table behind `h()`, `h(fn)`, `i(fn)` and tab completion: one entry per documented
 * name (its signature, one line of doc, an example); helpers first, as `h()` lists them.
 *
 * @example
 * DOCS['GenServer.call'].sig // 'GenServer.call(server, request, timeout = 5000)'
 */
import { OBSERVE_DOCS } from '../observe/helpers.js';

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
  ...OBSERVE_DOCS,
};
