/**
 * ChangingNumber: the article's second GenServer — a number that changes by itself every
 * 100 ms. It sends itself `'change'` in `init`, and each `'change'` schedules the next with
 * `Process.send_after`: data with a lifecycle over time.
 *
 * ```ts
 * const [, pid] = start(ChangingNumber, []);
 * await call(pid, 'get'); // 1647
 * await Process.sleep(150);
 * await call(pid, 'get'); // 7504 (a different number)
 * ```
 */
import { Process, self, send } from '../runtime/api.js';
import type { From } from '../behaviours/gen-server.js';
import { functionClauseError } from './my-key-store.js';

/** How often the number changes, in ms. @example Process.send_after(self(), 'change', CHANGE_EVERY) */
export const CHANGE_EVERY = 100;

/** A random whole number from 1 to n, as Erlang's `:rand.uniform(n)` (uses `Math.random`). @example uniform(10000) // 1647 */
export function uniform(n: number): number {
  return 1 + Math.floor(Math.random() * n);
}

/** The article's self-changing number, as a GenServer callback module. */
export class ChangingNumber {
  /** Sends itself the first `'change'` and starts at 0. */
  init(_arg: unknown): ['ok', number] {
    send(self(), 'change');
    return ['ok', 0];
  }

  /** On `'change'`: schedule the next one in 100 ms and pick a new number from 1 to 9999. */
  handle_info(msg: 'change', _previous: number): ['noreply', number] {
    if (msg !== 'change') throw functionClauseError('ChangingNumber.handle_info/2');
    Process.send_after(self(), 'change', CHANGE_EVERY);
    return ['noreply', uniform(9999)];
  }

  /** `'get'` replies the current number. */
  handle_call(request: 'get', _from: From, number: number): ['reply', number, number] {
    if (request !== 'get') throw functionClauseError('ChangingNumber.handle_call/3');
    return ['reply', number, number];
  }
}
