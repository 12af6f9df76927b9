/**
 * MyKeyStore: the article's first GenServer — a process that holds a map and lets callers put
 * and get keys. The map is the server's state; every change is a message.
 *
 * ```ts
 * const [ok, pid] = start(MyKeyStore, []);
 * await call(pid, ['get', 'a']);          // null
 * await call(pid, ['put', 'a', 'value']); // 'value'
 * await call(pid, ['get', 'a']);          // 'value'
 * await sys.get_state(pid);               // new Map([['a', 'value']])
 * ```
 */
import type { From } from '../behaviours/gen-server.js';

/** The requests MyKeyStore answers. */
export type KeyStoreRequest = ['put', string, unknown] | ['get', string];
/** Its state: the stored keys. */
export type KeyStoreState = Map<string, unknown>;

/** The article's key-value store, as a GenServer callback module. */
export class MyKeyStore {
  /** Starts with an empty map: `['ok', new Map()]`. */
  init(_arg: unknown): ['ok', KeyStoreState] {
    return ['ok', new Map()];
  }

  /**
   * `['put', k, v]` stores `v` and replies `v`; `['get', k]` replies the value, or `null`.
   * Anything else has no clause, so the server crashes — as the Elixir version does.
   */
  handle_call(request: KeyStoreRequest, _from: From, state: KeyStoreState): ['reply', unknown, KeyStoreState] {
    switch (request[0]) {
      case 'put': {
        // The map belongs to this process alone (what leaves it is copied), so it is updated
        // in place, as idiomatic TypeScript; Elixir's Map.put returns a new map instead.
        const [, k, v] = request;
        state.set(k, v);
        return ['reply', v, state];
      }
      case 'get':
        return ['reply', state.get(request[1]) ?? null, state];
    }
    throw functionClauseError('MyKeyStore.handle_call/3');
  }
}

/** Elixir's FunctionClauseError: no clause matched the arguments. */
export function functionClauseError(fn: string): Error {
  const e = new Error(`no function clause matching in ${fn}`);
  e.name = 'FunctionClauseError';
  Error.captureStackTrace(e, functionClauseError);
  return e;
}
