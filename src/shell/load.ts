/**
 * `c('file.ts')` and `r(Module)`: compiles a TypeScript file to CommonJS, runs it, and binds its
 * exports in the shell; `r` loads a module's file again. Each shell has its own loader (what it
 * loaded, and where its bindings go).
 *
 * @example
 * const loader = new Loader((name, value) => (scope[name] = value));
 * loader.load('stack.ts');   // ['Stack']
 * loader.reload(scope.Stack); // ['reloaded', ['Stack']]
 */
import { readFileSync, existsSync } from 'node:fs';
import { resolve as resolvePath, dirname } from 'node:path';
import { createRequire } from 'node:module';
import { typescript } from '../eval/typescript.js';
import * as api from '../index.js';
import { ArgumentError } from '../runtime/kernel.js';
import { inspect } from '../inspect/inspect.js';

/** Loads TypeScript files into a shell, remembering where each export came from. @example new Loader((name, v) => (scope[name] = v)).load('stack.ts') */
export class Loader {
  /** Loaded exports by value, for r(). */
  private readonly loadedFrom = new Map<unknown, string>();

  /** `bind(name, value)` makes an export a binding of the shell. */
  constructor(private readonly bind: (name: string, value: unknown) => void) {}

  /** c(file): compiles, runs and binds a file's exports; their names. @example loader.load('stack.ts') */
  load(file: string): string[] {
    const path = resolvePath(process.cwd(), file);
    if (!existsSync(path)) throw new ArgumentError(`could not load ${file}: no such file (${path})`, 'genrepl.enoent');
    const source = readFileSync(path, 'utf8');
    const ts = typescript();
    const out = ts.transpileModule(source, {
      fileName: path,
      reportDiagnostics: true,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, esModuleInterop: true },
    });
    const errs = out.diagnostics ?? [];
    if (errs.length) {
      const d = errs[0]!;
      const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
      throw new SyntaxError(`${file}${pos ? `:${pos.line + 1}:${pos.character + 1}` : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
    const base = createRequire(path);
    const req = (id: string) => (id === 'genrepl' ? api : base(id));
    const module = { exports: {} as Record<string, unknown> };
    const fn = new Function('exports', 'require', 'module', '__filename', '__dirname', out.outputText);
    fn(module.exports, req, module, path, dirname(path));
    const names: string[] = [];
    for (const [k, v] of Object.entries(module.exports)) {
      if (k === '__esModule') continue;
      const name = k === 'default' ? (typeof v === 'function' && v.name ? v.name : 'default') : k;
      this.bind(name, v);
      names.push(name);
      this.loadedFrom.set(v, path);
    }
    return names;
  }

  /** r(mod): loads the file `mod` came from again: `['reloaded', names]`. @example loader.reload(Stack) */
  reload(mod: unknown): ['reloaded', string[]] {
    const file = this.loadedFrom.get(mod);
    if (file === undefined) throw new ArgumentError(`${inspect(mod)} was not loaded with c('file.ts'), so there is no file to reload it from`);
    return ['reloaded', this.load(file)];
  }
}
