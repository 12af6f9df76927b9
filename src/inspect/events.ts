/**
 * The kernel's events as iex writes them: the one place crash reports, unexpected-message
 * warnings, main's exit, interrupts and `*DBG*` trace lines are worded. Loading this module
 * installs it (with the printer and the exit-reason words) as the kernel's presenter.
 *
 * @example
 * formatEvent({ kind: 'process_crashed', pid, error: new Error('boom') })
 * // "Process #PID<0.110.0> raised an exception\n** (Error) boom"
 */
import { setPresenter } from '../runtime/kernel.js';
import type { KernelEvent, LastMessage, TraceStep } from '../runtime/kernel.js';
import { inspect } from './inspect.js';
import { formatException, formatExit } from './format-error.js';

/** An event's report, without timestamp or level. @example formatEvent({ kind: 'interrupted', pid }) */
export function formatEvent(e: KernelEvent): string {
  switch (e.kind) {
    case 'process_crashed':
      return `Process ${e.pid} raised an exception\n${formatException(e.error)}`;
    case 'error_after_exit':
      return `Process ${e.pid} raised an exception after it had exited with reason: ${formatExit(e.reason)}\n${formatException(e.error)}`;
    case 'gen_server_terminating': {
      const lines = [`GenServer ${who(e)} terminating`];
      lines.push(e.reason instanceof Error ? formatException(e.reason) : `** (stop) ${formatExit(e.reason)}`);
      lines.push(lastMessage(e.last));
      lines.push(`State: ${inspect(e.state)}`);
      if (e.client !== null) lines.push(`Client ${e.client.pid} is ${e.client.alive ? 'alive' : 'dead'}`);
      return lines.join('\n');
    }
    case 'unexpected_message':
      return `${e.module} ${who(e)} received unexpected message in handle_info/2: ${inspect(e.msg)}`;
    case 'main_exited':
      return `Main process ${e.pid} exited with reason: ${formatExit(e.reason)}\nA new main process ${e.next} takes its place.`;
    case 'interrupted':
      return `Process ${e.pid} was interrupted (Ctrl-C) while handling a message and exits with reason 'interrupted'`;
    case 'trace':
      return `*DBG* ${who(e)} ${traceStep(e.step)}`;
  }
}

/** How reports name a server: its registered name, or its pid. */
function who(e: { pid: unknown; name: string | null }): string {
  return e.name !== null ? inspect(e.name) : String(e.pid);
}

function lastMessage(m: LastMessage): string {
  switch (m.kind) {
    case 'call':
      return `Last message (from ${m.from}): ${inspect(m.request)}`;
    case 'cast':
      return `Last message: ${inspect(['$gen_cast', m.request])}`;
    case 'continue':
      return `Last message: ${inspect(['continue', m.value])}`;
    case 'info':
      return `Last message: ${inspect(m.msg)}`;
  }
}

function traceStep(s: TraceStep): string {
  switch (s.kind) {
    case 'call':
      return `got call ${inspect(s.request)} from ${s.from}`;
    case 'cast':
      return `got cast ${inspect(s.request)}`;
    case 'continue':
      return `continue ${inspect(s.value)}`;
    case 'info':
      return `got ${inspect(s.msg)}`;
    case 'reply':
      return `sent ${inspect(s.value)} to ${s.to}, new state ${inspect(s.state)}`;
    case 'state':
      return `new state ${inspect(s.state)}`;
  }
}

setPresenter({ show: (v) => inspect(v), exit: (r) => formatExit(r), event: formatEvent });
