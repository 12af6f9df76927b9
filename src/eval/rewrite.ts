/**
 * The rewrite that makes a module's worth of JavaScript an iex input: it runs inside one async
 * function (so `await` works anywhere at the top level), its top-level declarations become
 * session bindings that a later input may bind again (iex's rebinding), a declaration whose
 * value is a Promise binds the settled value, and the input's completion value (what the shell
 * prints) is recorded as a script would produce it, also after an `await`.
 *
 * Works on the AST of swc's output (read with acorn), with edits placed at the nodes'
 * positions, so every position of the result maps back (see edits.ts).
 *
 * @example
 * const r = rewrite('const [, y] = await f();\n', (name) => name === 'y', 'G');
 * r.declares; // ['y']
 * r.code;     // 'var y;(async function __genrepl_input(…) {…([, y] = __genrepl_c = (__genrepl_t = await f(), …));…})…'
 */
import { createRequire } from 'node:module';
import type * as Acorn from 'acorn';
import { applyEdits, Edit, Edited } from './edits.js';
import { INPUT_FN } from '../inspect/locations.js';

const require = createRequire(import.meta.url);
let acorn: typeof Acorn | null = null;

/** The rewritten input. */
export interface Rewritten {
  /** The script to run. */
  code: string;
  /** From the script's offsets back to those of the JavaScript given. */
  edits: Edited;
  /** The session names it binds. */
  declares: string[];
  /** True if it loads modules (static imports became dynamic ones, or it calls `import()`). */
  imports: boolean;
  /** Where the input's own code lies in `code` (before and after it: the wrapper). */
  body: { start: number; end: number };
}

const C = '__genrepl_c'; // the completion value
const T = '__genrepl_t'; // a declaration's value, before it is settled
const G = '__genrepl_g'; // the global object
const S = '__genrepl_s'; // this evaluation's slot (done / fail)

// An ESTree node as acorn gives it (only what the rewrite reads).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type N = { type: string; start: number; end: number; [key: string]: any };

/** Loads acorn now rather than on the first input. @example loadParser() */
export function loadParser(): void {
  acorn ??= require('acorn') as typeof Acorn;
}

/**
 * Rewrites JavaScript (swc's output for one input). `isSession(name)` says whether a declared
 * name is the user's (the compiler adds helpers of its own); `hook` is the global that holds the
 * evaluator's helpers. With `scope` (a parameter name), the script is a function of that object
 * instead: the input runs `with` it, its bindings are the object's properties (the caller makes
 * them before the run) and `hook` is one of them; the global object is left alone.
 * @example rewrite('1 + 1;\n', () => true, 'G').declares // []
 */
export function rewrite(js: string, isSession: (name: string) => boolean, hook: string, scope?: string): Rewritten {
  loadParser();
  const program = acorn!.parse(js, { ecmaVersion: 'latest', sourceType: 'module', allowAwaitOutsideFunction: true }) as unknown as N;
  const edits: Edit[] = [];
  const hoisted = new Set<string>();
  const functions: string[] = [];
  let imports = js.includes('import(');
  const insert = (at: number, text: string) => edits.push({ start: at, end: at, text });
  const replace = (start: number, end: number, text: string) => edits.push({ start, end, text });
  const text = (n: N) => js.slice(n.start, n.end);

  const namesOf = (p: N | null, out: string[] = []): string[] => {
    if (p === null) return out;
    if (p.type === 'Identifier') out.push(p.name);
    else if (p.type === 'ArrayPattern') for (const el of p.elements) namesOf(el, out);
    else if (p.type === 'ObjectPattern') for (const pr of p.properties) namesOf(pr.type === 'RestElement' ? pr.argument : pr.value, out);
    else if (p.type === 'RestElement') namesOf(p.argument, out);
    else if (p.type === 'AssignmentPattern') namesOf(p.left, out);
    return out;
  };
  const bindsSession = (decl: N): boolean => decl.declarations.some((d: N) => namesOf(d.id).some(isSession));
  // Values that are never thenable need no settling (and no conditional await).
  const PLAIN = new Set(['Literal', 'TemplateLiteral', 'ArrowFunctionExpression', 'FunctionExpression', 'ClassExpression', 'ObjectExpression', 'ArrayExpression', 'UnaryExpression', 'BinaryExpression', 'UpdateExpression', 'AwaitExpression']);

  /** `let a = x, [b] = y` → `(a = x), ([b] = y)`: assignments to the session's names. */
  const toAssignments = (decl: N, opts: { settle: boolean; complete: boolean }) => {
    const ds: N[] = decl.declarations;
    replace(decl.start, ds[0]!.start, '');
    const lastInit = [...ds].reverse().find((d) => d.init !== null);
    for (const d of ds) {
      for (const n of namesOf(d.id)) hoisted.add(n);
      if (d.init === null) {
        replace(d.start, d.end, decl.kind === 'var' ? 'void 0' : `(${text(d.id)} = void 0)`);
        continue;
      }
      const settle = opts.settle && !PLAIN.has(d.init.type);
      // The completion first: `C = f = () => {}` names the function f (not C).
      insert(d.start, `(${opts.complete && d === lastInit ? `${C} = ` : ''}`);
      replace(d.id.end, d.init.start, ` = ${settle ? `(${T} = ` : ''}`);
      insert(d.init.end, `${settle ? `, ${hook}.th(${T}) ? await ${T} : ${T})` : ''})`);
    }
  };

  /** Nested `var`s (in blocks, loops, try) belong to the top level: they become assignments. */
  const nestedVars = (st: N | null): void => {
    if (st === null) return;
    switch (st.type) {
      case 'VariableDeclaration':
        if (st.kind === 'var' && bindsSession(st)) {
          toAssignments(st, { settle: false, complete: false });
          if (!text(st).endsWith(';')) insert(st.end, ';');
        }
        return;
      case 'ForStatement':
        if (st.init?.type === 'VariableDeclaration' && st.init.kind === 'var' && bindsSession(st.init)) toAssignments(st.init, { settle: false, complete: false });
        return nestedVars(st.body);
      case 'ForInStatement':
      case 'ForOfStatement':
        if (st.left.type === 'VariableDeclaration' && st.left.kind === 'var' && bindsSession(st.left)) {
          replace(st.left.start, st.left.declarations[0].start, '');
          for (const n of namesOf(st.left.declarations[0].id)) hoisted.add(n);
        }
        return nestedVars(st.body);
      case 'BlockStatement':
        for (const s of st.body) nestedVars(s);
        return;
      case 'IfStatement':
        nestedVars(st.consequent);
        return nestedVars(st.alternate);
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'LabeledStatement':
      case 'WithStatement':
        return nestedVars(st.body);
      case 'SwitchStatement':
        for (const c of st.cases) for (const s of c.consequent) nestedVars(s);
        return;
      case 'TryStatement':
        nestedVars(st.block);
        nestedVars(st.handler?.body ?? null);
        return nestedVars(st.finalizer);
    }
  };

  // Completion values: every expression statement records its value; if, loops, switch and try
  // start from undefined, as the language's completion rules say. A finally block's value is
  // not the statement's: it is left alone.
  const RESETS = new Set(['IfStatement', 'ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement', 'SwitchStatement', 'TryStatement']);
  const innermost = (st: N): N => (st.type === 'LabeledStatement' ? innermost(st.body) : st);
  const inList = (sts: N[]) => {
    for (const st of sts) {
      if (RESETS.has(innermost(st).type)) insert(st.start, `${C} = void 0;`);
      complete(st);
    }
  };
  const alone = (st: N | null) => {
    if (st === null) return;
    const wrap = RESETS.has(innermost(st).type);
    if (wrap) insert(st.start, `{${C} = void 0;`);
    complete(st);
    if (wrap) insert(st.end, '}');
  };
  const complete = (st: N): void => {
    switch (st.type) {
      case 'ExpressionStatement':
        insert(st.expression.start, `${C} = (`);
        insert(st.expression.end, ')');
        return;
      case 'BlockStatement':
        return inList(st.body);
      case 'IfStatement':
        alone(st.consequent);
        return alone(st.alternate);
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'WithStatement':
        return alone(st.body);
      case 'LabeledStatement':
        return complete(st.body);
      case 'SwitchStatement':
        for (const c of st.cases) inList(c.consequent);
        return;
      case 'TryStatement':
        inList(st.block.body);
        if (st.handler) inList(st.handler.body.body);
        return;
    }
  };

  // `export` goes: what it exports is an ordinary statement of the input.
  const body: N[] = program.body.map((st: N) => {
    if ((st.type === 'ExportNamedDeclaration' || st.type === 'ExportDefaultDeclaration') && st.declaration && st.declaration.type.endsWith('Declaration')) {
      replace(st.start, st.declaration.start, '');
      return st.declaration;
    }
    return st;
  });
  const declaresSession = (st: N): boolean =>
    (st.type === 'VariableDeclaration' && st.declarations.some((d: N) => d.init !== null) && bindsSession(st)) ||
    ((st.type === 'FunctionDeclaration' || st.type === 'ClassDeclaration') && st.id !== null && isSession(st.id.name));
  // The statement whose value the shell shows: the last one that is not the compiler's.
  let last: N | undefined;
  for (let i = body.length - 1; i >= 0 && last === undefined; i--) {
    const st = body[i]!;
    const compilers = (st.type === 'VariableDeclaration' || st.type === 'FunctionDeclaration' || st.type === 'ClassDeclaration') && st.id !== null && !declaresSession(st);
    if (!compilers && st.type !== 'EmptyStatement' && st.type !== 'ExportNamedDeclaration' && st.type !== 'ExportAllDeclaration') last = st;
  }

  for (const st of body) {
    if (st.type === 'ImportDeclaration') {
      imports = true;
      replace(st.start, st.end, importAsAssignment(st, js, hoisted));
    } else if (st.type === 'ExportNamedDeclaration' || st.type === 'ExportAllDeclaration') {
      replace(st.start, st.end, '');
    } else if (st.type === 'ExportDefaultDeclaration') {
      // `export default <expression>` or an anonymous function or class: a value.
      replace(st.start, st.declaration.start, `${C} = (`);
      insert(st.declaration.end, ');');
    } else if (st.type === 'VariableDeclaration' && declaresSession(st)) {
      toAssignments(st, { settle: true, complete: st === last });
      if (!text(st).endsWith(';')) insert(st.end, ';');
    } else if (st.type === 'VariableDeclaration' && bindsSession(st)) {
      // `var N;` (a namespace's binding): the name is the session's.
      for (const d of st.declarations) for (const n of namesOf(d.id)) hoisted.add(n);
      replace(st.start, st.end, '');
    } else if (st.type === 'FunctionDeclaration' && st.id !== null && isSession(st.id.name)) {
      hoisted.add(st.id.name);
      functions.push(st.id.name);
      if (st === last) insert(st.end, `;${C} = ${st.id.name};`);
    } else if (st.type === 'ClassDeclaration' && st.id !== null && isSession(st.id.name)) {
      hoisted.add(st.id.name);
      insert(st.start, `${st === last ? `${C} = ` : ''}${st.id.name} = `);
      insert(st.end, ';');
    } else {
      if (RESETS.has(innermost(st).type)) insert(st.start, `${C} = void 0;`);
      complete(st);
      nestedVars(st);
    }
  }

  const declares = [...hoisted];
  const self = scope ?? 'this';
  const head =
    (scope !== undefined ? `(function (${scope}) {with (${scope}) {return ` : declares.length ? `var ${declares.join(', ')};` : '') +
    `(async function ${INPUT_FN}(${G}, ${S}) {let ${C}, ${T};try {` +
    functions.map((f) => `${G}.${f} = ${f};`).join('');
  const tail = `\n} catch (__genrepl_e) {${S}.fail(__genrepl_e); return} ${S}.done(${C})}).call(${self}, ${self}, ${hook}.slot())` + (scope !== undefined ? '}})' : '');
  edits.unshift({ start: 0, end: 0, text: head });
  edits.push({ start: js.length, end: js.length, text: tail });
  const out = applyEdits(js, edits);
  return { code: out.text, edits: out, declares, imports, body: { start: head.length, end: out.text.length - tail.length } };
}

/** `import d, { a, b as c } from 'm'` → `({ default: d, a, b: c } = await import('m'));` */
function importAsAssignment(st: N, js: string, hoisted: Set<string>): string {
  const attrs: N[] = st.attributes ?? [];
  const opts = attrs.length ? `, { with: { ${attrs.map((a) => js.slice(a.start, a.end)).join(', ')} } }` : '';
  const load = `await import(${js.slice(st.source.start, st.source.end)}${opts})`;
  const parts: string[] = [];
  let ns: string | null = null;
  for (const s of st.specifiers as N[]) {
    hoisted.add(s.local.name);
    if (s.type === 'ImportNamespaceSpecifier') ns = s.local.name;
    else if (s.type === 'ImportDefaultSpecifier') parts.push(`default: ${s.local.name}`);
    else {
      const imported = js.slice(s.imported.start, s.imported.end);
      parts.push(imported === s.local.name ? imported : `${imported}: ${s.local.name}`);
    }
  }
  if (ns !== null) return `${ns} = ${load};` + (parts.length ? ` ({ ${parts.join(', ')} } = ${ns});` : '');
  return parts.length ? `({ ${parts.join(', ')} } = ${load});` : `${load};`;
}
