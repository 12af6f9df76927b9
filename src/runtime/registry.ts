/**
 * Registered names: a name maps to one live process, a process has at most one name, and a
 * name is freed when its process exits. The table is passed in (each runtime owns one).
 *
 * @example
 * const names: Names = new Map();
 * register(names, p, p.pid, 'store'); // true
 * names.get('store') === p            // true
 */
import { ArgumentError } from './errors.js';
import type { Pid } from './pid.js';
import type { Proc } from './process.js';
import { show } from './present.js';

/** A runtime's registered names. */
export type Names = Map<string, Proc>;

/**
 * Registers live process `p` (null: not alive) under `name`; `pid` is what the caller gave,
 * for the error. Throws iex's ArgumentError if the process is dead, the name is taken, or the
 * process already has a name. @example register(names, p, pid, 'store')
 */
export function register(names: Names, p: Proc | null, pid: unknown, name: unknown): true {
  if (typeof name !== 'string' || name === 'undefined' || p === null || p.name !== null || names.has(name)) {
    throw new ArgumentError(
      `could not register ${show(pid)} with name ${show(name)} because it is not alive, the name is already taken, or it has already been given another name`,
      'genrepl.register',
    );
  }
  p.name = name;
  names.set(name, p);
  return true;
}

/** Removes a registered name; an unknown one raises Elixir's ArgumentError. @example unregister(names, 'store') */
export function unregister(names: Names, name: unknown): true {
  const p = typeof name === 'string' ? names.get(name) : undefined;
  if (p === undefined) {
    throw new ArgumentError(
      `errors were found at the given arguments:\n\n  * 1st argument: not a registered name\n\n    unregister(${show(name)})`,
      'genrepl.unregister',
    );
  }
  names.delete(name as string);
  p.name = null;
  return true;
}

/** Frees the name of exiting process `p` (it keeps `p.name` for its crash report). @example forget(names, p) */
export function forget(names: Names, p: Proc): void {
  if (p.name !== null && names.get(p.name) === p) names.delete(p.name);
}

/** The pid registered under `name`, or null (Elixir's nil). @example whereis(names, 'store') */
export function whereis(names: Names, name: string): Pid | null {
  return names.get(name)?.pid ?? null;
}

/** All registered names. @example registered(names) // ['store'] */
export function registered(names: Names): string[] {
  return [...names.keys()];
}
