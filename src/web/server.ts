/**
 * The projector page's HTTP server (`node:http`): on 127.0.0.1 only, on a free port, every
 * path under a random token (`http://127.0.0.1:PORT/TOKEN/`). Without the token there is
 * nothing: the page, its assets, the event stream and the process view all answer 404. Requests
 * naming another host are refused too (a page elsewhere cannot reach it through DNS tricks).
 * The page's files are served from this package (no CDN: it works without a network).
 *
 * Routes under the token: `/` the page, `/app.js` and `/app.css`, `/events` the event stream
 * (see feed.ts), `/process?pid=0.110.0` one process as JSON (see selected.ts).
 *
 * @example
 * const server = await WebServer.start(rt);
 * server.url // 'http://127.0.0.1:40123/3q2…/'
 * await server.close();
 */
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Runtime } from '../runtime/kernel.js';
import { Feed } from './feed.js';
import { processView } from './selected.js';

/** The page's files, shipped in the package's src/ (read once, on first request). */
const PAGE_DIR = fileURLToPath(new URL('../../src/web/page/', import.meta.url));
/** Path under the token → [file, content type]. */
const FILES: Record<string, [string, string]> = {
  '': ['index.html', 'text/html; charset=utf-8'],
  'app.js': ['app.js', 'text/javascript; charset=utf-8'],
  'app.css': ['app.css', 'text/css; charset=utf-8'],
};
const cache = new Map<string, Buffer>();

/** A running page server for one runtime. */
export class WebServer {
  /** The address to open, token included. */
  readonly url: string;
  readonly feed: Feed;
  private readonly token: Buffer;

  private constructor(
    private readonly server: Server,
    readonly rt: Runtime,
    token: string,
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/${token}/`;
    this.token = Buffer.from(token);
    this.feed = new Feed(rt);
  }

  /** Listens on 127.0.0.1, on a free port; resolves once it does. @example await WebServer.start(rt) */
  static async start(rt: Runtime): Promise<WebServer> {
    const token = randomBytes(18).toString('base64url');
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    // The page never keeps a program alive: the shell (or the user's program) decides.
    server.unref();
    server.on('connection', (socket) => socket.unref());
    const web = new WebServer(server, rt, token);
    server.on('request', (req, res) => web.handle(req, res));
    return web;
  }

  /** Ends the event streams and stops listening. @example await server.close() */
  close(): Promise<void> {
    this.feed.close();
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const [, given, ...rest] = url.pathname.split('/');
    if (!this.allowed(req, given ?? '') || req.method !== 'GET') return notFound(res);
    if (rest.length === 0) {
      res.writeHead(302, { location: `/${given}/` }).end();
      return;
    }
    const path = rest.join('/');
    if (path === 'events') return this.events(res);
    if (path === 'process') return json(res, processView(this.rt, url.searchParams.get('pid') ?? ''));
    if (path in FILES) return asset(res, path);
    notFound(res);
  }

  /** The token matches (in constant time) and the request names this server's own host. */
  private allowed(req: IncomingMessage, given: string): boolean {
    const host = req.headers.host ?? '';
    if (!/^(127\.0\.0\.1|localhost)(:\d+)?$/.test(host)) return false;
    const b = Buffer.from(given);
    return b.length === this.token.length && timingSafeEqual(b, this.token);
  }

  private events(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    this.feed.add(res);
  }
}

function asset(res: ServerResponse, path: string): void {
  const [file, type] = FILES[path]!;
  let body = cache.get(file);
  if (body === undefined) cache.set(file, (body = readFileSync(PAGE_DIR + file)));
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' }).end(body);
}

function json(res: ServerResponse, value: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(JSON.stringify(value));
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
}
