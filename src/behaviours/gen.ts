/**
 * The call protocol GenServer, Task and `sys` share (as OTP's `gen`): finding the server,
 * sending a system request and wording a failed call as iex does.
 *
 * @example
 * await systemCall('sys.get_state', pid, ['get_state'], 5000, [pid, 5000]);
 */
import { ArgumentError, Call, currentProc, ExitError, isRemoteName, Pid, Proc, Runtime } from '../runtime/kernel.js';
import type { RemoteName } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';
import { formatExit } from '../inspect/format-error.js';
import type { ServerRef } from './gen-server-contract.js';

/** Builds the `fail` of a call: iex's `exited in: GenServer.call(…)` text. */
export function exitText(fn: string, args: unknown[], reason: unknown): string {
  const shown = args.map((a) => (a === Infinity ? 'Infinity' : inspect(a, { width: Infinity }))).join(', ');
  return `exited in: ${fn}(${shown})\n    ** (EXIT) ${formatExit(reason, '    ')}`;
}

/** @internal the process record behind a server ref, or null. */
export function lookup(rt: Runtime, server: ServerRef): Proc | null {
  if (server instanceof Pid) return rt.procOf(server);
  if (typeof server === 'string') return rt.names.get(server) ?? null;
  if (isRemoteName(server)) return server[1] === rt.node() ? (rt.names.get(server[0]) ?? null) : null;
  throw new ArgumentError(`expected a pid or a registered name, got: ${inspect(server)}`);
}

/**
 * @internal the server when it lives on another node (a remote pid, `[name, node]` of another
 * node), else null. @example remoteTarget(rt, ['shop', 'b@127.0.0.1']) // ['shop', 'b@127.0.0.1']
 */
export function remoteTarget(rt: Runtime, server: ServerRef): Pid | RemoteName | null {
  if (server instanceof Pid) return server.node !== 0 ? server : null;
  return isRemoteName(server) && server[1] !== rt.node() ? server : null;
}

/** A system request (sys.*, GenServer.stop): on the wire to another node, `{:system, from, request}`. */
class SystemCall extends Call {}
SystemCall.prototype.label = 'system';

/**
 * @internal a system call (sys.*, GenServer.stop) with its own error text; to a server on
 * another node it goes as OTP's system message. A server making one to itself fails with
 * `calling_self`.
 */
export function systemCall(fn: string, server: ServerRef, req: unknown[], timeout: number, args: unknown[]): Promise<unknown> {
  const me = currentProc();
  const rt = me.rt;
  const fail = (call: Call, reason: unknown) => new ExitError(reason, exitText(fn, args, reason));
  const far = remoteTarget(rt, server);
  if (far !== null) return rt.beginRemoteCall(new SystemCall(me, fail, server, req, timeout), far);
  const target = lookup(rt, server);
  // A server asking itself would wait for a reply only it could give: it fails at once, as in OTP.
  if (target !== null && target === me) return rt.beginCall(new Call(me, (c) => fail(c, 'calling_self'), server, req, timeout), null);
  const call = new Call(me, fail, server, req, timeout);
  const promise = rt.beginCall(call, target);
  if (target !== null) rt.deliver(target, ['$system', call, req]);
  return promise;
}
