// GenServer's callback contract is typed: TypeScript checks what user callbacks return.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import ts from 'typescript';
import { fileURLToPath } from 'node:url';

const INDEX = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** Type errors of `code` (a module importing the package's built types). */
function typeErrors(code) {
  const file = '/virtual/user.ts';
  const source = `import { GenServer, reply, noreply, stop, GenServerModule, From } from ${JSON.stringify(INDEX)};\n${code}`;
  const options = { strict: true, noEmit: true, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, skipLibCheck: true, types: [] };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (name, lang) => (name === file ? ts.createSourceFile(file, source, lang) : read(name, lang));
  host.fileExists = ((exists) => (name) => name === file || exists(name))(host.fileExists.bind(host));
  const program = ts.createProgram([file], options, host);
  return ts.getPreEmitDiagnostics(program).filter((d) => d.file?.fileName === file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('the typed callback contract', () => {
  it('accepts callbacks returning what Elixir allows, built inline or with reply/noreply/stop', () => {
    const errors = typeErrors(`
      GenServer.start({
        init: (n: number) => ['ok', n],
        handle_call: (_r: 'get', _f: From, n: number) => reply(n, n),
        handle_cast: (_m: 'inc', n: number) => noreply(n + 1),
        handle_info: async (_m: unknown, n: number) => stop('normal', n),
      }, 0);
      class Stack implements GenServerModule<number[]> {
        init(items: number[]): ['ok', number[]] { return ['ok', items]; }
        handle_call(_r: 'pop', _f: From, [top, ...rest]: number[]) { return reply(top, rest); }
      }
      GenServer.start(Stack, [1]);
    `);
    assert.deepEqual(errors, []);
  });

  it('rejects a callback returning a shape Elixir does not allow', () => {
    const errors = typeErrors(`
      GenServer.start({
        init: (n: number) => ['ok', n],
        handle_cast: (_m: 'inc', n: number) => ['norply', n + 1],
      }, 0);
    `);
    assert.equal(errors.length, 1, errors.join('\n'));
  });
});
