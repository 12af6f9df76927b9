/**
 * Supervisor and DynamicSupervisor: processes that start children, watch them, and restart
 * them by a strategy — Elixir's `Supervisor`, written as a GenServer that traps exits.
 *
 * ```ts
 * const [, sup] = Supervisor.start_link([MyKeyStore, [Counter, 0]], { strategy: 'one_for_one' });
 * await Supervisor.which_children(sup);
 * // [['Counter', #PID<0.110.0>, 'worker', ['Counter']], ['MyKeyStore', #PID<0.109.0>, 'worker', ['MyKeyStore']]]
 * ```
 *
 * ## Child specs
 *
 * A child is a module (`MyKeyStore`, started as `GenServer.start_link(MyKeyStore, [])`), a
 * `[module, arg]` pair, or a full spec `{ id, start, restart, shutdown, type }` where `start`
 * is a function returning `['ok', pid]` (or `[module, 'start_link', args]`). A module with a
 * `child_spec(arg)` or `start_link(arg)` of its own is started through it.
 *
 * ## Strategies and restarts
 *
 * `'one_for_one'` restarts the child that exited; `'one_for_all'` stops the others (in reverse
 * start order) and restarts all; `'rest_for_one'` restarts it and the children started after
 * it. `restart: 'permanent'` (default) always restarts, `'transient'` only after an abnormal
 * exit, `'temporary'` never. More than `max_restarts` (3) restarts in `max_seconds` (5) stop
 * every child and the supervisor, with reason `'shutdown'`.
 */
import { ArgumentError, currentProc, hasThen, Pid, Runtime } from '../runtime/kernel.js';
import type { Proc } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';
import { GenServer, GenServerModule, isNormal, moduleName, OnStart, ServerRef, Server } from './gen-server.js';

/** When a child is restarted. */
export type Restart = 'permanent' | 'transient' | 'temporary';
/** How a child is stopped: ms to wait after `'shutdown'` before killing, `'brutal_kill'`, or `'infinity'`. */
export type Shutdown = number | 'brutal_kill' | 'infinity';
/** A full child spec. */
export interface ChildSpec {
  id: unknown;
  start: (() => unknown) | [any, string, unknown[]];
  restart?: Restart;
  shutdown?: Shutdown;
  type?: 'worker' | 'supervisor';
  modules?: string[];
}
/** A child as given: a module, `[module, arg]`, or a full spec. */
export type ChildSpecLike = ChildSpec | [unknown, unknown] | object | Function;
/** A module-based supervisor: `init(arg)` returns `Supervisor.init(children, opts)` (or `'ignore'`). */
export interface SupervisorModule {
  init(arg: unknown): unknown;
}
/** Supervisor options. */
export interface SupervisorOptions {
  strategy?: 'one_for_one' | 'one_for_all' | 'rest_for_one';
  max_restarts?: number;
  max_seconds?: number;
  name?: string;
}

interface Spec extends Required<Omit<ChildSpec, 'start'>> {
  start: () => unknown;
}
interface Child {
  spec: Spec;
  pid: Pid | null;
  /** Times this child was restarted. */
  restarts: number;
}
interface State {
  strategy: string;
  max_restarts: number;
  max_seconds: number;
  children: Child[];
  restarts: number[];
  dynamic: boolean;
  rt: Runtime;
}

/** Normalizes a child as given into a full spec. @example childSpec([Counter, 0]).id // 'Counter' */
export function childSpec(x: ChildSpecLike): Spec {
  if (x !== null && typeof x === 'object' && !Array.isArray(x) && 'start' in x && 'id' in x) return fill(x as ChildSpec);
  const [mod, arg] = Array.isArray(x) ? (x.length === 2 ? x : bad(x)) : [x, []];
  if ((typeof mod !== 'object' && typeof mod !== 'function') || mod === null) return bad(x);
  const m = mod as any;
  if (typeof m.child_spec === 'function') return fill({ id: moduleName(m), ...m.child_spec(arg) });
  const start = typeof m.start_link === 'function' ? () => m.start_link(arg) : () => GenServer.start_link(m, arg);
  return fill({ id: moduleName(m), start, modules: [moduleName(m)] });
}

function bad(x: unknown): never {
  throw new ArgumentError(`invalid child spec: ${inspect(x)} (expected a module, [module, arg], or { id, start })`, 'genrepl.child_spec');
}

function fill(s: ChildSpec): Spec {
  let start = s.start;
  if (Array.isArray(start)) {
    const [mod, fn, args] = start;
    start = () => mod[fn](...args);
  }
  if (typeof start !== 'function') bad(s);
  return {
    id: s.id,
    start,
    restart: s.restart ?? 'permanent',
    shutdown: s.shutdown ?? (s.type === 'supervisor' ? 'infinity' : 5000),
    type: s.type ?? 'worker',
    modules: s.modules ?? [typeof s.id === 'string' ? s.id : 'anonymous'],
  };
}

function startChild(child: Child): OnStart | ['ok', Pid | undefined] | ['error', unknown] {
  let r: unknown;
  try {
    r = child.spec.start();
  } catch (e) {
    return ['error', e];
  }
  if (hasThen(r)) return ['error', 'a child start function must return synchronously'];
  if (r === 'ignore') {
    child.pid = null;
    return ['ok', undefined];
  }
  if (Array.isArray(r) && r[0] === 'ok' && r[1] instanceof Pid) {
    child.pid = r[1];
    return ['ok', r[1]];
  }
  if (Array.isArray(r) && r[0] === 'error') return r as ['error', unknown];
  return ['error', ['bad_return', r]];
}

/** Stops one child as its spec says, without the EXIT coming back to the supervisor. */
async function stopChild(rt: Runtime, child: Child): Promise<void> {
  const pid = child.pid;
  child.pid = null;
  if (pid === null) return;
  const p = rt.procOf(pid);
  if (p === null) return;
  rt.unlink(pid);
  const how = child.spec.shutdown;
  if (how === 'brutal_kill') {
    rt.exit(pid, 'kill');
    return;
  }
  rt.exit(pid, 'shutdown');
  if (!p.dead && !(await rt.awaitExit(p, how === 'infinity' ? Infinity : how))) rt.exit(pid, 'kill');
}

async function stopAll(st: State, children: Child[]): Promise<void> {
  for (let i = children.length - 1; i >= 0; i--) await stopChild(st.rt, children[i]!);
}

function shouldRestart(restart: Restart, reason: unknown): boolean {
  return restart === 'permanent' || (restart === 'transient' && !isNormal(reason));
}

/** The supervisor's GenServer callbacks. */
const SupervisorServer: GenServerModule<State> = {
  name: 'Supervisor',

  init([given, opts, dynamic, arg]: [Spec[] | SupervisorModule, SupervisorOptions, boolean, unknown?]) {
    const rt = currentProc().rt;
    rt.flag('trap_exit', true);
    let specs: Spec[];
    if (Array.isArray(given)) specs = given;
    else {
      // A module-based supervisor: its init(arg) runs here, in the supervisor, as in Elixir.
      const r = (given as SupervisorModule).init(arg);
      if (r === 'ignore') return 'ignore';
      if (!Array.isArray(r) || r[0] !== 'ok' || !Array.isArray(r[1]) || r[1].length !== 2 || !Array.isArray(r[1][1])) {
        return ['stop', ['bad_return', [moduleName(given), 'init', r]]];
      }
      const [flags, children] = r[1] as [SupervisorOptions, ChildSpecLike[]];
      opts = { ...flags, name: opts.name };
      specs = checkSpecs(children, opts, false);
    }
    const st = {
      strategy: opts.strategy ?? 'one_for_one',
      max_restarts: opts.max_restarts ?? 3,
      max_seconds: opts.max_seconds ?? 5,
      children: [],
      restarts: [],
      dynamic,
    } as Omit<State, 'rt'> as State;
    // The runtime is the supervisor's tool, not its state: hidden from crash reports and sys.get_state.
    Object.defineProperty(st, 'rt', { value: rt, enumerable: false });
    for (const spec of specs) {
      const child: Child = { spec, pid: null, restarts: 0 };
      const r = startChild(child);
      if (r[0] === 'error') {
        void stopAll(st, st.children);
        return ['stop', ['shutdown', ['failed_to_start_child', spec.id, r[1]]]];
      }
      st.children.push(child);
    }
    return ['ok', st];
  },

  async handle_call(req: [string, unknown], _from: unknown, st: State) {
    const [op, arg] = req;
    const find = (key: unknown) => st.children.findIndex((c) => (st.dynamic ? c.pid === key && key !== null : c.spec.id === key));
    switch (op) {
      case 'which_children':
        return ['reply', st.children.map((c) => [st.dynamic ? 'undefined' : c.spec.id, c.pid ?? 'undefined', c.spec.type, c.spec.modules]).reverse(), st];
      case 'count_children': {
        const active = st.children.filter((c) => c.pid !== null && st.rt.alive(c.pid)).length;
        const supervisors = st.children.filter((c) => c.spec.type === 'supervisor').length;
        return ['reply', { specs: st.children.length, active, supervisors, workers: st.children.length - supervisors }, st];
      }
      case 'start_child': {
        const spec = arg as Spec;
        if (!st.dynamic) {
          const i = find(spec.id);
          if (i >= 0) {
            const c = st.children[i]!;
            return ['reply', c.pid !== null ? ['error', ['already_started', c.pid]] : ['error', 'already_present'], st];
          }
        }
        const child: Child = { spec, pid: null, restarts: 0 };
        const r = startChild(child);
        if (r[0] === 'ok' && (child.pid !== null || !st.dynamic)) st.children.push(child);
        return ['reply', r, st];
      }
      case 'terminate_child': {
        const i = find(arg);
        if (i < 0) return ['reply', ['error', 'not_found'], st];
        const c = st.children[i]!;
        await stopChild(st.rt, c);
        if (st.dynamic || c.spec.restart === 'temporary') st.children.splice(st.children.indexOf(c), 1);
        return ['reply', 'ok', st];
      }
      case 'restart_child': {
        const i = find(arg);
        if (i < 0) return ['reply', ['error', 'not_found'], st];
        const c = st.children[i]!;
        if (c.pid !== null) return ['reply', ['error', 'running'], st];
        return ['reply', startChild(c), st];
      }
      case 'delete_child': {
        const i = find(arg);
        if (i < 0) return ['reply', ['error', 'not_found'], st];
        if (st.children[i]!.pid !== null) return ['reply', ['error', 'running'], st];
        st.children.splice(i, 1);
        return ['reply', 'ok', st];
      }
    }
    return ['reply', ['error', ['unknown_request', op]], st];
  },

  async handle_info(msg: unknown, st: State) {
    if (!Array.isArray(msg) || msg[0] !== 'EXIT') return ['noreply', st];
    const [, pid, reason] = msg as [string, Pid, unknown];
    const child = st.children.find((c) => c.pid === pid);
    if (child === undefined) return ['noreply', st];
    child.pid = null;
    if (!shouldRestart(child.spec.restart, reason)) {
      if (st.dynamic || child.spec.restart === 'temporary') st.children.splice(st.children.indexOf(child), 1);
      return ['noreply', st];
    }
    return (await restart(st, child)) ? ['noreply', st] : ['stop', 'shutdown', st];
  },

  async terminate(_reason: unknown, st: State) {
    if (st && Array.isArray(st.children)) await stopAll(st, st.children);
  },
};

/** A supervisor as it is now, for `tree`: strategy, restarts in the current window, children in start order. */
export interface SupervisorView {
  strategy: string;
  dynamic: boolean;
  /** Restarts within the last `max_seconds` (what `max_restarts` counts). */
  recent: number;
  children: { id: unknown; pid: Pid | null; type: string; modules: string[]; restarts: number }[];
}

/**
 * @internal what supervisor process `p` holds now, read from its state (nothing runs, so it
 * cannot change while read); null for any process that is not a supervisor.
 * @example supervisorView(rt.procOf(sup)!)?.strategy // 'one_for_one'
 */
export function supervisorView(p: Proc): SupervisorView | null {
  const h = p.handler;
  if (!(h instanceof Server) || h.mod !== SupervisorServer) return null;
  const st = h.state as State | undefined;
  if (st === undefined || st === null || !Array.isArray(st.children)) return null;
  return {
    strategy: st.strategy,
    dynamic: st.dynamic,
    recent: st.restarts.length,
    children: st.children.map((c) => ({ id: c.spec.id, pid: c.pid, type: c.spec.type, modules: c.spec.modules, restarts: c.restarts })),
  };
}

/** Counts a restart; false when the intensity is exceeded (children stopped, supervisor to stop). */
async function allowRestart(st: State): Promise<boolean> {
  const now = st.rt.clock.now();
  st.restarts.push(now);
  st.restarts = st.restarts.filter((t) => now - t <= st.max_seconds * 1000);
  if (st.restarts.length <= st.max_restarts) return true;
  await stopAll(st, st.children);
  return false;
}

/** Restarts after `child` exited, by strategy; false when the supervisor must stop. */
async function restart(st: State, child: Child): Promise<boolean> {
  for (;;) {
    if (!(await allowRestart(st))) return false;
    const i = st.children.indexOf(child);
    const group = st.strategy === 'one_for_all' ? st.children : st.strategy === 'rest_for_one' ? st.children.slice(i) : [child];
    await stopAll(st, group.filter((c) => c !== child));
    let failed = false;
    for (const c of group) {
      c.restarts++;
      if (startChild(c)[0] === 'error') {
        failed = true;
        break;
      }
    }
    if (!failed) return true;
  }
}

/** Validates a strategy and a list of children; returns the normalized specs. */
function checkSpecs(specs: ChildSpecLike[], opts: SupervisorOptions, dynamic: boolean): Spec[] {
  if (!Array.isArray(specs)) throw new ArgumentError(`Supervisor.start_link expects a list of child specs, got: ${inspect(specs)}`);
  const strategy = opts.strategy ?? 'one_for_one';
  if (!['one_for_one', 'one_for_all', 'rest_for_one'].includes(strategy) || (dynamic && strategy !== 'one_for_one')) {
    throw new ArgumentError(`unknown strategy: ${inspect(strategy)} (use 'one_for_one', 'one_for_all' or 'rest_for_one')`);
  }
  const normalized = specs.map(childSpec);
  const ids = new Set<unknown>();
  for (const s of normalized) {
    if (ids.has(s.id)) throw new ArgumentError(`duplicate child id ${inspect(s.id)}: give each child a distinct id`);
    ids.add(s.id);
  }
  return normalized;
}

function startSup(specs: ChildSpecLike[], opts: SupervisorOptions, dynamic: boolean): OnStart {
  const normalized = checkSpecs(specs, opts, dynamic);
  return GenServer.start_link(SupervisorServer, [normalized, opts, dynamic], opts.name === undefined ? {} : { name: opts.name });
}

/** Elixir's `Supervisor`. */
export const Supervisor = {
  /**
   * Starts a supervisor linked to the caller, and its children in order: `['ok', pid]`, or
   * `['error', ['shutdown', ['failed_to_start_child', id, reason]]]`.
   * @example Supervisor.start_link([MyKeyStore], { strategy: 'one_for_one' })
   */
  start_link(children: ChildSpecLike[] | SupervisorModule, opts: SupervisorOptions | unknown = {}, modOpts: { name?: string } = {}): OnStart {
    if (Array.isArray(children)) return startSup(children, (opts ?? {}) as SupervisorOptions, false);
    // A module-based supervisor: Supervisor.start_link(MySup, arg, { name }).
    if (children === null || (typeof children !== 'object' && typeof children !== 'function') || typeof (children as any).init !== 'function') {
      throw new ArgumentError(`Supervisor.start_link expects a list of children, or a module with init(arg), got: ${inspect(children)}`);
    }
    return GenServer.start_link(SupervisorServer, [children, { name: modOpts.name }, false, opts], modOpts.name === undefined ? {} : { name: modOpts.name });
  },

  /**
   * For a module-based supervisor's `init(arg)`: `['ok', [flags, children]]`, as Elixir's
   * `Supervisor.init/2`. @example init(arg) { return Supervisor.init([MyKeyStore], { strategy: 'one_for_one' }) }
   */
  init(children: ChildSpecLike[], opts: SupervisorOptions = {}): ['ok', [SupervisorOptions, ChildSpecLike[]]] {
    checkSpecs(children, opts, false);
    return ['ok', [{ strategy: opts.strategy ?? 'one_for_one', max_restarts: opts.max_restarts ?? 3, max_seconds: opts.max_seconds ?? 5 }, children]];
  },
  /** `[[id, pid | 'undefined', type, modules]]`, the last started first (as Elixir lists them). @example await Supervisor.which_children(sup) */
  which_children(sup: ServerRef): Promise<[unknown, Pid | 'undefined', string, string[]][]> {
    return GenServer.call(sup, ['which_children', null], Infinity);
  },
  /** `{ specs, active, supervisors, workers }`. @example await Supervisor.count_children(sup) */
  count_children(sup: ServerRef): Promise<{ specs: number; active: number; supervisors: number; workers: number }> {
    return GenServer.call(sup, ['count_children', null], Infinity);
  },
  /** Adds and starts a child: `['ok', pid]` or `['error', …]`. @example await Supervisor.start_child(sup, [Counter, 0]) */
  start_child(sup: ServerRef, spec: ChildSpecLike): Promise<unknown> {
    return GenServer.call(sup, ['start_child', childSpec(spec)], Infinity);
  },
  /** Stops a child by id (its spec stays): `'ok'` or `['error', 'not_found']`. @example await Supervisor.terminate_child(sup, 'Counter') */
  terminate_child(sup: ServerRef, id: unknown): Promise<unknown> {
    return GenServer.call(sup, ['terminate_child', id], Infinity);
  },
  /** Starts a stopped child again: `['ok', pid]`, `['error', 'running']`, `['error', 'not_found']`. @example await Supervisor.restart_child(sup, 'Counter') */
  restart_child(sup: ServerRef, id: unknown): Promise<unknown> {
    return GenServer.call(sup, ['restart_child', id], Infinity);
  },
  /** Removes a stopped child's spec: `'ok'`, `['error', 'running']`, `['error', 'not_found']`. @example await Supervisor.delete_child(sup, 'Counter') */
  delete_child(sup: ServerRef, id: unknown): Promise<unknown> {
    return GenServer.call(sup, ['delete_child', id], Infinity);
  },
  /** Stops the supervisor and its children (reverse order). @example await Supervisor.stop(sup) */
  stop(sup: ServerRef, reason: unknown = 'normal', timeout = Infinity): Promise<'ok'> {
    return GenServer.stop(sup, reason, timeout);
  },
};

/** Elixir's `DynamicSupervisor`: children started on demand, all `one_for_one`. */
export const DynamicSupervisor = {
  /** Starts an empty dynamic supervisor: `['ok', pid]`. @example DynamicSupervisor.start_link({ name: 'workers' }) */
  start_link(opts: SupervisorOptions = {}): OnStart {
    return startSup([], opts, true);
  },
  /** Starts a child under it: `['ok', pid]`. @example await DynamicSupervisor.start_child('workers', [Counter, 0]) */
  start_child(sup: ServerRef, spec: ChildSpecLike): Promise<unknown> {
    return GenServer.call(sup, ['start_child', childSpec(spec)], Infinity);
  },
  /** Stops a child by pid: `'ok'` or `['error', 'not_found']`. @example await DynamicSupervisor.terminate_child(sup, pid) */
  terminate_child(sup: ServerRef, pid: Pid): Promise<unknown> {
    return GenServer.call(sup, ['terminate_child', pid], Infinity);
  },
  /** `[['undefined', pid, type, modules]]`. @example await DynamicSupervisor.which_children(sup) */
  which_children(sup: ServerRef): Promise<['undefined', Pid | 'undefined', string, string[]][]> {
    return GenServer.call(sup, ['which_children', null], Infinity);
  },
  /** `{ specs, active, supervisors, workers }`. @example await DynamicSupervisor.count_children(sup) */
  count_children(sup: ServerRef): Promise<{ specs: number; active: number; supervisors: number; workers: number }> {
    return GenServer.call(sup, ['count_children', null], Infinity);
  },
  /** Stops it and its children. @example await DynamicSupervisor.stop(sup) */
  stop(sup: ServerRef, reason: unknown = 'normal', timeout = Infinity): Promise<'ok'> {
    return GenServer.stop(sup, reason, timeout);
  },
};
