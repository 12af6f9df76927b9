/**
 * GenServer's typed callback contract: what a callback module is, what each callback may
 * return, and the small constructors that build those results.
 *
 * @example
 * const Counter: GenServerModule<number> = {
 *   init: (n: number) => ['ok', n],
 *   handle_cast: (_m: 'inc', n: number) => noreply(n + 1),
 * };
 */
import type { Call, Pid, RemoteName } from '../runtime/kernel.js';

/** Elixir's `from`: who called; iterates as `[pid, tag]`. */
export type From = Call;
/** A server: its pid, its registered name, or `['name', 'node@host']` on another node. */
export type ServerRef = Pid | string | RemoteName;
/** What `start` returns. */
export type OnStart = ['ok', Pid] | ['error', unknown] | 'ignore';
/** What a timeout / continue / hibernate `extra` may be. */
export type Extra = number | ['continue', unknown] | 'hibernate';

/** What `init` may return (build them with `ok`/`stop`-like literals: `['ok', state]`). */
export type InitResult<S> = ['ok', S] | ['ok', S, Extra] | ['stop', unknown] | 'ignore';
/** What `handle_call` may return (`reply(…)`, `noreply(…)`, `stop(…)` build them). */
export type CallResult<S> = ['reply', unknown, S] | ['reply', unknown, S, Extra] | NoReplyResult<S> | ['stop', unknown, unknown, S];
/** What `handle_cast`, `handle_info` and `handle_continue` may return (`noreply(…)`, `stop(…)`). */
export type NoReplyResult<S> = ['noreply', S] | ['noreply', S, Extra] | ['stop', unknown, S];
/** A callback's result, or a Promise of it (an async callback). */
export type Async<T> = T | Promise<T>;

/**
 * A GenServer callback module over state `S`: every callback optional (`init`'s default is
 * `['ok', arg]`); TypeScript checks what each returns.
 * @example const Counter: GenServerModule<number> = { init: (n: number) => ['ok', n], handle_cast: (_m, n) => noreply(n + 1) }
 */
export interface GenServerModule<S = any> {
  init?(arg: any): InitResult<S>;
  handle_call?(request: any, from: From, state: S): Async<CallResult<S>>;
  handle_cast?(request: any, state: S): Async<NoReplyResult<S>>;
  handle_info?(msg: any, state: S): Async<NoReplyResult<S>>;
  handle_continue?(x: any, state: S): Async<NoReplyResult<S>>;
  terminate?(reason: unknown, state: S): unknown;
  name?: string;
}
/**
 * What `start` takes: a callback object (checked against {@link GenServerModule}), or a class
 * (instantiated in the server, or with static callbacks). TypeScript cannot read a class
 * method's array literal as a tuple, so a class is checked only through its own
 * `implements GenServerModule<S>` and annotated results.
 */
export type GenServerModuleLike<S = any> = GenServerModule<S> | (new () => unknown);

/** Options for `start` / `start_link`. */
export interface StartOptions {
  /** Registers the server under this name. */
  name?: string;
}

/** `['reply', r, s]` (or with an extra). @example return reply(value, state) */
export function reply<R, S>(r: R, s: S, extra?: Extra): ['reply', R, S] | ['reply', R, S, Extra] {
  return extra === undefined ? ['reply', r, s] : ['reply', r, s, extra];
}
/** `['noreply', s]` (or with an extra). @example return noreply(state + 1) */
export function noreply<S>(s: S, extra?: Extra): ['noreply', S] | ['noreply', S, Extra] {
  return extra === undefined ? ['noreply', s] : ['noreply', s, extra];
}
/** `['stop', reason, s]`. @example return stop('normal', state) */
export function stop<S>(reason: unknown, s: S): ['stop', unknown, S] {
  return ['stop', reason, s];
}
