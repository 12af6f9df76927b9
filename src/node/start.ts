/**
 * Starting a runtime as a node of an Erlang cluster, as `erl -sname`/`-name` does: the cookie
 * (`--cookie`, else `~/.erlang.cookie`, created with mode 0400 when missing), epmd (started with
 * `epmd -daemon` when none answers, or a line saying how), a listener on 127.0.0.1 unless
 * `listen` says otherwise, and the bridge that makes the runtime's pids reach other nodes.
 *
 * @example
 * const bridge = await startNode(rt, { name: 'a', log: console.error }); // a@<short host name>
 * rt.node() // 'a@myhost'
 */
import { hostname } from 'node:os';
import type { Runtime } from '../runtime/kernel.js';
import { Bridge } from './bridge.js';
import { epmdPort } from '../dist/index.js';

/** How to start a node. */
export interface NodeStartOptions {
  /** `a` or `a@host`. A bare name gets this machine's short host name (`--sname`), or its full one with `longNames` (`--name`). */
  name: string;
  longNames?: boolean;
  /** Default: the contents of `~/.erlang.cookie`. */
  cookie?: string;
  /** Address the node listens on (default 127.0.0.1). */
  listen?: string;
  /** Run as a hidden node. */
  hidden?: boolean;
  /** One line per notable event (a refused cookie, a lost connection). Default: stderr. */
  log?: (line: string) => void;
  /** net_ticktime in ms (default 60000). */
  tickTime?: number;
  /** epmd's port (default: `ERL_EPMD_PORT`, else 4369). */
  epmdPort?: number;
}

/**
 * Makes `rt` a node and starts it; rejects with a one-line reason (a taken name, no epmd).
 * @example await startNode(getRuntime(), { name: 'a@127.0.0.1', longNames: true, cookie: 'secret' })
 */
export async function startNode(rt: Runtime, opts: NodeStartOptions): Promise<Bridge> {
  const name = fullName(opts.name, opts.longNames ?? false);
  const bridge = new Bridge(rt, {
    name,
    cookie: opts.cookie,
    listen: opts.listen,
    hidden: opts.hidden,
    log: opts.log,
    tickTime: opts.tickTime,
    epmd: { port: opts.epmdPort ?? epmdPort() },
  });
  try {
    return await bridge.start();
  } catch (e) {
    await bridge.stop().catch(() => {});
    throw new Error(`cannot start node ${name}: ${(e as Error).message}`);
  }
}

/**
 * `name@host`: a bare short name gets the short host name, a bare long one the full host name.
 * @example fullName('a', false) // 'a@myhost'
 */
export function fullName(name: string, longNames: boolean): string {
  if (name.includes('@')) return name;
  const host = hostname();
  return `${name}@${longNames ? host : host.split('.')[0]}`;
}
