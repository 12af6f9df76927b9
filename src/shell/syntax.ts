/**
 * What the shell does to an input before evaluating it, using TypeScript's own parser:
 *
 * - `#PID<0.127.0>` outside strings and comments becomes `__genrepl_pid(0, 127, 0)`, so printed pids
 *   can be pasted back;
 * - an input that stops in the middle (an open bracket, a trailing operator, an open template)
 *   is *incomplete*: the shell reads another line;
 * - a real syntax error is reported with its line and column;
 * - top-level `const` / `let` / `class` become rebindable (`var`), as iex lets you bind a name
 *   again; and the value a declaration binds is captured, so the shell prints it as iex prints
 *   the matched value.
 *
 * @example
 * prepare("const [ok, pid] = start(MyKeyStore, [])")
 * // { kind: 'ok', code: "var [ok, pid] = __genrepl_bind(start(MyKeyStore, []))", declares: ['ok', 'pid'], binds: true, quiet: false }
 */
import type ts from 'typescript';
import { typescript } from './typescript.js';

/** The name of the identity function that records a declaration's value. */
export const BIND = '__genrepl_bind';
/** Esm interop for a default import: `m.default` for an ES module, else `m` itself. */
export const DEFAULT_FN = '__genrepl_default';
/** The name pasted pids turn into (not `pid`, which users bind: `const [ok, pid] = …`). */
export const PID_FN = '__genrepl_pid';

/** The result of preparing one input. */
export type Prepared =
  | { kind: 'ok'; code: string; declares: string[]; binds: boolean; quiet: boolean }
  | { kind: 'incomplete' }
  | { kind: 'error'; message: string; line: number; column: number; code: string };

// Diagnostics that mean "the input stops too early" when they sit at its very end.
const INCOMPLETE = new Set([
  1003, // Identifier expected
  1005, // 'x' expected
  1109, // Expression expected
  1126, // Unexpected end of text
  1135, // Argument expression expected
  1160, // Unterminated template literal
  1010, // '*/' expected
  1144, // '{' or ';' expected
  1131, // Property or signature expected
  1128, // Declaration or statement expected
]);

/** Replaces `#PID<a.b.c>` outside strings, templates and comments with `__genrepl_pid(a, b, c)`. @example pidLiterals('send(#PID<0.1.0>, 1)') */
export function pidLiterals(code: string): string {
  if (!code.includes('#PID<')) return code;
  let out = '';
  let i = 0;
  const n = code.length;
  while (i < n) {
    const c = code[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const start = i++;
      while (i < n && code[i] !== c) i += code[i] === '\\' ? 2 : 1;
      i++;
      out += code.slice(start, i);
    } else if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      out += code.slice(i, stop);
      i = stop;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      const stop = end < 0 ? n : end + 2;
      out += code.slice(i, stop);
      i = stop;
    } else {
      const m = c === '#' ? /^#PID<(\d+)\.(\d+)\.(\d+)>/.exec(code.slice(i, i + 40)) : null;
      if (m !== null) {
        out += `${PID_FN}(${m[1]}, ${m[2]}, ${m[3]})`;
        i += m[0].length;
      } else {
        out += c;
        i++;
      }
    }
  }
  return out;
}

/**
 * Prepares one input for evaluation (see the module doc). With `imports`, top-level imports
 * become `var` bindings from `require`, so each input compiles on its own.
 * @example prepare('[1, 2,').kind // 'incomplete'
 */
export function prepare(input: string, imports = false): Prepared {
  const ts = typescript();
  const code = pidLiterals(input);
  const sf = ts.createSourceFile('iex.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const diags: ts.DiagnosticWithLocation[] = (sf as any).parseDiagnostics ?? [];
  if (diags.length > 0) {
    const end = code.trimEnd().length;
    if (diags.every((d) => INCOMPLETE.has(d.code) && d.start >= end)) return { kind: 'incomplete' };
    const d = diags[0]!;
    const { line, character } = sf.getLineAndCharacterOfPosition(d.start);
    return {
      kind: 'error',
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      line: line + 1,
      column: character + 1,
      code,
    };
  }
  return rewrite(code, sf, imports);
}

/** Rebindable top-level declarations, and the captured value of the last one. */
function rewrite(code: string, sf: ts.SourceFile, imports: boolean): Prepared {
  const ts = typescript();
  const edits: [number, number, string][] = [];
  const declares: string[] = [];
  let binds = false;
  const last = sf.statements[sf.statements.length - 1];
  // A leading string statement would be a directive ('remember me' like 'use strict'), not a
  // value; `(0, 'remember me')` stays an expression (the compiler drops plain parentheses).
  for (const st of sf.statements) {
    if (!ts.isExpressionStatement(st) || !ts.isStringLiteral(st.expression)) break;
    edits.push([st.expression.getStart(sf), st.expression.getStart(sf), '(0, ']);
    edits.push([st.expression.getEnd(), st.expression.getEnd(), ')']);
  }
  for (const st of sf.statements) {
    if (imports && (ts.isImportDeclaration(st) || ts.isImportEqualsDeclaration(st))) {
      edits.push([st.getStart(sf), st.getEnd(), importAsRequire(st, sf, declares)]);
    } else if (ts.isVariableStatement(st) && !hasModifier(st, ts.SyntaxKind.DeclareKeyword)) {
      const list = st.declarationList;
      const kw = list.getFirstToken(sf)!;
      if (kw.kind === ts.SyntaxKind.ConstKeyword || kw.kind === ts.SyntaxKind.LetKeyword) edits.push([kw.getStart(sf), kw.getEnd(), 'var']);
      for (const d of list.declarations) collectNames(d.name, declares);
      if (st === last) {
        const withInit = [...list.declarations].reverse().find((d) => d.initializer !== undefined);
        if (withInit !== undefined) {
          const init = withInit.initializer!;
          edits.push([init.getStart(sf), init.getStart(sf), `${BIND}(`]);
          edits.push([init.getEnd(), init.getEnd(), ')']);
          binds = true;
        }
      }
    } else if (ts.isClassDeclaration(st) && st.name !== undefined && !hasModifier(st, ts.SyntaxKind.DeclareKeyword)) {
      // `class Foo {}` → `var Foo = class Foo {}`: can be declared again, like any binding.
      const name = st.name.text;
      declares.push(name);
      edits.push([st.getStart(sf), st.getStart(sf), `var ${name} = `]);
      if (st === last) {
        edits.push([st.getEnd(), st.getEnd(), `;\n${BIND}(${name})`]);
        binds = true;
      }
    } else if ((ts.isFunctionDeclaration(st) || ts.isEnumDeclaration(st)) && st.name !== undefined) {
      declares.push(st.name.text);
      if (st === last) {
        edits.push([st.getEnd(), st.getEnd(), `;\n${BIND}(${st.name.text})`]);
        binds = true;
      }
    }
  }
  edits.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  let out = code;
  for (const [s, e, text] of edits) out = out.slice(0, s) + text + out.slice(e);
  // An import, interface or type as the last statement has no value to show.
  const quiet = last !== undefined && (ts.isImportDeclaration(last) || ts.isInterfaceDeclaration(last) || ts.isTypeAliasDeclaration(last) || ts.isImportEqualsDeclaration(last));
  return { kind: 'ok', code: out, declares, binds, quiet };
}

/**
 * `import { a, b as c } from 'm'` → `var { a, b: c } = require('m');`; a default import goes
 * through esm interop; a namespace import is the module; type-only imports vanish.
 */
function importAsRequire(st: ts.ImportDeclaration | ts.ImportEqualsDeclaration, sf: ts.SourceFile, declares: string[]): string {
  const ts = typescript();
  if (ts.isImportEqualsDeclaration(st)) {
    if (st.isTypeOnly || !ts.isExternalModuleReference(st.moduleReference)) return ';';
    declares.push(st.name.text);
    return `var ${st.name.text} = require(${st.moduleReference.expression.getText(sf)});`;
  }
  const from = `require(${st.moduleSpecifier.getText(sf)})`;
  const clause = st.importClause;
  if (clause === undefined) return `${from};`;
  if (clause.isTypeOnly) return ';';
  const parts: string[] = [];
  if (clause.name !== undefined) {
    declares.push(clause.name.text);
    parts.push(`${clause.name.text} = ${DEFAULT_FN}(${from})`);
  }
  const nb = clause.namedBindings;
  if (nb !== undefined && ts.isNamespaceImport(nb)) {
    declares.push(nb.name.text);
    parts.push(`${nb.name.text} = ${from}`);
  } else if (nb !== undefined) {
    const names = nb.elements
      .filter((e) => !e.isTypeOnly)
      .map((e) => {
        declares.push(e.name.text);
        return e.propertyName ? `${e.propertyName.text}: ${e.name.text}` : e.name.text;
      });
    if (names.length) parts.push(`{ ${names.join(', ')} } = ${from}`);
  }
  return parts.length ? `var ${parts.join(', ')};` : ';';
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  const ts = typescript();
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false);
}

function collectNames(name: ts.BindingName, out: string[]): void {
  const ts = typescript();
  if (ts.isIdentifier(name)) out.push(name.text);
  else for (const el of name.elements) if (!ts.isOmittedExpression(el)) collectNames(el.name, out);
}
