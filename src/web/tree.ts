/**
 * The supervision trees, from the supervisors a table sample met: each supervisor's strategy,
 * recent restarts and children (id, pid, worker or supervisor), nested where a child is itself
 * a supervisor. Read through `supervisorView` (the supervisors' state), never by calling them
 * (a call would be a message on the page, and would wait on a busy supervisor). Total: a dead
 * child or a cycle gives a smaller tree, never an error.
 *
 * @example
 * supervisionTrees(table.supervisors, (pid) => table.isCrashed(pid))
 * // [{ pid: '#PID<0.111.0>', label: 'Supervisor', detail: 'one_for_one', children: [...] }]
 */
import type { SupervisorView } from '../behaviours/supervisor.js';
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

/** The trees rooted at supervisors that no other supervisor supervises. @example supervisionTrees(sups, () => false) */
export function supervisionTrees(sups: SeenSupervisor[], crashed: (pid: string) => boolean, names: (pid: string) => string = () => ''): TreeNode[] {
  const byPid = new Map<string, SupervisorView>();
  for (const s of sups) byPid.set(String(s.pid), s.view);
  const supervised = new Set<string>();
  for (const v of byPid.values()) for (const c of v.children) if (c.pid !== null) supervised.add(String(c.pid));
  const seen = new Set<string>();
  const node = (pid: string, label: string): TreeNode => {
    const v = byPid.get(pid)!;
    seen.add(pid);
    const out: TreeNode = {
      pid,
      label: names(pid) || label,
      kind: 'supervisor',
      detail: v.recent > 0 ? `${v.strategy}, ${v.recent} restart${v.recent === 1 ? '' : 's'}` : v.strategy,
      children: [],
    };
    if (crashed(pid)) out.crashed = true;
    // Children in start order (the state keeps them so; which_children reverses).
    for (const c of v.children) {
      const cpid = c.pid === null ? null : String(c.pid);
      const id = v.dynamic ? (c.modules[0] ?? 'child') : typeof c.id === 'string' ? c.id : short(c.id, 24);
      if (cpid !== null && byPid.has(cpid) && !seen.has(cpid)) out.children.push(node(cpid, id));
      else {
        const leaf: TreeNode = { pid: cpid, label: (cpid !== null && names(cpid)) || id, kind: c.type === 'supervisor' ? 'supervisor' : 'worker', children: [] };
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
