// The model behind the runtime's property tests (see test/runtime/properties.test.js).
import fc from 'fast-check';
import { Runtime, SimulatedClock, ExitSignal } from '../../dist/index.js';

export const N = 6;
export const opArb = fc.oneof(
  fc.record({ op: fc.constant('send'), from: fc.nat(N - 1), to: fc.nat(N - 1) }),
  fc.record({ op: fc.constant('link'), from: fc.nat(N - 1), to: fc.nat(N - 1) }),
  fc.record({ op: fc.constant('unlink'), from: fc.nat(N - 1), to: fc.nat(N - 1) }),
  fc.record({ op: fc.constant('monitor'), from: fc.nat(N - 1), to: fc.nat(N - 1) }),
  fc.record({ op: fc.constant('trap'), from: fc.nat(N - 1), on: fc.boolean() }),
  fc.record({ op: fc.constant('exit'), from: fc.nat(N - 1), reason: fc.constantFrom('normal', 'boom', 'shutdown', 'kill') }),
  fc.record({ op: fc.constant('kill'), from: fc.nat(N - 1), reason: fc.constantFrom('kill', 'bye', 'normal') }),
);
/** The extended programs: as `opArb`, plus names (register, send by name) and timers (send_after). */
export const extOpArb = fc.oneof(
  opArb,
  fc.record({ op: fc.constant('register'), from: fc.nat(N - 1), name: fc.nat(2) }),
  fc.record({ op: fc.constant('sendname'), from: fc.nat(N - 1), name: fc.nat(2) }),
  fc.record({ op: fc.constant('after'), from: fc.nat(N - 1), to: fc.nat(N - 1), delay: fc.constantFrom(5, 10) }),
);
/** Which processes are bodies (`await receive()` loops) rather than handlers, and a chain's length. */
export const shapeArb = fc.record({
  bodies: fc.array(fc.boolean(), { minLength: N, maxLength: N }),
  chain: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 20 }), weight: 19 }, { arbitrary: fc.integer({ min: 10000, max: 20000 }), weight: 1 }),
  at: fc.nat(N - 1),
});

/**
 * Runs `ops` on N processes and on the model. `shape` (optional): which processes are bodies,
 * and a chain of `chain` linked processes hung off process `at` (the model sees it as one more
 * process, linked to `at`; the runtime must kill all of it or none).
 */
export async function runProgram(ops, shape = { bodies: [], chain: 0, at: 0 }) {
  const rt = new Runtime({ clock: new SimulatedClock() });
  rt.logger.sink = () => {};
  const log = Array.from({ length: N }, () => []);
  const pids = [];
  const refs = [];
  const handle = (i, m) => {
    if (Array.isArray(m) && m[0] === 'do') {
      const o = m[1];
      switch (o.op) {
        case 'send': rt.send(pids[o.to], ['data', i, o.seq]); break;
        case 'link': rt.link(pids[o.to]); break;
        case 'unlink': rt.unlink(pids[o.to]); break;
        case 'monitor': refs[o.seq] = rt.monitor(pids[o.to]); break;
        case 'trap': rt.flag('trap_exit', o.on); break;
        case 'exit': throw new ExitSignal(o.reason);
        case 'register':
          if (rt.whereis('n' + o.name) === null && rt.info(rt.self(), 'registered_name')[1] === null) rt.register(rt.self(), 'n' + o.name);
          break;
        case 'sendname': if (rt.whereis('n' + o.name) !== null) rt.send('n' + o.name, ['data', i, o.seq]); break;
        case 'after': rt.send_after(pids[o.to], ['data', i, o.seq], o.delay); break;
        case 'linkto': rt.link(o.pid); break;
      }
    } else log[i].push(m);
  };
  for (let i = 0; i < N; i++) {
    if (shape.bodies[i]) {
      pids.push(rt.spawn(async () => {
        for (;;) handle(i, await rt.receive());
      }));
    } else pids.push(rt.spawn_handler((m) => handle(i, m)));
  }
  // The chain: each process spawns the next linked to itself; then `at` links to its head.
  const chain = [];
  let chainRef = null;
  if (shape.chain > 0) {
    const grow = (m) => {
      if (m !== 'grow' || chain.length >= shape.chain) return;
      const next = rt.spawn_handler(grow, { link: true });
      chain.push(next);
      rt.send(next, 'grow');
    };
    chain.push(rt.spawn_handler(grow));
    rt.send(chain[0], 'grow');
    rt.send(pids[shape.at], ['do', { op: 'linkto', pid: chain[0] }]);
    await rt.idle();
    chainRef = rt.monitor(chain[chain.length - 1]);
  }
  // The model. Process N stands for the whole chain (linked to `at`, not trapping).
  const C = N;
  const alive = Array(N + 1).fill(true), trap = Array(N + 1).fill(false);
  const links = Array.from({ length: N + 1 }, () => new Set());
  if (shape.chain > 0) { links[C].add(shape.at); links[shape.at].add(C); }
  let chainDown = null;
  const mons = []; // {seq, watcher, target, fired}
  const expect = Array.from({ length: N + 1 }, () => []);
  const names = new Map(); // name -> process
  const nameOf = Array(N).fill(null);
  const timers = []; // {to, from, seq, delay}
  const kill = (i, reason) => {
    if (!alive[i]) return;
    alive[i] = false;
    if (i === C) chainDown = reason;
    if (i < N && nameOf[i] !== null) { names.delete(nameOf[i]); nameOf[i] = null; }
    for (const l of links[i]) {
      links[l].delete(i);
      if (!alive[l]) continue;
      if (trap[l]) expect[l].push(['EXIT', i, reason]);
      else if (reason !== 'normal') kill(l, reason);
    }
    links[i].clear();
    for (const m of mons) if (m.target === i && !m.fired && alive[m.watcher]) { m.fired = true; expect[m.watcher].push(['DOWN', m.seq, i, reason]); }
  };
  let seq = 0;
  for (const o of ops) {
    const s = seq++;
    if (o.op === 'kill') {
      rt.exit(pids[o.from], o.reason);
      const i = o.from;
      if (alive[i]) {
        if (o.reason === 'kill') kill(i, 'killed');
        else if (trap[i]) expect[i].push(['EXIT', 'main', o.reason]);
        else if (o.reason !== 'normal') kill(i, o.reason);
      }
    } else {
      rt.send(pids[o.from], ['do', { ...o, seq: s }]);
      const i = o.from, j = o.to;
      if (alive[i]) {
        switch (o.op) {
          case 'send': if (alive[j]) expect[j].push(['data', i, s]); break;
          case 'link':
            if (i === j) break;
            if (alive[j]) { links[i].add(j); links[j].add(i); }
            else if (trap[i]) expect[i].push(['EXIT', j, 'noproc']);
            else kill(i, 'noproc');
            break;
          case 'unlink': links[i].delete(j); links[j].delete(i); break;
          case 'monitor':
            if (alive[j]) mons.push({ seq: s, watcher: i, target: j, fired: false });
            else expect[i].push(['DOWN', s, j, 'noproc']);
            break;
          case 'trap': trap[i] = o.on; break;
          case 'exit': kill(i, o.reason); break;
          case 'register':
            if (!names.has(o.name) && nameOf[i] === null) { names.set(o.name, i); nameOf[i] = o.name; }
            break;
          case 'sendname': if (names.has(o.name)) expect[names.get(o.name)].push(['data', i, s]); break;
          case 'after': timers.push({ to: j, from: i, seq: s, delay: o.delay }); break;
        }
      }
    }
    await rt.idle();
  }
  // Timers fire after the program: by deadline, then in the order they were set; to the living.
  await rt.advance(20);
  timers.sort((a, b) => a.delay - b.delay || a.seq - b.seq);
  for (const t of timers) if (alive[t.to]) expect[t.to].push(['data', t.from, t.seq]);
  // Translate what processes saw into the model's vocabulary.
  const idx = new Map(pids.map((p, i) => [p, i]));
  const refSeq = new Map();
  refs.forEach((r, s) => refSeq.set(r, s));
  const seen = log.map((msgs) => msgs.map((m) => {
    if (m[0] === 'EXIT') return ['EXIT', m[1] === rt.main.pid ? 'main' : idx.get(m[1]), m[2]];
    if (m[0] === 'DOWN') return ['DOWN', refSeq.get(m[1]), idx.get(m[3]), m[4]];
    return m;
  }));
  // The chain: all of it alive, or all of it dead with one DOWN for its tail.
  let chainAlive = null;
  let chainSeen = null;
  if (shape.chain > 0) {
    const live = chain.filter((p) => rt.alive(p)).length;
    chainAlive = live === chain.length ? true : live === 0 ? false : `${live} of ${chain.length}`;
    const downs = rt.info(rt.main.pid, 'messages')[1].filter((m) => m[0] === 'DOWN' && m[1] === chainRef);
    chainSeen = downs.map((d) => d[4]);
  }
  return {
    alive: pids.map((p) => rt.alive(p)), modelAlive: alive.slice(0, N), seen, expect,
    chainAlive, modelChainAlive: shape.chain > 0 ? alive[C] : null,
    chainSeen, modelChainSeen: shape.chain > 0 ? (chainDown === null ? [] : [chainDown]) : null,
  };
}

