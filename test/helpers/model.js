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

export async function runProgram(ops) {
  const rt = new Runtime({ clock: new SimulatedClock() });
  rt.logger.sink = () => {};
  const log = Array.from({ length: N }, () => []);
  const pids = [];
  const refs = [];
  for (let i = 0; i < N; i++) {
    pids.push(rt.spawn_handler((m) => {
      if (Array.isArray(m) && m[0] === 'do') {
        const o = m[1];
        switch (o.op) {
          case 'send': rt.send(pids[o.to], ['data', i, o.seq]); break;
          case 'link': rt.link(pids[o.to]); break;
          case 'unlink': rt.unlink(pids[o.to]); break;
          case 'monitor': refs[o.seq] = rt.monitor(pids[o.to]); break;
          case 'trap': rt.flag('trap_exit', o.on); break;
          case 'exit': throw new ExitSignal(o.reason);
        }
      } else log[i].push(m);
    }));
  }
  // The model.
  const alive = Array(N).fill(true), trap = Array(N).fill(false);
  const links = Array.from({ length: N }, () => new Set());
  const mons = []; // {seq, watcher, target, fired}
  const expect = Array.from({ length: N }, () => []);
  const kill = (i, reason) => {
    if (!alive[i]) return;
    alive[i] = false;
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
        }
      }
    }
    await rt.idle();
  }
  // Translate what processes saw into the model's vocabulary.
  const idx = new Map(pids.map((p, i) => [p, i]));
  const refSeq = new Map();
  refs.forEach((r, s) => refSeq.set(r, s));
  const seen = log.map((msgs) => msgs.map((m) => {
    if (m[0] === 'EXIT') return ['EXIT', m[1] === rt.main.pid ? 'main' : idx.get(m[1]), m[2]];
    if (m[0] === 'DOWN') return ['DOWN', refSeq.get(m[1]), idx.get(m[3]), m[4]];
    return m;
  }));
  return { alive: pids.map((p) => rt.alive(p)), modelAlive: alive, seen, expect };
}

