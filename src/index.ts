/**
 * genrepl: Erlang/OTP-style processes for TypeScript, and an iex-style shell to watch them.
 * This barrel re-exports the public API; it has no side effects.
 *
 * @example
 * import { spawn, send, receive, self, Process } from 'genrepl';
 */
export * from './runtime/api.js';
export { Runtime, TimerRef, setRuntime, getRuntime, currentProc } from './runtime/runtime.js';
export type { RuntimeOptions, SpawnOptions, Match, ProcessInfo, ProcessItems, InfoItem } from './runtime/runtime.js';
export { Pid, Ref, isPid, isRef, parsePid } from './runtime/pid.js';
export type { Handler, HandlerInfo, Mfa } from './runtime/process.js';
export { RealClock, SimulatedClock } from './runtime/clock.js';
export type { Clock } from './runtime/clock.js';
export { ArgumentError, ExitError, ExitSignal } from './runtime/errors.js';
export { Logger, LEVELS } from './runtime/logger.js';
export type { Level } from './runtime/logger.js';
export { copyMessage, OPAQUE } from './runtime/copy.js';
export { inspect, quote } from './inspect/inspect.js';
export type { InspectOptions, Role } from './inspect/inspect.js';
export { formatExit, formatException } from './inspect/format-error.js';
export { formatEvent } from './inspect/events.js';
export type { KernelEvent, EventKind, LastMessage, TraceStep } from './runtime/events.js';
export { Trace } from './runtime/trace.js';
export type { Stamp, TraceBody, TraceEvent, TraceKind, TraceSink, TraceTarget } from './runtime/trace.js';
export { GenServer, sys, reply, noreply, stop, Server, isNormal, moduleName } from './behaviours/gen-server.js';
export type { From, ServerRef, OnStart, Extra, GenServerModule, GenServerModuleLike, InitResult, CallResult, NoReplyResult, StartOptions } from './behaviours/gen-server.js';
export { Supervisor, DynamicSupervisor, childSpec } from './behaviours/supervisor.js';
export type { ChildSpec, ChildSpecLike, SupervisorOptions, Restart, Shutdown } from './behaviours/supervisor.js';
export { Agent } from './behaviours/agent.js';
export { Task, TaskRef } from './behaviours/task.js';
export { MyKeyStore } from './examples/my-key-store.js';
export type { KeyStoreRequest, KeyStoreState } from './examples/my-key-store.js';
export { ChangingNumber, uniform, CHANGE_EVERY } from './examples/changing-number.js';
export { web } from './web/web.js';
export { Node } from './node/control.js';
export { atom, tuple, list, toList, improperList, charlist, binary, bitstring, float, isList, isBinary, termEquals, List, Binary, Float, ErlRef, ErlOpaque } from './dist/terms.js';
export type { Term } from './dist/terms.js';
export { isRemoteName } from './runtime/remote.js';
export type { RemoteName } from './runtime/remote.js';
