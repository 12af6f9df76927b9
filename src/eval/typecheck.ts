/**
 * The type checker behind `--typecheck`: each input is checked as its own small module against
 * the session's declarations so far, so the cost of a check stays flat however long the session
 * (no ever-growing file).
 *
 * How an input is checked (see `prepareCheck`):
 *
 * - the input is a module (top-level `await` and `import` work), so its own declarations shadow
 *   everything before it: declaring a name again is iex's rebinding, never "Cannot redeclare";
 * - the names bound by earlier inputs reach it through lines appended *after* it (so line and
 *   column stay the input's own): `declare const x: typeof import('./__genrepl_3').x` for a
 *   variable, `import { Counter } from './__genrepl_5'` for a class, function, type, enum,
 *   namespace or import;
 * - a top-level declaration's initializer is checked as `await (initializer)`: the shell binds
 *   what a Promise settles to, so `const n = call(pid, 'get')` types `n` as `Awaited<…>`;
 * - `{ a: 1 }` typed alone is an object, as the shell evaluates it.
 *
 * `commit` turns an input that evaluated into a declaration file (TypeScript's declaration
 * emit: the types are fixed when it is committed), `__genrepl_N.d.ts`, which later inputs import
 * from. Only files that still hold a live name are loaded, and every file but the input being
 * checked is parsed and bound once and reused by each new program.
 *
 * TypeScript loads on the first `check` or `commit` (or `warm`), not when this module loads.
 *
 * @example
 * const tc = new TypeChecker({ prelude: 'declare function call(server: unknown, request: unknown): Promise<any>;' });
 * tc.commit('const x = 1');
 * tc.check("const y: string = x\ncall(x)");
 * // [{ line: 1, column: 7, code: 2322, message: "Type 'number' is not assignable to type 'string'." },
 * //  { line: 2, column: 1, code: 2554, message: 'Expected 2 arguments, but got 1.' }]
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type ts from 'typescript';
import { typescript } from './typescript.js';

/** One type error, at its line and column (1-based) in the input as typed. */
export interface TypeDiagnostic {
  line: number;
  column: number;
  message: string;
  code: number;
}

/** Options for a {@link TypeChecker}. */
export interface TypeCheckerOptions {
  /** Where relative imports resolve from (default: the current directory). */
  cwd?: string;
  /** Declarations of the shell's globals (a script: its names are global); see prelude.ts. */
  prelude?: string;
}

/** How a later input sees a name: a variable (`const`/`let`) or anything else, imported. */
type Kind = 'const' | 'let' | 'import';

/** The file every session name lives in now, and how to bring it into a later input. */
interface Binding {
  file: string;
  kind: Kind;
}

/** An input made ready for the checker: the module text and how to map positions back. */
interface Prepared {
  text: string;
  /** Where the input ends in `text` (after it: the lines that bring earlier names in). */
  end: number;
  /** Insertions into the input, in order: [position in the input, length inserted]. */
  inserts: [number, number][];
  /** The input parsed, for line and column. */
  source: ts.SourceFile;
  /** The names it binds. */
  declares: Map<string, Kind>;
  /** Whether it declares globals (`declare global { … }`). */
  augments: boolean;
}

const PREFIX = '__genrepl_';
/** What `warm` checks and emits: a first session's start, call and class (its diagnostics are not looked at). */
const WARM_UP = "const [, warm] = start(MyKeyStore, [])\nconst got = call(warm, ['get', 'a'])\nclass Warm { init(n: number) { return ['ok', n] } }";
/** How TypeScript names a type of a committed input in a message: `import("/cwd/__genrepl_4").`. */
const INTERNAL = /(?:typeof )?import\("[^"]*\/__genrepl_\w+"\)\.?/g;
const TYPES_DIR = fileURLToPath(new URL('../../node_modules/@types', import.meta.url));
/** genrepl's compiled files (dist/), whose declarations the prelude refers to. */
const OWN_DIR = fileURLToPath(new URL('../', import.meta.url));

/** Type-checks shell inputs one at a time against the session's declarations so far. */
export class TypeChecker {
  private readonly cwd: string;
  private readonly prelude: string;
  private readonly checkFile: string;
  private readonly preludeFile: string;
  /** Committed declaration files by path (never change once written). */
  private readonly virtual = new Map<string, string>();
  /** Session names: the newest declaration of each. */
  private readonly names = new Map<string, Binding>();
  /** Committed files that declare globals (`declare global`): always in the program. */
  private readonly globalRoots: string[] = [];
  private committed = 0;
  private state: Loaded | null = null;
  private last: { source: string; prepared: Prepared; program: ts.Program } | null = null;

  constructor(opts: TypeCheckerOptions = {}) {
    this.cwd = opts.cwd ?? process.cwd();
    this.prelude = opts.prelude ?? '';
    this.checkFile = join(this.cwd, `${PREFIX}input.ts`);
    this.preludeFile = join(this.cwd, `${PREFIX}prelude.d.ts`);
  }

  /**
   * Loads TypeScript and its libraries (about a second, once) and runs the checker over a
   * typical input (not committed), so the first real inputs are not the ones that pay for it;
   * the shell calls it after showing its first prompt. @example new TypeChecker().warm()
   */
  warm(): void {
    this.check(WARM_UP);
    this.declarations(this.programFor(WARM_UP, true).program);
  }

  /**
   * Type-checks one input (TypeScript as typed) against the session's declarations so far; does
   * not commit it. @example new TypeChecker().check("const s: string = 1") // [{ line: 1, column: 7, code: 2322, … }]
   */
  check(source: string): TypeDiagnostic[] {
    const { prepared, program } = this.programFor(source, false);
    const sf = program.getSourceFile(this.checkFile)!;
    const diags = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)];
    const ts = typescript();
    const out: TypeDiagnostic[] = [];
    for (const d of diags) {
      if (d.start === undefined || d.start > prepared.end) continue; // in the lines the checker added
      const pos = original(prepared, d.start);
      const { line, character } = prepared.source.getLineAndCharacterOfPosition(pos);
      // A type of an earlier input is named as the user wrote it, not by the file it lives in.
      const message = ts.flattenDiagnosticMessageText(d.messageText, '\n').replace(INTERNAL, '');
      out.push({ line: line + 1, column: character + 1, message, code: d.code });
    }
    return out;
  }

  /**
   * Records an input that evaluated, so later inputs see its declarations; names it declares
   * replace earlier ones. @example tc.commit("const x = 'a'"); tc.check('x.length') // []
   */
  commit(source: string): void {
    const { prepared, program } = this.programFor(source, true);
    if (prepared.declares.size === 0 && !prepared.augments) return;
    const dts = this.declarations(program);
    const file = join(this.cwd, `${PREFIX}${++this.committed}.d.ts`);
    this.virtual.set(file, dts);
    if (prepared.augments) this.globalRoots.push(file);
    for (const [name, kind] of prepared.declares) this.names.set(name, { file, kind });
    this.last = null;
  }

  /** The input file's declarations (TypeScript's declaration emit). */
  private declarations(program: ts.Program): string {
    let dts = '';
    program.emit(program.getSourceFile(this.checkFile), (_name, text) => (dts = text), undefined, true);
    return dts;
  }

  /**
   * A program holding `source` as the input file. With `reuse`, the last one if it held the same
   * source (a commit after its check); a check always looks again (files may have changed).
   */
  private programFor(source: string, reuse: boolean): { prepared: Prepared; program: ts.Program } {
    if (reuse && this.last !== null && this.last.source === source) return this.last;
    const loaded = (this.state ??= load(this.cwd));
    const prepared = prepareCheck(source, this.names, this.cwd);
    loaded.input = prepared.text;
    loaded.version++;
    loaded.virtual = this.virtual;
    loaded.preludeFile = this.preludeFile;
    loaded.prelude = this.prelude;
    loaded.checkFile = this.checkFile;
    const program = typescript().createProgram({
      rootNames: [this.preludeFile, ...this.globalRoots, this.checkFile],
      options: loaded.options,
      host: loaded.host,
      oldProgram: loaded.program ?? undefined,
    });
    loaded.program = program;
    this.last = { source, prepared, program };
    return this.last;
  }
}

/** TypeScript's side of a checker, made on first use. */
interface Loaded {
  options: ts.CompilerOptions;
  host: ts.CompilerHost;
  program: ts.Program | null;
  input: string;
  version: number;
  virtual: Map<string, string>;
  prelude: string;
  preludeFile: string;
  checkFile: string;
}

/** Files that never change while the shell runs: node_modules (TypeScript's libraries too) and genrepl's own types. */
function isStatic(file: string): boolean {
  return file.includes('/node_modules/') || file.startsWith(OWN_DIR);
}

function load(cwd: string): Loaded {
  const ts = typescript();
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    moduleDetection: ts.ModuleDetectionKind.Force,
    lib: ['lib.es2023.d.ts', 'lib.esnext.disposable.d.ts'],
    types: ['node'],
    typeRoots: [TYPES_DIR],
    strict: true,
    noImplicitAny: false,
    esModuleInterop: true,
    allowSyntheticDefaultImports: true,
    allowImportingTsExtensions: true,
    resolveJsonModule: true,
    skipLibCheck: true,
    declaration: true,
    emitDeclarationOnly: true,
    noEmitOnError: false,
  };
  const files = new Map<string, { sf: ts.SourceFile; stamp: number | string }>();
  const state: Loaded = { options, host: undefined as never, program: null, input: '', version: 0, virtual: new Map(), prelude: '', preludeFile: '', checkFile: '' };
  const text = (file: string): string | undefined => {
    if (file === state.checkFile) return state.input;
    if (file === state.preludeFile) return state.prelude;
    return state.virtual.get(file) ?? ts.sys.readFile(file);
  };
  const stamp = (file: string): number | string => {
    if (file === state.checkFile) return `input ${state.version}`;
    if (file === state.preludeFile || state.virtual.has(file) || isStatic(file)) return 'static';
    try {
      return statSync(file).mtimeMs;
    } catch {
      return -1;
    }
  };
  const cache = ts.createModuleResolutionCache(cwd, (f) => f, options);
  state.host = {
    getSourceFile(file, languageVersion) {
      const s = stamp(file);
      const hit = files.get(file);
      if (hit !== undefined && hit.stamp === s) return hit.sf;
      const body = text(file);
      if (body === undefined) return undefined;
      const sf = ts.createSourceFile(file, body, languageVersion, false);
      if (file !== state.checkFile) files.set(file, { sf, stamp: s });
      return sf;
    },
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    writeFile: () => {},
    getCurrentDirectory: () => cwd,
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (f) => f === state.checkFile || f === state.preludeFile || state.virtual.has(f) || ts.sys.fileExists(f),
    readFile: (f) => text(f),
    directoryExists: (d) => ts.sys.directoryExists(d),
    getDirectories: (d) => ts.sys.getDirectories(d),
    realpath: (p) => (ts.sys.realpath ? ts.sys.realpath(p) : p),
    getModuleResolutionCache: () => cache,
    resolveModuleNameLiterals(literals, containingFile, redirected, opts) {
      return literals.map((l) => {
        const r = ts.resolveModuleName(l.text, containingFile, opts, this as ts.CompilerHost, cache, redirected);
        // A module not found is looked for again next time (the user may write the file meanwhile).
        if (r.resolvedModule === undefined) cache.clear();
        return r;
      });
    },
  };
  return state;
}

/** Maps a position in the prepared text back to the input's own. */
function original(p: Prepared, pos: number): number {
  let shift = 0;
  for (const [at, len] of p.inserts) {
    if (pos < at + shift) break;
    if (pos < at + shift + len) return at;
    shift += len;
  }
  return Math.min(pos - shift, p.source.text.length);
}

/** Builds the module the checker sees for one input (see the module doc). */
function prepareCheck(input: string, names: Map<string, Binding>, cwd: string): Prepared {
  const ts = typescript();
  let source = ts.createSourceFile('iex.ts', input, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const inserts: [number, string][] = [];
  // `{ a: 1, b: 2 }` alone is an object, not a block (as the shell evaluates it).
  const trimmed = input.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}') && hasParseErrors(source)) {
    const asObject = ts.createSourceFile('iex.ts', `(${input})`, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    if (!hasParseErrors(asObject)) {
      inserts.push([0, '('], [input.length, ')']);
    }
  }
  const declares = new Map<string, Kind>();
  const exported = new Set<string>();
  if (inserts.length === 0) {
    for (const st of source.statements) {
      collect(st, declares, exported);
      // A declaration binds what its initializer settles to: check it as `await (init)`.
      if (ts.isVariableStatement(st) && !isUsing(st.declarationList) && !hasModifier(st, ts.SyntaxKind.DeclareKeyword)) {
        for (const d of st.declarationList.declarations) {
          if (d.initializer === undefined || ts.isAwaitExpression(d.initializer)) continue;
          inserts.push([d.initializer.getStart(source), 'await ('], [d.initializer.getEnd(), ')']);
        }
      }
    }
  }
  inserts.sort((a, b) => a[0] - b[0]);
  let text = '';
  let at = 0;
  for (const [pos, s] of inserts) {
    text += input.slice(at, pos) + s;
    at = pos;
  }
  text += input.slice(at);
  const end = text.length;
  // What the input declares is exported (for commit); earlier names come in after it.
  const lines: string[] = [''];
  const own = [...declares.keys()].filter((n) => !exported.has(n));
  if (own.length) lines.push(`export { ${own.join(', ')} };`);
  else lines.push('export {};');
  const imports = new Map<string, string[]>();
  for (const name of identifiers(source)) {
    const b = names.get(name);
    if (b === undefined || declares.has(name)) continue;
    const spec = JSON.stringify(specifier(b.file, cwd));
    if (b.kind === 'import') {
      const list = imports.get(spec);
      if (list === undefined) imports.set(spec, [name]);
      else list.push(name);
    } else lines.push(`declare ${b.kind} ${name}: typeof import(${spec}).${name};`);
  }
  for (const [spec, list] of imports) lines.push(`import { ${list.join(', ')} } from ${spec};`);
  text += lines.join('\n') + '\n';
  const augments = source.statements.some((st) => ts.isModuleDeclaration(st) && (st.flags & ts.NodeFlags.GlobalAugmentation) !== 0);
  return { text, end, inserts: inserts.map(([p, s]) => [p, s.length]), source, declares, augments };
}

/**
 * Every identifier in the input: the session names it may use. Only those are brought in, so a
 * check costs what the input uses, not how many names the session holds.
 */
function identifiers(sf: ts.SourceFile): Set<string> {
  const ts = typescript();
  const out = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) out.add(n.text);
    else n.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return out;
}

/** The module specifier of a committed file, relative to the input file. */
function specifier(file: string, cwd: string): string {
  return './' + file.slice(cwd.length + 1).replace(/\.d\.ts$/, '');
}

function hasParseErrors(sf: ts.SourceFile): boolean {
  return ((sf as any).parseDiagnostics?.length ?? 0) > 0;
}

function isUsing(list: ts.VariableDeclarationList): boolean {
  const ts = typescript();
  return (list.flags & ts.NodeFlags.Using) !== 0; // `using` and `await using`
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const ts = typescript();
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

/** The names a top-level statement binds, with how later inputs see them. */
function collect(st: ts.Statement, out: Map<string, Kind>, exported: Set<string>): void {
  const ts = typescript();
  const add = (name: string, kind: Kind) => {
    out.set(name, kind);
    if (hasModifier(st, ts.SyntaxKind.ExportKeyword)) exported.add(name);
  };
  if (ts.isVariableStatement(st)) {
    const list = st.declarationList;
    const kind: Kind = list.flags & (ts.NodeFlags.Const | ts.NodeFlags.Using) ? 'const' : 'let';
    for (const d of list.declarations) bindingNames(d.name, (n) => add(n, kind));
  } else if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st) || ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) {
    if (st.name !== undefined && !hasModifier(st, ts.SyntaxKind.DefaultKeyword)) add(st.name.text, 'import');
  } else if (ts.isModuleDeclaration(st)) {
    if (ts.isIdentifier(st.name) && !(st.flags & ts.NodeFlags.GlobalAugmentation)) add(st.name.text, 'import');
  } else if (ts.isImportDeclaration(st)) {
    const clause = st.importClause;
    if (clause?.name !== undefined) add(clause.name.text, 'import');
    const nb = clause?.namedBindings;
    if (nb !== undefined && ts.isNamespaceImport(nb)) add(nb.name.text, 'import');
    else if (nb !== undefined) for (const e of nb.elements) add(e.name.text, 'import');
  } else if (ts.isImportEqualsDeclaration(st)) {
    add(st.name.text, 'import');
  } else {
    // `var` in a block, a loop or a try at the top level is bound at the top level too.
    forEachNestedVar(st, (list) => {
      for (const d of list.declarations) bindingNames(d.name, (n) => add(n, 'let'));
    });
  }
}

/** Calls `fn` with each `var` list inside a top-level statement's blocks (not inside functions or classes). */
function forEachNestedVar(node: ts.Node, fn: (list: ts.VariableDeclarationList) => void): void {
  const ts = typescript();
  const visit = (n: ts.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isVariableDeclarationList(n) && (n.flags & ts.NodeFlags.BlockScoped) === 0) {
      fn(n);
      return;
    }
    if (ts.isStatement(n) || ts.isVariableDeclarationList(n) || ts.isCaseBlock(n) || ts.isCaseOrDefaultClause(n) || ts.isCatchClause(n)) n.forEachChild(visit);
  };
  node.forEachChild(visit);
}

function bindingNames(name: ts.BindingName, fn: (name: string) => void): void {
  const ts = typescript();
  if (ts.isIdentifier(name)) fn(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bindingNames(el.name, fn);
}
