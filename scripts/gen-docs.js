#!/usr/bin/env node
/**
 * Builds the shell's doc table from the TSDoc in src/: `h()`, `h(GenServer.call)` and Tab's
 * arities read `dist/docs.json`, so the docs the package ships and the shell shows are one text.
 * Run by `npm run build` (so also by `prepare` on a fresh clone); it parses, never type-checks,
 * and does nothing when the table is newer than every source (`--force` rebuilds anyway).
 *
 * What gets an entry, keyed by the name a user types:
 * - an exported function, class or const: `spawn`, `MyKeyStore`, `Process`;
 * - a member of an exported object literal or a static member of an exported class, by its
 *   dotted path: `Process.send_after`, `GenServer.call`, `rand.uniform`;
 * - a member of an object literal tagged `@globals` (the shell's globals), by its bare name:
 *   `h`, `flush`; its nested objects by their dotted path. Tagged `@globals helpers`, its
 *   members are also listed by `h()`, as is any function whose doc carries `@helper` (a
 *   helper the package also exports, such as `web()`).
 * A namespace object (or class) also shows its file's header doc when the header's first
 * sentence names it (`GenServer: a process that …`), as iex's `h GenServer` shows the moduledoc.
 *
 * @example
 * node scripts/gen-docs.js                          // writes dist/docs.json
 * node scripts/gen-docs.js --root other/project --out x.json
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const arg = (name) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
/** The project whose src/ is read (this one unless --root says). */
const root = arg('--root') ?? join(dirname(fileURLToPath(import.meta.url)), '..');
const out = arg('--out') ?? join(root, 'dist', 'docs.json');

/** Every .ts file under dir (not .d.ts), sorted so the output is stable. */
function sources(dir) {
  const files = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) files.push(...sources(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) files.push(p);
  }
  return files.sort();
}

// The table is up to date when it is newer than every source and this script: then TypeScript
// (most of the cost: ~1 s to load) is not even loaded.
const mtime = (f) => {
  try {
    return statSync(f).mtimeMs;
  } catch {
    return -1;
  }
};
const built = mtime(out);
/** A folder and every folder under it (a file removed changes its folder's time). */
const folders = (dir) => [dir, ...readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => folders(join(dir, e.name)))];
const inputs = () => [fileURLToPath(import.meta.url), ...folders(join(root, 'src')), ...sources(join(root, 'src'))];
if (built > 0 && !process.argv.includes('--force') && inputs().every((f) => mtime(f) < built)) process.exit(0);
const ts = (await import('typescript')).default;

const hasModifier = (node, kind) => (ts.canHaveModifiers(node) ? ts.getModifiers(node) ?? [] : []).some((m) => m.kind === kind);
const isExported = (node) => hasModifier(node, ts.SyntaxKind.ExportKeyword);

/** The JSDoc block nearest a node (the last one written above it), or null. */
function jsDocOf(node) {
  const docs = node.jsDoc ?? (ts.isVariableDeclaration(node) ? node.parent?.parent?.jsDoc : undefined);
  return docs && docs.length ? docs[docs.length - 1] : null;
}

/** A JSDoc comment's text, with {@link X} as `X`. */
function text(comment) {
  if (comment === undefined) return '';
  if (typeof comment === 'string') return comment;
  return comment.map((part) => (ts.isJSDocLink(part) || ts.isJSDocLinkCode(part) || ts.isJSDocLinkPlain(part) ? (part.text || (part.name ? part.name.getText() : '')) : part.text)).join('');
}

/** A doc block as { text, examples, tags }. */
function readDoc(doc) {
  if (doc === null) return null;
  const examples = [];
  const tags = [];
  for (const tag of doc.tags ?? []) {
    const name = tag.tagName.text;
    if (name === 'example') examples.push(dedent(text(tag.comment)).replace(/^\n+|\s+$/g, ''));
    else tags.push(name);
  }
  return { text: dedent(text(doc.comment)).trim(), examples, tags };
}

function dedent(s) {
  const lines = s.split('\n');
  const indents = lines.slice(1).filter((l) => l.trim()).map((l) => /^ */.exec(l)[0].length);
  const cut = indents.length ? Math.min(...indents) : 0;
  return [lines[0], ...lines.slice(1).map((l) => l.slice(cut))].join('\n');
}

/** The function-like node a declaration stands for, if any. */
function functionOf(node) {
  if (!node) return null;
  if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) return node;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression?.(node)) return functionOf(node.expression);
  return null;
}

/** Head (as iex's `def` line), spec (with types) and arities of a function node. */
function signature(name, fn, sf) {
  const params = fn.parameters.map((p) => {
    const id = p.name.getText(sf);
    const rest = p.dotDotDotToken ? '...' : '';
    return { head: rest + id + (p.questionToken ? '?' : '') + (p.initializer ? ` = ${p.initializer.getText(sf)}` : ''), spec: rest + id + (p.questionToken ? '?' : '') + (p.type ? `: ${p.type.getText(sf)}` : '') + (p.initializer ? ` = ${p.initializer.getText(sf)}` : ''), optional: !!(p.questionToken || p.initializer), rest: !!p.dotDotDotToken };
  });
  const required = params.filter((p) => !p.optional && !p.rest).length;
  const last = name.slice(name.lastIndexOf('.') + 1);
  const ret = fn.type ? `: ${fn.type.getText(sf).replace(/\s+/g, ' ')}` : '';
  return {
    head: `${name}(${params.map((p) => p.head).join(', ')})`,
    spec: `${last}(${params.map((p) => p.spec).join(', ')})${ret}`.replace(/\s+/g, ' '),
    // A rest parameter counts as one more argument.
    arity: [required, params.length],
  };
}

const entries = new Map();
const problems = [];

function add(name, kind, node, sf, file, extra = {}) {
  const doc = readDoc(jsDocOf(node));
  if (doc === null && kind !== 'function' && kind !== 'object' && kind !== 'class') return;
  const { line } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const entry = { name, kind, head: name, spec: null, arity: null, text: doc?.text ?? '', examples: doc?.examples ?? [], file: relative(root, file), line: line + 1, ...extra };
  if (doc?.tags.includes('helper')) entry.helper = true;
  if (entries.has(name)) {
    const old = entries.get(name);
    problems.push(`${name} is documented twice: ${old.file}:${old.line} and ${entry.file}:${entry.line}`);
    return;
  }
  entries.set(name, entry);
}

/** An object literal's members, keyed under `prefix` (or bare when prefix is ''). */
function walkObject(obj, prefix, sf, file, flags = {}) {
  for (const prop of obj.properties) {
    if (!prop.name || ts.isComputedPropertyName(prop.name)) continue;
    const key = prop.name.getText(sf).replace(/^['"]|['"]$/g, '');
    if (key.startsWith('_')) continue;
    const name = prefix ? `${prefix}.${key}` : key;
    const init = ts.isPropertyAssignment(prop) ? prop.initializer : null;
    const fn = functionOf(ts.isMethodDeclaration(prop) ? prop : init);
    if (fn) add(name, 'function', prop, sf, file, { ...signature(name, fn, sf), ...flags });
    else if (init && ts.isObjectLiteralExpression(init)) {
      add(name, 'object', prop, sf, file, flags);
      walkObject(init, name, sf, file);
    } else add(name, 'value', prop, sf, file, flags);
  }
}

/** The object literal an initializer is (through `as` and `Object.freeze(…)`), or null. */
function objectOf(node) {
  if (!node) return null;
  if (ts.isObjectLiteralExpression(node)) return node;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression?.(node)) return objectOf(node.expression);
  if (ts.isCallExpression(node) && node.expression.getText() === 'Object.freeze') return objectOf(node.arguments[0]);
  return null;
}

/** The file's header doc (the first JSDoc, attached to the first statement). */
function header(sf) {
  const first = sf.statements[0];
  const docs = first?.jsDoc;
  if (!docs || docs.length < 2 && !ts.isImportDeclaration(first)) return null;
  return readDoc(docs[0]);
}

/** The header doc, if its first sentence names `name`. */
function moduleDoc(sf, name) {
  const h = header(sf);
  if (h === null) return null;
  const firstSentence = h.text.split(/\.(\s|$)/)[0];
  return new RegExp(`\\b${name}\\b`).test(firstSentence) ? h : null;
}

function withModuleDoc(name, sf) {
  const m = moduleDoc(sf, name);
  const e = entries.get(name);
  if (!m || !e) return;
  e.text = [m.text, e.text].filter(Boolean).join('\n\n');
  e.examples = [...m.examples, ...e.examples];
}

/** Object literals tagged `@globals` anywhere in the file: their members are bare names. */
function walkGlobals(node, sf, file) {
  if (ts.isVariableDeclaration(node)) {
    const doc = jsDocOf(node);
    const obj = objectOf(node.initializer);
    const tag = (doc?.tags ?? []).find((t) => t.tagName.text === 'globals');
    if (obj && tag) walkObject(obj, '', sf, file, /^\s*helpers\b/.test(text(tag.comment)) ? { helper: true } : {});
  }
  ts.forEachChild(node, (child) => walkGlobals(child, sf, file));
}

/** A parsed source file, once. */
const parsed = new Map();
function parse(file) {
  let sf = parsed.get(file);
  if (sf === undefined) parsed.set(file, (sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true)));
  return sf;
}

/** The .ts file an import specifier of `from` names. */
const target = (from, spec) => join(dirname(from), spec.replace(/\.js$/, '.ts'));

/**
 * What a module exports: public name → [file, declaration statement, local name], following
 * `export … from` and `export *` (types left out: they have no value to document).
 */
function exportsOf(file, seen = new Set()) {
  const found = new Map();
  if (seen.has(file)) return found;
  seen.add(file);
  const sf = parse(file);
  const locals = new Map();
  for (const st of sf.statements) {
    if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) locals.set(st.name.text, st);
    else if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) locals.set(d.name.text, d);
  }
  for (const st of sf.statements) {
    if (ts.isExportDeclaration(st) && !st.isTypeOnly) {
      const from = st.moduleSpecifier ? target(file, st.moduleSpecifier.text) : null;
      const theirs = from ? exportsOf(from, seen) : null;
      if (!st.exportClause) for (const [k, v] of theirs ?? []) found.set(k, v);
      else if (ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) {
          if (el.isTypeOnly) continue;
          const local = (el.propertyName ?? el.name).text;
          const decl = theirs ? theirs.get(local) : locals.has(local) ? [file, locals.get(local), local] : undefined;
          if (decl) found.set(el.name.text, decl);
        }
      }
    } else if (isExported(st)) {
      if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name) found.set(st.name.text, [file, st, st.name.text]);
      else if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name)) found.set(d.name.text, [file, d, d.name.text]);
    }
  }
  return found;
}

/** Adds the entry (and its members) for a declaration made public as `name`. */
function declare(name, file, decl) {
  const sf = parse(file);
  if (ts.isFunctionDeclaration(decl)) add(name, 'function', decl, sf, file, signature(name, decl, sf));
  else if (ts.isClassDeclaration(decl)) {
    const ctor = decl.members.find((m) => ts.isConstructorDeclaration(m));
    add(name, 'class', decl, sf, file, ctor ? { ...signature(`new ${name}`, ctor, sf), arity: null } : {});
    withModuleDoc(name, sf);
    for (const m of decl.members) {
      if (!m.name || !hasModifier(m, ts.SyntaxKind.StaticKeyword) || hasModifier(m, ts.SyntaxKind.PrivateKeyword) || ts.isPrivateIdentifier(m.name)) continue;
      const mname = `${name}.${m.name.getText(sf)}`;
      if (ts.isMethodDeclaration(m)) add(mname, 'function', m, sf, file, signature(mname, m, sf));
      else add(mname, 'value', m, sf, file);
    }
  } else if (ts.isVariableDeclaration(decl)) {
    const fn = functionOf(decl.initializer);
    const obj = objectOf(decl.initializer);
    if (fn) add(name, 'function', decl, sf, file, signature(name, fn, sf));
    else if (obj) {
      add(name, 'object', decl, sf, file);
      withModuleDoc(name, sf);
      walkObject(obj, name, sf, file);
    } else add(name, 'value', decl, sf, file);
  }
}

const t0 = performance.now();
for (const [name, [file, decl]] of exportsOf(join(root, 'src', 'index.ts'))) declare(name, file, decl);
// The shell's helpers: object literals tagged @globals (a cheap text test first: parse only those files).
for (const file of sources(join(root, 'src'))) if (readFileSync(file, 'utf8').includes('@globals')) walkGlobals(parse(file), parse(file), file);

for (const p of problems) process.stderr.write(`gen-docs: ${p}\n`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(Object.fromEntries(entries), null, 1) + '\n');
if (process.env.GENDOCS_VERBOSE) process.stderr.write(`gen-docs: ${entries.size} entries from ${parsed.size} files in ${(performance.now() - t0).toFixed(0)} ms\n`);
