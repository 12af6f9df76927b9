/**
 * Errors with Elixir's names and a stable `code`, so the shell prints them as iex does
 * (`** (ArgumentError) …`, `** (exit) …`) and tests can match on `code`.
 *
 * @example
 * try { send('nobody', 'hi') } catch (e) { e.name === 'ArgumentError' && e.code === 'genrepl.badarg' }
 */

/** Bad arguments, as Elixir's `ArgumentError`. @example throw new ArgumentError('bad', 'genrepl.badarg') */
export class ArgumentError extends Error {
  override name = 'ArgumentError';
  constructor(
    message: string,
    readonly code = 'genrepl.badarg',
  ) {
    super(message);
  }
}

/**
 * Thrown by `exit(reason)` inside a process: ends that process with `reason`, like Elixir's
 * `exit/1`. Typed at the shell prompt it prints `** (exit) reason` and the shell goes on.
 *
 * @example
 * spawn(() => { exit('bye') }) // the process ends with reason 'bye', and no error is logged
 */
export class ExitSignal extends Error {
  override name = 'exit';
  readonly code: string = 'genrepl.exit';
  constructor(
    readonly reason: unknown,
    message?: string,
  ) {
    super(message ?? String(reason));
  }
}

/**
 * A failed synchronous request, as Elixir's `exit({reason, {GenServer, :call, args}})`.
 * `message` reads as iex prints it: `exited in: GenServer.call(#PID<0.127.0>, 'get', 5000)`
 * and, on the next line, `** (EXIT) time out`.
 *
 * @example
 * try { await call(dead, 'get') } catch (e) { e.reason === 'noproc' }
 */
export class ExitError extends ExitSignal {
  constructor(
    reason: unknown,
    message: string,
    override readonly code = 'genrepl.exit',
  ) {
    super(reason, message);
  }
}

/**
 * The exit reason a thrown value stands for: an `ExitSignal`'s reason, else the value itself.
 * Total: a value that throws when looked at (a Proxy) is its own reason.
 *
 * @example
 * exitReason(new ExitSignal('bye')) // 'bye'
 * exitReason(new Error('x'))         // the error
 */
export function exitReason(e: unknown): unknown {
  try {
    return e instanceof ExitSignal ? e.reason : e;
  } catch {
    return e;
  }
}
