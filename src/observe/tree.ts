/**
 * A supervision tree as text, as `Kino.Process.sup_tree` draws it: each supervisor with its
 * strategy, each child with its id, pid, what it runs and how often it was restarted, nested
 * supervisors below their parent; then the links that are not supervision. Everything is read
 * in one synchronous pass (no process runs meanwhile, so the tree cannot change while drawn);
 * a dead pid, a child not running or a process that is no supervisor is said, never thrown.
 *
 * @example
 * drawTree(rt, sup)
 * // Supervisor #PID<0.110.0> (one_for_one)
 * // ├─ 'a' #PID<0.111.0> Counter
 * // └─ 'b' #PID<0.112.0> Counter, restarted 1×
 */
import { Pid } from '../runtime/kernel.js';
import type { Proc, Runtime } from '../runtime/kernel.js';
import { supervisorView } from '../behaviours/supervisor.js';
import { Server } from '../behaviours/gen-server.js';
import { inspect } from '../inspect/inspect.js';
import { procOf } from './terms.js';

/** How a process is named in the tree: its pid, its registered name, what it runs (`shell` for the shell). */
function named(p: Proc): string {
  const parts = [String(p.pid)];
  if (p.name !== null) parts.push(inspect(p.name));
  if (p === p.rt.main) parts.push('shell');
  else {
    const runs = p.handler?.describe?.()?.module ?? p.mfa()[1];
    if (runs !== 'anonymous') parts.push(runs);
  }
  return parts.join(' ');
}

/** The supervisor above `p` (its parent, when that is a supervisor), or null. */
function supervisorOf(p: Proc): Proc | null {
  const h = p.handler;
  if (!(h instanceof Server)) return null;
  return supervisorView(h.parent) !== null && !h.parent.dead ? h.parent : null;
}

/**
 * The tree under `root` (a pid or a registered name), or under every top supervisor when
 * `root` is undefined.
 * @example drawTree(rt, 'app')
 */
export function drawTree(rt: Runtime, root?: Pid | string): string {
  let roots: Proc[];
  if (root === undefined) {
    roots = [];
    for (const pid of rt.list()) {
      const p = rt.procOf(pid);
      if (p !== null && supervisorView(p) !== null && supervisorOf(p) === null) roots.push(p);
    }
    if (roots.length === 0) return 'No supervisors are running.';
  } else {
    const p = root instanceof Pid || typeof root === 'string' ? rt.procOf(root) : null;
    if (p === null) return `${typeof root === 'string' ? inspect(root) : String(root)} is not alive${typeof root === 'string' ? ' (no process has that name)' : ''}.`;
    if (supervisorView(p) === null) {
      const d = p.handler?.describe?.();
      return `${named(p)} is not a supervisor${d !== undefined ? ` (a ${d.behaviour})` : ''}.${linksOf([p], new Set([p]))}`;
    }
    roots = [p];
  }
  const lines: string[] = [];
  const inTree = new Set<Proc>();
  const edges = new Set<string>();
  const walk = (sup: Proc, prefix: string) => {
    const v = supervisorView(sup)!;
    for (let i = 0; i < v.children.length; i++) {
      const c = v.children[i]!;
      const last = i === v.children.length - 1;
      const id = v.dynamic ? '' : `${inspect(c.id)} `;
      const restarted = c.restarts > 0 ? `, restarted ${c.restarts}×` : '';
      const p = c.pid === null ? null : procOf(c.pid);
      let text: string;
      if (c.pid === null) text = `${id}not running${restarted}`;
      else if (p === null) text = `${id}${c.pid} dead${restarted}`;
      else {
        inTree.add(p);
        edges.add(key(sup, p));
        const sv = supervisorView(p);
        text = `${id}${named(p)}${sv !== null ? ` (${sv.strategy})` : ''}${restarted}`;
      }
      lines.push(`${prefix}${last ? '└─ ' : '├─ '}${text}`);
      if (p !== null && supervisorView(p) !== null && !seen.has(p)) {
        seen.add(p);
        walk(p, prefix + (last ? '   ' : '│  '));
      }
    }
  };
  const seen = new Set<Proc>();
  for (const r of roots) {
    const v = supervisorView(r)!;
    inTree.add(r);
    seen.add(r);
    lines.push(`Supervisor ${r.pid}${r.name === null ? '' : ` ${inspect(r.name)}`} (${v.strategy}${v.recent > 0 ? `, ${v.recent} restart${v.recent === 1 ? '' : 's'} in the window` : ''})`);
    walk(r, '');
  }
  return lines.join('\n') + linksOf([...inTree], inTree, edges);
}

function key(a: Proc, b: Proc): string {
  return a.pid.id < b.pid.id ? `${a.pid.id}-${b.pid.id}` : `${b.pid.id}-${a.pid.id}`;
}

/** The links of `procs` that are not supervision (`edges`), one line each, under a heading; '' if none. */
function linksOf(procs: Proc[], inTree: Set<Proc>, edges = new Set<string>()): string {
  const out: string[] = [];
  const done = new Set<string>(edges);
  for (const p of procs) {
    if (p.links === null) continue;
    for (const l of p.links) {
      const k = key(p, l);
      if (done.has(k) || l.dead) continue;
      done.add(k);
      out.push(`  ${named(p)} ── ${named(l)}${inTree.has(l) ? '' : ' (outside the tree)'}`);
    }
  }
  return out.length === 0 ? '' : `\nLinks that are not supervision:\n${out.join('\n')}`;
}
