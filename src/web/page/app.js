// The projector page: the process table, the supervision trees, the recent messages as a
// sequence diagram and the selected process, kept live from the server's event stream
// (`full` pictures and `frame` diffs, see src/web/feed.ts). Data is applied as it arrives and
// drawn once per animation frame. Text from the session is only ever set as text, never as markup.
const SVG = 'http://www.w3.org/2000/svg';
const KEEP = 120;

const rows = new Map(); // pid -> row
const trs = new Map(); // pid -> <tr>
let tree = [];
let flow = [];
let skipped = 0;
let selected = null;
let dirty = { table: false, tree: false, seq: false, sel: false };
let drawing = false;

const $ = (id) => document.getElementById(id);
const tbody = document.querySelector('#procs .rows');

function el(tag, attrs = {}, text) {
  const e = document.createElementNS(tag === 'svg' || SVG_TAGS.has(tag) ? SVG : 'http://www.w3.org/1999/xhtml', tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}
const SVG_TAGS = new Set(['g', 'rect', 'line', 'path', 'text', 'title', 'defs', 'marker', 'circle']);

// ------------------------------------------------------------------ the stream

function connect() {
  const es = new EventSource('events');
  es.onopen = () => setConn(true);
  es.onerror = () => setConn(false);
  es.addEventListener('full', (e) => {
    const d = JSON.parse(e.data);
    rows.clear();
    for (const r of d.rows) rows.set(r.pid, r);
    for (const tr of trs.values()) tr.remove();
    trs.clear();
    tree = d.tree;
    flow = d.flow;
    skipped = 0;
    markAll();
  });
  es.addEventListener('frame', (e) => {
    const d = JSON.parse(e.data);
    for (const r of d.set) {
      rows.set(r.pid, r);
      lastNames.set(r.pid, r);
      if (r.pid === selected) dirty.sel = true;
    }
    for (const pid of d.del) {
      rows.delete(pid);
      if (pid === selected) dirty.sel = true;
    }
    if (d.set.length || d.del.length) {
      pending.set.push(...d.set.map((r) => r.pid));
      pending.del.push(...d.del);
      dirty.table = true;
      dirty.seq = true; // lane labels come from the rows
    }
    if (d.tree !== undefined) {
      tree = d.tree;
      dirty.tree = true;
    }
    if (d.flow.length) {
      flow = flow.concat(d.flow).slice(-KEEP);
      skipped += d.skipped;
      dirty.seq = true;
    }
    schedule();
  });
}

const pending = { set: [], del: [] };

function setConn(on) {
  const c = $('conn');
  c.textContent = on ? 'live' : 'reconnecting…';
  c.className = 'conn ' + (on ? 'on' : 'off');
}

function markAll() {
  pending.set = [...rows.keys()];
  pending.del = [];
  dirty = { table: true, tree: true, seq: true, sel: true };
  schedule();
}

function schedule() {
  if (drawing) return;
  drawing = true;
  requestAnimationFrame(draw);
}

// Under a heavy flow the diagram is redrawn at most every 100 ms, and less often when drawing
// it costs more (it stays under ~10% of the page's time): it is the costliest part.
let seqEvery = 100;
let seqAt = 0;

function draw(now) {
  drawing = false;
  if (dirty.table) drawTable();
  if (dirty.tree) drawTree();
  let later = false;
  if (dirty.seq && now - seqAt >= seqEvery) {
    seqAt = now;
    drawSeq();
    // The cost includes the layout and paint it causes, measured at the next frame.
    requestAnimationFrame(() => (seqEvery = Math.max(100, Math.min(1000, 10 * (performance.now() - seqAt)))));
  } else later = dirty.seq;
  if (dirty.sel) loadSelected();
  dirty = { table: false, tree: false, seq: later, sel: false };
  if (later) schedule();
}

// ------------------------------------------------------------------ the table

const COLS = ['pid', 'name', 'module', 'status', 'queue', 'handled'];

function drawTable() {
  for (const pid of pending.del) {
    trs.get(pid)?.remove();
    trs.delete(pid);
  }
  const added = [];
  for (const pid of new Set(pending.set)) {
    const r = rows.get(pid);
    if (r === undefined) continue;
    let tr = trs.get(pid);
    if (tr === undefined) {
      tr = el('div', { 'data-pid': pid, role: 'row' });
      for (const c of COLS) tr.append(el('span', c === 'queue' || c === 'handled' ? { class: 'num' } : {}));
      tr.addEventListener('click', () => select(pid));
      trs.set(pid, tr);
      added.push(tr);
    }
    COLS.forEach((c, i) => {
      const v = c === 'pid' ? r.pid.replace(/^#PID/, '') : c === 'status' && r.crashed ? `crashed: ${r.crashed}` : c === 'name' && r.shell && !r.name ? '(shell)' : String(r[c]);
      const td = tr.children[i];
      if (td.textContent !== v) {
        td.textContent = v;
        td.title = v; // a cut cell in full on hover
      }
    });
    tr.dataset.n = r.n;
    tr.className = ['row', r.crashed ? 'crashed' : '', r.shell ? 'shell' : '', pid === selected ? 'sel' : ''].filter(Boolean).join(' ');
  }
  // New rows go in pid order (new pids are usually the largest: appended).
  for (const tr of added) {
    const n = Number(tr.dataset.n);
    let before = null;
    const last = tbody.lastElementChild;
    if (last !== null && Number(last.dataset.n) > n) {
      for (const other of tbody.children) if (Number(other.dataset.n) > n) { before = other; break; }
    }
    tbody.insertBefore(tr, before);
    if (trs.size < 300) tr.classList.add('fresh');
  }
  pending.set = [];
  pending.del = [];
  const crashed = [...rows.values()].filter((r) => r.crashed).length;
  $('counts').textContent = `${rows.size - crashed} process${rows.size - crashed === 1 ? '' : 'es'}${crashed ? `, ${crashed} crashed` : ''}`;
}

function select(pid) {
  trs.get(selected)?.classList.remove('sel');
  selected = pid;
  trs.get(pid)?.classList.add('sel');
  dirty.sel = true;
  dirty.tree = true;
  schedule();
}

// ------------------------------------------------------------------ the trees

const NODE_W = 270, NODE_H = 58, GAP_X = 18, GAP_Y = 46;

function drawTree() {
  const svg = $('tree');
  svg.replaceChildren();
  $('no-tree').hidden = tree.length > 0;
  if (tree.length === 0) { svg.setAttribute('width', 0); svg.setAttribute('height', 0); return; }
  // Leaves side by side, each parent centred over its children.
  let slot = 0, depthMax = 0;
  const place = (node, depth) => {
    depthMax = Math.max(depthMax, depth);
    node.y = depth * (NODE_H + GAP_Y);
    if (node.children.length === 0) node.x = slot++ * (NODE_W + GAP_X);
    else {
      for (const c of node.children) place(c, depth + 1);
      node.x = (node.children[0].x + node.children[node.children.length - 1].x) / 2;
    }
  };
  for (const root of tree) place(root, 0);
  const pad = 4;
  const w = slot * (NODE_W + GAP_X) + pad * 2, h = (depthMax + 1) * (NODE_H + GAP_Y) + pad * 2;
  svg.setAttribute('width', w);
  svg.setAttribute('height', h);
  svg.setAttribute('viewBox', `0 0 ${w} ${h}`);
  const edges = el('g'), nodes = el('g');
  svg.append(edges, nodes);
  const drawNode = (node) => {
    const x = node.x + pad, y = node.y + pad;
    for (const c of node.children) {
      const cx = c.x + pad + NODE_W / 2, cy = c.y + pad;
      edges.append(el('path', { class: 'edge', d: `M${x + NODE_W / 2},${y + NODE_H} V${(y + NODE_H + cy) / 2} H${cx} V${cy}` }));
      drawNode(c);
    }
    const cls = ['node', node.kind, node.crashed ? 'crashed' : '', node.pid === null ? 'down' : '', node.pid !== null && node.pid === selected ? 'sel' : ''].filter(Boolean).join(' ');
    const g = el('g', { class: cls, 'data-pid': node.pid ?? '', transform: `translate(${x},${y})` });
    g.append(el('rect', { width: NODE_W, height: NODE_H, rx: node.kind === 'supervisor' ? 4 : 14 }));
    g.append(el('text', { x: 10, y: 23 }, clip(node.label, 22)));
    g.append(el('text', { x: 10, y: 47, class: 'small' }, clip([node.pid ?? 'not running', node.detail].filter(Boolean).join(' · '), 30)));
    g.append(el('title', {}, [node.label, node.pid ?? 'not running', node.detail].filter(Boolean).join('\n')));
    if (node.pid !== null) g.addEventListener('click', () => select(node.pid));
    nodes.append(g);
  };
  for (const root of tree) drawNode(root);
}

// ------------------------------------------------------------------ the sequence diagram

const HEAD_H = 56, ROW_H = 36, MIN_LANE = 170, MAX_LANE = 260, LABEL_ROOM = 150;

const lastNames = new Map(); // a lane keeps its name after its row is gone

function laneName(pid) {
  const r = rows.get(pid) ?? lastNames.get(pid);
  if (r === undefined) return pid;
  if (r.shell) return 'shell';
  return r.name || r.module.replace(/^spawn(_handler)?\//, '').replace(/\/\d+$/, '') || pid;
}

function drawSeq() {
  const svg = $('seq');
  svg.replaceChildren();
  // A message repeated back to back (a timer's tick, a loop) is one row, counted.
  const items = [];
  // A crash is drawn as a crash, not also as the exit it causes.
  const crashed = new Set(flow.filter((e) => e.kind === 'crash').map((e) => e.from));
  for (const e of flow) {
    if (e.kind === 'exit' && crashed.has(e.from)) continue;
    const prev = items[items.length - 1];
    if (prev !== undefined && prev.kind === e.kind && prev.from === e.from && prev.to === e.to && prev.label === e.label) {
      prev.count++;
      prev.n = e.n;
    } else items.push({ ...e, count: 1 });
  }
  // As many rows and lifelines as the box holds: the newest messages, never a scroll bar.
  const box = seqBox; // its size, kept by a ResizeObserver: reading it here would lay out the whole page
  const rowsFit = Math.max(4, Math.floor((box.clientHeight - HEAD_H - 24) / ROW_H));
  const LANES = Math.max(3, Math.floor((box.clientWidth - 40 - LABEL_ROOM) / MIN_LANE) - 1); // the rest share an "others" lane
  const shown = items.slice(-rowsFit);
  $('no-seq').hidden = shown.length > 0;
  $('skipped').textContent = skipped ? `(${skipped.toLocaleString('en-US')} more not drawn)` : '';
  if (shown.length === 0) { svg.setAttribute('width', 0); svg.setAttribute('height', 0); return; }
  // Lifelines in order of first appearance; past LANES, one shared lane.
  const lanes = [];
  const laneOf = new Map();
  const lane = (pid) => {
    if (pid === null) return -1;
    if (!laneOf.has(pid)) {
      if (lanes.length < LANES) { laneOf.set(pid, lanes.length); lanes.push(pid); }
      else { if (lanes.length === LANES) lanes.push('others'); laneOf.set(pid, LANES); }
    }
    return laneOf.get(pid);
  };
  for (const e of shown) { lane(e.from); lane(e.to); }
  const LANE_W = Math.max(MIN_LANE, Math.min(MAX_LANE, Math.floor((box.clientWidth - 40 - LABEL_ROOM) / lanes.length)));
  const x = (i) => 20 + i * LANE_W + LANE_W / 2;
  const height = HEAD_H + shown.length * ROW_H + 20;
  svg.setAttribute('width', lanes.length * LANE_W + 40 + LABEL_ROOM);
  svg.setAttribute('height', height);
  const defs = el('defs');
  for (const k of ['send', 'call', 'cast', 'reply', 'spawn', 'link', 'exit', 'timer']) {
    const m = el('marker', { id: `arrow-${k}`, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 14, markerHeight: 14, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse', class: `msg ${k}` });
    m.append(el('path', { d: 'M0,0 L10,5 L0,10 z', style: 'stroke:none;fill:currentColor' }));
    defs.append(m);
  }
  svg.append(defs);
  const crashedPids = new Set(shown.filter((e) => e.kind === 'crash').map((e) => e.from));
  lanes.forEach((pid, i) => {
    svg.append(el('line', { class: 'life', x1: x(i), y1: HEAD_H, x2: x(i), y2: height - 10 }));
    const g = el('g', { class: 'lane-head' + (crashedPids.has(pid) ? ' crashed' : ''), 'data-pid': pid, transform: `translate(${x(i) - LANE_W / 2 + 6},4)` });
    g.append(el('rect', { width: LANE_W - 12, height: HEAD_H - 12, rx: 4 }));
    g.append(el('text', { x: 8, y: 20 }, clip(pid === 'others' ? 'others' : laneName(pid), Math.floor((LANE_W - 28) / 11))));
    g.append(el('text', { x: 8, y: 38, class: 'small' }, pid === 'others' ? '' : pid.replace(/^#PID/, '')));
    if (pid !== 'others') g.addEventListener('click', () => select(pid));
    svg.append(g);
  });
  shown.forEach((e, j) => {
    const y = HEAD_H + 12 + j * ROW_H + ROW_H / 2;
    const a = lane(e.from), b = lane(e.to);
    const g = el('g', { class: `${e.kind === 'crash' ? 'crash' : 'msg ' + e.kind}`, 'data-kind': e.kind, 'data-from': e.from ?? '', 'data-to': e.to ?? '', 'data-n': e.n, 'data-count': e.count });
    g.append(el('title', {}, `${e.kind} ${e.from ?? ''}${e.to ? ' → ' + e.to : ''}\n${e.full}`));
    const label = (e.kind === 'call' || e.kind === 'cast' || e.kind === 'reply' ? `${e.kind} ${e.label}` : e.label) + (e.count > 1 ? ` ×${e.count}` : '');
    if (e.kind === 'crash' || b === -1) {
      const cx = x(a);
      if (e.kind === 'crash') {
        g.append(el('line', { x1: cx - 12, y1: y - 12, x2: cx + 12, y2: y + 12 }), el('line', { x1: cx - 12, y1: y + 12, x2: cx + 12, y2: y - 12 }));
        g.append(el('text', { x: cx + 18, y: y + 6 }, clip(`crashed: ${e.label}`, Math.floor((LANE_W * 2 - 30) / 10))));
      } else g.append(el('text', { x: cx + 10, y: y + 6 }, clip(`${e.kind} ${e.label}`, Math.floor((LANE_W - 20) / 10))));
    } else if (a === b || a === -1) {
      const cx = x(b);
      g.append(el('path', { d: `M${cx},${y - 12} h36 v18 h-34`, 'marker-end': `url(#arrow-${e.kind})` }));
      g.append(el('text', { x: cx + 44, y: y + 4 }, clip(label, Math.floor((LANE_W - 50) / 10))));
    } else {
      const x1 = x(a), x2 = x(b);
      g.append(el('line', { x1, y1: y, x2: x2 + (x2 > x1 ? -3 : 3), y2: y, 'marker-end': `url(#arrow-${e.kind})` }));
      const room = Math.max(10, Math.floor(Math.abs(x2 - x1) / 10));
      g.append(el('text', { x: (x1 + x2) / 2, y: y - 7, 'text-anchor': 'middle' }, clip(label, room)));
    }
    g.addEventListener('click', () => {
      const d = $('seq-detail');
      d.hidden = false;
      d.textContent = `${e.kind} ${e.from ?? ''}${e.to ? ' → ' + e.to : ''}\n${e.full}`;
    });
    svg.append(g);
  });
}

function clip(s, n) {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}

// ------------------------------------------------------------------ the selected process

let loading = false, again = false;

async function loadSelected() {
  if (selected === null) return;
  if (loading) { again = true; return; }
  loading = true;
  try {
    const res = await fetch(`process?pid=${encodeURIComponent(selected.replace(/^#PID<|>$/g, ''))}`);
    showSelected(await res.json());
  } catch {
    // the stream's reconnect will bring us back
  } finally {
    loading = false;
    if (again) { again = false; loadSelected(); }
  }
}

function showSelected(v) {
  if (v.pid !== selected) return;
  $('sel-pid').textContent = v.pid;
  const box = $('sel');
  box.replaceChildren();
  if (!v.alive) {
    const r = rows.get(v.pid);
    box.append(el('p', { class: 'gone' }, r?.crashed ? `crashed: ${r.crashed}` : 'not alive'));
    return;
  }
  const dl = el('dl');
  const item = (k, val) => dl.append(el('dt', {}, k), el('dd', {}, val));
  if (v.name) item('name', v.name);
  item('module', v.behaviour ? `${v.module} (${v.behaviour})` : v.module);
  item('status', v.status);
  item('links', v.links.join(', ') || 'none');
  if (v.monitors.length) item('monitors', v.monitors.join(', '));
  if (v.monitored_by.length) item('monitored by', v.monitored_by.join(', '));
  if (v.trap_exit) item('trap_exit', 'true');
  item('handled', String(v.handled));
  box.append(dl);
  if (v.state !== undefined) box.append(el('h3', {}, 'State'), el('pre', { class: 'state' }, v.state));
  box.append(el('h3', {}, `Mailbox (${v.queue})`));
  if (v.mailbox.length === 0) box.append(el('p', { class: 'dim' }, 'empty'));
  for (const m of v.mailbox) box.append(el('pre', { class: 'message' }, m));
  if (v.queue > v.mailbox.length) box.append(el('p', { class: 'dim' }, `… and ${v.queue - v.mailbox.length} more`));
}

const seqBox = { clientWidth: 800, clientHeight: 400 };
new ResizeObserver(([entry]) => {
  seqBox.clientWidth = entry.contentRect.width;
  seqBox.clientHeight = entry.contentRect.height;
  dirty.seq = true;
  schedule();
}).observe($('seq').parentElement);
connect();
