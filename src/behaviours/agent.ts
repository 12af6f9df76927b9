/**
 * Agent: state behind a process, read and changed with functions — Elixir's `Agent`, written
 * as a GenServer (as agent.ex is written over gen_server).
 *
 * ```ts
 * const [, counter] = Agent.start_link(() => 0);
 * await Agent.update(counter, (n) => n + 1);
 * await Agent.get(counter, (n) => n); // 1
 * ```
 */
import { GenServer, GenServerModule, OnStart, ServerRef, StartOptions } from './gen-server.js';
import { ArgumentError } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';

type Fn<S, R> = (state: S) => R;

function check(fn: unknown, name: string): void {
  if (typeof fn !== 'function') throw new ArgumentError(`Agent.${name} expects a function, got: ${inspect(fn)}`);
}

/** The Agent's callbacks. */
const AgentServer: GenServerModule<unknown> = {
  name: 'Agent',
  init(fn: () => unknown) {
    return ['ok', fn()];
  },
  handle_call(req: [string, Fn<unknown, unknown>], _from: unknown, state: unknown) {
    const [op, fn] = req;
    if (op === 'get') return ['reply', fn(state), state];
    if (op === 'update') return ['reply', 'ok', fn(state)];
    const r = fn(state);
    if (!Array.isArray(r) || r.length !== 2) throw new ArgumentError(`Agent.get_and_update expects the function to return [reply, newState], got: ${inspect(r)}`);
    return ['reply', r[0], r[1]];
  },
  handle_cast(req: ['update', Fn<unknown, unknown>], state: unknown) {
    return ['noreply', req[1](state)];
  },
};

/** Elixir's `Agent`. */
export const Agent = {
  /** Starts an agent whose state is `fn()`: `['ok', pid]`. @example Agent.start(() => new Map()) */
  start(fn: () => unknown, opts: StartOptions = {}): OnStart {
    check(fn, 'start');
    return GenServer.start(AgentServer, fn, opts);
  },
  /** As `start`, linked. @example Agent.start_link(() => 0, { name: 'counter' }) */
  start_link(fn: () => unknown, opts: StartOptions = {}): OnStart {
    check(fn, 'start_link');
    return GenServer.start_link(AgentServer, fn, opts);
  },
  /** `fn(state)`, computed in the agent. @example await Agent.get(a, (s) => s.size) */
  get<S, R>(agent: ServerRef, fn: Fn<S, R>, timeout = 5000): Promise<R> {
    check(fn, 'get');
    return GenServer.call(agent, ['get', fn], timeout);
  },
  /** Sets the state to `fn(state)`; `'ok'`. @example await Agent.update(a, (n) => n + 1) */
  update<S>(agent: ServerRef, fn: Fn<S, S>, timeout = 5000): Promise<'ok'> {
    check(fn, 'update');
    return GenServer.call(agent, ['update', fn], timeout);
  },
  /** `fn(state)` returns `[reply, newState]`; returns `reply`. @example await Agent.get_and_update(a, (n) => [n, n + 1]) */
  get_and_update<S, R>(agent: ServerRef, fn: Fn<S, [R, S]>, timeout = 5000): Promise<R> {
    check(fn, 'get_and_update');
    return GenServer.call(agent, ['get_and_update', fn], timeout);
  },
  /** Sets the state to `fn(state)` without waiting; `'ok'`. @example Agent.cast(a, (n) => n + 1) */
  cast<S>(agent: ServerRef, fn: Fn<S, S>): 'ok' {
    check(fn, 'cast');
    return GenServer.cast(agent, ['update', fn]);
  },
  /** Stops the agent. @example await Agent.stop(a) */
  stop(agent: ServerRef, reason: unknown = 'normal', timeout = Infinity): Promise<'ok'> {
    return GenServer.stop(agent, reason, timeout);
  },
};
