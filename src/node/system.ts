/**
 * OTP's system messages across nodes (what `:sys` and `GenServer.stop` send): the runtime's
 * system requests (`['$system', from, request]`, answered by a GenServer) in their wire form
 * `{:system, {pid, tag}, request}`, both ways.
 *
 * | genrepl request | on the wire | reply |
 * |---|---|---|
 * | `['get_state']` | `:get_state` | the state (`{:error, reason}` fails) |
 * | `['replace_state', fn]` | `{:replace_state, fun}` | the new state (a JS function has no Erlang term: the call fails with `badarg`) |
 * | `['get_status']` | `:get_status` | `{:status, pid, {:module, mod}, items}` |
 * | `['suspend']` / `['resume']` | `:suspend` / `:resume` | `:ok` |
 * | `['trace', on]` | `{:debug, {:trace, on}}` | `:ok` |
 * | `['terminate', reason]` | `{:terminate, reason}` | `:ok`, then the server exits with `reason` (GenServer.stop waits for that exit, as `proc_lib:stop` does) |
 *
 * @example
 * toWire(['trace', true])             // ['debug', ['trace', true]]
 * fromWire(['debug', ['trace', true]]) // ['trace', true]
 */

/**
 * The wire form of a runtime system request.
 * @example toWire(['get_state']) // 'get_state'
 */
export function toWire(req: unknown[]): unknown {
  switch (req[0]) {
    case 'get_state':
    case 'get_status':
    case 'suspend':
    case 'resume':
      return req[0];
    case 'trace':
      return ['debug', ['trace', req[1]]];
    default:
      return req; // ['replace_state', fn], ['terminate', reason]: the same tuple
  }
}

/**
 * The runtime system request of a wire one, or null when the runtime has no such request (or
 * cannot run it: an Erlang fun for `replace_state`).
 * @example fromWire(['terminate', 'normal']) // ['terminate', 'normal']
 */
export function fromWire(req: unknown): unknown[] | null {
  if (req === 'get_state' || req === 'get_status' || req === 'suspend' || req === 'resume') return [req];
  if (!Array.isArray(req) || req.length !== 2) return null;
  if (req[0] === 'terminate') return ['terminate', req[1]];
  const d = req[1];
  if (req[0] === 'debug' && Array.isArray(d) && d.length === 2 && d[0] === 'trace' && typeof d[1] === 'boolean') return ['trace', d[1]];
  return null;
}

/**
 * What a remote server's reply to a system request means: `['ok', value]`, or `['error',
 * reason]` as `:sys` raises it (`{:error, reason}` for the state requests).
 * @example replyOf(['get_state'], ['error', 'x']) // ['error', 'x']
 */
export function replyOf(req: unknown[], value: unknown): ['ok' | 'error', unknown] {
  const stateful = req[0] === 'get_state' || req[0] === 'replace_state';
  if (stateful && Array.isArray(value) && value.length === 2 && value[0] === 'error') return ['error', value[1]];
  return ['ok', value];
}

/**
 * The reply a server of this node gives a system request it cannot serve, as `:sys` words it.
 * @example unservable(['replace_state', fun]) // ['error', ['callback_failed', fun, ['error', 'notsup']]]
 */
export function unservable(req: unknown): unknown {
  if (Array.isArray(req) && req[0] === 'replace_state') return ['error', ['callback_failed', req[1], ['error', 'notsup']]];
  return ['error', ['unknown_system_msg', req]];
}
