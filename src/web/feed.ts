/**
 * What the open pages are sent, as Server-Sent Events: a `full` picture when a page connects
 * (every row, the trees, the recent messages), then `frame`s with only what changed. Work is
 * done only while a page is open: the first page starts sampling (and watching messages), the
 * last one to leave stops it. Only crash reports, which the runtime makes anyway, are kept from
 * the start.
 *
 * Under load it samples, caps and diffs: the table is read at most every {@link SAMPLE_MS}
 * (longer when a sample costs more, so sampling stays under ~5% of the time), events are
 * coalesced into at most one frame per {@link FRAME_MS}, a frame carries at most
 * `PER_FRAME` messages, and a page that cannot keep up is skipped until its socket drains,
 * then sent a fresh `full`.
 *
 * @example
 * const feed = new Feed(rt);
 * feed.add(res); // res: an http.ServerResponse, headers for text/event-stream already sent
 */
import type { ServerResponse } from 'node:http';
import type { KernelEvent, Pid, Runtime, TraceEvent } from '../runtime/kernel.js';
import { ProcessTable } from './table.js';
import { FlowLog } from './flow.js';
import { supervisionTrees, TreeNode } from './tree.js';

/** The table is sampled at most this often (ms), when nothing forces a sample sooner. */
export const SAMPLE_MS = 100;
/** Events are coalesced into one frame per this many ms. */
export const FRAME_MS = 30;
/** A page whose socket holds more than this many bytes unsent is skipped until it drains. */
const BACKLOG = 1 << 22;
const NOTHING = { set: [], del: [], treeChanged: false };

interface Client {
  res: ServerResponse;
  /** Frames were skipped: send a full picture when the socket drains. */
  stale: boolean;
}

/** The pages connected to one runtime, and what they have been sent. */
export class Feed {
  readonly table: ProcessTable;
  readonly flow = new FlowLog();
  private readonly clients = new Set<Client>();
  private tree: TreeNode[] = [];
  private treeSent = '[]';
  private sampleEvery = SAMPLE_MS;
  private lastSample = 0;
  private forceSample = false;
  private tick: NodeJS.Timeout | null = null;
  private frameDue: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void)[] = [];
  private readonly offReports: () => void;
  /** Frames sent (for tests and the benchmark). */
  frames = 0;

  constructor(private readonly rt: Runtime) {
    this.table = new ProcessTable(rt);
    this.flow.onRecord = () => this.request();
    // Crashes are few and reported anyway: they are kept from the start, so a page opened
    // just after one still shows it.
    this.offReports = rt.logger.subscribe((e) => this.reported(e));
  }

  /** How many pages are open. @example feed.size */
  get size(): number {
    return this.clients.size;
  }

  /** Starts sending to `res` (an event stream): a full picture now, frames after. @example feed.add(res) */
  add(res: ServerResponse): void {
    if (this.clients.size === 0) this.start();
    else this.frame(); // the others get what changed before the newcomer's picture is taken
    const c: Client = { res, stale: false };
    this.clients.add(c);
    res.on('close', () => this.remove(c));
    res.on('drain', () => {
      if (c.stale) {
        c.stale = false;
        this.send(c, 'full', this.picture());
      }
    });
    this.send(c, 'full', this.picture());
  }

  /** Ends every stream and stops sampling. @example feed.close() */
  close(): void {
    for (const c of [...this.clients]) c.res.end();
    this.clients.clear();
    this.stop();
    this.offReports();
  }

  /** Asks for a frame soon (coalesced); `sample` also rereads the table in it. @example feed.request(true) */
  request(sample = false): void {
    if (sample) this.forceSample = true;
    if (this.frameDue === null && this.clients.size > 0) this.frameDue = setTimeout(this.frameBound, FRAME_MS).unref();
  }

  private readonly frameBound = () => {
    this.frameDue = null;
    this.frame();
  };

  private start(): void {
    this.unsubscribe.push(this.rt.trace.watch('all', (e) => this.traced(e)));
    this.sample(Date.now()); // the first picture is the baseline of the first diff
    const loop = () => {
      this.frame();
      this.tick = setTimeout(loop, this.sampleEvery).unref();
    };
    this.tick = setTimeout(loop, this.sampleEvery).unref();
  }

  private stop(): void {
    for (const off of this.unsubscribe) off();
    this.unsubscribe = [];
    if (this.tick !== null) clearTimeout(this.tick);
    if (this.frameDue !== null) clearTimeout(this.frameDue);
    this.tick = this.frameDue = null;
  }

  private remove(c: Client): void {
    if (!this.clients.delete(c)) return;
    if (this.clients.size === 0) this.stop();
  }

  /** A crash (or any abnormal end the runtime reports) is marked and drawn at once. */
  private reported(e: KernelEvent): void {
    const crash = (pid: Pid, reason: unknown, known?: { name: string | null; module: string; behaviour: string }) => {
      this.table.crash(pid, reason, Date.now(), known);
      this.flow.record('crash', pid, null, reason);
      this.request(true);
    };
    if (e.kind === 'process_crashed') crash(e.pid, e.error);
    else if (e.kind === 'gen_server_terminating') crash(e.pid, e.reason, { name: e.name, module: e.module, behaviour: 'GenServer' });
    else if (e.kind === 'main_exited') crash(e.pid, e.reason);
    else if (e.kind === 'interrupted') crash(e.pid, 'interrupted');
  }

  /**
   * A message, a spawn or an exit goes to the diagram (recorded as it is: labels are made per
   * frame); one that changes the table asks for a sample in the next frame. Crashes come from
   * the reports (see `reported`), state changes show in the table and the selected process.
   */
  private traced(e: TraceEvent): void {
    switch (e.kind) {
      case 'send':
        return this.flow.record('send', e.from, e.to, e.msg);
      case 'call':
      case 'cast':
        return this.flow.record(e.kind, e.from, e.to, e.request);
      case 'reply':
        return this.flow.record('reply', e.from, e.to, e.reply);
      case 'down':
        return this.flow.record('send', e.from, e.to, ['DOWN', e.ref, 'process', e.from, e.reason]);
      case 'timer':
        return this.flow.record('timer', null, e.to, e.msg);
      case 'spawn':
        this.flow.record('spawn', e.parent, e.child, e.mfa);
        return this.request(true);
      case 'link':
        return this.flow.record('link', e.from, e.to, 'link');
      case 'exit':
        if (!this.table.isCrashed(String(e.pid))) this.flow.record('exit', e.pid, null, e.reason);
        return this.request(true);
      case 'register':
      case 'unregister':
        return this.request(true);
      default:
        return;
    }
  }

  /** Reads the table and the trees: what changed in the table, and whether the trees did. */
  private sample(now: number): { set: unknown[]; del: string[]; treeChanged: boolean } {
    const t0 = performance.now();
    const { set, del } = this.table.sample(now);
    this.tree = supervisionTrees(this.table.supervisors, (pid) => this.table.isCrashed(pid), (pid) => this.table.row(pid)?.name ?? '');
    this.lastSample = now;
    this.forceSample = false;
    // Sampling stays under ~5% of the time however many processes there are.
    this.sampleEvery = Math.max(SAMPLE_MS, Math.round((performance.now() - t0) * 20));
    const json = JSON.stringify(this.tree);
    const treeChanged = json !== this.treeSent;
    this.treeSent = json;
    return { set, del, treeChanged };
  }

  /** Sends what changed to every page that keeps up. */
  private frame(): void {
    if (this.clients.size === 0) return;
    const now = Date.now();
    const due = this.forceSample || now - this.lastSample >= this.sampleEvery;
    const { set, del, treeChanged } = due ? this.sample(now) : NOTHING;
    const { events, skipped } = this.flow.take();
    if (set.length === 0 && del.length === 0 && !treeChanged && events.length === 0) return;
    const data = JSON.stringify({ set, del, tree: treeChanged ? this.tree : undefined, flow: events, skipped, at: now });
    this.frames++;
    for (const c of this.clients) if (!c.stale) this.send(c, 'frame', data);
  }

  private picture(): string {
    return JSON.stringify({ rows: this.table.all(), tree: this.tree, flow: this.flow.recent(), at: Date.now() });
  }

  private send(c: Client, event: string, data: string): void {
    if (c.res.writableLength > BACKLOG) {
      c.stale = true;
      return;
    }
    c.res.write(`event: ${event}\ndata: ${data}\n\n`);
  }
}
