/**
 * GenServer: a process that holds state and answers requests, with Elixir's callbacks and
 * contracts. A callback module is a plain object with methods, a class (instantiated once per
 * server) or a class with static methods. Callbacks return Elixir's shapes as arrays; the tiny
 * constructors `reply`, `noreply` and `stop` build them.
 *
 * ```ts
 * const Stack: GenServerModule<number[]> = {
 *   init(items: number[]) { return ['ok', items]; },
 *   handle_call(req: 'pop', _from: From, [top, ...rest]: number[]) { return reply(top, rest); },
 *   handle_cast(req: ['push', number], items: number[]) { return noreply([req[1], ...items]); },
 * };
 * const [, pid] = GenServer.start(Stack, [1]);
 * GenServer.cast(pid, ['push', 2]);
 * await GenServer.call(pid, 'pop'); // 2
 * ```
 *
 * ## Callbacks and their return shapes
 *
 * - `init(arg)` → `['ok', state]`, `['ok', state, timeout | ['continue', x] | 'hibernate']`,
 *   `['stop', reason]`, `'ignore'`. Synchronous, as in Elixir: do slow work in
 *   `handle_continue`.
 * - `handle_call(request, from, state)` → `['reply', r, s]`, `['reply', r, s, extra]`,
 *   `['noreply', s]`, `['noreply', s, extra]` (answer later with `GenServer.reply(from, r)`),
 *   `['stop', reason, r, s]`, `['stop', reason, s]`.
 * - `handle_cast(request, state)`, `handle_info(msg, state)`, `handle_continue(x, state)` →
 *   `['noreply', s]`, `['noreply', s, extra]`, `['stop', reason, s]`.
 * - `terminate(reason, state)` runs when a callback returns stop or throws, and on an exit
 *   signal from the parent while trapping exits.
 * - Any other return ends the server with `['bad_return_value', value]`.
 * - Any callback but `init` may be `async`; the server takes no other message until it settles.
 *
 * ## Timeouts
 *
 * `extra` may be a number of ms: if no message arrives in that time the server gets `'timeout'`
 * in `handle_info`. `['continue', x]` runs `handle_continue(x, state)` before any other message.
 * `'hibernate'` is accepted and does nothing.
 *
 * ## Defaults
 *
 * No `handle_call` (or `handle_cast`): the server crashes with "attempted to call GenServer
 * #PID<…> but no handle_call/3 clause was provided". No `handle_info`: the message is logged as
 * unexpected and the server keeps running.
 *
 * ## Types
 *
 * `start` takes a {@link GenServerModuleLike}: TypeScript checks each callback's result against
 * {@link InitResult}, {@link CallResult} and {@link NoReplyResult}. A module object written
 * inline is checked as it stands; one declared apart needs its type
 * (`const M: GenServerModule<S> = …`) so its array literals read as tuples. A class is checked
 * through `implements GenServerModule<S>` with annotated results.
 */
import { ArgumentError, Call, copyMessage, currentProc, ExitError, isRemoteName, Pid } from '../runtime/kernel.js';
import type { Mfa, RemoteName } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';
import type { From, GenServerModuleLike, OnStart, ServerRef, StartOptions } from './gen-server-contract.js';
import { castEnvelope, checkModule, GenCall, Server } from './gen-server-loop.js';
import { exitText, lookup, remoteTarget, systemCall } from './gen.js';

export * from './gen-server-contract.js';
export { GenCall, GenCast, isNormal, moduleName, Server } from './gen-server-loop.js';
export { exitText, lookup, systemCall } from './gen.js';
export { sys } from './sys.js';

const failCall = (call: Call, reason: unknown): Error =>
  new ExitError(reason, exitText('GenServer.call', [call.server, call.request, call.timeout], reason), `genrepl.${typeof reason === 'string' ? reason : 'exit'}`);
// A function of its own, not a closure in `call`: a closure there over the arguments made
// every call allocate a context (56 B), whether or not it called itself.
const failCallingSelf = (call: Call): Error =>
  new ExitError('calling_self', exitText('GenServer.call', [call.server, call.request, call.timeout], 'calling_self'), 'genrepl.calling_self');

/**
 * `[module, 'init', 1]`, one per module name (up to 1,024 names), shared by its servers: an
 * array per server was 72 B of every idle GenServer. `Proc.mfa()` hands out copies.
 */
const initCalls = new Map<string, Mfa>();
function initCall(modName: string): Mfa {
  let mfa = initCalls.get(modName);
  if (mfa === undefined) {
    mfa = [modName, 'init', 1];
    if (initCalls.size < 1024) initCalls.set(modName, mfa);
  }
  return mfa;
}

function startServer(mod: unknown, arg: unknown, opts: StartOptions, link: boolean): OnStart {
  const caller = currentProc();
  const rt = caller.rt;
  if (opts.name !== undefined) {
    const taken = rt.names.get(opts.name);
    if (taken !== undefined) return ['error', ['already_started', taken.pid]];
  }
  checkModule(mod);
  const server = new Server(mod, rt, caller);
  const p = rt.startHandler(server, { link, name: opts.name, initialCall: initCall(server.modName) });
  server.proc = p;
  return server.init(copyMessage(arg));
}

/** Elixir's `GenServer` client API. */
export const GenServer = {
  /**
   * Starts a server, unlinked. `init` runs in the new process before this returns:
   * `['ok', pid]`, `['error', reason]` or `'ignore'`. A taken `opts.name` gives
   * `['error', ['already_started', pid]]`.
   * @example const [ok, pid] = GenServer.start(MyKeyStore, [])
   */
  start<S>(mod: GenServerModuleLike<S>, arg?: unknown, opts: StartOptions = {}): OnStart {
    return startServer(mod, arg, opts, false);
  },

  /** As `start`, linked to the caller. @example GenServer.start_link(Counter, 0, { name: 'counter' }) */
  start_link<S>(mod: GenServerModuleLike<S>, arg?: unknown, opts: StartOptions = {}): OnStart {
    return startServer(mod, arg, opts, true);
  },

  /**
   * Sends a request and waits for the reply (default 5000 ms). Fails (rejects) with an
   * `ExitError` worded as iex's: `exited in: GenServer.call(#PID<0.127.0>, ['get', 'a'], 5000)`
   * then `** (EXIT) no process: …`, `time out`, or `an exception was raised: …`. A late reply
   * is dropped. @example await GenServer.call(pid, ['get', 'a'])
   */
  call(server: ServerRef, request: unknown, timeout: number = 5000): Promise<any> {
    const me = currentProc();
    const rt = me.rt;
    if (typeof timeout !== 'number' || !(timeout >= 0)) {
      throw new ArgumentError(`GenServer.call expects a timeout in ms (a number >= 0 or Infinity), got: ${inspect(timeout)}`);
    }
    const target = lookup(rt, server);
    if (target === null) {
      const far = remoteTarget(rt, server);
      if (far !== null) return rt.beginRemoteCall(new Call(me, failCall, server, request, timeout), far);
    }
    if (target !== null && target === me) return rt.beginCall(new Call(me, failCallingSelf, server, request, timeout), null);
    // The request is copied before the call is armed: a copy-on-send refusal throws here and
    // leaves no watch or timer behind to fail the caller later.
    const msg = target === null || typeof request !== 'object' || request === null ? request : copyMessage(request);
    const call = new Call(me, failCall, server, request, timeout);
    const promise = rt.beginCall(call, target);
    if (target !== null) rt.deliver(target, new GenCall(call, msg));
    return promise;
  },

  /** Sends a request without waiting; `'ok'` always, even to a dead server. @example GenServer.cast(pid, ['push', 1]) */
  cast(server: ServerRef, request: unknown): 'ok' {
    const me = currentProc();
    // As send: a dead process's message (a killed body resuming) is dropped.
    if (me.dead) return 'ok';
    const rt = me.rt;
    const target = server instanceof Pid ? rt.procOf(server) : typeof server === 'string' ? (rt.names.get(server) ?? null) : null;
    if (target !== null) rt.deliver(target, castEnvelope(request));
    else {
      const far = remoteTarget(rt, server);
      if (far !== null) rt.send(far, ['$gen_cast', request]);
      else if (isRemoteName(server)) GenServer.cast(server[0], request);
    }
    return 'ok';
  },

  /** Answers a call later (after `['noreply', s]`); `'ok'`. @example GenServer.reply(from, 42) */
  reply(from: From, value: unknown): 'ok' {
    if (!(from instanceof Call)) throw new ArgumentError(`GenServer.reply expects the from of a handle_call, got: ${inspect(from)}`);
    from.watcher.rt.replyTo(from, value);
    return 'ok';
  },

  /**
   * Stops a server: runs its `terminate(reason, state)` and waits until it has exited.
   * @example await GenServer.stop(pid)
   */
  stop(server: ServerRef, reason: unknown = 'normal', timeout: number = Infinity): Promise<'ok'> {
    return systemCall('GenServer.stop', server, ['terminate', reason], timeout, [server, reason, timeout]) as Promise<'ok'>;
  },

  /**
   * The pid of a server (a pid as it is; a name looked up), or null (Elixir's nil); a name on
   * another node comes back as it is, as in Elixir. @example GenServer.whereis('counter')
   */
  whereis(server: ServerRef): Pid | RemoteName | null {
    if (server instanceof Pid) return server;
    const rt = currentProc().rt;
    if (typeof server === 'string') return rt.whereis(server);
    const far = remoteTarget(rt, server);
    return far !== null ? far : (lookup(rt, server)?.pid ?? null);
  },
};
