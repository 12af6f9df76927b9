/**
 * `web()`: the projector page for a session. The first call starts a server on 127.0.0.1 (a
 * free port, a random token in the address) and resolves to the address; later calls resolve
 * to the same one. Nothing listens before the first call; the server never keeps a program
 * alive, so it stops with the shell.
 *
 * @example
 * await web() // 'http://127.0.0.1:40123/Zm9vYmFy…/' : open it in a browser
 */
import { currentProc, Runtime } from '../runtime/kernel.js';
import { WebServer } from './server.js';

const servers = new WeakMap<Runtime, Promise<WebServer>>();

/**
 * Serves the projector page and resolves to its address, the same on every call.
 *
 * The page shows the current runtime live: the process table, the supervision trees, the
 * messages as a sequence diagram, and the selected process's state and mailbox. `rt` is the
 * runtime to show: the calling process's (the shell's, typed at the prompt) when left out.
 * @helper
 * @example
 * iex(1)> web()
 * 'http://127.0.0.1:40123/Zm9vYmFy…/'
 */
export async function web(rt?: Runtime): Promise<string> {
  rt ??= currentProc().rt;
  let started = servers.get(rt);
  if (started === undefined) {
    started = WebServer.start(rt);
    servers.set(rt, started);
    started.catch(() => servers.delete(rt));
  }
  return (await started).url;
}

/** Stops the page server of `rt`, if one runs (the next `web()` starts a new one, at a new address). @example await stopWeb(rt) */
export async function stopWeb(rt: Runtime = currentProc().rt): Promise<void> {
  const started = servers.get(rt);
  if (started === undefined) return;
  servers.delete(rt);
  await (await started).close();
}

/** The running page server of `rt`, or undefined (for tests and the benchmark). @example await webServer(rt) */
export function webServer(rt: Runtime): Promise<WebServer> | undefined {
  return servers.get(rt);
}
