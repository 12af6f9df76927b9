/**
 * The supervision trees, from the supervisors a table sample met: each supervisor's strategy,
 * recent restarts and children (id, pid, worker or supervisor), nested where a child is itself
 * a supervisor. Read from the supervisors' state, never by calling them (a call would be a
 * message on the page, and would wait on a busy supervisor). Total: a state it does not
 * recognise, a dead child or a cycle gives a smaller tree, never an error.
 *
 * @example
 * supervisionTrees(table.supervisors, (pid) => table.isCrashed(pid))
 * // [{ pid: '#PID<0.111.0>', label: 'Supervisor', detail: 'one_for_one', children: [...] }]
 */
import type { SeenSupervisor } from './table.js';
import { short } from './terms.js';

/** One node of a tree. */
export interface TreeNode {
  /** `#PID<…>`, or null for a child that is not running. */
  pid: string | null;
  /** The registered name, the child's id, or the module. */
  label: string;
  kind: 'supervisor' | 'worker';
  /** A supervisor's strategy and restarts. */
  detail?: string;
  crashed?: boolean;
  children: TreeNode[];
}

interface ChildLike {
  spec?: { id?: unknown; type?: unknown; modules?: unknown };
  pid?: unknown;
}
interface SupState {
  strategy?: unknown;
  restarts?: unknown;
  children?: unknown;
  dynamic?: unknown;
}

/** The trees rooted at supervisors that no other supervisor supervises. @example supervisionTrees(sups, () => false) */
export function supervisionTrees(sups: SeenSupervisor[], crashed: (pid: string) => boolean, names: (pid: string) => string = () => ''): TreeNode[] {
  const byPid = new Map<string, SupState>();
  for (const s of sups) if (s.state !== null && typeof s.state === 'object') byPid.set(String(s.pid), s.state as SupState);
  const supervised = new Set<string>();
  for (const st of byPid.values()) for (const c of childrenOf(st)) if (c.pid !== null && c.pid !== undefined) supervised.add(String(c.pid));
  const seen = new Set<string>();
  const node = (pid: string, label: string): TreeNode => {
    const st = byPid.get(pid)!;
    seen.add(pid);
    const restarts = Array.isArray(st.restarts) ? st.restarts.length : 0;
    const strategy = typeof st.strategy === 'string' ? st.strategy : '';
    const out: TreeNode = {
      pid,
      label: names(pid) || label,
      kind: 'supervisor',
      detail: restarts > 0 ? `${strategy}, ${restarts} restart${restarts === 1 ? '' : 's'}` : strategy,
      children: [],
    };
    if (crashed(pid)) out.crashed = true;
    // Children in start order (the state keeps them so; which_children reverses).
    for (const c of childrenOf(st)) {
      const cpid = c.pid !== null && c.pid !== undefined && typeof c.pid === 'object' ? String(c.pid) : null;
      const id = st.dynamic === true ? firstModule(c) : typeof c.spec?.id === 'string' ? c.spec.id : short(c.spec?.id, 24);
      if (cpid !== null && byPid.has(cpid) && !seen.has(cpid)) out.children.push(node(cpid, id));
      else {
        const leaf: TreeNode = { pid: cpid, label: (cpid !== null && names(cpid)) || id, kind: c.spec?.type === 'supervisor' ? 'supervisor' : 'worker', children: [] };
        if (cpid !== null && crashed(cpid)) leaf.crashed = true;
        out.children.push(leaf);
      }
    }
    return out;
  };
  const roots: TreeNode[] = [];
  for (const pid of byPid.keys()) if (!supervised.has(pid) && !seen.has(pid)) roots.push(node(pid, 'Supervisor'));
  return roots;
}

function childrenOf(st: SupState): ChildLike[] {
  return Array.isArray(st.children) ? (st.children as ChildLike[]).filter((c) => c !== null && typeof c === 'object') : [];
}

function firstModule(c: ChildLike): string {
  const m = c.spec?.modules;
  return Array.isArray(m) && typeof m[0] === 'string' ? m[0] : 'child';
}
