// What the page is sent, without a browser: the table as diffs, the message log capped per
// frame, the supervision trees from the supervisors' state, and no work while no page is open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { GenServer, MyKeyStore, Supervisor, spawn, send } from '../../dist/index.js';
import { ProcessTable } from '../../dist/web/table.js';
import { FlowLog, KEEP, PER_FRAME } from '../../dist/web/flow.js';
import { Feed } from '../../dist/web/feed.js';
import { supervisionTrees } from '../../dist/web/tree.js';
import { fresh, settle } from '../helpers/runtime.js';

/** A stand-in for an event-stream response: collects what is written. */
function stream() {
  const res = new EventEmitter();
  res.chunks = [];
  res.writableLength = 0;
  res.write = (s) => res.chunks.push(s);
  res.end = () => res.emit('close');
  res.events = () => res.chunks.join('').split('\n\n').filter(Boolean).map((e) => ({ event: /^event: (\w+)/.exec(e)[1], data: JSON.parse(/\ndata: (.*)$/s.exec(e)[1]) }));
  return res;
}

test('the table is sent as diffs: the first sample has every row, then only what changed', async () => {
  const rt = fresh();
  const a = spawn(() => new Promise(() => {}));
  spawn(() => new Promise(() => {}));
  await settle(rt);
  const table = new ProcessTable(rt);
  const first = table.sample(0);
  assert.equal(first.set.length, rt.count);
  assert.deepEqual(table.sample(0), { set: [], del: [] });
  send(a, 'hello');
  const next = table.sample(0);
  assert.deepEqual(next.set.map((r) => [r.pid, r.queue]), [[String(a), 1]]);
  assert.deepEqual(next.del, []);
  GenServer.start(MyKeyStore, []);
  await settle(rt);
  const started = table.sample(0);
  assert.equal(started.set.length, 1);
  assert.equal(started.set[0].module, 'MyKeyStore');
});

test('a crashed process stays in the table, marked with its reason, after it is gone', async () => {
  const rt = fresh();
  const table = new ProcessTable(rt);
  const p = spawn(() => new Promise(() => {}));
  await settle(rt);
  table.sample(0);
  table.crash(p, new Error('boom'), 0);
  rt.exit(p, 'kill');
  await settle(rt);
  const d = table.sample(1);
  assert.deepEqual(d.set.map((r) => [r.pid, r.status, r.crashed]), [[String(p), 'crashed', '** (Error) boom']]);
  assert.deepEqual(table.sample(60000).del, [String(p)], 'and leaves after a while');
});

test('the message log keeps the latest events and a frame carries at most PER_FRAME of them', () => {
  const rt = fresh();
  const flow = new FlowLog();
  for (let i = 1; i <= 10000; i++) flow.record('send', rt.main.pid, rt.main.pid, ['tick', i]);
  const { events, skipped } = flow.take();
  assert.equal(events.length, PER_FRAME);
  assert.equal(skipped, 10000 - PER_FRAME);
  assert.equal(events.at(-1).label, "['tick', 10000]");
  assert.equal(events.at(-1).n, 10000);
  assert.equal(flow.recent().length, KEEP);
  assert.deepEqual(flow.take(), { events: [], skipped: 0 });
  flow.record('call', rt.main.pid, rt.main.pid, ['put', 'a key', 'x'.repeat(100)]);
  const [long] = flow.take().events;
  assert.ok(long.label.length <= 28 && long.label.endsWith('…'), long.label);
  assert.match(long.full, /x{100}/, 'the whole message is there for hover and click');
});

test('no page open, no work: the trace stream is watched and the table sampled only while a page is open', async () => {
  const rt = fresh({ real: true });
  const feed = new Feed(rt);
  assert.equal(rt.trace.on, false);
  const res = stream();
  feed.add(res);
  assert.equal(rt.trace.on, true);
  const [full] = res.events();
  assert.equal(full.event, 'full');
  assert.deepEqual(full.data.rows.map((r) => r.pid), [String(rt.main.pid)]);
  // A message between two processes reaches the page as a frame.
  const p = spawn(() => new Promise(() => {}));
  send(p, ['hello', 1]);
  await new Promise((r) => setTimeout(r, 200));
  const frames = res.events().filter((e) => e.event === 'frame');
  const flow = frames.flatMap((f) => f.data.flow);
  assert.ok(flow.some((e) => e.kind === 'spawn' && e.to === String(p)), JSON.stringify(flow));
  assert.ok(flow.some((e) => e.kind === 'send' && e.to === String(p) && e.label === "['hello', 1]"), JSON.stringify(flow));
  assert.ok(frames.some((f) => f.data.set.some((r) => r.pid === String(p))), 'the new process is in a frame');
  res.emit('close');
  assert.equal(rt.trace.on, false, 'the last page gone, the stream is no longer watched');
  const sent = feed.frames;
  send(p, 'more');
  await new Promise((r) => setTimeout(r, 150));
  assert.equal(feed.frames, sent);
  feed.close();
});

test('supervision trees nest supervisors and name children by id; a process that is no supervisor is skipped', async () => {
  const rt = fresh();
  const Inner = { init: () => ['ok', [{ strategy: 'rest_for_one' }, [MyKeyStore]]] };
  const [, sup] = Supervisor.start_link([{ id: 'inner', start: () => Supervisor.start_link(Inner, []), type: 'supervisor' }, [MyKeyStore, []]], { strategy: 'one_for_all' });
  await settle(rt);
  const table = new ProcessTable(rt);
  table.sample(0);
  assert.equal(table.supervisors.length, 2);
  assert.ok(table.supervisors.every((s) => s.pid !== rt.main.pid));
  const trees = supervisionTrees(table.supervisors, () => false);
  assert.equal(trees.length, 1);
  const [root] = trees;
  assert.equal(root.pid, String(sup));
  assert.equal(root.detail, 'one_for_all');
  assert.deepEqual(root.children.map((c) => [c.label, c.kind]), [['inner', 'supervisor'], ['MyKeyStore', 'worker']]);
  assert.equal(root.children[0].detail, 'rest_for_one');
  assert.deepEqual(root.children[0].children.map((c) => c.label), ['MyKeyStore']);
});
