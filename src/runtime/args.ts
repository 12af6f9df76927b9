/**
 * Bad arguments, refused as Elixir refuses them: one wording for every runtime function, the
 * one `send` uses (`errors were found at the given arguments: * 1st argument: not a pid`).
 *
 * @example
 * checkPid('link', undefined, [undefined]) // throws ArgumentError … link(undefined)
 */
import { ArgumentError } from './errors.js';
import { Pid } from './pid.js';
import { show } from './present.js';

/**
 * Throws Elixir's ArgumentError for a bad argument, worded as `send` words its own:
 * `errors were found at the given arguments: * 1st argument: not a pid … link(undefined)`.
 */
export function badArg(fn: string, what: string, args: unknown[], nth = 1): never {
  const ord = nth === 1 ? '1st' : nth === 2 ? '2nd' : `${nth}th`;
  throw new ArgumentError(`errors were found at the given arguments:\n\n  * ${ord} argument: ${what}\n\n    ${fn}(${args.map(show).join(', ')})`);
}

/** Refuses anything but a pid as `fn`'s first argument. */
export function checkPid(fn: string, pid: unknown, args: unknown[]): void {
  if (!(pid instanceof Pid)) badArg(fn, 'not a pid', args);
}
