/**
 * Erlang's `:sys` for GenServers: state, status, suspend and resume, tracing — each a system
 * request answered even while the server is suspended.
 *
 * @example
 * await sys.get_state(pid);
 */
import type { ServerRef } from './gen-server-contract.js';
import { systemCall } from './gen.js';

/** Erlang's `:sys`, for GenServers. */
export const sys = {
  /** The server's state, in message order. @example await sys.get_state(pid) */
  get_state(server: ServerRef, timeout = 5000): Promise<any> {
    return systemCall('sys.get_state', server, ['get_state'], timeout, [server, timeout]);
  },
  /** Replaces the state with `fn(state)` and returns it. @example await sys.replace_state(pid, (s) => s * 100) */
  replace_state(server: ServerRef, fn: (state: any) => unknown, timeout = 5000): Promise<any> {
    return systemCall('sys.replace_state', server, ['replace_state', fn], timeout, [server, fn, timeout]);
  },
  /** `['status', pid, ['module', 'gen_server'], […]]`, as `:sys.get_status`. @example await sys.get_status(pid) */
  get_status(server: ServerRef, timeout = 5000): Promise<any> {
    return systemCall('sys.get_status', server, ['get_status'], timeout, [server, timeout]);
  },
  /** Stops handling calls, casts and infos (system requests still answered). @example await sys.suspend(pid) */
  suspend(server: ServerRef, timeout = 5000): Promise<'ok'> {
    return systemCall('sys.suspend', server, ['suspend'], timeout, [server, timeout]) as Promise<'ok'>;
  },
  /** Handles again, starting with what arrived while suspended. @example await sys.resume(pid) */
  resume(server: ServerRef, timeout = 5000): Promise<'ok'> {
    return systemCall('sys.resume', server, ['resume'], timeout, [server, timeout]) as Promise<'ok'>;
  },
  /**
   * Prints each event — call in, reply out, new state, cast, info — as `*DBG*` lines in
   * TypeScript syntax. @example await sys.trace(pid, true)
   */
  trace(server: ServerRef, on: boolean, timeout = 5000): Promise<'ok'> {
    return systemCall('sys.trace', server, ['trace', on], timeout, [server, on, timeout]) as Promise<'ok'>;
  },
};
