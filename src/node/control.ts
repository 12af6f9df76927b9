/**
 * Elixir's `Node` module for genrepl: which node this is, and connections to others. It reaches
 * the running node through a small registry (`controls`, one entry per runtime that is a node),
 * so the package root loads no distribution code until a node starts (`--sname`, `startNode`).
 *
 * @example
 * Node.self()                         // 'a@localhost' ('nonode@nohost' when no node runs)
 * await Node.connect('b@localhost')   // true
 * Node.list()                         // ['b@localhost']
 */
import { ArgumentError, currentProc } from '../runtime/kernel.js';
import type { Pid, Runtime } from '../runtime/kernel.js';

/** What `Node.*` asks of a running node. */
export interface NodeControl {
  /** With `quiet`, a failure writes no log line (`Node.ping`). */
  connect(node: string, quiet?: boolean): Promise<boolean>;
  disconnect(node: string): boolean;
  list(): string[];
  monitorNode(node: string, watcher: Pid, on: boolean): void;
}

/** The running node of each runtime that is one. */
export const controls = new WeakMap<Runtime, NodeControl>();

const here = (): [Runtime, NodeControl | undefined] => {
  const rt = currentProc().rt;
  return [rt, controls.get(rt)];
};

function nodeArg(fn: string, node: unknown): string {
  if (typeof node !== 'string') throw new ArgumentError(`${fn} expects a node name such as 'b@localhost', got: ${typeof node}`);
  return node;
}

/** Elixir's `Node`: this node, and its connections to others. */
export const Node = {
  /** This node's name; `'nonode@nohost'` when genrepl runs as no node. @example Node.self() // 'a@localhost' */
  self: (): string => here()[0].node(),
  /** True when genrepl runs as a node (`--sname`/`--name`). @example Node.alive() // true */
  alive: (): boolean => here()[1] !== undefined,
  /**
   * Connects to `node` (found through epmd on its host): true when connected (or already),
   * false when it cannot be reached or refuses the cookie; `'ignored'` when this is no node.
   * @example await Node.connect('b@localhost') // true
   */
  connect: (node: string): Promise<boolean | 'ignored'> => {
    const [, ctl] = here();
    nodeArg('Node.connect', node);
    return ctl === undefined ? Promise.resolve('ignored') : ctl.connect(node);
  },
  /** Drops the connection to `node`: true if there was one. @example Node.disconnect('b@localhost') // true */
  disconnect: (node: string): boolean | 'ignored' => {
    const [, ctl] = here();
    nodeArg('Node.disconnect', node);
    return ctl === undefined ? 'ignored' : ctl.disconnect(node);
  },
  /** The connected nodes. @example Node.list() // ['b@localhost'] */
  list: (): string[] => here()[1]?.list() ?? [],
  /**
   * Connects to `node` to see whether it answers: `'pong'` or `'pang'` (as `Node.ping`).
   * @example await Node.ping('b@localhost') // 'pong'
   */
  ping: async (node: string): Promise<'pong' | 'pang'> => {
    const [, ctl] = here();
    nodeArg('Node.ping', node);
    // As net_adm:ping, a node that does not answer is 'pang' and nothing more: no log line.
    return ctl !== undefined && (await ctl.connect(node, true)) ? 'pong' : 'pang';
  },
  /**
   * With true, the caller gets `['nodedown', node]` once when the connection to `node` goes
   * (at once if it cannot be reached); false removes that. Returns true.
   * @example Node.monitor('b@localhost', true); // later: flush() shows ['nodedown', 'b@localhost']
   */
  monitor: (node: string, flag: boolean): true => {
    const [rt, ctl] = here();
    nodeArg('Node.monitor', node);
    if (typeof flag !== 'boolean') throw new ArgumentError(`Node.monitor expects true or false, got: ${typeof flag}`);
    const me = rt.self();
    if (ctl !== undefined) ctl.monitorNode(node, me, flag);
    else if (flag) rt.send(me, ['nodedown', node]);
    return true;
  },
};
