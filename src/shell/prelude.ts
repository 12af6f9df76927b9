/**
 * The shell's globals, typed, for `--typecheck`: a declaration file (a script, so its names are
 * global) that the type checker reads before every input. Each API name has the type it has in
 * the package; the shell's own globals and iex's helpers are declared here.
 *
 * Two things are typed for the shell rather than copied from the package:
 *
 * - `start`, `start_link` (and `GenServer.start`, `Agent.start_link`, `Supervisor.start_link`, …)
 *   return `['ok', Pid] | ['error', never]`: `const [ok, pid] = start(MyKeyStore, [])` reads as
 *   iex's match `{:ok, pid} = …`, so `pid` is a `Pid`. (A failed start is `['error', reason]` at
 *   run time; the reason is not typed.)
 * - A GenServer callback module passed to `start` is checked against the callback contract:
 *   what `init`, `handle_call`, `handle_cast`, `handle_info` and `handle_continue` return must be
 *   one of Elixir's shapes (`['reply', r, s]`, `['noreply', s]`, …). A return TypeScript widened
 *   to an array (`init(n: number) { return ['ok', n] }` in a class is `(string | number)[]`)
 *   cannot be checked and is accepted; a tuple (what `reply(…)`/`noreply(…)` build, or an
 *   object literal's arrow function) is checked.
 *
 * @example
 * typecheckPrelude().includes('declare const GenServer') // true
 */
import * as api from '../index.js';

/** Names the prelude declares itself (typed for the shell) instead of taking the package's type. */
const OWN = new Set(['runtime', 'GenServer', 'Agent', 'Supervisor', 'DynamicSupervisor', 'Task']);

/** Types of the package that inputs may name (`From` in a handle_call's parameters, …). */
const TYPES = ['Pid', 'Ref', 'From', 'ServerRef', 'OnStart', 'Extra', 'StartOptions', 'TaskRef', 'GenServerModule', 'ChildSpec', 'ChildSpecLike', 'SupervisorOptions', 'KeyStoreRequest', 'KeyStoreState'];

/** The callback contract and the shell's typings of the start functions (see the module doc). */
const CONTRACT = `
declare namespace GenRepl {
  /** What a start returns in the shell: destructured, it matches as iex's {:ok, pid} = …. */
  type Started = ['ok', Pid] | ['error', never];
  /** A function of the package that returns OnStart, returning Started instead. */
  type ShellFn<F> = F extends (...args: infer A) => infer R ? ([R] extends [OnStart] ? ([OnStart] extends [R] ? (...args: A) => Started : F) : F) : F;
  /** A namespace of the package (Agent, Supervisor, …) with its start functions typed for the shell. */
  type Shell<T> = { [K in keyof T]: ShellFn<T[K]> };
  /** What each callback may return. */
  type InitReturn = readonly ['ok', unknown] | readonly ['ok', unknown, Extra] | readonly ['stop', unknown] | 'ignore';
  type CallReturn = readonly ['reply', unknown, unknown] | readonly ['reply', unknown, unknown, Extra] | readonly ['noreply', unknown] | readonly ['noreply', unknown, Extra] | readonly ['stop', unknown, unknown, unknown] | readonly ['stop', unknown, unknown];
  type NoReplyReturn = readonly ['noreply', unknown] | readonly ['noreply', unknown, Extra] | readonly ['stop', unknown, unknown];
  /** Anything with a length: lets a widened array through the constraint (Module checks the rest). */
  type Loose = { readonly length: number };
  /** The contextual types of an object literal's callbacks: \`['reply', 1, s]\` is read as a tuple. */
  interface Hints {
    init?(arg: any): InitReturn | Loose;
    handle_call?(request: any, from: From, state: any): CallReturn | Loose | PromiseLike<CallReturn | Loose>;
    handle_cast?(request: any, state: any): NoReplyReturn | Loose | PromiseLike<NoReplyReturn | Loose>;
    handle_info?(msg: any, state: any): NoReplyReturn | Loose | PromiseLike<NoReplyReturn | Loose>;
    handle_continue?(x: any, state: any): NoReplyReturn | Loose | PromiseLike<NoReplyReturn | Loose>;
    terminate?(reason: unknown, state: any): unknown;
  }
  /** Whether a returned value has an allowed shape (a widened array cannot be checked and passes). */
  type Ok<V, Allowed> = V extends readonly unknown[] ? (number extends V['length'] ? true : V extends Allowed ? true : false) : V extends Allowed ? true : false;
  /** A callback as it is if what it returns (awaited) has an allowed shape, else the callback it should be. */
  type Returning<F, Allowed> = F extends (...args: infer A) => infer R
    ? (0 extends 1 & R ? F : false extends Ok<Awaited<R>, Allowed> ? (...args: A) => Allowed | Promise<Allowed> : F)
    : F;
  /** The callbacks of one object (a plain module, a class's instances, or its statics), checked. */
  type Callbacks<T> = {
    [K in keyof T]: K extends 'init' ? Returning<T[K], InitReturn>
      : K extends 'handle_call' ? Returning<T[K], CallReturn>
      : K extends 'handle_cast' | 'handle_info' | 'handle_continue' ? Returning<T[K], NoReplyReturn>
      : T[K];
  };
  /** A callback module: a plain object, a class (instantiated once per server), or a class with static methods. */
  type Module<M> = M extends abstract new (...args: any) => infer I ? (abstract new (...args: any) => Callbacks<I>) & Callbacks<M> : Callbacks<M>;
  /** What the module's init takes: start's second argument. */
  type InitArg<M> = M extends abstract new (...args: any) => infer I ? ('init' extends keyof I ? ArgOf<I> : ArgOf<M>) : ArgOf<M>;
  type ArgOf<T> = T extends { init(arg: infer A, ...rest: any[]): unknown } ? A : unknown;
  /** Anything start accepts before the contract is checked. */
  type Startable = Hints | (abstract new (...args: any) => unknown);
  interface GenServer extends Shell<Omit<typeof import(INDEX).GenServer, 'start' | 'start_link'>> {
    /** GenServer.start, the module checked against the callback contract. @example const [ok, pid] = GenServer.start(MyKeyStore, []) */
    start<M extends Startable>(mod: M extends Module<M> ? M : Module<M>, arg?: InitArg<M>, opts?: StartOptions): Started;
    /** As start, linked to the caller. @example GenServer.start_link(Counter, 0, { name: 'counter' }) */
    start_link<M extends Startable>(mod: M extends Module<M> ? M : Module<M>, arg?: InitArg<M>, opts?: StartOptions): Started;
  }
}`;

/**
 * Declarations of the shell's globals for the type checker (`--typecheck`); see the module doc.
 * @example typecheckPrelude().includes('declare function h(') // true
 */
export function typecheckPrelude(): string {
  const index = JSON.stringify(new URL('../index.js', import.meta.url).pathname);
  const lines = [
    `type __GenReplApi = typeof import(${index});`,
    ...TYPES.map((t) => `type ${t} = import(${index}).${t};`),
    CONTRACT.replace('INDEX', index),
  ];
  for (const k of Object.keys(api)) if (!OWN.has(k) && /^[A-Za-z_$][\w$]*$/.test(k)) lines.push(`declare const ${k}: __GenReplApi[${JSON.stringify(k)}];`);
  lines.push(
    'declare const GenServer: GenRepl.GenServer;',
    "declare const start: GenRepl.GenServer['start'];",
    "declare const start_link: GenRepl.GenServer['start_link'];",
    "declare const call: GenRepl.GenServer['call'];",
    "declare const cast: GenRepl.GenServer['cast'];",
    ...['Agent', 'Supervisor', 'DynamicSupervisor', 'Task'].map((k) => `declare const ${k}: GenRepl.Shell<__GenReplApi[${JSON.stringify(k)}]>;`),
    // iex's helpers (helpers.ts) and the shell's own globals (globals.ts).
    'declare function h(thing?: unknown): void;',
    'declare function i(value: unknown): void;',
    'declare function v(n?: number): any;',
    "declare function flush(): 'ok';",
    'declare function state(server: ServerRef): Promise<any>;',
    'declare function mailbox(pid: Pid): unknown[];',
    'declare function ps(): void;',
    'declare function clear(): void;',
    'declare function respawn(): void;',
    'declare function c(file: string): string[];',
    "declare function r(mod: unknown): ['reloaded', string[]];",
    'declare function advance(ms: number): Promise<number>;',
    'declare function now(): number;',
    'declare const rand: { uniform(n: number): number };',
    'declare var _: any;',
    '/** What pasted pids (#PID<0.127.0>) become in an input. */',
    'declare const __genrepl: { pid(node: number, id: number, serial: number): Pid };',
    // What the ts-node evaluation path puts in the code it checks (goes with that path).
  );
  return lines.join('\n') + '\n';
}
